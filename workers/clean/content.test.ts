import { describe, expect, it } from "vitest";
import { extractArticle } from "./extract.ts";

/** A paragraph of prose about `topic`, long enough to count as prose on its own. */
const prose = (topic: string) =>
  `${topic} was discussed at length by the delegations, who agreed that cooperation in trade, culture and ` +
  "education should grow further over the coming years, with regular meetings of the working groups.";

const page = (body: string) =>
  `<!doctype html><html lang="de"><head><title>Ein Lied</title></head><body>
<header class="site-header"><nav><ul><li><a href="/">Start</a></li><li><a href="/lieder">Lieder</a></li></ul></nav></header>
${body}
<aside class="sidebar"><div class="widget"><p>Dieser Blog ist am 1. August gestartet. Schreib mir, wenn du hier Fehler findest!</p></div></aside>
</body></html>`;

describe("articles made of fragments", () => {
  it("takes verse set line by line in the article body over a stray paragraph in the sidebar", () => {
    const verse = [
      "Der Wind geht leise übers Feld",
      "die Nacht ist kalt und klar",
      "ich trag dein Lied in meiner Hand",
      "so wie es immer war",
      "Refrain wiederholen",
      "Die Sterne stehen still und weit",
      "der Weg ist lang und schmal",
      "ich finde heim zu dir zurück",
      "ein letztes, erstes Mal",
      "Refrain wiederholen",
      "Und wenn der Morgen kommt",
      "dann bin ich lange fort",
    ];
    const html = page(
      `<article><h1>Ein Lied</h1><div class="entry-content">${verse.join("<br>\n")}</div></article>`,
    );
    expect(extractArticle(html, "https://example.test/lied").text).toBe(verse.join("\n\n"));
  });

  it("takes a photo post of one-line captions when the page has no prose at all", () => {
    const lines = [
      "Fuji X-TRA 400.",
      "Walter: PENTAX Z-1",
      "Belichtungsfolge",
      "Blende 8, 1/125 s",
      "Am Hafen, kurz nach sieben",
      "Die alte Brücke im Nebel",
      "Zwei Boote, ein Steg",
      "Gegenlicht am Nachmittag",
    ];
    const html = `<html><body><nav><a href="/">Start</a></nav><article><div class="entry-content">${lines
      .map((line) => `<p>${line}</p>`)
      .join("")}</div></article><footer><p>(c) 2016</p></footer></body></html>`;
    expect(extractArticle(html, "https://example.test/fotos").text).toBe(lines.join("\n\n"));
  });

  it("keeps the prose article when it is long enough, even beside a longer body of fragments", () => {
    const prose =
      "Die Delegation sprach ausführlich über die Zusammenarbeit in Handel, Kultur und Bildung, die in den " +
      "kommenden Jahren weiter wachsen soll, mit regelmäßigen Treffen der Arbeitsgruppen in beiden Hauptstädten.";
    const table = Array.from(
      { length: 40 },
      (_, i) => `<tr><td>Posten ${i}</td><td>${i * 7} t</td></tr>`,
    ).join("");
    const html = `<html><body><main><div class="story"><p>${prose}</p><p>Und weiter: ${prose}</p></div>
<div class="article-content"><table>${table}</table></div></main></body></html>`;
    expect(extractArticle(html, "https://example.test/story").text).toBe(`${prose}\n\nUnd weiter: ${prose}`);
  });
});

