// HTML of the three outlet templates, written the way real news sites write them: navigation, cookie banner,
// share buttons, related news, inline scripts and the outlet's own way of stating dates. Only the <p> elements
// of the article body carry the article text; everything else on the page is noise an extractor must drop.
import type { Article } from "./articles.ts";

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Local date parts of an ISO 8601 time with offset, as the outlet prints them (no time-zone conversion). */
export function localParts(iso: string): {
  day: number;
  month: string;
  year: string;
  time: string;
  offset: string;
} {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}):\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time with offset: ${iso}`);
  const [, year = "", month = "", day = "", time = "", offset = ""] = match;
  return {
    day: Number(day),
    month: months[Number(month) - 1] ?? "",
    year,
    time,
    offset: offset === "Z" ? "+00:00" : offset,
  };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function slugOf(path: string): string {
  return path.split("/").at(-1) ?? "";
}

function relatedPath(outlet: string, headline: string): string {
  const slug = headline
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `/${outlet}/related/${slug}`;
}

const cookieBanner = `<div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite">
  <p>We use cookies for analytics, personalized content and ads. By continuing to browse this site, you agree to this use. <a href="/privacy">Learn more</a></p>
  <button type="button" class="cookie-accept">Accept</button>
</div>
<script>
  document.querySelector(".cookie-accept").addEventListener("click", function () {
    document.cookie = "cookie_consent=1; max-age=31536000; path=/";
    document.getElementById("cookie-consent").remove();
  });
</script>`;

const analytics = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-FIXTURE01"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag("js", new Date());
  gtag("config", "G-FIXTURE01", { anonymize_ip: true });
</script>`;

function paragraphsHtml(paragraphs: readonly string[], adAfter?: number): string {
  return paragraphs
    .map((text, index) => {
      const paragraph = `<p>${escapeHtml(text)}</p>`;
      if (index + 1 !== adAfter || index === paragraphs.length - 1) return paragraph;
      return `${paragraph}
<div class="ad-slot ad-inline"><ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" data-ad-slot="4815162342"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>`;
    })
    .join("\n");
}

function shareLinks(canonical: string, title: string): string {
  const url = encodeURIComponent(canonical);
  const text = encodeURIComponent(title);
  return `<div class="share" aria-label="Share">
  <span class="share-label">Share:</span>
  <a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=${url}">Facebook</a>
  <a class="share-x" href="https://x.com/intent/tweet?url=${url}&amp;text=${text}">X</a>
  <a class="share-telegram" href="https://t.me/share/url?url=${url}&amp;text=${text}">Telegram</a>
  <a class="share-whatsapp" href="https://wa.me/?text=${text}%20${url}">WhatsApp</a>
  <button type="button" class="share-copy" data-url="${escapeHtml(canonical)}">Copy link</button>
</div>`;
}

function relatedList(outlet: string, headlines: readonly string[], times: boolean): string {
  const items = headlines
    .map((headline, index) => {
      const time = times
        ? ` <span class="time">${String(9 + index).padStart(2, "0")}:${String(15 + index * 7)}</span>`
        : "";
      return `    <li><a href="${relatedPath(outlet, headline)}">${escapeHtml(headline)}</a>${time}</li>`;
    })
    .join("\n");
  return `<ul>\n${items}\n  </ul>`;
}

export interface PageContext {
  /** Site origin, e.g. http://127.0.0.1:4870 */
  siteUrl: string;
}

export function renderArticle(article: Article, context: PageContext): string {
  switch (article.outlet) {
    case "portal":
      return renderPortal(article, context);
    case "wire":
      return renderWire(article, context);
    case "agency":
      return renderAgency(article, context);
  }
}

/** news.az-like portal: og:* and article:published_time meta, font-size widget, "News.Az" signature. */
function renderPortal(article: Article, { siteUrl }: PageContext): string {
  const canonical = siteUrl + article.path;
  const published = localParts(article.published);
  const modified = article.modified ? localParts(article.modified) : undefined;
  const description = escapeHtml(article.paragraphs[0] ?? "");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)} | News.Az</title>
<meta name="description" content="${description}">
<meta name="keywords" content="${escapeHtml(article.tags.join(", "))}">
<link rel="canonical" href="${canonical}">
<link rel="alternate" hreflang="en" href="${canonical}">
<link rel="alternate" type="application/rss+xml" title="News.Az - Latest news" href="${siteUrl}/rss.xml">
<meta property="og:site_name" content="News.Az">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${canonical}">
<meta property="og:image" content="${siteUrl}/static/photos/${slugOf(article.path)}.jpg">
<meta property="article:section" content="${escapeHtml(article.section)}">
<meta property="article:published_time" content="${article.published}">
${article.modified ? `<meta property="article:modified_time" content="${article.modified}">\n` : ""}<meta name="twitter:card" content="summary_large_image">
<link rel="stylesheet" href="/static/portal.css?v=3.8.1">
${analytics}
</head>
<body class="page-news">
<header class="site-header">
  <a class="logo" href="/"><img src="/static/logo-newsaz.svg" alt="News.Az"></a>
  <nav class="main-menu">
    <ul>
      <li><a href="/portal/politics">Politics</a></li>
      <li><a href="/portal/economy">Economy</a></li>
      <li><a href="/portal/society">Society</a></li>
      <li><a href="/portal/culture">Culture</a></li>
      <li><a href="/portal/world">World</a></li>
      <li><a href="/portal/sport">Sport</a></li>
      <li><a href="/portal/interview">Interview</a></li>
    </ul>
  </nav>
  <div class="langs"><a href="/az/">AZ</a> <a href="/ru/">RU</a> <a class="active" href="/">EN</a></div>
  <form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
