// A second batch of gold articles, written and labelled before the matcher was run on them, to see how the
// rules carry over to text they were not tuned on (README-entities gives the first-run score). Same annotation
// rules as gold.ts. Invented news texts in the style the monitor reads.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";
const bri = "Belt and Road Initiative";

export const secondBatch: readonly GoldArticle[] = [
  {
    id: "batch2/title-case-headline",
    title: "Azerbaijan And China Sign Agreement On Visa-Free Travel",
    text: [
      "Azerbaijan and China have signed an agreement on mutual visa exemption for holders of ordinary passports, the Ministry of Foreign Affairs of Azerbaijan announced on Saturday.",
      "The agreement was signed in Baku by Deputy Foreign Minister Elnur Mammadov and Chinese Vice Foreign Minister Sun Weidong. It will enter into force after ratification by the Milli Majlis and the National People's Congress.",
      "Tourist flows between the two countries grew by 40 percent last year, according to the State Tourism Agency.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China"],
    other: [
      ["Ministry of Foreign Affairs of Azerbaijan", "organization"],
      ["Baku", "place"],
      ["Elnur Mammadov", "person"],
      ["Sun Weidong", "person"],
      ["Milli Majlis", "organization"],
      ["National People's Congress", "organization"],
      ["State Tourism Agency", "organization"],
    ],
  },
  {
    id: "batch2/sco-secretary-general-after-name",
    title: "Zhang Ming: Azerbaijan's contribution to SCO events is significant",
    text: [
      "Zhang Ming, Secretary-General of the Shanghai Cooperation Organization, has praised Azerbaijan's contribution to the organization's cultural events, in an interview with Azertac in Beijing.",
      '"The exhibition of Azerbaijani carpets at the SCO Secretariat attracted many visitors," Zhang said, adding that the Heydar Aliyev Foundation had been a reliable partner.',
      "The SCO Secretary-General also noted that Azerbaijan's application for observer status would be discussed at the summit in Tianjin.",
    ].join("\n\n"),
    watched: ["Zhang Ming", "Azerbaijan", sco, "Beijing", "Heydar Aliyev Foundation"],
    other: [
      ["Azertac", "organization"],
      ["Tianjin", "place"],
    ],
  },
  {
    id: "batch2/cpaffc-provinces",
    title: "CPAFFC delegation visits Shaki and Gabala",
    text: [
      "A delegation of the CPAFFC headed by Vice President Yuan Min visited the northern regions of Azerbaijan this week.",
      "In Shaki, the guests toured the Palace of Shaki Khans, a UNESCO World Heritage site, and met representatives of the Shaki City Executive Power. In Gabala they discussed a partnership with Zhejiang province.",
      "Yuan said the association would help Azerbaijani towns find partners in China.",
    ].join("\n\n"),
    watched: [cpaffc, "Azerbaijan", "China"],
    other: [
      ["Shaki", "place"],
      ["Gabala", "place"],
      ["Yuan Min", "person"],
      ["Palace of Shaki Khans", "place"],
      ["UNESCO World Heritage|UNESCO", "organization"],
      ["Shaki City Executive Power", "organization"],
      ["Zhejiang", "place"],
    ],
  },
  {
    id: "batch2/bri-forum",
    title: "Azerbaijani minister attends Belt and Road Forum in Beijing",
    text: [
      "Minister of Digital Development and Transport Rashad Nabiyev took part in the third Belt and Road Forum for International Cooperation in Beijing on 17-18 October.",
      "Speaking at a panel on connectivity, Nabiyev said that Azerbaijan's railways and the Port of Baku had become key links of the BRI between China and Europe.",
      "He also met the chairman of China Railway Group, Chen Yun, and representatives of COSCO Shipping.",
    ].join("\n\n"),
    watched: [bri, "Beijing", "Azerbaijan", "China"],
    other: [
      ["Rashad Nabiyev", "person"],
      ["Port of Baku", "place|organization"],
      ["Europe", "place"],
      ["China Railway Group", "organization"],
      ["Chen Yun", "person"],
      ["COSCO Shipping", "organization"],
      ["Belt and Road Forum for International Cooperation", "event", "optional"],
    ],
  },
  {
    id: "batch2/ilham-aliyev-cop29",
    title: "Ilham Aliyev: COP29 showed that Azerbaijan can unite the world",
    text: [
      "President Ilham Aliyev said on Friday that COP29 had shown Azerbaijan's ability to bring together countries of the Global South and the developed world.",
      "Addressing the closing session in Baku, the head of state thanked UN Secretary-General Antonio Guterres and the presidents of the previous conference, held in Dubai.",
      "Aliyev also met Chinese Vice Premier Ding Xuexiang, who headed China's delegation. Ding conveyed the greetings of President Xi Jinping.",
    ].join("\n\n"),
    watched: ["Ilham Aliyev", "COP29", "Azerbaijan", "China", "Xi Jinping"],
    other: [
      ["Global South", "place", "optional"],
      ["Baku", "place"],
      ["Antonio Guterres", "person"],
      ["UN", "organization", "optional"],
      ["Dubai", "place"],
      ["Ding Xuexiang", "person"],
    ],
  },
  {
    id: "batch2/sco-energy-ministers",
    title: "SCO energy ministers meet in Bishkek",
    text: [
      "Energy ministers of the SCO member states met in Bishkek on Thursday to discuss power grid links and gas supplies.",
      "Azerbaijan was represented by Energy Minister Parviz Shahbazov, who spoke about electricity exports from the Caspian region to Europe via Georgia and the Black Sea.",
      "The meeting was chaired by Kyrgyzstan's Minister of Energy Taalaibek Ibraev. The next meeting will be held in Pakistan.",
    ].join("\n\n"),
    watched: [sco, "Azerbaijan"],
    other: [
      ["Bishkek", "place"],
      ["Parviz Shahbazov", "person"],
      ["Caspian", "place", "optional"],
      ["Europe", "place"],
      ["Georgia", "place"],
      ["Black Sea", "place"],
      ["Kyrgyzstan", "place"],
      ["Taalaibek Ibraev", "person"],
      ["Pakistan", "place"],
    ],
  },
  {
    id: "batch2/scotland-company-sco",
    title: "Scottish Chamber Orchestra names new principal conductor",
    text: [
      "The Scottish Chamber Orchestra has appointed Maxim Emelyanychev as its principal conductor until 2028, the orchestra said in Edinburgh on Tuesday.",
      "Emelyanychev, who was born in Nizhny Novgorod, first conducted the SCO in 2018. He will lead the orchestra on tours to Japan and the United States next season.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["Scottish Chamber Orchestra", "organization"],
      ["Maxim Emelyanychev", "person"],
      ["Edinburgh", "place"],
      ["Nizhny Novgorod", "place"],
      ["Japan", "place"],
      ["United States", "place"],
    ],
  },
  {
    id: "batch2/mehriban-aliyeva-foundation",
    title: "First Vice-President Mehriban Aliyeva visits restored school in Fuzuli",
    text: [
      "First Vice-President of Azerbaijan Mehriban Aliyeva has visited a school in Fuzuli that was rebuilt with the support of the Heydar Aliyev Foundation.",
      "She was accompanied by her daughter Leyla Aliyeva, vice-president of the Foundation. Education Minister Emin Amrullayev briefed them on the new curriculum.",
      "The school is one of 30 built in the Karabakh region since 2021.",
    ].join("\n\n"),
    watched: ["Mehriban Aliyeva", "Azerbaijan", "Heydar Aliyev Foundation"],
    other: [
      ["Fuzuli", "place"],
      ["Leyla Aliyeva", "person"],
      ["Emin Amrullayev", "person"],
      ["Karabakh", "place"],
    ],
  },
  {
    id: "batch2/trade-expo-shanghai",
    title: "Azerbaijani pavilion opens at China International Import Expo",
    text: [
      "The national pavilion of Azerbaijan opened at the seventh China International Import Expo in Shanghai on Tuesday. Thirty Azerbaijani companies, including Azersun Holding and Azerconnect, are showing their products.",
      "Economy Minister Mikayil Jabbarov, who opened the pavilion, met Shanghai Mayor Gong Zheng and invited Chinese investors to the Alat Free Economic Zone.",
    ].join("\n\n"),
    // "China International Import Expo" names China too: watched places inside longer names count.
    watched: ["Azerbaijan", "China"],
    other: [
      ["China International Import Expo", "event"],
      ["Shanghai", "place"],
      ["Azersun Holding", "organization"],
      ["Azerconnect", "organization"],
      ["Mikayil Jabbarov", "person"],
      ["Gong Zheng", "person"],
      ["Alat Free Economic Zone", "place|organization"],
    ],
  },
  {
    id: "batch2/russian-sco-summit",
    title: "Саммит ШОС пройдет в Тяньцзине",
    text: [
      "Очередной саммит Шанхайской организации сотрудничества пройдет в китайском городе Тяньцзинь, сообщил генеральный секретарь организации Чжан Мин.",
      "По его словам, Азербайджан примет участие в саммите в качестве партнера по диалогу. Председатель КНР Си Цзиньпин пригласил на встречу лидеров стран-партнеров.",
    ].join("\n\n"),
    watched: [sco, "Zhang Ming", "Azerbaijan", "China", "Xi Jinping"],
    other: [["Тяньцзинь", "place"]],
  },
  {
    id: "batch2/heydar-aliyev-center-events",
    title: "Chinese opera troupe performs at Heydar Aliyev Center",
    text: [
      "The Peking Opera troupe of the China National Peking Opera Company gave two performances at the Heydar Aliyev Center in Baku on the weekend.",
      "The tour was organised by the Embassy of China in Azerbaijan and the Ministry of Culture of Azerbaijan. Ambassador Lu Mei said the performances marked the 32nd anniversary of diplomatic relations.",
    ].join("\n\n"),
    watched: ["Heydar Aliyev Center", "China", "Azerbaijan"],
    other: [
      ["Peking Opera", "event|organization", "optional"],
      ["China National Peking Opera Company", "organization"],
      ["Baku", "place"],
      ["Embassy of China in Azerbaijan|Embassy of China", "organization"],
      ["Ministry of Culture of Azerbaijan", "organization"],
      ["Lu Mei", "person"],
    ],
  },
  {
    id: "batch2/no-watch-local",
    title: "Ganja hosts regional wrestling championship",
    text: [
      "More than 200 athletes from 12 countries are competing in the European Wrestling Championship for juniors, which opened at the Ganja Sports Palace on Monday.",
      "Sports Minister Farid Gayibov said the event would help young wrestlers prepare for the Olympic Games. Teams from Turkey, Georgia and Iran arrived on Sunday.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["Ganja", "place"],
      ["European Wrestling Championship", "event"],
      ["Ganja Sports Palace", "place"],
      ["Farid Gayibov", "person"],
      ["Olympic Games", "event"],
      ["Turkey|Türkiye", "place"],
      ["Georgia", "place"],
      ["Iran", "place"],
    ],
  },
  {
    id: "batch2/xi-aliyev-phone",
    title: "Xi Jinping, Aliyev hold phone talks",
    text: [
      "Chinese President Xi Jinping held a phone conversation with President of Azerbaijan Ilham Aliyev on Wednesday, Xinhua News Agency reported.",
      "Xi congratulated Aliyev on the 30th anniversary of Azerbaijan's national oil strategy and said China supported the Middle Corridor. Aliyev invited Xi to visit Baku.",
    ].join("\n\n"),
    watched: ["Xi Jinping", "Ilham Aliyev", "Azerbaijan", "China"],
    other: [
      ["Xinhua News Agency", "organization"],
      ["Middle Corridor", "place|event", "optional"],
      ["Baku", "place"],
    ],
  },
  {
    id: "batch2/pr-wire",
    title: "AzerTelecom and Huawei sign memorandum on data centre in Baku",
    text: [
      "BAKU, Azerbaijan, March 12, 2024 /EINPresswire.com/ -- AzerTelecom and Huawei Technologies have signed a memorandum of understanding to build a cloud data centre in Baku, the companies said.",
      "The memorandum was signed by AzerTelecom CEO Ilgar Nabiyev and Huawei Azerbaijan general manager Li Wei in the presence of officials of the Ministry of Digital Development and Transport.",
    ].join("\n\n"),
    watched: ["Azerbaijan"],
    other: [
      ["Baku", "place"],
      ["EINPresswire.com", "organization", "optional"],
      ["AzerTelecom", "organization"],
      ["Huawei Technologies", "organization"],
      ["Huawei", "organization", "optional"],
      ["Huawei Azerbaijan", "organization", "optional"],
      ["Ilgar Nabiyev", "person"],
      ["Li Wei", "person"],
      ["Ministry of Digital Development and Transport", "organization"],
    ],
  },
  {
    id: "batch2/lin-songtian-history",
    title: "Former CPAFFC head Lin Songtian recalls Baku visit",
    text: [
      "Lin Songtian, who led the Chinese People's Association for Friendship with Foreign Countries from 2020 to 2022, said in a book published this month that his talks with Anar Alakbarov in 2023 opened a new stage in ties with the Heydar Aliyev Foundation.",
      "Lin, a former ambassador to South Africa, writes that the Foundation's support for the Year of Azerbaijani Culture in China was decisive.",
    ].join("\n\n"),
    watched: ["Lin Songtian", cpaffc, "Anar Alakbarov", "Heydar Aliyev Foundation", "China"],
    other: [
      ["Baku", "place"],
      ["South Africa", "place"],
      ["Year of Azerbaijani Culture", "event", "optional"],
    ],
  },
];
