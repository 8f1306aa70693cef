// Wording of page furniture that markup does not always give away: press-wire headers and footers, cookie
// notices, font-size widgets, share labels, "related" headings, picture credits, copyright notes, calls to
// subscribe. Generic phrases in the languages of the sites newsmon watches; no rule names a site.

// Whole short blocks.
const BOILERPLATE_TEXT = [
  /^there were [\d,.\s]+ press releases posted in the last/i,
  /\b(we|this (web)?site|our (web)?site) uses? cookies\b/i,
  /\bby (continuing to (browse|use)|using) (this|our) (web)?site\b/i,
  /^(\+|−|-|↺|↻|⟲|a\+|a-|\s)*\d{1,2}\s*px$/i,
  /^(share|share this( article| story| page)?|share on \w+|teilen|tweet|print|drucken|e-?mail|whatsapp|facebook|twitter|linkedin|copy link|link kopieren)$/i,
  /^(advertisement|anzeige|werbung|publicité|sponsored)\s*:?$/i,
  /^(read more|more from .{0,30}|explore further|über den autor|about the author|mehr themen|(related |more )?topics|themen|tags|schlagworte|weiterlesen|czytaj więcej|weitere (informationen|infos)( (zu|zum|zur|über|unter|auf) .{1,60})?|entdecken sie (jetzt|mehr)|erschienen in|see also|siehe auch|further reading|read further)\s*[:!]?$/i,
  /^(keine|no) (kommentare|comments)\b|\bcomments? (are )?closed\b|\bkommentare (sind )?geschlossen\b/i,
  /^(skip to (main )?content|zum inhalt springen|back to top|nach oben)$/i,
  // A news agency's sign-off: the editor's initials and the agency ("aja/PAP", "dpa/lni").
  /^\(?\p{L}{2,5}(\/\p{L}{2,5}){1,3}\)?\.?$/iu,
  // Labels of buttons and widgets: print, download, show the picture, contact.
  /^((rezept|artikel|seite|beitrag) drucken|print (this )?(article|page|recipe)|(dieses skript |den artikel )?(als )?pdf herunterladen|download (as )?pdf|bild anzeigen|bild vergrößern|vergrößern|show image|view image|enlarge|kontakt|contact( us)?)\s*:?$/i,
];

