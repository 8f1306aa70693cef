// A fourth batch of gold articles, written and labelled before the matcher was run on them (after the third
// batch's fixes): longer features, interviews, police and business news, another "SCO", other organisations
// called "the Organization". README-entities gives its first-run score. Same annotation rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";

export const fourthBatch: readonly GoldArticle[] = [
  {
    id: "batch4/police-sco",
    title: "Senior officer cleared of misconduct",
    text: [
      "A senior investigating officer (SIO) from Police Scotland has been cleared of gross misconduct after a two-day hearing in Glasgow.",
      "Detective Chief Inspector Alan Reid was accused of failing to disclose evidence in a murder inquiry. The panel, chaired by Helen Morrison, found no case to answer. The Scottish Police Federation welcomed the decision.",
    ].join("\n\n"),
    watched: [],
    other: [
      ["Police Scotland", "organization"],
      ["Glasgow", "place"],
      ["Alan Reid", "person"],
      ["Helen Morrison", "person"],
      ["Scottish Police Federation", "organization"],
    ],
  },
  {
    id: "batch4/turkic-states-organization",
    title: "Organization of Turkic States summit opens in Shusha",
    text: [
      "Leaders of the Organization of Turkic States gathered in Shusha on Saturday for an informal summit hosted by President Ilham Aliyev.",
      "Turkish President Recep Tayyip Erdogan, Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev attended. The Organization's Secretary General Kubanychbek Omuraliev presented a report on transport links.",
      "Azerbaijan is also a dialogue partner of the Shanghai Cooperation Organization.",
    ].join("\n\n"),
    watched: [sco, "Ilham Aliyev", "Azerbaijan"],
    other: [
      ["Organization of Turkic States", "organization"],
      ["Shusha", "place"],
      ["Recep Tayyip Erdogan", "person"],
      ["Kassym-Jomart Tokayev", "person"],
      ["Shavkat Mirziyoyev", "person"],
      ["Kubanychbek Omuraliev", "person"],
    ],
  },
  {
    id: "batch4/interview",
    title: "Interview: 'Our ties with China have never been stronger'",
    text: [
      "Q: Mr Alakbarov, how would you describe relations between the Heydar Aliyev Foundation and Chinese partners?",
      "A: We have worked with the CPAFFC since 2017. Together we organised concerts in Beijing and Shanghai, and an exhibition of Azerbaijani miniatures at the National Museum of China.",
      "Q: What comes next?",
      "A: A festival of Chinese culture in Baku and Ganja next spring, and scholarships at Baku State University.",
    ].join("\n\n"),
    watched: ["China", "Anar Alakbarov", "Heydar Aliyev Foundation", cpaffc, "Beijing"],
    other: [
      ["Shanghai", "place"],
      ["National Museum of China", "organization|place"],
      ["Baku", "place"],
      ["Ganja", "place"],
      ["Baku State University", "organization"],
    ],
  },
  {
    id: "batch4/business-list",
    title: "Chinese firms win contracts for Baku metro extension",
    text: [
      "China Railway Construction Corporation and Power China have won contracts worth 380 million dollars to extend the Baku Metro, the Baku Metropolitan said on Wednesday.",
      "The tender was also contested by Turkey's Kolin and Italy's Webuild. The Asian Development Bank and the Islamic Development Bank will finance part of the project.",
      "Azerbaijan Railways chairman Rovshan Rustamov said the first trains would run in 2027.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan"],
    other: [
      ["China Railway Construction Corporation", "organization"],
      ["Power China", "organization"],
      ["Baku Metro", "organization|place"],
      ["Baku Metropolitan", "organization"],
      ["Turkey|Türkiye", "place"],
      ["Kolin", "organization"],
      ["Italy", "place"],
      ["Webuild", "organization"],
      ["Asian Development Bank", "organization"],
      ["Islamic Development Bank", "organization"],
      ["Azerbaijan Railways", "organization"],
      ["Rovshan Rustamov", "person"],
      ["Baku", "place", "optional"],
    ],
  },
  {
    id: "batch4/obituary",
    title: "Former ambassador Tamerlan Karayev dies at 71",
    text: [
      "Tamerlan Karayev, who served as Azerbaijan's ambassador to China from 2005 to 2012, has died in Baku at the age of 71, the Ministry of Foreign Affairs said.",
      "Born in Sheki, Karayev studied at Moscow State University and joined the diplomatic service in 1992. In Beijing he prepared the first visits of Heydar Aliyev's successor to China.",
      "President Ilham Aliyev expressed his condolences to the family.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China", "Beijing", "Ilham Aliyev", "Heydar Aliyev"],
    other: [
      ["Tamerlan Karayev", "person"],
      ["Baku", "place"],
      ["Ministry of Foreign Affairs", "organization"],
      ["Sheki", "place"],
      ["Moscow State University", "organization"],
    ],
  },
  {
    id: "batch4/all-caps-headline",
    title: "AZERBAIJAN, CHINA SIGN GREEN HYDROGEN DEAL",
    text: [
      "Azerbaijan's state energy company SOCAR and China's Sinopec signed an agreement on Monday to study green hydrogen production on the Absheron peninsula.",
      "SOCAR president Rovshan Najaf and Sinopec chairman Ma Yongsheng signed the document in Baku. The project could export hydrogen to Europe through Georgia and Turkey.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "China"],
    other: [
      ["SOCAR", "organization"],
      ["Sinopec", "organization"],
      ["Absheron", "place"],
      ["Rovshan Najaf", "person"],
      ["Ma Yongsheng", "person"],
      ["Baku", "place"],
      ["Europe", "place"],
      ["Georgia", "place"],
      ["Turkey|Türkiye", "place"],
    ],
  },
  {
    id: "batch4/sco-russian-names-english",
    title: "SCO defence ministers meet in Qingdao",
    text: [
      "Defence ministers of the Shanghai Cooperation Organisation met in Qingdao on Thursday. Chinese Defence Minister Dong Jun hosted the meeting.",
      "Russia's Andrei Belousov and India's Rajnath Singh attended in person, while Pakistan was represented by Khawaja Asif. The ministers adopted a joint communique on counter-terrorism.",
    ].join("\n\n"),
    watched: [sco],
    other: [
      ["Qingdao", "place"],
      ["Dong Jun", "person"],
      ["Russia", "place"],
      ["Andrei Belousov", "person"],
      ["India", "place"],
      ["Rajnath Singh", "person"],
      ["Pakistan", "place"],
      ["Khawaja Asif", "person"],
    ],
  },
  {
    id: "batch4/culture-festival",
    title: "Baku hosts Days of Chinese Culture",
    text: [
      "The Days of Chinese Culture opened at the Azerbaijan State Academic Opera and Ballet Theatre on Friday with a performance by the Shaanxi Song and Dance Theatre.",
      "The festival is organised by the Ministry of Culture and the Chinese embassy with the support of the Haydar Aliyev Foundation. Deputy Minister of Culture Vasif Eyvazzade said more than 300 artists would take part.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "Heydar Aliyev Foundation"],
    other: [
      ["Baku", "place"],
      ["Days of Chinese Culture", "event"],
      ["Azerbaijan State Academic Opera and Ballet Theatre", "organization|place"],
      ["Shaanxi Song and Dance Theatre", "organization"],
      ["Ministry of Culture", "organization"],
      ["Vasif Eyvazzade", "person"],
    ],
  },
  {
    id: "batch4/xi-visit-kazakhstan",
    title: "Xi begins Central Asia tour in Astana",
    text: [
      "Chinese President Xi Jinping arrived in Astana on Tuesday at the start of a tour that will also take him to Dushanbe for the SCO summit.",
      "Xi and Kazakh President Kassym-Jomart Tokayev are expected to sign agreements on oil, gas and a new railway crossing at Khorgos. Xi last visited Kazakhstan in 2022.",
    ].join("\n\n"),
    watched: ["Xi Jinping", sco],
    other: [
      ["Central Asia", "place"],
      ["Astana", "place"],
      ["Dushanbe", "place"],
      ["Kassym-Jomart Tokayev", "person"],
      ["Khorgos", "place"],
      ["Kazakhstan", "place"],
    ],
  },
  {
    id: "batch4/students-exchange",
    title: "Azerbaijani students to study in Chinese universities",
    text: [
      "Forty Azerbaijani students will study at Chinese universities this year under a scholarship programme of the Chinese Government, the Ministry of Science and Education said.",
      "The students will attend Peking University, Tsinghua University and Fudan University. The programme was agreed during the visit of Minister Emin Amrullayev to Beijing in March.",
    ].join("\n\n"),
    watched: ["Beijing"],
    other: [
      ["Chinese Government", "organization", "optional"],
      ["Ministry of Science and Education", "organization"],
      ["Peking University", "organization"],
      ["Tsinghua University", "organization"],
      ["Fudan University", "organization"],
      ["Emin Amrullayev", "person"],
    ],
  },
];