describe("strong furniture marks", () => {
  const sidebar = `<div class="sidebar"><div class="widget"><p>${prose("This blog")}</p><p>${prose("Travel")}</p></div></div>`;

  it("reads a story whose own wrapper carries a share class when it holds most of the page's prose", () => {
    const html = `<html><body><article><div class="entry themeform share"><p>${prose("Energy")}</p><p>${prose(
      "Culture",
    )}</p><p>${prose("Tourism")}</p></div></article>${sidebar}</body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });

  it("still drops a comment thread that holds most of the page's prose", () => {
    const comments = ["A reader", "Another reader", "A third reader"]
      .map((who) => `<li class="comment"><p>${prose(who)}</p></li>`)
      .join("");
    const html = `<html><body><article><p>${prose("Energy")}</p><p>${prose("Culture")}</p></article><ol class="comment-list">${comments}</ol></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("the story's body element", () => {
  const links = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `<p><a href="/story-${i}">Another story worth reading, part ${i}</a></p>`,
    ).join("");

  it("cuts what follows a body element whose paragraphs each sit in a wrapper of their own", () => {
    const wrap = (t: string) => `<div class="paragraph paragraph--type--text"><p>${t}</p></div>`;
    const html = `<html><body><article><div class="field-body">${[
      prose("Energy"),
      prose("Culture"),
      prose("Tourism"),
    ]
      .map(wrap)
      .join(
        "",
      )}</div><div class="writer"><p>Jane Doe has covered the Caucasus for Example Daily since 2015 and writes about energy, trade and diplomacy in the region.</p></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });

  it("keeps the story's paragraphs when one of them is followed by a heavy link list in the same element", () => {
    const long = `${prose("Energy")} ${prose("Trade")} ${prose("Transport")}`;
    const html = `<html><body><div class="post"><p>${long}</p><p><a href="/x">Reblogged from elsewhere</a></p><p>${prose(
      "Culture",
    )}</p><p>See also</p>${links(12)}</div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(`${long}\n\n${prose("Culture")}`);
  });

  it("reads on past a related-stories box set inside the story", () => {
    const html = `<html><body><article><div class="entry"><p>${prose("Energy")}</p><p>${prose("Culture")}</p>
<div class="related-stories"><h3>Related stories</h3><ul><li><a href="/r">Masks are scarce</a></li></ul></div>
<p>${prose("Tourism")}</p></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });

  it("keeps the paragraph after a list of long bullet points", () => {
    const bullets = ["Energy", "Culture", "Trade"].map((t) => `<li>${prose(t)} ${prose(t)}</li>`).join("");
    const html = `<html><body><article><div class="field"><p>${prose("Tourism")}</p><ul>${bullets}</ul><p>${prose(
      "Education",
    )}</p></div><div class="author"><p>${prose("The author")}</p></div></article></body></html>`;
    const text = extractArticle(html, "https://example.test/a").text;
    expect(text.startsWith(prose("Tourism"))).toBe(true);
    expect(text.endsWith(prose("Education"))).toBe(true);
  });
});

describe("the standfirst", () => {
  const standfirst =
    "The foreign minister's visit to Beijing ends with a memorandum on trade, transport and culture.";
  const mostRead = Array.from(
    { length: 12 },
    (_, i) => `<li><a href="/m${i}">A most read story with a long headline, number ${i}</a></li>`,
  ).join("");

  it("takes the paragraph under the headline from a page-wide hero area, past a most-read list", () => {
    const html = `<html><head><title>Talks in Beijing end with a memorandum | Daily Example</title></head><body>
<div class="hero"><h1>Talks in Beijing end with a memorandum</h1><div class="date">Wednesday, 4 May 2022, 07:46.</div><p>${standfirst}</p></div>
<div class="most-read"><h2>Most read</h2><ul>${mostRead}</ul></div>
<main><div class="story"><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div></main></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [standfirst, prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });

  it("leaves a site's tagline under a site-name heading alone", () => {
    const html = `<html><head><title>Daily Example - news from the region</title></head><body>
<header><h1>Daily Example</h1><p>Your daily news from the region, every morning.</p><nav><ul>${mostRead}</ul></nav></header>
<main><div class="story"><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div></main></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("the declared articleBody", () => {
  const story = [
    "Taiwan's president won re-election with a record share of the vote on Saturday night in Taipei.",
    "Her campaign focused on sovereignty and on the protests across the strait, which dominated the debates.",
    "Analysts expect Beijing to keep up its pressure on the island's diplomatic allies in the coming months.",
  ];
  const standfirst =
    "The president's second term begins with a promise of dialogue and a warning to Beijing about its pressure.";
  const jsonLd = (body: string) =>
    `<script type="application/ld+json">${JSON.stringify({ "@type": "NewsArticle", headline: "Re-elected", articleBody: body })}</script>`;

  it("is the text of a page that renders its story with JavaScript, after what the page shows", () => {
    const html = `<html><head>${jsonLd(story.join("\n"))}</head><body><div id="app"><p class="standfirst">${standfirst}</p></div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe([standfirst, ...story].join("\n\n"));
  });

  it("does not replace a page's full text with a teaser-length articleBody", () => {
    const html = `<html><head>${jsonLd(story[0] as string)}</head><body><article>${story
      .map((p) => `<p>${p}</p>`)
      .join("")}</article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(story.join("\n\n"));
  });
});

describe("repeated paragraphs", () => {
  it("keeps one copy of a paragraph the page prints twice, and short refrains as they are", () => {
    const long =
      "Nadia Mohamed won with 58% of the vote in Tuesday's election and becomes the city's first Somali American mayor.";
    const html = `<html><body><article><p>${long}</p><p>Chorus</p><p>${long}</p><p>Chorus</p></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe([long, "Chorus", "Chorus"].join("\n\n"));
  });
});

describe("sections of other stories", () => {
  const teasers = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `<div class="item"><h4><a href="/s${i}">Another headline number ${i}</a></h4><p>${prose(`Story ${i}`)}</p></div>`,
    ).join("");

  it.each([
    "Читайте также",
    "相关新闻",
    "Digər xəbərlər",
    "İlgili Haberler",
    "À lire aussi",
    "Mehr zum Thema",
    "Noticias relacionadas",
    "اقرأ أيضا",
    "Related",
    "Vorschau auf den nächsten Artikel",
    "Mehr Kolumnen auf Example",
  ])("ends the story at a %j heading followed by teasers with summaries", (heading) => {
    const html = `<html><body><article><div class="text"><p>${prose("Energy")}</p><p>${prose("Culture")}</p>
<h3>${heading}</h3>${teasers(2)}</div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });

  it("reads on past an unmarked 'Читайте также' box set between the story's paragraphs", () => {
    const html = `<html><body><article><div class="text"><p>${prose("Energy")}</p><p>${prose("Trade")}</p>
<div><h4>Читайте также</h4><ul><li><a href="/r">Маски в дефиците</a></li></ul></div>
<p>${prose("Culture")}</p><p>${prose("Tourism")}</p></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Trade"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });

  it("reads on past a 'Related' box nested in the story's body when the rest of the body sits in a wrapper", () => {
    const html = `<html><body><article><div class="body"><p>${prose("Energy")}</p><p>${prose("Trade")}</p>
<div class="box"><h4>Related</h4><ul><li><a href="/x">Another headline about something else</a></li>
<li><a href="/y">Yet another headline about other things</a></li></ul></div>
<div class="more"><p>${prose("Culture")}</p></div></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Trade"), prose("Culture")].join("\n\n"),
    );
  });

  it("reads on past a 'Mehr zum Thema' box between the standfirst and a longer body", () => {
    const html = `<html><body><article><div class="head"><p class="subtitle">${prose("Energy")}</p></div>
<div class="side"><div class="box"><h6>Mehr zum Thema</h6><p><a href="/r">Grundeinkommen</a> Pro und Contra</p></div></div>
<div class="main"><p>${prose("Culture")}</p><p>${prose("Tourism")}</p></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });
});

describe("publisher notices", () => {
  it("drops an appeal for support and a comment policy set in the story's own body", () => {
    const html = `<html><body><article><div class="text"><p>${prose("Energy")}</p><p>${prose("Culture")}</p>
<p>While you are here… If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!</p>
<p>Example News is not responsible for the opinions, statements or media content presented by contributors.</p>
</div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });

  it("drops notes about the publisher, its comment policy and its advertising at the story's end", () => {
    const notes = [
      "Comments on this article are reviewed before they appear; please keep them civil and on topic.",
      "About us: Example Daily is an independent newspaper founded in 1921 and read in a million homes.",
      "To advertise with us, contact our sales team at ads@example.test.",
    ];
    const html = `<html><body><article><div class="text"><p>${prose("Energy")}</p><p>${prose("Culture")}</p>
${notes.map((n) => `<p>${n}</p>`).join("")}</div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });

  it("drops an affiliate disclosure above the story and the placeholder of an embedded post inside it", () => {
    const html = `<html><body><article><div class="text">
<p>This post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products.</p>
<p>${prose("Energy")}</p><div class="embed"><p>Twitter freischalten</p><p>Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu Twitter her.</p></div>
<p>${prose("Culture")}</p></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("the article under its headline", () => {
  it("takes a short article under the headline over a longer 'about us' block in the footer", () => {
    const about = [1, 2, 3]
      .map(
        (i) =>
          `<p>Example Daily is an independent newspaper founded in 1921 and read in ${i} million homes, with ` +
          "correspondents in forty countries who report on politics, business, science and culture every day.</p>",
      )
      .join("");
    const headlines = Array.from(
      { length: 40 },
      (_, i) => `<p><a href="/s${i}">Another story, part ${i}</a></p>`,
    ).join("");
    const html = `<html><head><title>Port reopens after storm | Example Daily</title></head><body>
<div class="page"><h1>Port reopens after storm</h1><div class="text"><p>${prose("The port")}</p></div></div>
<div class="more">${headlines}</div><div class="site-info">${about}</div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(prose("The port"));
  });
  it("keeps a sidebar's long notice out of a short post, though the notice outweighs the post", () => {
    const notice = [1, 2, 3]
      .map(
        (i) =>
          `<p>Rule ${i}: the texts and photos on this blog are mine, and whoever wants to use them elsewhere ` +
          "should ask me first; I accept no responsibility for the content of the pages I link to.</p>",
      )
      .join("");
    const tags = Array.from({ length: 20 }, (_, i) => `<a href="/tag/${i}">topic ${i}</a>`).join(" ");
    const comments = Array.from(
      { length: 40 },
      (_, i) =>
        `<li class="comment"><p>${i % 20 ? `Nice shot, number ${i}!` : prose(`Comment ${i}`)}</p></li>`,
    ).join("");
    const html = `<html><head><title>Silhouette at dusk | A photo blog</title></head><body><div class="wrapper">
<div class="content"><div class="post"><h1>Silhouette at dusk</h1><p>${prose("The photo")}</p></div>
<div class="comments"><ol>${comments}</ol></div></div>
<div class="sidebar"><div class="widget sidebar-box">${tags}</div>
<div class="widget sidebar-box"><h3>Legal notes</h3>${notice}</div></div>
</div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(prose("The photo"));
  });
});

describe("other stories in <article> elements of their own", () => {
  const story = [prose("Energy"), prose("Culture"), prose("Tourism")];
  const paragraphs = (texts: string[]) => texts.map((t) => `<p>${t}</p>`).join("");

  it("leaves out the next story appended under the first, with its own headline", () => {
    const html = `<html><head><title>Ministers meet in Baku</title></head><body><div class="stream">
<article><h1>Ministers meet in Baku</h1>${paragraphs(story)}</article>
<article><h1>Flood warning for the north</h1>${paragraphs([prose("Rain"), prose("Rivers"), prose("Roads"), prose("Dams")])}</article>
</div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(story.join("\n\n"));
  });

  it("leaves out the next story appended beside the first, with a headline of a lower level", () => {
    const html = `<html><head><title>Ministers meet in Baku</title></head><body><div class="stream">
<article><h1>Ministers meet in Baku</h1>${paragraphs(story)}</article>
<article><h2>Flood warning for the north</h2>${paragraphs([prose("Rain"), prose("Rivers"), prose("Roads")])}</article>
</div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(story.join("\n\n"));
  });

  it("keeps a live blog's entries with headlines inside the story's <article>", () => {
    const entries = story
      .map((t, i) => `<article><h3>Update ${i + 1}: talks go on</h3><p>${t}</p></article>`)
      .join("");
    const html = `<html><head><title>Live: the summit</title></head><body><article><h1>Live: the summit</h1>
<p>${prose("The summit")}</p><p>${prose("The agenda")}</p><p>${prose("The hosts")}</p>${entries}</article></body></html>`;
    const text = extractArticle(html, "https://example.test/a").text;
    for (const entry of story) expect(text).toContain(entry);
  });

  it("leaves out teasers set as <article> elements with linked headlines inside the story's", () => {
    const teaser = (i: number) =>
      `<article class="node"><h2><a href="/t${i}">Another headline number ${i}</a></h2><p>${prose(`Story ${i}`)}</p></article>`;
    const html = `<html><body><article><div class="body">${paragraphs(story)}
<div class="more">${teaser(1)}${teaser(2)}</div></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(story.join("\n\n"));
  });

  it("keeps a live blog's entries, one <article> each", () => {
    const entries = story.map((t, i) => `<article><h3>${10 + i}:00</h3><p>${t}</p></article>`).join("");
    const html = `<html><body><main><h1>Live: the summit</h1><div class="live">${entries}</div></main></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toContain(story.join("\n\n"));
  });
});

describe("text a script shows", () => {
  it("reads the hidden slides of a gallery and a collapsed 'read more' inside the article's body", () => {
    const html = `<html><body><div class="modal" style="display:none"><p>${prose("The newsletter")}</p></div>
<article><div class="entry-content"><div class="slide"><p>${prose("Energy")}</p></div>
<div class="slide hidden" style="display: none;"><p>${prose("Culture")}</p></div>
<div class="more" hidden><p>${prose("Tourism")}</p></div>
<div aria-hidden="true"><p>${prose("A decorative copy")}</p></div></div></article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), prose("Tourism")].join("\n\n"),
    );
  });
});

describe("<noscript>", () => {
  it("leaves out a notice whose markup a serializer escaped, and reads a post set in real markup", () => {
    const html = `<html><body><div class="main"><noscript>
&lt;div class="alertBox"&gt;&lt;p&gt;JavaScript is switched off. To use every feature of this site, please turn on JavaScript in your browser settings.&lt;/p&gt;&lt;/div&gt;
</noscript><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
    const post = `<html><body><div class="post"><noscript><p>${prose("Energy")}</p><p>${prose("Culture")}</p></noscript></div></body></html>`;
    expect(extractArticle(post, "https://example.test/b").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("lists of links inside the story", () => {
  const page = (list: string, intro: string) =>
    `<html><head><title>Ministers meet</title></head><body><article><h1>Ministers meet</h1><div class="body">
<p>${prose("Energy")}</p>${intro}<ul>${list}</ul><p>${prose("Culture")}</p></div></article></body></html>`;

  it("keeps an introduced list of links between the story's paragraphs", () => {
    const list = `<li><a href="/a">Ministry statement of 4 May</a></li><li><a href="/b">The treaty text</a></li>`;
    expect(extractArticle(page(list, "<p>Sources:</p>"), "https://example.test/a").text).toBe(
      [prose("Energy"), "Sources:", "Ministry statement of 4 May", "The treaty text", prose("Culture")].join(
        "\n\n",
      ),
    );
  });

  it("still drops links to other stories set between the paragraphs without an introduction", () => {
    const list = `<li><a href="/a">One virus, two Americas</a></li><li><a href="/b">Four out of five jobs affected</a></li>`;
    expect(extractArticle(page(list, ""), "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("lists, tables and quotes at the story's edge", () => {
  it("keeps a results table that closes the story", () => {
    const table =
      "<table><tr><th>Port</th><th>Ships</th></tr><tr><td>Baku</td><td>12</td></tr><tr><td>Alat</td><td>7</td></tr></table>";
    const html = `<html><body><article><div class="entry-content"><p>${prose("Energy")}</p><p>${prose(
      "Culture",
    )}</p>${table}</div></article><footer><p>Impressum</p></footer></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), "Port", "Ships", "Baku", "12", "Alat", "7"].join("\n\n"),
    );
  });
});

