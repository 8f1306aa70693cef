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
  /^(ähnliche (beiträge|artikel)|mehr zum thema|auch interessant|das (thema )?könnte (sie|dich) auch interessieren|related( posts| articles| stories| content)?|read (more|next|also|further)|more from .{0,30}|explore further|you (may|might) also like|weitere (artikel|beiträge|meldungen)|lesen sie (auch|mehr)|empfohlene artikel|über den autor|about the author|most (read|popular)|meistgelesen|mehr themen|(related |more )?topics|themen|tags|schlagworte|ähnliche nachrichten|weiterlesen|siehe auch|see also|(à )?lire aussi|zobacz (także|też)|czytaj (też|także|więcej)|weitere informationen|erschienen in)\s*[:!]?$/i,
  /^(keine|no) (kommentare|comments)\b|\bcomments? (are )?closed\b|\bkommentare (sind )?geschlossen\b/i,
  // Picture credits and captions: "Foto: dpa", "(Photo: Reuters)", "Crédits photos : Bestimage", "© AFP",
  // "Abbildung 4: ...", "Fig. 2 ...".
  /^\(?\s*((fotos?|photos?|bild(er)?|image|credits?|crédits?( photos?)?|quelle|source|copyright|titelbild)\s*:|©).{0,100}$/i,
  /^(abbildung|abb\.|figure|fig\.|grafik|tabelle|table)\s*\d*\s*:/i,
  /^(skip to (main )?content|zum inhalt springen|back to top|nach oben)$/i,
];

// A block that says the article is over: everything from it to the end of the container is furniture.
const END_OF_ARTICLE = [
  /^you just read:?$/i,
  /^distribution channels:?$/i,
  /^(related|more) (articles|stories|news)(:|$)/i,
];

// Copyright and licence notes, "follow us" and "get our app" lines: furniture in any article, up to 400 chars.
const NOTICE = [
  /^©|\b(all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|wszelkie prawa zastrzeżone|tutti i diritti riservati)\b/i,
  /\b(follow|folgen sie|folge uns|folgt uns|síguenos|suivez[- ]nous|seguici)\b.{0,80}\b(twitter|facebook|instagram|telegram|whatsapp|linkedin|youtube|tiktok|threads|mastodon)\b/i,
  /\b(download|get|lade|laden sie|descarga|téléchargez)\b.{0,50}\bapps?\b/i,
];

// Calls to subscribe or log in, in a short block: furniture in any article.
const PROMPT =
  /\b(newsletter|subscribe|subscription|sign(ing)? up|log(ged)? in|abonnieren|abonniere|abonnement|abo|anmelden|einloggen|eingeloggt|registrieren|s'abonner|abonnez|inscrivez|suscr[ií]bete)\b/i;

/** The block is page furniture by its wording alone. */
export function isFurnitureWording(text: string): boolean {
  const length = text.length;
  if (length < 400 && BOILERPLATE_TEXT.some((pattern) => pattern.test(text))) return true;
  if (length < 200 && PROMPT.test(text)) return true;
  return length < 400 && NOTICE.some((pattern) => pattern.test(text));
}

/** The block says the article is over ("You just read:"): what follows it in the container is furniture. */
export function endsArticle(text: string): boolean {
  return END_OF_ARTICLE.some((pattern) => pattern.test(text));
}