</header>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/portal/${article.section.toLowerCase()}">${escapeHtml(article.section)}</a></div>
<main class="container">
  <article class="news-item">
    <h1 class="news-title">${escapeHtml(article.title)}</h1>
    <div class="news-info">
      <span class="news-date">${published.day} ${published.month} ${published.year}, ${published.time}</span>
${modified ? `      <span class="news-updated">Updated: ${modified.day} ${modified.month} ${modified.year}, ${modified.time}</span>\n` : ""}      <span class="news-views">1 254</span>
    </div>
    <div class="font-size-widget" aria-label="Font size">
      <button type="button" data-step="1">+</button> <button type="button" data-step="0">↺</button> <button type="button" data-step="-1">−</button> <span class="font-size-value">16 px</span>
    </div>
    <figure class="news-photo"><img src="/static/photos/${slugOf(article.path)}.jpg" alt="${escapeHtml(article.title)}"><figcaption>Photo: News.Az</figcaption></figure>
    <div class="news-text">
${paragraphsHtml(article.paragraphs, 2)}
    </div>
    <div class="news-sign">News.Az</div>
    <div class="news-tags">Tags: ${article.tags.map((tag) => `<a href="/portal/tag/${encodeURIComponent(tag)}">${escapeHtml(tag)}</a>`).join(" ")}</div>
    ${shareLinks(canonical, article.title)}
  </article>
  <aside class="related-news">
    <h2>Related news</h2>
  ${relatedList("portal", article.related, true)}
  </aside>
</main>
<footer class="site-footer">
  <ul class="footer-menu">
    <li><a href="/about">About us</a></li><li><a href="/advertising">Advertising</a></li><li><a href="/contacts">Contacts</a></li><li><a href="/privacy">Privacy policy</a></li>
  </ul>
  <p>© 2024 News.Az. All rights reserved. Materials may be used only with a hyperlink to News.Az.</p>
</footer>
${cookieBanner}
<script>
  (function () {
    var size = 16, text = document.querySelector(".news-text"), value = document.querySelector(".font-size-value");
    document.querySelectorAll(".font-size-widget button").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = Number(button.dataset.step);
        size = step === 0 ? 16 : Math.min(24, Math.max(12, size + step));
        text.style.fontSize = size + "px";
        value.textContent = size + " px";
      });
    });
  })();
</script>
</body>
</html>
`;
}

/** EIN-Presswire-like press wire: JSON-LD NewsArticle with datePublished, release counter, "You just read:". */
function renderWire(article: Article, { siteUrl }: PageContext): string {
  const canonical = siteUrl + article.path;
  const published = localParts(article.published);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    datePublished: article.published,
    dateModified: article.modified ?? article.published,
    mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
    author: { "@type": "Organization", name: "AZERTAC" },
    publisher: {
      "@type": "Organization",
      name: "EIN Presswire",
      logo: { "@type": "ImageObject", url: `${siteUrl}/static/ein-logo.png` },
    },
    articleSection: article.section,
  };
  // "</" must not end the script element early.
  const jsonLdText = JSON.stringify(jsonLd, null, 2).replaceAll("</", "<\\/");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>${escapeHtml(article.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${escapeHtml(article.paragraphs[0] ?? "")}">
<link rel="canonical" href="${canonical}">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="${canonical}">
<meta property="og:site_name" content="EIN Presswire">
<script type="application/ld+json">
${jsonLdText}
</script>
<link rel="stylesheet" href="/static/ein.css">
${analytics}
</head>
<body>
<div class="top-bar">
  <a href="/wire/">Newsroom</a> <a href="/wire/submit">Submit Release</a> <a href="/wire/search">News Search</a> <a href="/wire/login">Sign in</a>
</div>
<header class="wire-header">
  <a class="logo" href="/wire/"><img src="/static/ein-logo.png" alt="EIN Presswire"></a>
  <p class="release-count">There were 1,560 press releases posted in the last 24 hours and 433,484 in the last 365 days.</p>
</header>
<main class="main-column">
  <article class="press-release">
    <h1 class="title">${escapeHtml(article.title)}</h1>
    <p class="dateline">AZERBAIJAN, ${published.month} ${published.day} - ${String(published.day).padStart(2, "0")} ${published.month} ${published.year}, ${published.time}</p>
    <div class="article-body" itemprop="articleBody">
${paragraphsHtml(article.paragraphs)}
    </div>
    <div class="article-footer">
      <p class="you-just-read">You just read:</p>
      <h2 class="title-repeat">${escapeHtml(article.title)}</h2>
      <p class="channels-label">Distribution channels:</p>
      <ul class="channels"><li><a href="/wire/channel/politics">Politics</a></li><li><a href="/wire/channel/world">World &amp; Regional</a></li></ul>
      <p class="source-transparency">EIN Presswire's priority is source transparency. We do not allow opaque clients, and our editors try to be careful about weeding out false and misleading content. As a user, if you see something we have missed, please do bring it to our attention. Your help is welcome. EIN Presswire, Everyone's Internet News Presswire™, tries to define some of the boundaries that are reasonable in today's world. Please see our <a href="/wire/editorial-guidelines">Editorial Guidelines</a> for more information.</p>
    </div>
    ${shareLinks(canonical, article.title)}
  </article>
  <aside class="more-news">
    <h2>More From This Author</h2>
  ${relatedList("wire", article.related, false)}
  </aside>
</main>
<footer class="wire-footer">
  <p>© 1995-2024 Newsmatics Inc. dba EIN Presswire. All Right Reserved.</p>
  <a href="/wire/about">About</a> <a href="/wire/privacy">Privacy Policy</a> <a href="/wire/terms">Terms of Service</a>
</footer>
${cookieBanner}
</body>
</html>
`;
}