describe("a table in a wrapper of its own", () => {
  it("keeps a results table set in a scrolling box that closes the story", () => {
    const table =
      '<div class="table-scroll"><table><tr><th>Port</th><th>Ships</th></tr><tr><td>Baku</td><td>12</td></tr></table></div>';
    const html = `<html><body><article><div class="entry-content"><p>${prose("Energy")}</p><p>${prose(
      "Culture",
    )}</p>${table}</div></article><footer><p>Impressum</p></footer></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture"), "Port", "Ships", "Baku", "12"].join("\n\n"),
    );
  });
});

describe("teasers after a short story", () => {
  it("drops a list of linked headlines with summaries that outweighs the story above it", () => {
    const teasers = Array.from(
      { length: 6 },
      (_, i) =>
        `<div class="teaser"><h3><a href="/t${i}">Another headline number ${i} about the region</a></h3><p>${prose(
          `Summary ${i}`,
        )}</p></div>`,
    ).join("");
    const html = `<html><head><title>Ministers meet in Baku</title></head><body><div class="wrap">
<h1>Ministers meet in Baku</h1><div class="body"><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div>
<div class="list">${teasers}</div></div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("teasers before the story", () => {
  it("drops a strip of teasers with summaries set above the headline in the story's container", () => {
    const cards = [0, 1, 2]
      .map(
        (i) =>
          `<div class="card"><h3><a href="/t${i}">Another headline number ${i} about the region</a></h3><p>${prose(`Summary ${i}`)}</p></div>`,
      )
      .join("");
    const html = `<html><head><title>Port reopens after storm | Example Daily</title></head><body><main>
<section class="top">${cards}</section><h1>Port reopens after storm</h1>
<div class="text"><p>${prose("The port")}</p><p>${prose("The ships")}</p></div></main></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("The port"), prose("The ships")].join("\n\n"),
    );
  });
});

describe("teasers whose headline is not a link", () => {
  it("drops cards with a headline, a summary and a 'Read more' link after a short story", () => {
    const cards = Array.from(
      { length: 6 },
      (_, i) =>
        `<div class="card"><h3>Another headline number ${i} about the region</h3><p>${prose(`Summary ${i}`)}</p><a href="/t${i}">Read more</a></div>`,
    ).join("");
    const html = `<html><head><title>Port reopens after storm | Example Daily</title></head><body><main>
<h1>Port reopens after storm</h1><div class="text"><p>${prose("The port")}</p></div><section class="more">${cards}</section>
</main></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(prose("The port"));
  });
});

describe("teasers set as cards after the story", () => {
  it("drops cards whose headline sits in a text column beside a date, told apart by position classes", () => {
    const card = (i: number) =>
      `<div class="card${i === 0 ? " firstcard" : ""} card-${i}"><div class="date">1${i} Nov 2021</div>` +
      `<div class="text"><div class="kicker">Society</div><h2><a href="/t${i}">Another headline number ${i} about the region</a></h2>` +
      `<div class="summary"><p>${prose(`Summary ${i}`)}</p></div></div></div>`;
    const html = `<html><head><title>Ministers meet in Baku</title></head><body><div class="wrap">
<h1>Ministers meet in Baku</h1><div class="body"><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div>
<div class="list">${[0, 1, 2].map(card).join("")}</div></div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("teaser boxes inside the story", () => {
  it("drops a box with another story's linked headline and summary, and reads on after it", () => {
    const box = `<div class="box"><div class="pad"><h2><a href="/episode-15">Episode 15: the vaccine trials</a></h2>
<div class="summary"><p>Topics: criticism from the internet, new forecasts from London, and what the schools can do.</p></div></div></div>`;
    const html = `<html><head><title>Podcast transcript</title></head><body><article>
<div class="copytext"><p>${prose("The virus")}</p><p>${prose("The vaccine")}</p>${box}<p>${prose("The schools")}</p></div>
</article></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("The virus"), prose("The vaccine"), prose("The schools")].join("\n\n"),
    );
  });
});

describe("prose set line by line", () => {
  it("reads a hand-wrapped post, one <br> line at a time, over a paragraph in the sidebar", () => {
    const lines = [
      "Advice came to Emacs Lisp in the summer of 1994, when module",
      "advice.el shipped as part of Emacs 19.23. A few weeks later, a",
      "colleague at work wrote up a simple example that added",
      "a before advice to the check-in functions of the time to create",
      "a subdirectory if one did not exist. This was such a neat",
      "trick that all of us in our lab adopted it at once.",
    ];
    const html = `<html><head><title>Advice in Emacs</title></head><body>
<div class="post"><div class="post-body">${lines.join("<br>\n")}</div></div>
<div class="about"><p>${prose("This blog")}</p></div></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(lines.join("\n\n"));
  });

  it("leaves an address set line by line alone", () => {
    const html = `<html><head><title>Timber trade</title></head><body>
<div class="body"><p>${prose("The timber trade")}</p><p>${prose("The rafts")}</p></div>
<div class="contact"><p>Jane Doe<br>Federal Institute of Forestry and Timber Trade<br>Dept. Knowledge Transfer, Public Relations<br>Forest Square 1<br>D - 85354 Freising Tel: +49 8161 4591 801</p></div>
</body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("The timber trade"), prose("The rafts")].join("\n\n"),
    );
  });
});

