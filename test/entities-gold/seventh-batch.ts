// A seventh batch of gold articles, written and labelled before the matcher was run on them (after the sixth
// batch's fixes): a Russian and an Azerbaijani article with names outside the watchlist, acronym traps, and more
// officials. README-entities gives its first-run score. Same annotation rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";

export const seventhBatch: readonly GoldArticle[] = [
  {
    id: "batch7/russian-other-names",
    title: "Лавров и Байрамов обсудили ситуацию на Южном Кавказе",
    text: [
      "Министр иностранных дел России Сергей Лавров провел в Москве переговоры с главой МИД Азербайджана Джейхуном Байрамовым.",
      "Стороны обсудили подготовку к саммиту ШОС в Тяньцзине и транспортные проекты через Казахстан.",
    ].join("\n\n"),
    watched: ["Azerbaijan", sco],
    other: [
      ["Россия", "place"],
      ["Сергей Лавров", "person"],
      ["Москва", "place"],
      ["Джейхун Байрамов|Джейхуном Байрамовым", "person"],
      ["Тяньцзинь", "place"],
      ["Казахстан", "place"],
      ["Южный Кавказ|Южном Кавказе", "place", "optional"],
      ["МИД", "organization", "optional"],
      ["Лавров", "person", "optional"],
      ["Байрамов", "person", "optional"],
    ],
  },
  {
    id: "batch7/azerbaijani-other-names",
    title: "Heydər Əliyev Fondu Şəkidə məktəb açıb",
    text: [
      "Heydər Əliyev Fondunun dəstəyi ilə Şəkidə yeni məktəb binası istifadəyə verilib.",
      "Mərasimdə Təhsil naziri Emin Əmrullayev və Şəki Şəhər İcra Hakimiyyətinin başçısı iştirak edib. Məktəbdə Çin dili də tədris olunacaq.",
    ].join("\n\n"),
    watched: ["Heydar Aliyev Foundation", "China"],
    other: [
      ["Şəki", "place"],
      ["Emin Əmrullayev", "person"],
      ["Şəki Şəhər İcra Hakimiyyəti|Şəki Şəhər İcra Hakimiyyətinin", "organization", "optional"],
      ["Təhsil", "organization", "optional"],
    ],
  },
  {
    id: "batch7/sco-ticker-again",
    title: "Shares in SCO rise after takeover bid",
    text: [
      "Shares in SCO, the Swedish engineering group, rose 14 percent in Stockholm on Monday after Atlas Copco offered to buy the company for 2.1 billion euros.",
      "SCO chief executive Karin Lindqvist said the board would study the offer. The company employs 4,000 people in Sweden, Finland and Poland.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["SCO", "organization"],
      ["Stockholm", "place"],
      ["Atlas Copco", "organization"],
      ["Karin Lindqvist", "person"],
      ["Sweden", "place"],
      ["Finland", "place"],
      ["Poland", "place"],
    ],
  },
  {
    id: "batch7/sco-summit-tianjin",
    title: "Tianjin prepares for SCO summit",
    text: [
      "Tianjin is preparing to host the SCO summit on 31 August and 1 September, the city government said. More than 20 heads of state and leaders of ten international organisations are expected.",
      "Mayor Zhang Gong said that the Meijiang Convention and Exhibition Center had been renovated for the event. President Xi Jinping will chair the summit.",
    ].join("\n\n"),
    watched: [sco, "Xi Jinping"],
    other: [
      ["Tianjin", "place"],
      ["Zhang Gong", "person"],
      ["Meijiang Convention and Exhibition Center", "place|organization"],
    ],
  },
  {
    id: "batch7/cpaffc-friendship-award",
    title: "Azerbaijani scholar receives CPAFFC friendship award",
    text: [
      "Professor Nargiz Aliyeva of the Azerbaijan University of Languages has received the Friendship Ambassador award of the Chinese People's Association for Friendship with Foreign Countries.",
      "CPAFFC President Yang Wanming presented the award at a ceremony in Beijing. Aliyeva has translated works by Lu Xun and Mo Yan into Azerbaijani.",
    ].join("\n\n"),
    watched: [cpaffc, "Yang Wanming", "Beijing", "Azerbaijan"],
    other: [
      ["Nargiz Aliyeva", "person"],
      ["Azerbaijan University of Languages", "organization"],
      ["Friendship Ambassador", "event", "optional"],
      ["Lu Xun", "person"],
      ["Mo Yan", "person"],
    ],
  },
  {
    id: "batch7/energy-minister-visit",
    title: "Shahbazov holds talks with China's National Energy Administration",
    text: [
      "Energy Minister Parviz Shahbazov met Wang Hongzhi, head of the National Energy Administration of China, in Beijing on Wednesday.",
      "The two discussed the export of green electricity from Azerbaijan to Europe and the participation of Chinese companies in the Caspian–Black Sea–Europe Green Energy Corridor.",
    ].join("\n\n"),
    watched: ["China", "Beijing", "Azerbaijan"],
    other: [
      ["Parviz Shahbazov", "person"],
      ["Wang Hongzhi", "person"],
      ["National Energy Administration of China|National Energy Administration", "organization"],
      ["Europe", "place"],
      ["Caspian–Black Sea–Europe Green Energy Corridor", "place|event", "optional"],
      ["Black Sea", "place", "optional"],
      ["Caspian", "place", "optional"],
    ],
  },
  {
    id: "batch7/aliyev-shanghai-visit",
    title: "Ilham Aliyev visits Shanghai",
    text: [
      "President Ilham Aliyev, who is on a state visit to China, arrived in Shanghai on Friday. At Shanghai Pudong International Airport he was welcomed by Vice Mayor Hua Yuan.",
      "Aliyev visited the Shanghai Electric group and the Shanghai Cooperation Organization's youth centre. The head of state also met students of Fudan University.",
    ].join("\n\n"),
    watched: ["Ilham Aliyev", "China", sco],
    other: [
      ["Shanghai", "place"],
      ["Shanghai Pudong International Airport", "place"],
      ["Hua Yuan", "person"],
      ["Shanghai Electric", "organization"],
      ["Fudan University", "organization"],
    ],
  },
  {
    id: "batch7/new-organisation",
    title: "Azerbaijan and China set up joint logistics company",
    text: [
      "Azerbaijan Railways and China Railway Container Transport Corporation have set up a joint venture, Silk Way Logistics, to run container trains between Xi'an and Baku.",
      "The new company will be headed by Farid Guliyev, a former executive of ADY Container. Its first trains will run via Kazakhstan and the port of Aktau.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China"],
    other: [
      ["Azerbaijan Railways", "organization"],
      ["China Railway Container Transport Corporation", "organization"],
      ["Silk Way Logistics", "organization"],
      ["Xi'an", "place"],
      ["Baku", "place"],
      ["Farid Guliyev", "person"],
      ["ADY Container", "organization"],
      ["Kazakhstan", "place"],
      ["Aktau", "place"],
    ],
  },
];
