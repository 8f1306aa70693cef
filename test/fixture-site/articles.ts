// The fixture site's catalogue: every article page, which outlet template renders it and which feed lists it.
// Seed texts come from seeds.ts; the other articles are invented for testing (people and companies outside the
// seeds are fictional) and each one exercises a case the pipeline must get right, noted above it.
import { seed000Paragraphs, seed001Paragraphs, seed002Paragraphs } from "./seeds.ts";

/** news.az-like portal, EIN-Presswire-like press wire, state-agency-like page. */
export type Outlet = "portal" | "wire" | "agency";
export type FeedPath = "/rss.xml" | "/atom.xml";
export const feedPaths: readonly FeedPath[] = ["/rss.xml", "/atom.xml"];

export interface Article {
  /** Stable name used by expected.ts and tests. */
  key: string;
  outlet: Outlet;
  /** Page path on the fixture site; also the canonical URL's path. */
  path: string;
  feed: FeedPath;
  /** Tracking parameters the feed appends to the item link (the page's canonical link has none). */
  feedQuery: string;
  /** Feed item id: RSS guid or Atom id. */
  guid: string;
  title: string;
  paragraphs: readonly string[];
  /** Local publication time as the outlet states it, ISO 8601 with the outlet's offset. */
  published: string;
  /** Set on an edited article: shown as article:modified_time and as the feed item's update time. */
  modified?: string;
  section: string;
  /** Related-news headlines the template lists beside the article (page noise, not article text). */
  related: readonly string[];
  tags: readonly string[];
  /** Pages are UTF-8 unless stated; a windows-1251 page declares it only in its <meta charset>. */
  charset: "utf-8" | "windows-1251";
}

const relatedScoHeadline = "Azerbaijan's bid for SCO observer status discussed in Beijing";
const relatedGeneral = [
  "Azerbaijani and Chinese universities sign academic exchange agreement",
  "Caspian ferry traffic rises as Middle Corridor cargo grows",
  "Baku to host international tourism fair in autumn",
];

export const seed000: Article = {
  key: "seed-000",
  outlet: "agency",
  path: "/agency/2023/04/17/anar-alakbarov-meets-cpaffc-chairman-and-sco-secretary-general",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed",
  guid: "agency-20230417-1356",
  title: "Anar Alakbarov meets CPAFFC Chairman and SCO Secretary-General in Beijing",
  paragraphs: seed000Paragraphs,
  // The agency page shows only "17 April 2023 13:56 (UTC+04:00)": no meta tag, no JSON-LD.
  published: "2023-04-17T13:56:00+04:00",
  section: "Politics",
  related: [
    "Shanghai Cooperation Organization Secretariat hosts Azerbaijan culture day",
    "Heydar Aliyev Foundation opens photo exhibition in Beijing",
    relatedGeneral[0] ?? "",
  ],
  tags: ["Azerbaijan", "China", "SCO", "CPAFFC"],
  charset: "utf-8",
};

export const seed001: Article = {
  key: "seed-001",
  outlet: "portal",
  path: "/portal/2024/04/29/anar-alakbarov-meets-cpaffc-president-yang-wanming",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed&utm_campaign=latest",
  guid: "https://news-portal.example/news/549211",
  title: "Anar Alakbarov meets CPAFFC President Yang Wanming",
  paragraphs: seed001Paragraphs,
  published: "2024-04-29T15:42:00+04:00",
  section: "Society",
  related: [
    relatedScoHeadline,
    "Heydar Aliyev Foundation marks its 20th anniversary",
    relatedGeneral[1] ?? "",
  ],
  tags: ["Heydar Aliyev Foundation", "CPAFFC", "China"],
  charset: "utf-8",
};

