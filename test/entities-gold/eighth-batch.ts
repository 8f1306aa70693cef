// An eighth batch of gold articles, written and labelled before the matcher was run on them (after the seventh
// batch's fixes): long seed-like paragraphs, banks and media with possessives, sports events, three-word names.
// README-entities gives its first-run score. Same annotation rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const bri = "Belt and Road Initiative";

export const eighthBatch: readonly GoldArticle[] = [
  {
    id: "batch8/seed-like-long",
    title: "Azerbaijani delegation attends SCO cultural forum in Beijing",
    text: [
      "A delegation of the Ministry of Culture of the Republic of Azerbaijan took part in the SCO Cultural Forum held in Beijing. Within the framework of the forum, the delegation met with General Secretary Zhang Ming, who emphasized the importance of humanitarian ties between the member states and the dialogue partners of the Organization.",
      "The head of the delegation, Deputy Minister Saadat Yusifova, informed the Secretary-General about the cultural events to be held in Azerbaijan within the framework of the declared year. She noted that the exhibitions organized with the support of the Heydar Aliyev Foundation had aroused great interest in China.",
    ].join("\n\n"),
    watched: ["Azerbaijan", sco, "Beijing", "Zhang Ming", "Heydar Aliyev Foundation", "China"],
    other: [
      ["Ministry of Culture of the Republic of Azerbaijan|Ministry of Culture", "organization"],
      ["SCO Cultural Forum", "event", "optional"],
      ["Saadat Yusifova", "person"],
    ],
  },
  {
    id: "batch8/banks-possessive",
    title: "People's Bank of China and Central Bank of Azerbaijan sign currency swap",
    text: [
      "The People's Bank of China and the Central Bank of Azerbaijan have signed a bilateral currency swap agreement worth 5 billion yuan, the central banks said on Thursday.",
      "Governor Taleh Kazimov said the agreement would support trade settlements in national currencies. Pan Gongsheng, the governor of the People's Bank of China, said more Chinese banks were interested in Baku.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan"],
    other: [
      ["People's Bank of China", "organization"],
      ["Central Bank of Azerbaijan", "organization"],
      ["Taleh Kazimov", "person"],
      ["Pan Gongsheng", "person"],
      ["Baku", "place"],
    ],
  },
  {
    id: "batch8/media-cgtn",
    title: "CGTN opens bureau in Baku",
    text: [
      "China Global Television Network (CGTN) has opened a bureau in Baku, the first by a Chinese broadcaster in the South Caucasus.",
      "Hikmat Hajiyev, assistant to the President of Azerbaijan for foreign policy affairs, attended the opening together with Xinhua News Agency correspondents. CGTN will broadcast reports from Azerbaijan, Georgia and Armenia.",
    ].join("\n\n"),
    // "China Global Television Network" names China too: watched places inside longer names count.
    watched: ["Azerbaijan", "China"],
    other: [
      ["China Global Television Network", "organization"],
      ["Baku", "place"],
      ["South Caucasus", "place"],
      ["Hikmat Hajiyev", "person"],
      ["Xinhua News Agency", "organization"],
      ["Georgia", "place"],
      ["Armenia", "place"],
    ],
  },
  {
    id: "batch8/sports-asian-games",
    title: "Azerbaijani wrestlers win three medals at Asian Games in Hangzhou",
    text: [
      "Azerbaijan's wrestlers won one gold and two bronze medals at the Asian Games in Hangzhou on Saturday.",
      "Haji Aliyev took gold in the 65 kg category, beating Takuto Otoguro of Japan in the final. Sports Minister Farid Gayibov congratulated the team.",
    ].join("\n\n"),
    watched: ["Azerbaijan"],
    other: [
      ["Asian Games", "event"],
      ["Hangzhou", "place"],
      ["Haji Aliyev", "person"],
      ["Takuto Otoguro", "person"],
      ["Japan", "place"],
      ["Farid Gayibov", "person"],
    ],
  },
  {
    id: "batch8/three-word-names",
    title: "Erdogan and Aliyev open gas pipeline to Nakhchivan",
    text: [
      "Turkish President Recep Tayyip Erdogan and President of Azerbaijan Ilham Aliyev opened the Igdir–Nakhchivan gas pipeline on Monday.",
      "The 85-kilometre pipeline was built by BOTAS and SOCAR. Erdogan said it would end Nakhchivan's dependence on gas from Iran.",
    ].join("\n\n"),
    watched: ["Ilham Aliyev", "Azerbaijan"],
    other: [
      ["Recep Tayyip Erdogan", "person"],
      ["Nakhchivan", "place"],
      ["Igdir", "place"],
      ["BOTAS", "organization"],
      ["SOCAR", "organization"],
      ["Iran", "place"],
    ],
  },
  {
    id: "batch8/bri-think-tank",
    title: "Think tank: BRI lending to Central Asia rebounds",
    text: [
      "Chinese lending under the Belt and Road Initiative to Central Asia and the South Caucasus rebounded in 2023, according to a report by the Griffith Asia Institute.",
      "Report author Christoph Nedopil Wang said Kazakhstan and Uzbekistan received most of the money, while Azerbaijan attracted investments in solar power.",
    ].join("\n\n"),
    watched: [bri, "Azerbaijan"],
    other: [
      ["Central Asia", "place"],
      ["South Caucasus", "place"],
      ["Griffith Asia Institute", "organization"],
      ["Christoph Nedopil Wang", "person"],
      ["Kazakhstan", "place"],
      ["Uzbekistan", "place"],
    ],
  },
  {
    id: "batch8/sco-observer-status",
    title: "Azerbaijan applies for SCO observer status",
    text: [
      "Azerbaijan has formally applied for observer status in the Shanghai Cooperation Organization, Foreign Ministry spokesman Aykhan Hajizada said on Tuesday.",
      "Hajizada said the application had been handed to the SCO Secretariat in Beijing. The organisation's next summit will be held in Kyrgyzstan.",
    ].join("\n\n"),
    watched: ["Azerbaijan", sco, "Beijing"],
    other: [
      ["Aykhan Hajizada", "person"],
      ["Kyrgyzstan", "place"],
      ["Foreign Ministry", "organization", "optional"],
    ],
  },
  {
    id: "batch8/yang-wanming-ganja",
    title: "Yang Wanming visits Ganja",
    text: [
      "CPAFFC President Yang Wanming, who is on a visit to Azerbaijan, travelled to Ganja on Friday, where he met Niyazi Bayramov, head of the Ganja City Executive Power.",
      "Yang visited the Imamzadeh complex and the Ganja branch of the Azerbaijan State Agricultural University.",
    ].join("\n\n"),
    watched: [
      "Yang Wanming",
      "Chinese People's Association for Friendship with Foreign Countries",
      "Azerbaijan",
    ],
    other: [
      ["Ganja", "place"],
      ["Niyazi Bayramov", "person"],
      ["Ganja City Executive Power", "organization"],
      ["Imamzadeh", "place"],
      ["Azerbaijan State Agricultural University", "organization"],
    ],
  },
];
