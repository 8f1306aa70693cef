// A fifth batch of gold articles, written and labelled before the matcher was run on them (after the fourth
// batch's fixes): page leftovers (photo credits, hashtags, share lines), dotted titles (Mr., Dr.), lowercase
// titles, captions, numbers inside names. README-entities gives its first-run score. Same rules as gold.ts.
import type { GoldArticle } from "./gold.ts";

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";

export const fifthBatch: readonly GoldArticle[] = [
  {
    id: "batch5/photo-credits",
    title: "Mehriban Aliyeva meets Chinese delegation",
    text: [
      "First Vice-President Mehriban Aliyeva has met a delegation led by Vice Chairwoman of the CPAFFC Hu Xiaoming.",
      "Photo: AZERTAC",
      "During the meeting, Ms. Aliyeva said the friendship between the peoples of Azerbaijan and China had deep roots. Hu Xiaoming conveyed greetings from CPAFFC President Yang Wanming.",
      "Share on Facebook | Share on X",
    ].join("\n\n"),
    watched: ["Mehriban Aliyeva", cpaffc, "Azerbaijan", "China", "Yang Wanming"],
    other: [
      ["Hu Xiaoming", "person"],
      ["AZERTAC", "organization"],
      ["Facebook", "organization", "optional"],
      ["X", "organization", "optional"],
    ],
  },
  {
    id: "batch5/mr-xi-dotted",
    title: "Mr. Xi and Mr. Aliyev agree to upgrade ties",
    text: [
      "Chinese leader Xi Jinping and Azerbaijani President Ilham Aliyev agreed on Wednesday to raise relations to a comprehensive strategic partnership.",
      "Mr. Xi said the two countries should work together within the SCO and the Conference on Interaction and Confidence Building Measures in Asia (CICA). Mr. Aliyev thanked Beijing for its support of the COP29 agenda.",
    ].join("\n\n"),
    watched: ["Xi Jinping", "Ilham Aliyev", sco, "Beijing", "COP29"],
    other: [["Conference on Interaction and Confidence Building Measures in Asia", "organization|event"]],
  },
  {
    id: "batch5/lowercase-titles",
    title: "president Aliyev receives credentials of new ambassadors",
    text: [
      "president Ilham Aliyev on Monday received the credentials of the newly appointed ambassadors of Brazil, Indonesia and Mongolia.",
      "The ambassador of Mongolia, Batbayar Ulziidelger, said his country wanted to join projects of the Middle Corridor. Aliyev recalled his meeting with Mongolian president Ukhnaagiin Khurelsukh in Samarkand.",
    ].join("\n\n"),
    watched: ["Ilham Aliyev", "Samarkand"],
    other: [
      ["Brazil", "place"],
      ["Indonesia", "place"],
      ["Mongolia", "place"],
      ["Batbayar Ulziidelger", "person"],
      ["Middle Corridor", "place|event", "optional"],
      ["Ukhnaagiin Khurelsukh", "person"],
    ],
  },
  {
    id: "batch5/hashtags",
    title: "Volunteers ready for COP29",
    text: [
      "More than 2,000 volunteers have completed training for #COP29, the organising committee said. Most of them are students of ADA University and Baku Higher Oil School.",
      "Follow us on Telegram for updates. #Azerbaijan #ClimateAction",
    ].join("\n\n"),
    watched: ["COP29", "Azerbaijan"],
    other: [
      ["ADA University", "organization"],
      ["Baku Higher Oil School", "organization"],
      ["Telegram", "organization", "optional"],
      ["ClimateAction", "event", "optional"],
    ],
  },
  {
    id: "batch5/caption-list",
    title: "Heydar Aliyev Foundation hosts charity gala",
    text: [
      "The Heydar Aliyev Foundation held a charity gala in Baku on Saturday to raise money for children with thalassemia.",
      "Among the guests were Leyla Aliyeva, Arzu Aliyeva, the ambassador of France Anne Boillon and the singer Sami Yusuf.",
      "(L-R) Leyla Aliyeva and Anne Boillon at the gala. Photo: Heydar Aliyev Foundation press service",
    ].join("\n\n"),
    watched: ["Heydar Aliyev Foundation"],
    other: [
      ["Baku", "place"],
      ["Leyla Aliyeva", "person"],
      ["Arzu Aliyeva", "person"],
      ["France", "place"],
      ["Anne Boillon", "person"],
      ["Sami Yusuf", "person"],
    ],
  },
  {
    id: "batch5/numbers-in-names",
    title: "Azerbaijan Airlines adds Airbus A320neo flights to Urumqi",
    text: [
      "Azerbaijan Airlines will add a third weekly flight to Urumqi in July using Airbus A320neo aircraft, the carrier said.",
      "The airline's Boeing 787 fleet will continue to serve Beijing. Passenger traffic between Baku and Xinjiang rose by 35 percent in 2024.",
    ].join("\n\n"),
    watched: ["Azerbaijan", "Beijing"],
    other: [
      ["Azerbaijan Airlines", "organization"],
      ["Urumqi", "place"],
      ["Airbus", "organization", "optional"],
      ["Boeing", "organization", "optional"],
      ["Baku", "place"],
      ["Xinjiang", "place"],
    ],
  },
  {
    id: "batch5/sco-rats-tashkent",
    title: "SCO anti-terror body elects new director",
    text: [
      "The Council of the Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation has elected Ularbek Sharsheev of Kyrgyzstan as its new director.",
      "Sharsheev, a former deputy head of the Kyrgyz security service, will take office in Tashkent in January. The SCO RATS coordinates the work of the member states' security agencies.",
    ].join("\n\n"),
    watched: [sco],
    other: [
      ["Council of the Regional Anti-Terrorist Structure", "organization"],
      ["Regional Anti-Terrorist Structure", "organization", "optional"],
      ["Ularbek Sharsheev", "person"],
      ["Kyrgyzstan", "place"],
      ["Tashkent", "place"],
      ["RATS", "organization", "optional"],
    ],
  },
  {
    id: "batch5/chinese-provinces",
    title: "Sichuan and Azerbaijan's Ganja sign sister-city memorandum",
    text: [
      "Officials from Chengdu, the capital of Sichuan province, and the Azerbaijani city of Ganja signed a memorandum on establishing sister-city relations.",
      "The document was signed by Chengdu mayor Wang Fengchao and Ganja governor Niyazi Bayramov in the presence of representatives of the Chinese People's Association for Friendship with Foreign Countries.",
    ].join("\n\n"),
    watched: ["Azerbaijan", cpaffc],
    other: [
      ["Sichuan", "place"],
      ["Ganja", "place"],
      ["Chengdu", "place"],
      ["Wang Fengchao", "person"],
      ["Niyazi Bayramov", "person"],
    ],
  },
  {
    id: "batch5/haydar-center-exhibition",
    title: "Haydar Aliyev Center hosts Zaha Hadid retrospective",
    text: [
      "A retrospective of the architect Zaha Hadid, who designed the building, opened at the Haydar Aliyev Center on Thursday.",
      "The exhibition was prepared with Zaha Hadid Architects and the Design Museum in London. The centre's director, Anar Alakbarov, said it would travel to Shanghai next year.",
    ].join("\n\n"),
    watched: ["Heydar Aliyev Center", "Anar Alakbarov"],
    other: [
      ["Zaha Hadid", "person"],
      ["Zaha Hadid Architects", "organization"],
      ["Design Museum", "organization|place"],
      ["London", "place"],
      ["Shanghai", "place"],
    ],
  },
  {
    id: "batch5/economy-figures",
    title: "China becomes Azerbaijan's third-largest trading partner",
    text: [
      "China has become Azerbaijan's third-largest trading partner after Italy and Turkey, data from the State Statistics Committee show.",
      "Trade with China reached 3.1 billion dollars in 2023. Deputy Prime Minister Shahin Mustafayev said the opening of the Alat port terminal and new rail links via Kazakhstan would raise the figure further.",
    ].join("\n\n"),
    watched: ["China", "Azerbaijan"],
    other: [
      ["Italy", "place"],
      ["Turkey|Türkiye", "place"],
      ["State Statistics Committee", "organization"],
      ["Shahin Mustafayev", "person"],
      ["Alat", "place"],
      ["Kazakhstan", "place"],
    ],
  },
];