describe("a story set as a list", () => {
  it("keeps the short items of a list whose other items are the story's prose", () => {
    const html = `<html><head><title>Film notes</title></head><body><div class="post"><ul>
<li>The Garden · Derek Jarman (1990)</li><li>${prose("The film")}</li><li>${prose("The music")}</li><li>Rated 4 of 5</li>
</ul></div><footer><p>Blog since 2009</p></footer></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      ["The Garden · Derek Jarman (1990)", prose("The film"), prose("The music"), "Rated 4 of 5"].join(
        "\n\n",
      ),
    );
  });
});

describe("short lines under a subheading that closes the story", () => {
  it("keeps a scorecard set as one short paragraph per score under its subheading", () => {
    const scores = ["Safety: 1", "Comfort: 2", "Consumption: 1"];
    const html = `<html><head><title>Car test</title></head><body><div class="entry-content">
<p>${prose("The car")}</p><p>${prose("The battery")}</p><h3>Scores:</h3>${scores.map((x) => `<p>${x}</p>`).join("")}
</div><footer><p>Magazine since 1950</p></footer></body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("The car"), prose("The battery"), "Scores:", ...scores].join("\n\n"),
    );
  });
});

describe("the headline", () => {
  it("is metadata even when a long <h1> sits in the story's container", () => {
    const headline =
      "Illegal crossings over the northern border: 9,087 cases recorded by the federal police so far this year";
    const html = `<html><head><title>Federal police - News - ${headline}</title></head><body>
<div class="content"><div class="detail"><h1>${headline}</h1><p>${prose("Energy")}</p><p>${prose("Culture")}</p></div></div>
</body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("Energy"), prose("Culture")].join("\n\n"),
    );
  });
});

describe("captions between the story's paragraphs", () => {
  it("drops credit captions without splitting the story around them", () => {
    const caption = (i: number) =>
      `<div class="pic"><p>View ${i} of the old town from the castle hill on a clear spring morning © Tourism Board / Jane Doe</p></div>`;
    const html = `<html><head><title>Cycling through the old town</title></head><body>
<div class="page"><h1>Cycling through the old town</h1><div class="story">
<div class="section"><p>${prose("The tour")}</p><p>${prose("The river")}</p></div>
${caption(1)}${caption(2)}${caption(3)}${caption(4)}
<div class="section"><p>${prose("The cathedral")}</p></div></div></div>
</body></html>`;
    expect(extractArticle(html, "https://example.test/a").text).toBe(
      [prose("The tour"), prose("The river"), prose("The cathedral")].join("\n\n"),
    );
  });
});