// Picture credits and captions, in a short block. Dropped like furniture, but they sit between a story's
// paragraphs, so they weigh as little against its container as marked furniture does.
const CAPTION = [
  // Picture credits and captions: "Foto: dpa", "(Photo: Reuters)", "Crédits photos : Bestimage", "© AFP",
  // "Abbildung 4: ...", "Fig. 2 ...".
  /^\(?\s*((fotos?|photos?|bild(er)?|image|credits?|crédits?( photos?)?|quelle|source|copyright|titelbild)\s*:|©).{0,100}$/i,
  /^(abbildung|abb\.|figure|fig\.|grafik|tabelle|table)\s*\d*\s*:/i,
  // "Beitragsbild via Unsplash.", "Photo by Jane Doe", and an agency's credit line set alone:
  // "Augusta National/Getty Images", "AFP / MARCO BERTORELLO", "iStock.com".
  /^(beitragsbild|titelbild|symbolbild|headerbild|bildquelle|(photo|image|picture|foto|bild)s? (via|by|von|courtesy of))\b.{0,100}$/i,
  /^[^.!?]{0,50}\b(getty ?images|istock(photo)?|shutterstock|afp|dpa|reuters|ap photo|imago( images)?|picture[- ]alliance|unsplash|pixabay|keystone|epa|pap|ansa|efe|belga|anp|tass|xinhua|kyodo)\b[^.!?]{0,50}$/i,
  // A caption behind the label of its zoom button: "Vergrößern Eine kleine runde Aussparung …".
  /^(Vergrößern|Bild vergrößern|Enlarge|Agrandir|Ampliar|Ingrandisci|Powiększ)\s+\p{Lu}/u,
  // A caption that ends in its credit: "… Überblick. (Foto: Getty)", "Roman Prymula, photo: ČTK".
  /(\(|,\s*|\|\s*)(fotos?|photos?|bild|image|credits?)\s*:\s*[^()]{1,60}\)?$/i,
  // ...or in a copyright sign and its holder: "… am Holocaust-Mahnmal © Bundesregierung | Jesco Denzel".
  /\s©\s?[^.!?©]{1,80}$/,
];

// A block that says the article is over: everything from it to the end of the container is furniture.
const END_OF_ARTICLE = [/^you just read:?$/i, /^distribution channels:?$/i];

// The heading of a "related" / "more stories" / "most read" section, in the languages of the sites newsmon
// watches, as the whole text of a short block (a trailing colon, arrow or ellipsis allowed). What follows it is
// other stories: their headlines and summaries name people and places the article never mentions.
const RELATED_HEADING = new RegExp(
  `^(${[
    // English
    "related( posts| articles| stories| news| content| coverage| reading| links| topics)?",
    "(more|other|latest|recent|top|trending|popular) (stories|articles|news|posts|headlines)( from .{1,30})?",
    "more (on|about) (this|the) (story|topic|subject)",
    "read (also|next)|also read|keep reading|what to read next|recommended( for you| reading| stories| articles)?",
    "you (may|might) also (like|enjoy|be interested in)|don'?t miss|most (read|popular|viewed|shared)|trending now",
    "(next|previous) (article|story|post)|(vorschau auf den )?nächsten artikel|nächster artikel|vorheriger artikel",
    // German
    "ähnliche (beiträge|artikel|nachrichten|themen)|verwandte (beiträge|artikel|themen)|mehr zum thema|(mehr|highlights) aus (der|dem) .{1,30}",
    "mehr (artikel|beiträge|kolumnen|videos|nachrichten|news|podcasts) (auf|von|aus) .{1,30}",
    "auch interessant|(das|diese (artikel|beiträge|themen)) (thema )?könnten? (sie|dich|euch) auch interessieren",
    "weitere (artikel|beiträge|meldungen|nachrichten|themen|\\p{L}*tipps)|neueste (artikel|beiträge|nachrichten)",
    "lesen sie (auch|mehr)( die folgenden beiträge| zum thema)?|lesetipps?|zum weiterlesen|schon gelesen",
    "empfohlene artikel|meistgelesen(e artikel)?|artikel und videos zum thema|das könnte (sie|dich|euch) auch interessieren",
    // French, Spanish, Portuguese, Italian, Dutch, Polish
    "(à )?lire (aussi|également)|à voir aussi|voir aussi|sur le même (sujet|thème)|articles similaires|dans la même rubrique|les plus lus",
    "(noticias|artículos|notas) relacionad[oa]s|(también )?te puede interesar|le(e|a) también|ver también|más noticias|lo más leído|te recomendamos",
    "veja também|leia também|(notícias|matérias) relacionadas|mais lidas",
    "leggi anche|articoli correlati|(ti )?potrebbe interessar(ti|e)",
    "lees ook|gerelateerde artikelen|meer nieuws",
    "zobacz (także|też)|czytaj (też|także)|polecane( artykuły)?|powiązane artykuły",
    // Scandinavian, Finnish, Czech, Slovak, Hungarian, Romanian, Greek, Indonesian/Malay, Vietnamese
    "läs (också|även|mer)|relaterade artiklar|les også|relaterte artikler|læs også|relaterede artikler|lue myös|aiheesta muualla",
    "čtěte (také|též)|související( články)?|prečítajte si (aj|tiež)|súvisiace články|kapcsolódó (cikkek|hírek)|ezek is érdekelhetnek",
    "citește (și|şi)|articole (similare|asemănătoare)|διαβάστε (επίσης|ακόμη)|σχετικά άρθρα",
    "baca juga|berita terkait|artikel terkait|tin liên quan|bài viết liên quan|xem thêm",
    // Japanese, Korean, Hindi, Hebrew, Persian
    "関連記事|関連ニュース|あわせて読みたい|こちらもおすすめ|관련 ?기사|관련 ?뉴스|यह भी पढ़ें|संबंधित खबरें|כתבות נוספות|עוד בנושא|بیشتر بخوانید|مطالب مرتبط|اخبار مرتبط",
    // Russian, Ukrainian, Azerbaijani, Turkish, Arabic, Chinese
    "читайте (также|также по теме|також)|смотрите также|по теме|похожие (статьи|новости|материалы)|другие новости|(ещё|еще) по теме|новости по теме|материалы по теме|самое читаемое|новини по темі",
    "digər xəbərlər|oxşar xəbərlər|bu mövzuda|ən çox oxunanlar|son xəbərlər",
    "[iİ]lgili haberler|benzer haberler|diğer haberler|(bunlar da )?[iİ]lginizi çekebilir|en çok okunanlar",
    "اقرأ أيضا|اقرأ أيضاً|إقرأ أيضا|إقرأ أيضاً|أخبار ذات صلة|مواضيع ذات صلة|مقالات ذات صلة|الأكثر قراءة",
    "相关新闻|相关阅读|相关文章|相关报道|延伸阅读|推荐阅读|热门新闻|更多新闻|相關新聞|相關閱讀|延伸閱讀",
  ].join("|")})[\\s:：.!?…»›>]*$`,
  "iu",
);
/** Longer blocks are sentences that happen to begin like a related heading. */
const RELATED_HEADING_CHARS = 60;

// Copyright and licence notes, "follow us" and "get our app" lines: furniture in any article, up to 400 chars.
const NOTICE = [
  /^©|\b(all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|wszelkie prawa zastrzeżone|tutti i diritti riservati)\b/i,
  /\b(follow|folgen sie|folge uns|folgt uns|síguenos|suivez[- ]nous|seguici)\b.{0,80}\b(twitter|facebook|instagram|telegram|whatsapp|linkedin|youtube|tiktok|threads|mastodon|bluesky|google news)\b/i,
  /\b(download|get|lade|laden sie|descarga|téléchargez)\b.{0,50}\bapps?\b/i,
];

// Notices a publisher sets beside every article, in a short block: appeals for support, advertising and affiliate
// disclosures, comment policies and disclaimers, promotions of the site's own channels, cookie notices and the
// placeholders that stand for an embedded post until the reader consents to it.
const PUBLISHER_NOTICE = [
  // Appeals for support
  /\b(would you|please) consider (supporting|donating|subscribing|becoming a (member|subscriber|supporter))\b|\bsupport (our|independent|quality) (work|journalism|reporting)\b/i,
  /\b(journalism|reporting) (costs money|is not free to produce)\b|\bplease support us\b|(^|[.!?]\s+)support us (with|by)\b/i,
  // Calls to sign up (a sentence that begins with one) that run longer than a prompt: the newsletter, the inbox.
  /(^|[.!?]\s+)(sign up|subscribe|abonnieren sie|melden sie sich)\b.{0,120}\b(newsletter|inbox|posteingang|postfach)\b/i,
  // Calls for tips
  /^(got|have) a (news )?tip\b|\bsend us (a|your) (news )?tip\b/i,
  /\b(become|hazte|hágase|werden sie|werde) (a |an )?(member|patron|supporter|subscriber|miembro|socio|mitglied|förder(er|mitglied))\b/i,
  /\b(gefällt (dir|ihnen|euch) unser|do you (like|enjoy|value) our)\b|\bunterstützen sie (diese form|unseren|unabhängigen)\b|^unterstütze\b|\b(unterstützen sie|unterstütze) (uns|unsere arbeit)( mit\b| jetzt\b|[.!])|\bjede (kleine )?spende\b|\bjetzt spenden\b|\bfaites un don\b|\bsoutenez\b|\b(apoya|apóyanos|te necesitamos)\b/i,
  // Advertising and affiliate disclosures
  /\b(contains?|enthält) (affiliate|references to products|werbung|anzeigen|sponsored)|\baffiliate[- ]links?\b|\badvertis(ers do not influence|er disclosure|ing policy)\b/i,
  /\blinks?\b.{0,80}\b(provision|commission)\b|\b(we|wir) (may )?(receive|earn|erhalten) (a |eine )?(compensation|commission|provision)\b|\bgeld erhalten wir\b|^\*?(werbung|anzeige|sponsored|publicidad|publicité)\s*[.:*|]/i,
  // Comment policies and disclaimers
  /\bnot responsible for the (opinions|content|views|comments)\b|\bviews expressed\b.{0,80}\bnot (necessarily )?(reflect|represent)\b/i,
  /\bn'engagent que (leurs?|ses) auteurs?\b|\bgeben (nicht )?(unbedingt )?die meinung der redaktion\b|\bno (reflejan|representan) necesariamente\b/i,
  // Licence notes
  /\b(veröffentlicht unter (der|einer) (lizenz|creative[- ]commons)|licensed under (a |the )?(creative commons|cc[- ]by)|sous licence creative commons|bajo (una )?licencia creative commons)\b/i,
  /\b(comments|kommentare)\b.{0,30}\b(are (moderated|reviewed|checked|approved)|werden (moderiert|geprüft|freigeschaltet)|stellen (keinesfalls|nicht) die meinung)\b|\breserve the right to (delete|remove|edit)\b/i,
  // About the publisher and advertising with it
  /^(about us|über uns|à propos de nous|quiénes somos|sobre nosotros|chi siamo|o nas|о нас)\s*[:.–-]/i,
  /\b(advertise with us|to advertise (with|on|in) \w+|werben sie (bei|mit) uns|annoncez (chez|avec) nous|anúnciate con nosotros|reklama u nas)\b/i,
  /\b(instant access to the full article|buy (this|single) article|subscribe to (read|continue)|to continue reading)\b/i,
  /\b(alle angaben ohne gewähr|submit your letter)\b|\bbei diesem beitrag handelt es sich um (ein(en)? )?(blog|community)/i,
  // Cookie notices beyond English
  /\b(korzystamy z|używamy) (plików )?cookies\b|\b(utilizamos|usamos) cookies\b|\bnous utilisons des cookies\b|\bwir (verwenden|nutzen) cookies\b|\bмы используем (файлы )?cookie/i,
  // Placeholders of embedded posts
  /^(externer inhalt|external content|[a-zäöüß-]+ freischalten)$|\bohne (dein|ihr) einverständnis keine verbindung\b|\bdas automatische laden der inhalte\b/i,
  /\bklicken sie auf (den|diesen) (unteren )?button, um den inhalt\b|\bmit dem laden des inhalts akzeptieren sie\b|\bclick (the button )?(below )?to (load|show|view) (the |this )?(content|post|video|tweet)\b|\bby loading the (content|video|post),? you (accept|agree)\b/i,
  // Messages of the site's widgets: notifications, visitor counters, the shopping cart
  /\bbenachrichtigung(en)? aktivieren\b|\bpush-?benachrichtigungen\b|^(enable|allow|turn on) (push )?notifications\b/i,
  /\b\d+ (besucher|gäste|visitors|guests|users) (sind |are )?online\b|\b(erfolgreich (zum warenkorb |zur merkliste |auf die merkliste )?hinzugefügt|added to (your )?(cart|basket|wishlist))\b/i,
];

// Calls to subscribe, log in or join the site's own channels, in a short block: furniture in any article.
const PROMPTS = [
  /\b(canal|kanal|channel|chaîne) (de |on |auf )?(youtube|telegram|whatsapp|tiktok)\b|\b(youtube|telegram|whatsapp)[- ](channel|kanal)\b/i,
  /\b(newsletter|subscribe|subscription|sign(ing)? up|log(ged)? in|abonnieren|abonniere|abonnement|abo|anmelden|einloggen|eingeloggt|registrieren|s'abonner|abonnez|inscrivez|suscr[ií]bete|subskrypcj[a-ząćęłńóśźż]*|подпис[а-яё]*)\b/i,
];

/** The block is page furniture by its wording alone. */
export function isFurnitureWording(text: string): boolean {
  const length = text.length;
  if (isRelatedHeading(text) || isCaptionWording(text)) return true;
  if (length < 400 && BOILERPLATE_TEXT.some((pattern) => pattern.test(text))) return true;
  if (length < 200 && PROMPTS.some((p) => p.test(text))) return true;
  return length < 400 && (NOTICE.some((p) => p.test(text)) || PUBLISHER_NOTICE.some((p) => p.test(text)));
}

/** The block is a picture's caption or credit by its wording ("Foto: dpa", "… © AFP / Jane Doe"). */
export function isCaptionWording(text: string): boolean {
  return text.length < 400 && CAPTION.some((pattern) => pattern.test(text));
}

/** The block says the article is over ("You just read:"): what follows it in the container is furniture. */
export function endsArticle(text: string): boolean {
  return END_OF_ARTICLE.some((pattern) => pattern.test(text));
}

/** The block heads a section of other stories ("Related", "Читайте также", "相关新闻", "Digər xəbərlər"). */
export function isRelatedHeading(text: string): boolean {
  return text.length <= RELATED_HEADING_CHARS && RELATED_HEADING.test(text);
}
