// A sixth batch of gold articles, written and labelled before the matcher was run on them (after the fifth
// batch's fixes), in the style of the Azerbaijani wire services the monitor reads most: long ministry and state
// committee names, people named with their office after a comma, lists of countries and companies.
// README-entities gives its first-run score. Same annotation rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";
const bri = "Belt and Road Initiative";

export const sixthBatch: readonly GoldArticle[] = [
  {
    id: "batch6/state-committee",
    title: "Azerbaijan, China discuss cooperation in customs",
    text: [
      "Shahin Baghirov, Chairman of the State Customs Committee of Azerbaijan, met a delegation of the General Administration of Customs of China led by Deputy Minister Wang Lingjun in Baku.",
      "The sides discussed the electronic exchange of customs data and the simplification of procedures for cargo on the Trans-Caspian route. Baghirov said that cargo from China via Kazakhstan had grown by 60 percent.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China"],
    other: [
      ["Shahin Baghirov", "person"],
      ["State Customs Committee of Azerbaijan", "organization"],
      ["General Administration of Customs of China", "organization"],
      ["Wang Lingjun", "person"],
      ["Baku", "place"],
      ["Kazakhstan", "place"],
      ["Trans-Caspian", "place", "optional"],
    ],
  },
  {
    id: "batch6/aih-investment",
    title: "AIH and China's CNTIC sign agreement on industrial park",
    text: [
      "Azerbaijan Investment Holding (AIH) and China National Technical Import and Export Corporation (CNTIC) have signed an agreement to build an industrial park in the Alat Free Economic Zone.",
      "The agreement was signed by AIH chief executive Rufat Mammadov and CNTIC vice president Li Jian in the presence of Economy Minister Mikayil Jabbarov. The park is part of the Belt and Road cooperation between the two countries.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China", bri],
    other: [
      ["Azerbaijan Investment Holding", "organization"],
      ["China National Technical Import and Export Corporation", "organization"],
      ["Alat Free Economic Zone", "place|organization"],
      ["Rufat Mammadov", "person"],
      ["Li Jian", "person"],
      ["Mikayil Jabbarov", "person"],
    ],
  },
  {
    id: "batch6/sco-tourism",
    title: "Baku to host SCO tourism ministers' meeting",
    text: [
      "Baku will host a meeting of tourism ministers of the SCO member states in September, Fuad Naghiyev, chairman of the State Tourism Agency, told Report.",
      "Naghiyev said that Azerbaijan would present the tourist potential of Shusha, Gabala and Sheki. Representatives of the SCO Secretariat and of the World Tourism Organization will also attend.",
    ].join("\n\n"),
    watched: [sco, "Azerbaijan"],
    other: [
      ["Baku", "place"],
      ["Fuad Naghiyev", "person"],
      ["State Tourism Agency", "organization"],
      ["Report", "organization"],
      ["Shusha", "place"],
      ["Gabala", "place"],
      ["Sheki", "place"],
      ["World Tourism Organization", "organization"],
    ],
  },
  {
    id: "batch6/university-cooperation",
    title: "Baku State University opens Confucius Institute branch",
    text: [
      "Baku State University and Lanzhou University of China opened a new branch of the Confucius Institute in Sumgayit on Tuesday.",
      "BSU rector Elchin Babayev and Chinese Ambassador Lu Mei attended the ceremony. The institute has taught Chinese to more than 5,000 Azerbaijani students since 2011.",
    ].join("\n\n"),
    watched: ["China"],
    other: [
      ["Baku State University", "organization"],
      ["Lanzhou University|Lanzhou University of China", "organization"],
      ["Confucius Institute", "organization"],
      ["Sumgayit", "place"],
      ["Elchin Babayev", "person"],
      ["Lu Mei", "person"],
    ],
  },
  {
    id: "batch6/parliament",
    title: "Milli Majlis speaker meets Chinese parliamentary delegation",
    text: [
      "Speaker of the Milli Majlis Sahiba Gafarova met a delegation of the National People's Congress of China headed by Vice Chairman Xiao Jie.",
      "Gafarova said that the inter-parliamentary working group between Azerbaijan and China played an important role. Xiao Jie noted that President Xi Jinping and President Ilham Aliyev had set ambitious goals.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan", "Xi Jinping", "Ilham Aliyev"],
    other: [
      ["Milli Majlis", "organization"],
      ["Sahiba Gafarova", "person"],
      ["National People's Congress of China|National People's Congress", "organization"],
      ["Xiao Jie", "person"],
    ],
  },
  {
    id: "batch6/cpaffc-youth",
    title: "Azerbaijani youth delegation visits China at CPAFFC invitation",
    text: [
      "A delegation of young Azerbaijani diplomats visited Beijing, Xi'an and Chengdu at the invitation of the CPAFFC, the Ministry of Youth and Sports said.",
      "In Beijing the group met CPAFFC Vice President Jiang Jiang and visited the headquarters of the Shanghai Cooperation Organisation Secretariat.",
    ].join("\n\n"),
    watched: ["China", cpaffc, "Beijing", sco],
    other: [
      ["Xi'an", "place"],
      ["Chengdu", "place"],
      ["Ministry of Youth and Sports", "organization"],
      ["Jiang Jiang", "person"],
    ],
  },
  {
    id: "batch6/energy-list",
    title: "Chinese companies to build wind farms in Azerbaijan",
    text: [
      "China Energy Engineering Corporation, PowerChina and China Datang will build three wind farms with a total capacity of 1 gigawatt in the Absheron and Khizi districts, the Ministry of Energy said.",
      "The contracts were signed at the Baku Energy Week in the presence of Energy Minister Parviz Shahbazov and Chinese Ambassador Lu Mei.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan"],
    other: [
      ["China Energy Engineering Corporation", "organization"],
      ["PowerChina", "organization"],
      ["China Datang", "organization"],
      ["Absheron", "place"],
      ["Khizi", "place"],
      ["Ministry of Energy", "organization"],
      ["Baku Energy Week", "event"],
      ["Parviz Shahbazov", "person"],
      ["Lu Mei", "person"],
    ],
  },
  {
    id: "batch6/heydar-anniversary",
    title: "Heydar Aliyev's 101st anniversary marked in Beijing",
    text: [
      "An event marking the 101st anniversary of the birth of national leader Heydar Aliyev was held at the Embassy of Azerbaijan in Beijing.",
      "Ambassador Akram Zeynalli spoke about the role of Heydar Aliyev in establishing relations with China. Guests included representatives of the CPAFFC and of Peking University.",
    ].join("\n\n"),
    watched: ["Heydar Aliyev", "Azerbaijan", "Beijing", "China", cpaffc],
    other: [
      ["Embassy of Azerbaijan|Embassy of Azerbaijan in Beijing", "organization"],
      ["Akram Zeynalli", "person"],
      ["Peking University", "organization"],
    ],
  },
  {
    id: "batch6/sco-summit-astana-list",
    title: "Leaders sign Astana Declaration at SCO summit",
    text: [
      "The leaders of China, Russia, India, Iran, Kazakhstan, Kyrgyzstan, Pakistan, Tajikistan, Uzbekistan and Belarus signed the Astana Declaration on Thursday.",
      "Belarus joined the SCO as its tenth full member. Azerbaijani President Ilham Aliyev, Turkish President Recep Tayyip Erdogan and UN Secretary-General Antonio Guterres attended the SCO Plus meeting.",
    ].join("\n\n"),
    watched: ["China", sco, "Ilham Aliyev"],
    other: [
      ["Russia", "place"],
      ["India", "place"],
      ["Iran", "place"],
      ["Kazakhstan", "place"],
      ["Kyrgyzstan", "place"],
      ["Pakistan", "place"],
      ["Tajikistan", "place"],
      ["Uzbekistan", "place"],
      ["Belarus", "place"],
      ["Astana Declaration", "event", "optional"],
      ["Recep Tayyip Erdogan", "person"],
      ["Antonio Guterres", "person"],
      ["UN", "organization", "optional"],
      ["SCO Plus", "event", "optional"],
    ],
  },
  {
    id: "batch6/zhang-ming-interview-azertac",
    title: "SCO Secretary-General gives interview to AZERTAC",
    text: [
      "In an interview with AZERTAC, Secretary-General Zhang Ming said that the Shanghai Cooperation Organization valued Azerbaijan's role in connecting Asia and Europe.",
      "Zhang recalled his visits to Baku and the meetings with President Ilham Aliyev and Assistant to the President Anar Alakbarov.",
    ].join("\n\n"),
    watched: [sco, "Zhang Ming", "Azerbaijan", "Ilham Aliyev", "Anar Alakbarov"],
    other: [
      ["AZERTAC", "organization"],
      ["Asia", "place"],
      ["Europe", "place"],
      ["Baku", "place"],
    ],
  },
];