export const seed002: Article = {
  key: "seed-002",
  outlet: "wire",
  path: "/wire/2024/02/08/687512903/ilham-aliyev-received-secretary-general-of-shanghai-cooperation-organization",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=rss&utm_campaign=azerbaijan",
  guid: "ein-687512903",
  title: "Ilham Aliyev received Secretary-General of Shanghai Cooperation Organization",
  paragraphs: seed002Paragraphs,
  // JSON-LD datePublished carries the offset; the visible dateline repeats the local time.
  published: "2024-02-08T12:57:00+04:00",
  section: "Politics",
  related: [
    "President Ilham Aliyev receives credentials of newly appointed ambassadors",
    "SCO observation mission presents preliminary findings",
    relatedGeneral[2] ?? "",
  ],
  tags: ["Azerbaijan", "Shanghai Cooperation Organization"],
  charset: "utf-8",
};

// (a) Neither SCO nor CPAFFC; "Shanghai" appears only as a city.
const tradeTurnover: Article = {
  key: "trade-turnover",
  outlet: "portal",
  path: "/portal/2024/04/23/azerbaijan-china-trade-turnover-grows-by-a-quarter",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed&utm_campaign=latest",
  guid: "https://news-portal.example/news/548830",
  title: "Azerbaijan-China trade turnover grows by a quarter in first quarter",
  paragraphs: [
    "Trade turnover between Azerbaijan and China reached $812 million in the first three months of 2024, up 24.6 percent year on year, according to figures released by the State Customs Committee of Azerbaijan on Tuesday.",
    "Imports from China, mainly machinery, electrical equipment and vehicles, accounted for $640 million of the total, while Azerbaijani exports to the Chinese market, led by crude oil, chemicals and agricultural products, amounted to $172 million.",
    "Elvin Gasimzade, who heads the Asia desk of the Azerbaijan Export and Investment Promotion Agency, said that Azerbaijani wine, hazelnuts and pomegranate juice had found new buyers after the country's pavilion at the China International Import Expo in Shanghai last November.",
    "Economists expect bilateral trade to keep growing as new rail and sea services shorten delivery times between the two countries. China is currently Azerbaijan's fourth-largest trading partner.",
  ],
  published: "2024-04-23T11:08:00+04:00",
  section: "Economy",
  related: relatedGeneral,
  tags: ["Economy", "China", "Trade"],
  charset: "utf-8",
};

// (a) Neither SCO nor CPAFFC; names Beijing.
const flightRoute: Article = {
  key: "flight-route",
  outlet: "agency",
  path: "/agency/2024/05/06/azal-to-launch-direct-baku-beijing-flights",
  feed: "/rss.xml",
  feedQuery: "",
  guid: "agency-20240506-0930",
  title: "AZAL to launch direct Baku-Beijing flights in June",
  paragraphs: [
    "Azerbaijan Airlines (AZAL) will launch direct flights between Baku and Beijing on 3 June, the national carrier announced on Monday. The route will be operated twice a week, on Mondays and Fridays, with Boeing 787 Dreamliner aircraft.",
    "The flight from Baku to Beijing Daxing International Airport will take about six and a half hours. Tickets are already on sale on the carrier's website and through travel agencies.",
    "AZAL said the new service responds to growing business and tourist traffic between Azerbaijan and China. Until now, passengers travelling between the two capitals have had to change planes in Istanbul, Dubai or Urumqi.",
    "The civil aviation authorities of the two countries agreed on the additional frequencies last year. Chinese tourists can obtain an Azerbaijani electronic visa within three working days.",
  ],
  published: "2024-05-06T09:30:00+04:00",
  section: "Economy",
  related: ["Baku to host international tourism fair in autumn", "AZAL receives new Boeing 787 aircraft"],
  tags: ["AZAL", "Transport"],
  charset: "utf-8",
};

