// A third batch of gold articles, written and labelled before the matcher was run on them (after the second
// batch's fixes): wire datelines, bylines, Title Case headlines, dotted abbreviations, Arabic and Western names,
// international organisations. README-entities gives its first-run score. Same annotation rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const bri = "Belt and Road Initiative";

export const thirdBatch: readonly GoldArticle[] = [
  {
    id: "batch3/xinhua-dateline",
    title: "China, Azerbaijan vow to deepen cooperation under BRI",
    text: [
      "BEIJING, May 5 (Xinhua) -- Chinese Foreign Minister Wang Yi and Azerbaijani Foreign Minister Jeyhun Bayramov agreed on Sunday to deepen cooperation under the Belt and Road Initiative.",
      "Wang said China was ready to work with Azerbaijan to implement the important consensus reached by President Xi Jinping and President Ilham Aliyev.",
      "Bayramov said Azerbaijan firmly adheres to the one-China principle.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan", bri, "Beijing", "Xi Jinping", "Ilham Aliyev"],
    other: [
      ["Xinhua", "organization"],
      ["Wang Yi", "person"],
      ["Jeyhun Bayramov", "person"],
    ],
  },
  {
    id: "batch3/byline-opinion",
    title: "Why the Middle Corridor Matters for Europe",
    text: [
      "By Thomas de Waal",
      "The European Union has discovered the South Caucasus. Since 2022, EU officials have travelled to Baku and Tbilisi to talk about the Middle Corridor, a trade route that links China with Europe without crossing Russia.",
      "Ursula von der Leyen, the president of the European Commission, called Azerbaijan a reliable partner. But the corridor depends on Kazakhstan, on ports on the Caspian Sea and on investment that the EU has yet to deliver.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan"],
    other: [
      ["Thomas de Waal", "person"],
      ["European Union", "organization"],
      ["South Caucasus", "place"],
      ["Baku", "place"],
      ["Tbilisi", "place"],
      ["Middle Corridor", "place|event", "optional"],
      ["Europe", "place"],
      ["Russia", "place"],
      ["Ursula von der Leyen", "person"],
      ["European Commission", "organization"],
      ["Kazakhstan", "place"],
      ["Caspian Sea", "place"],
    ],
  },
  {
    id: "batch3/us-dots",
    title: "U.S. envoy discusses peace treaty in Baku",
    text: [
      "U.S. Senior Adviser for Caucasus Negotiations Louis Bono met Azerbaijani Foreign Minister Jeyhun Bayramov in Baku on Monday to discuss the peace treaty with Armenia.",
      "Bono later travelled to Yerevan, where he met Armenian Foreign Minister Ararat Mirzoyan. The State Department said Washington supports a quick agreement.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["U.S.|United States", "place"],
      ["Baku", "place"],
      ["Louis Bono", "person"],
      ["Jeyhun Bayramov", "person"],
      ["Armenia", "place"],
      ["Yerevan", "place"],
      ["Ararat Mirzoyan", "person"],
      ["State Department", "organization"],
      ["Washington", "place"],
      ["Caucasus", "place", "optional"],
    ],
  },
  {
    id: "batch3/sco-and-csto",
    title: "Russia's Lavrov: SCO and CSTO must coordinate on Afghanistan",
    text: [
      "Russian Foreign Minister Sergei Lavrov said on Tuesday that the Shanghai Cooperation Organisation and the Collective Security Treaty Organization (CSTO) should coordinate their work on Afghanistan.",
      "Speaking at a meeting of SCO foreign ministers in Astana, Lavrov said that the Regional Anti-Terrorist Structure of the SCO, based in Tashkent, had prevented several attacks.",
      "China's representative, Vice Foreign Minister Sun Weidong, supported the proposal.",
    ].join("\n\n"),
    watched: [sco, "China"],
    other: [
      ["Russia", "place"],
      ["Sergei Lavrov", "person"],
      ["Collective Security Treaty Organization", "organization"],
      ["Afghanistan", "place"],
      ["Astana", "place"],
      ["Regional Anti-Terrorist Structure", "organization"],
      ["Tashkent", "place"],
      ["Sun Weidong", "person"],
    ],
  },
  {
    id: "batch3/arabic-names",
    title: "Saudi and Emirati investors eye Azerbaijan's green energy",
    text: [
      "Saudi Arabia's ACWA Power and Masdar of the United Arab Emirates are building solar and wind farms in Azerbaijan with a combined capacity of 1.2 gigawatts.",
      "ACWA Power chairman Mohammad Abunayyan met Energy Minister Parviz Shahbazov in Baku on Thursday. Masdar chief executive Mohamed Jameel Al Ramahi said the projects would be ready before COP29.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "COP29"],
    other: [
      ["Saudi Arabia", "place"],
      ["ACWA Power", "organization"],
      ["Masdar", "organization"],
      ["United Arab Emirates", "place"],
      ["Mohammad Abunayyan", "person"],
      ["Parviz Shahbazov", "person"],
      ["Baku", "place"],
      ["Mohamed Jameel Al Ramahi", "person"],
    ],
  },
  {
    id: "batch3/forum-davos",
    title: "Aliyev meets Chinese vice president at World Economic Forum",
    text: [
      "President Ilham Aliyev met Vice President of China Han Zheng on the sidelines of the World Economic Forum in Davos on Wednesday.",
      "Han Zheng said China appreciated Azerbaijan's support for the Global Development Initiative. The two sides discussed the construction of the Zangezur corridor and the expansion of flights between Baku and Urumqi.",
    ].join("\n\n"),
    watched: ["Ilham Aliyev", "China", "Azerbaijan"],
    other: [
      ["Han Zheng", "person"],
      ["World Economic Forum", "event|organization"],
      ["Davos", "place"],
      ["Global Development Initiative", "event"],
      ["Zangezur", "place"],
      ["Baku", "place"],
      ["Urumqi", "place"],
    ],
  },
  {
    id: "batch3/cpaffc-lowercase-context",
    title: "Friendship association to open office in Baku",
    text: [
      "The Chinese People's Association for Friendship with Foreign Countries will open a representative office in Baku next year, its president Yang Wanming said during a reception at the Chinese embassy.",
      "The association, known as the CPAFFC, has offices in more than 40 countries. Yang thanked the Azerbaijani side, and in particular Anar Alakbarov, for their help.",
    ].join("\n\n"),
    watched: [
      "Chinese People's Association for Friendship with Foreign Countries",
      "Yang Wanming",
      "Anar Alakbarov",
    ],
    other: [["Baku", "place"]],
  },
  {
    id: "batch3/sports-no-watch",
    title: "Neftchi Baku sign Brazilian striker",
    text: [
      "Neftchi Baku have signed Brazilian striker Felipe Santos from Gremio on a two-year contract, the club announced on Friday.",
      "Head coach Roberto Bordin said Santos would strengthen the attack before the Conference League qualifiers. Neftchi finished third in the Premier League last season.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["Neftchi Baku|Neftchi", "organization"],
      ["Felipe Santos", "person"],
      ["Gremio", "organization"],
      ["Roberto Bordin", "person"],
      ["Conference League", "event|organization"],
      ["Premier League", "event|organization"],
    ],
  },
  {
    id: "batch3/samarkand-summit-history",
    title: "Two years after Samarkand: what the SCO summit changed",
    text: [
      "When the leaders of the Shanghai Cooperation Organization met in Samarkand in September 2022, President Shavkat Mirziyoyev of Uzbekistan promised a new era of connectivity.",
      "Two years later, the Samarkand Declaration is cited in every SCO document. Turkmenistan, which is not a member, has joined several projects, and the railway from China through Kyrgyzstan to Uzbekistan is under construction.",
    ].join("\n\n"),
    watched: ["Samarkand", sco, "China"],
    other: [
      ["Shavkat Mirziyoyev", "person"],
      ["Uzbekistan", "place"],
      ["Samarkand Declaration", "event", "optional"],
      ["Turkmenistan", "place"],
      ["Kyrgyzstan", "place"],
    ],
  },
  {
    id: "batch3/cop29-negotiators",
    title: "COP29 negotiators agree on carbon market rules",
    text: [
      "Negotiators at COP29 in Baku agreed late on Saturday on rules for a global carbon market under Article 6 of the Paris Agreement.",
      "Yalchin Rafiyev, the lead negotiator of the COP29 Presidency, said the deal would unlock billions for developing countries. Environmental groups, including Greenpeace and the World Wildlife Fund, criticised the lack of safeguards.",
    ].join("\n\n"),
    watched: ["COP29"],
    other: [
      ["Baku", "place"],
      ["Paris Agreement", "event", "optional"],
      ["Yalchin Rafiyev", "person"],
      ["COP29 Presidency", "organization", "optional"],
      ["Greenpeace", "organization"],
      ["World Wildlife Fund", "organization"],
    ],
  },
];
