import { describe, expect, it } from "vitest";
import { endsArticle, isFurnitureWording } from "./wording.ts";

describe("isFurnitureWording", () => {
  it.each([
    "There were 1,560 press releases posted in the last 24 hours and 433,484 in the last 365 days.",
    "We use cookies for analytics, personalized content and ads. By continuing to browse this site, you agree to this use.",
    "+ ↺ − 16 px",
    "Share on Facebook",
    "Mehr zum Thema",
    "関連記事",
    "Läs också",
    "Baca juga",
    "Související články",
    "관련 기사",
    "Διαβάστε επίσης",
    "Citește și",
    "Comments are reviewed before they appear.",
    "About us: an independent newspaper since 1921.",
    "To advertise with us, contact our sales team.",
    "Sign up for our free morning newsletter and get the day's most important stories delivered to your inbox before breakfast. It takes less than a minute, you can unsubscribe at any time, and we will never share your email address with anyone else.",
    "Thank you for reading. Independent journalism costs money: if you value our reporting, please consider becoming a member for as little as 5 euros a month.",
    "Our journalism is free to read, but it is not free to produce. If you can, please support us with a donation.",
    "Have a news tip? Contact us at tips@example.test.",
    "Want more stories like this? Follow us on Google News.",
    "aja/PAP",
    "Klicken Sie auf den unteren Button, um den Inhalt von Google Maps zu laden.",
    "Benachrichtigung aktivieren Dürfen wir Sie in Ihrem Browser über die wichtigsten Nachrichten informieren?",
    "13 Besucher sind online (8 Besucher halten sich im Forum auf)",
    "Der Artikel wurde erfolgreich hinzugefügt.",
    "dpa/lni",
    "PAP/ Jane Doe",
    "Vergrößern Eine kleine runde Aussparung für die Kamera",
    "Les opinions exprimées dans les blogs n'engagent que leurs auteurs.",
    "Dieser Text wurde veröffentlicht unter der Lizenz CC BY-NC-ND 4.0",
    "Foto: dpa",
    "© 2024 Daily Example. All rights reserved.",
    "Follow us on Twitter and Instagram @example",
    "Subscribe to our newsletter",
    "If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!",
    "Unterstützen Sie unsere Arbeit mit einer Spende.",
    "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS",
    "This post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products.",
    "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
    "Example News is not responsible for the opinions, statements or media content presented by contributors.",
    "Comments are moderated and will appear after approval.",
    "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
    "Korzystamy z plików cookies.",
    "Externer Inhalt",
    "Beitragsbild via Unsplash.",
    "Rezept drucken",
    "Weitere Informationen zum Coronavirus in Thüringen",
    "Entdecken Sie jetzt",
    "Dieses Skript als PDF herunterladen",
    "Bild anzeigen",
    "Die PGA Tour veranstaltet das Turnier zum ersten Mal, hier der Überblick. (Foto: Getty)",
    "Roman Prymula, photo: ČTK",
    "Wreaths laid at the memorial by the heads of the constitutional bodies © Federal Press Office | Jane Doe",
    "Marco Odermatt, ski star from Switzerland. © AFP / MARCO BERTORELLO",
    "Gefällt dir unser Klettermagazin?",
    "Instant access to the full article PDF.",
    "JIM WATSON/AFP/Getty Images",
    "Dieser Artikel kann Links zu Anbietern enthalten, von denen das Magazin eine Provision erhält.",
    "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu Twitter her.",
  ])("flags %j", (text) => {
    expect(isFurnitureWording(text)).toBe(true);
  });

  it.each([
    "Zhang Ming appreciated the active participation of Azerbaijan in the events held within the framework of the organization.",
    "Share prices in Baku rose by 3 percent after the announcement.",
    "The photographer said the picture was taken in Samarkand.",
    "Zusätzlich haben wir einen Youtube-Kanal, aber bis es dort wirklich viel zu sehen gibt, wird es noch eine Weile dauern: das Spiel ist noch lange nicht fertig, und wir dokumentieren seine Entstehung in einem Blog.",
    "Werden Sie ein Teil der Community und unterstützen Sie uns dabei, die Produkte zu verbessern.",
    "The minister said the views expressed by the delegation were welcome.",
    "Reuters contributed to this report.",
    "About us, the minister said little.",
    "The company will advertise its products on television.",
    "The app lets users enable notifications for breaking news, the developers said in a statement on Monday.",
    "Zoom meetings were held every week by the delegations, the minister said.",
    "Users can subscribe to the service and receive the newsletter for free, the company said on Tuesday, adding that more than two million people in the region had already done so since the offer was launched last spring.",
    "The minister asked the partners to support us with a donation of vaccines, he said.",
    "The © sign next to the name was added in 1909, the lawyers said.",
    "The photographer, who asked not to be named, said the picture was taken from the roof of the station.",
  ])("leaves prose alone: %j", (text) => {
    expect(isFurnitureWording(text)).toBe(false);
  });
});

describe("endsArticle", () => {
  it("knows the press-wire footer's first line", () => {
    expect(endsArticle("You just read:")).toBe(true);
    expect(endsArticle("You just read the minister's statement, he said.")).toBe(false);
  });
});