// (a) Neither SCO nor CPAFFC; names an organisation and a person that no watchlist knows.
const middleCorridor: Article = {
  key: "middle-corridor",
  outlet: "wire",
  path: "/wire/2024/05/09/688940117/new-container-service-links-xian-with-port-of-baku",
  feed: "/atom.xml",
  feedQuery: "?utm_source=atom&utm_medium=feed",
  guid: "tag:ein-fixture.example,2024-05-09:688940117",
  title: "Middle Corridor: new container service links Chinese rail hub with Port of Baku",
  paragraphs: [
    "A new regular container service connecting Xi'an in western China with the Port of Baku via Kazakhstan and the Caspian Sea was launched this week, cutting transit times for cargo moving along the Middle Corridor to about 12 days.",
    "The first train, carrying 50 forty-foot containers of household appliances and auto parts, left Xi'an on 6 May and is expected to reach the Alat free trade zone by ferry from the Kazakh port of Aktau.",
    "The Ministry of Digital Development and Transport of Azerbaijan said the service would run weekly from June. Deputy minister Elnur Huseynli said that cargo volumes on the Trans-Caspian International Transport Route had more than doubled in two years and that the port was expanding its capacity to 25 million tonnes a year.",
    "The operators plan to add refrigerated containers for agricultural exports to China on the return journey, giving Azerbaijani fruit growers a faster route to Chinese markets.",
  ],
  published: "2024-05-09T16:15:00+04:00",
  section: "Transport",
  related: [
    "Caspian ferry traffic rises as Middle Corridor cargo grows",
    "Port of Baku signs deal with Kazakh operator",
  ],
  tags: ["Logistics", "Middle Corridor"],
  charset: "utf-8",
};

// (b) "SCO" only in an unrelated sense: the Scottish Chamber Orchestra. The Heydar Aliyev Center is a venue.
const scottishOrchestra: Article = {
  key: "scottish-orchestra",
  outlet: "portal",
  path: "/portal/2024/05/02/scottish-chamber-orchestra-to-perform-in-baku",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed&utm_campaign=latest",
  guid: "https://news-portal.example/news/549407",
  title: "Scottish Chamber Orchestra to perform in Baku for the first time",
  paragraphs: [
    "The Scottish Chamber Orchestra (SCO) will give its first concert in Azerbaijan on 21 May at the Heydar Aliyev Center in Baku, as part of a spring tour that also takes the ensemble to Tbilisi and Almaty.",
    "The programme includes Mendelssohn's Scottish Symphony, Mozart's Violin Concerto No. 5 and a new work by Azerbaijani composer Leyla Mammadova, commissioned jointly by the SCO and the Baku Music Academy.",
    "Founded in Edinburgh in 1974, the SCO is one of Scotland's five National Performing Companies. Its principal conductor said the orchestra was delighted to make its debut in a city with such a rich musical tradition.",
    "Tickets for the Baku concert are available at the box office of the Heydar Aliyev Center and online. The British Council in Azerbaijan supports the tour.",
  ],
  published: "2024-05-02T18:20:00+04:00",
  section: "Culture",
  related: ["Baku Jazz Festival announces line-up", "Azerbaijan State Philharmonic opens new season"],
  tags: ["Culture", "Music"],
  charset: "utf-8",
};

// (c) The body never names the SCO; the page's related list and tag list do.
const solarPlant: Article = {
  key: "solar-plant",
  outlet: "portal",
  path: "/portal/2024/05/16/chinese-company-opens-solar-panel-plant-in-sumgayit",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed&utm_campaign=latest",
  guid: "https://news-portal.example/news/550126",
  title: "Chinese company opens solar panel plant in Sumgayit",
  paragraphs: [
    "A Chinese manufacturer of photovoltaic panels opened a plant in the Sumgayit Chemical Industrial Park on Thursday, the first factory of its kind in Azerbaijan. The plant will produce up to 300,000 solar panels a year, half of them for export.",
    "The $45 million project was carried out by a joint venture of Hengtai Photovoltaic of China and a local partner, and created 420 jobs. Most of the engineers were trained at the company's headquarters in Jiangsu province.",
    "Speaking at the opening ceremony, officials said the plant would help Azerbaijan reach its goal of generating 30 percent of its electricity from renewable sources by 2030, and that it fits into the cooperation between the two countries under the Belt and Road Initiative.",
    "The company plans a second production line for batteries by 2026 and is in talks with Azerbaijani banks on financing.",
  ],
  published: "2024-05-16T13:02:00+04:00",
  section: "Economy",
  related: [relatedScoHeadline, "Shanghai Cooperation Organization energy ministers to meet in Astana"],
  tags: ["China", "Energy", "SCO"],
  charset: "utf-8",
};