/** State-agency-like page: the only date is the visible "17 April 2023 13:56 (UTC+04:00)" line. */
function renderAgency(article: Article, { siteUrl }: PageContext): string {
  const canonical = siteUrl + article.path;
  const published = localParts(article.published);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="${article.charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${escapeHtml(article.title)} - Baku News Agency</title>
<meta name="description" content="${escapeHtml(article.title)}">
<link rel="canonical" href="${canonical}">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="og:image" content="${siteUrl}/static/agency/${slugOf(article.path)}.jpg">
<link rel="stylesheet" href="/static/agency.min.css">
<script>var BNA = { lang: "en", section: "${escapeHtml(article.section)}" };</script>
</head>
<body>
<div class="topline">
  <a href="/agency/az/">Az</a> | <a href="/agency/ru/">Ru</a> | <a href="/agency/">En</a> | <a href="/agency/rss">RSS</a>
</div>
<header>
  <a class="logo" href="/agency/">Baku News Agency</a>
  <ul class="menu">
    <li><a href="/agency/president">President</a></li>
    <li><a href="/agency/politics">Politics</a></li>
    <li><a href="/agency/economy">Economy</a></li>
    <li><a href="/agency/society">Society</a></li>
    <li><a href="/agency/culture">Culture</a></li>
    <li><a href="/agency/regions">Regions</a></li>
    <li><a href="/agency/world">World</a></li>
    <li><a href="/agency/photo">Photo</a></li>
  </ul>
</header>
<div class="wrapper">
  <div class="news-detail">
    <h1>${escapeHtml(article.title)}</h1>
    <div class="news-date">${published.day} ${published.month} ${published.year} ${published.time} (UTC${published.offset})</div>
    <div class="news-detail-text">
${paragraphsHtml(article.paragraphs)}
    </div>
    <div class="news-tools"><a href="javascript:window.print()">Print</a> | <a href="/agency/send">Send to a friend</a></div>
    ${shareLinks(canonical, article.title)}
  </div>
  <div class="sidebar">
    <h3>Latest news</h3>
  ${relatedList("agency", article.related, true)}
  </div>
</div>
<footer>
  <p>© Baku News Agency. When using materials, a hyperlink to the agency is required.</p>
  <p>Address: 18 Bulbul Avenue, Baku. Tel: (+994 12) 000-00-00</p>
</footer>
${cookieBanner}
</body>
</html>
`;
}

export function renderNotFound(path: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>404 - Page not found</title></head>
<body><h1>Page not found</h1><p>The page ${escapeHtml(path)} does not exist or has been removed.</p><p><a href="/">Home</a></p></body>
</html>
`;
}

export function renderHome(articles: readonly Article[], { siteUrl }: PageContext): string {
  const items = articles
    .map((article) => `  <li><a href="${siteUrl}${article.path}">${escapeHtml(article.title)}</a></li>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>newsmon fixture news site</title>
<link rel="alternate" type="application/rss+xml" href="${siteUrl}/rss.xml">
<link rel="alternate" type="application/atom+xml" href="${siteUrl}/atom.xml"></head>
<body><h1>newsmon fixture news site</h1>
<p>Feeds: <a href="/rss.xml">RSS</a>, <a href="/atom.xml">Atom</a>, <a href="/broken.xml">broken</a>.</p>
<ul>
${items}
</ul>
</body>
</html>
`;
}