// (d) The CPAFFC only, on a page declared windows-1251 in its <meta charset> alone.
const cpaffcGanja: Article = {
  key: "cpaffc-ganja",
  outlet: "agency",
  path: "/agency/2024/06/12/cpaffc-delegation-visits-ganja",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss",
  guid: "agency-20240612-1725",
  title: "CPAFFC delegation visits Ganja to discuss sister-city ties",
  paragraphs: [
    "A delegation of the Chinese People's Association for Friendship with Foreign Countries (CPAFFC) led by its vice president visited Ganja on Wednesday to discuss twinning the Azerbaijani city with a Chinese city.",
    "At a meeting with the head of the Ganja City Executive Power, the guests said the CPAFFC had helped establish more than 3,000 pairs of friendship cities and provinces between China and other countries since 1973, and that Ganja’s history as a Silk Road trading town made it a natural partner.",
    "The sides discussed exchanges of students and teachers, a joint photo exhibition and a Chinese culture week in Ganja this autumn. The delegation also visited the Nizami Ganjavi Mausoleum and Ganja State University.",
    "The visit follows the meeting of CPAFFC President Yang Wanming with Azerbaijani officials in Baku earlier this year, at which the sides agreed to promote “people-to-people diplomacy” between Azerbaijan and China.",
  ],
  published: "2024-06-12T17:25:00+04:00",
  section: "Regions",
  related: ["Ganja hosts international chess tournament", "Nizami Ganjavi Mausoleum restored"],
  tags: ["Ganja", "China"],
  charset: "windows-1251",
};

// (e) The updated article: revision 2 edits a sentence and adds a paragraph naming the SCO.
const greenEnergyBase = {
  key: "green-energy",
  outlet: "portal",
  path: "/portal/2024/05/14/azerbaijan-and-china-agree-to-expand-green-energy-cooperation",
  feed: "/atom.xml",
  feedQuery: "?utm_source=atom&utm_medium=feed",
  guid: "tag:news-portal.example,2024-05-14:549988",
  title: "Azerbaijan and China agree to expand green energy cooperation",
  published: "2024-05-14T10:05:00+04:00",
  section: "Economy",
  related: ["Caspian offshore wind study enters second phase", "COP29 organising committee holds meeting"],
  tags: ["Energy", "China", "COP29"],
  charset: "utf-8",
} as const;

const greenEnergyOpening =
  "Azerbaijan and China have agreed to expand cooperation in renewable energy, power grids and green hydrogen, the Ministry of Energy of Azerbaijan said on Tuesday after a meeting of the intergovernmental working group in Baku.";
const greenEnergyProjects =
  "Chinese companies are already building solar and wind power plants in Azerbaijan with a combined capacity of more than 1 gigawatt. Officials said the new agreements would help prepare projects for presentation at COP29 in Baku in November.";
const greenEnergyNextMeeting = "The next meeting of the working group will be held in Beijing in the autumn.";

export const greenEnergyRevision1: Article = {
  ...greenEnergyBase,
  paragraphs: [
    greenEnergyOpening,
    "The sides signed two memorandums of understanding, on offshore wind measurement in the Caspian Sea and on training Azerbaijani engineers at Chinese energy companies.",
    greenEnergyProjects,
    greenEnergyNextMeeting,
  ],
};

export const greenEnergyRevision2: Article = {
  ...greenEnergyBase,
  paragraphs: [
    greenEnergyOpening,
    "The sides signed three memorandums of understanding, on offshore wind measurement in the Caspian Sea, on battery energy storage and on training Azerbaijani engineers at Chinese energy companies.",
    greenEnergyProjects,
    "The ministers also agreed to coordinate their positions ahead of the meeting of energy ministers of the Shanghai Cooperation Organization (SCO), in which Azerbaijan takes part as a dialogue partner.",
    greenEnergyNextMeeting,
  ],
  modified: "2024-05-14T16:20:00+04:00",
};

// (f) Seed 002's story republished by the agency with light edits, at its own URL.
const seed002Syndicated: Article = {
  key: "seed-002-syndicated",
  outlet: "agency",
  path: "/agency/2024/02/08/president-ilham-aliyev-receives-sco-secretary-general-zhang-ming",
  feed: "/atom.xml",
  feedQuery: "?utm_source=atom",
  guid: "tag:agency.example,2024-02-08:20240208-1410",
  title: "President Ilham Aliyev receives SCO Secretary-General Zhang Ming",
  paragraphs: [
    "President of the Republic of Azerbaijan Ilham Aliyev has received Secretary-General of the Shanghai Cooperation Organization (SCO) Zhang Ming.",
    "President Ilham Aliyev expressed his gratitude to the Secretary-General of the Shanghai Cooperation Organization, the members of the observation group, and the member states for their participation in the observation mission.",
    "Zhang Ming described Azerbaijan as one of the active partners of the SCO, noting that they attach importance to the comprehensive development of relations with Azerbaijan. Praising the close partnership with Azerbaijan in various areas, the Secretary-General particularly highlighted the cultural and humanitarian cooperation established through the Heydar Aliyev Foundation.",
    "The head of state pointed out that there are significant opportunities for the comprehensive development of relations between Azerbaijan and the Shanghai Cooperation Organization. He also commended Azerbaijan’s close bilateral ties with the member states of the SCO. In this regard, the head of state noted that he received the first congratulations from the member countries of the Organization on the occasion of his victory in the presidential election. President Ilham Aliyev fondly recalled his participation in the summit of the SCO member states held in Samarkand, Uzbekistan.",
    "The Secretary-General congratulated the head of state on securing the hosting of COP29 in Azerbaijan, stating that it is a clear example of the country’s contribution to humanity and human development. Zhang Ming also highlighted cooperation issues between Azerbaijan and the Shanghai Cooperation Organization within the framework of COP29.",
  ],
  published: "2024-02-08T14:10:00+04:00",
  section: "President",
  related: [
    "President Ilham Aliyev receives credentials of newly appointed ambassadors",
    relatedGeneral[0] ?? "",
  ],
  tags: ["President", "SCO"],
  charset: "utf-8",
};

/** Every article page the site serves at start, in feed order (newest first within each feed). */
export const initialArticles: readonly Article[] = [
  cpaffcGanja,
  solarPlant,
  flightRoute,
  scottishOrchestra,
  seed001,
  tradeTurnover,
  seed002,
  seed000,
  greenEnergyRevision1,
  middleCorridor,
  seed002Syndicated,
];

/** A feed item whose article page is gone: the link answers 404. */
export const missingArticle = {
  path: "/portal/2024/05/20/azerbaijani-and-chinese-universities-launch-joint-masters-programme",
  feed: "/rss.xml",
  feedQuery: "?utm_source=rss&utm_medium=feed&utm_campaign=latest",
  guid: "https://news-portal.example/news/550301",
  title: "Azerbaijani and Chinese universities launch joint master's programme",
  summary: "Two universities will admit the first students to a joint programme in logistics this September.",
  published: "2024-05-20T12:40:00+04:00",
} as const;
