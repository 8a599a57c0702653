/**
 * Deterministic generator of realistic referral datasets in the import contract of
 * `../shared/data-format.md`: an affiliate roster (`affiliates.csv`) and the weekly referral
 * activity (`referrals-YYYY-MM-DD.csv`, one file per week, or one `referrals.csv`).
 *
 * Pure logic plus streaming file writing: no database, no clock (the caller passes `endWeek`),
 * no `Math.random` (a seeded sfc32 generator). The same options give byte-identical files.
 *
 * The model, in short:
 * - affiliates: heavy-tailed sizes by type, a market (country + language + manager), a tenure
 *   of 2–30 months, a tier, 1–5 referral codes, and a *story* for the last weeks (steady,
 *   growing, declining, quiet, futures-drop) kept in the in-memory roster for the demo seed;
 * - invitees: weekly sign-ups following the affiliate's trajectory, plus older invitees still
 *   active; a funnel (verify → deposit → first trade) with day-level delays; traders with a
 *   weekly activity probability, a churn week and lognormal volumes; product adoption (Futures,
 *   Options, Earn, Web3 Wallet, Fiat) that differs per affiliate;
 * - a row for a week when the invitee registered, reached a funnel milestone (verified,
 *   first deposit, first trade) or had any activity in it. Funnel dates later than the row's
 *   week end are left blank (the export is a snapshot at that week's end).
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import path from "node:path";

// ---------------------------------------------------------------------------------------------
// Public constants and types
// ---------------------------------------------------------------------------------------------

/** Referral activity columns, in contract order. */
export const REFERRAL_COLUMNS = [
  "week_start",
  "affiliate_uid",
  "invitee_uid",
  "registered_at",
  "referral_code",
  "verified_at",
  "first_deposit_at",
  "first_trade_at",
  "country",
  "vip_level",
  "commission_type",
  "rebate_rate",
  "spot_volume_usd",
  "futures_volume_usd",
  "options_volume_usd",
  "fiat_volume_usd",
  "earn_balance_usd",
  "web3_wallet_active",
  "spot_commission_usd",
  "futures_commission_usd",
  "fees_usd",
] as const;

/** Affiliate roster columns, in contract order. */
export const AFFILIATE_COLUMNS = [
  "affiliate_uid",
  "name",
  "type",
  "country",
  "language",
  "joined_at",
  "tier",
  "manager_email",
  "email",
  "telegram",
  "website",
] as const;

export type DatasetProfile = "demo" | "scale";
export { AFFILIATE_TYPES, type AffiliateType } from "../../app/domain/enums";
import { AFFILIATE_TYPES, type AffiliateType } from "../../app/domain/enums";
export type Tier = "Bronze" | "Silver" | "Gold" | "Platinum";
/** The program tiers, lowest first. */
export const TIERS: readonly Tier[] = ["Bronze", "Silver", "Gold", "Platinum"];
export type StoryKind = "steady" | "growing" | "declining" | "quiet" | "futures-drop";

export interface DemoManager {
  email: string;
  name: string;
  region: string;
}

/** The four relationship managers of the demo; roster affiliates are split across them by market. */
export const DEMO_MANAGERS: readonly DemoManager[] = [
  { email: "maya.chen@desk.test", name: "Maya Chen", region: "Southeast Asia" },
  { email: "omar.haddad@desk.test", name: "Omar Haddad", region: "Europe, Middle East & Africa" },
  { email: "sofia.reyes@desk.test", name: "Sofia Reyes", region: "Latin America & Iberia" },
  { email: "kenji.watanabe@desk.test", name: "Kenji Watanabe", region: "East & South Asia" },
];

/** What happens to an affiliate in the dataset's last weeks (not in the CSV; for the demo seed). */
export interface AffiliateStory {
  kind: StoryKind;
  /** Monday of the first week of the change (`null` for steady). */
  since: string | null;
  /** One sentence a relationship manager would write about it. */
  summary: string;
}

/** One affiliate as generated (the roster row plus what the CSV does not carry). */
export interface RosterAffiliate {
  uid: string;
  name: string;
  type: AffiliateType;
  country: string;
  language: string;
  /** `YYYY-MM-DD`. For the two affiliates missing from the roster: the Monday of the first week they appear in. */
  joinedAt: string;
  tier: Tier;
  /** `null` = unassigned (blank in the CSV, or not in the roster at all). */
  managerEmail: string | null;
  email: string | null;
  telegram: string | null;
  website: string | null;
  /** The affiliate's referral codes, the default (most used) first. */
  referralCodes: string[];
  /** false for the two affiliates that appear only in the referral files (the import creates them unassigned). */
  inRoster: boolean;
  story: AffiliateStory;
  /** Relative size (share of sign-ups); heavy-tailed. */
  sizeWeight: number;
}

export interface RosterOptions {
  /** Monday (`YYYY-MM-DD`) starting the last reported week. */
  endWeek: string;
  profile?: DatasetProfile;
  /** Affiliates in the dataset, including the two that are missing from the roster file. */
  affiliates?: number;
  weeks?: number;
  seed?: string | number;
}

export interface DatasetOptions extends RosterOptions {
  outDir: string;
  /** Target number of referral rows (calibrated, ±a few %). Default: 1,000,000 for `scale`; unset for `demo`. */
  rows?: number;
  /** Target number of invitees, when `rows` is not given. Default 40,000 (demo). */
  invitees?: number;
  /** One `referrals.csv` instead of one file per week. Default: true for `scale`, false for `demo`. */
  singleFile?: boolean;
  /** Called after each week is written (for a progress bar). */
  onProgress?: (weeksDone: number, weeks: number, rows: number) => void;
}

export interface DatasetSummary {
  /** Paths written: `affiliates.csv` first, then the referral files in week order. */
  files: string[];
  /** Affiliates in the dataset (roster rows + the roster-less ones). */
  affiliates: number;
  /** Distinct invitees in the referral files. */
  invitees: number;
  /** Referral rows (header lines excluded). */
  rows: number;
  /** The Mondays reported, oldest first. */
  weeks: string[];
  endWeek: string;
}

export const DEFAULT_SEED = "affiliate-desk";

export const PROFILE_DEFAULTS = {
  demo: { affiliates: 150, weeks: 26, invitees: 40_000, rows: undefined as number | undefined, singleFile: false },
  scale: { affiliates: 2_400, weeks: 52, invitees: undefined as number | undefined, rows: 1_000_000, singleFile: true },
} as const;

/** Number of affiliates that appear in the referral files but not in the roster. */
export const ROSTERLESS_AFFILIATES = 2;

// ---------------------------------------------------------------------------------------------
// Dates (UTC epoch days)
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function toDay(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  const [y, m, d] = iso.split("-").map(Number);
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new Error(`not a calendar date: ${iso}`);
  }
  return ms / DAY_MS;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** `months` calendar months before `day` (UTC), the day of month clamped to the target month. */
function subMonthsDay(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

/**
 * The default `endWeek`: the Monday starting the last complete week (Monday–Sunday, UTC)
 * before `now`. Pure: the caller passes the clock.
 */
export function defaultEndWeek(now: Date): string {
  const today = Math.floor(now.getTime() / DAY_MS);
  return isoDay(today - weekday(today) - 7);
}

/** The `weeks` Mondays ending with `endWeek`, oldest first. Throws when `endWeek` is not a Monday. */
export function reportedWeeks(endWeek: string, weeks: number): string[] {
  const end = toDay(endWeek);
  if (weekday(end) !== 0) throw new Error(`endWeek must be a Monday: ${endWeek}`);
  return Array.from({ length: weeks }, (_, i) => isoDay(end - 7 * (weeks - 1 - i)));
}

/** Cached `YYYY-MM-DD` strings for epoch days. */
class DayStrings {
  private readonly cache: string[] = [];
  constructor(private readonly base: number) {}
  get(day: number): string {
    const i = day - this.base;
    if (i < 0 || i > 20_000) return isoDay(day);
    let s = this.cache[i];
    if (s === undefined) this.cache[i] = s = isoDay(day);
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG: sfc32 seeded by cyrb128 of a string
// ---------------------------------------------------------------------------------------------

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A small seeded random source (sfc32). Not cryptographic; deterministic across platforms. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Rounds `x` down or up at random so that the expectation is `x`. */
  round(x: number): number {
    const f = Math.floor(x);
    return f + (this.next() < x - f ? 1 : 0);
  }

  /** Weeks until an event of weekly probability `p` (0 = this week). */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Markets and word lists (all names fictional)
// ---------------------------------------------------------------------------------------------

interface Market {
  country: string;
  language: string;
  weight: number;
  manager: string;
  region: "asia" | "latam" | "emea" | "africa";
  cities: string[];
  people: string[];
  /** Local word for "crypto" in names. */
  crypto: string;
  /** Ready-made local names (native script or local language), used now and then for KOLs / creators. */
  local: string[];
  community: string[];
  creator: string[];
}

const MAYA = "maya.chen@desk.test";
const OMAR = "omar.haddad@desk.test";
const SOFIA = "sofia.reyes@desk.test";
const KENJI = "kenji.watanabe@desk.test";

const MARKETS: Market[] = [
  {
    country: "VN", language: "vi", weight: 12, manager: MAYA, region: "asia",
    cities: ["Saigon", "Hanoi", "Da Nang", "Hai Phong", "Can Tho"],
    people: ["Minh", "Linh", "Tuan", "Huong", "Quang", "Thao", "Duc", "Trang", "Khanh", "Phuong", "Bao", "Nam"],
    crypto: "Coin", local: ["Minh Đầu Tư", "Linh Tiền Số", "Góc Coin của Tuấn", "Tiền Số Mỗi Ngày"],
    community: ["Cộng Đồng Coin {city}", "{city} Crypto Hub"], creator: ["Học Coin cùng {p}", "{p} Coin Daily"],
  },
  {
    country: "BR", language: "pt-BR", weight: 11, manager: SOFIA, region: "latam",
    cities: ["Sao Paulo", "Rio", "Belo Horizonte", "Curitiba", "Recife", "Porto Alegre"],
    people: ["Bruno", "Ana", "Lucas", "Mariana", "Rafael", "Camila", "Thiago", "Juliana", "Pedro", "Beatriz"],
    crypto: "Cripto", local: ["Cripto com Ana", "Investidor Cripto", "Papo de Cripto", "Bitcoin sem Mistério"],
    community: ["Comunidade Cripto {city}", "Clube Bitcoin {city}"], creator: ["Cripto com {p}", "{p} Investe"],
  },
  {
    country: "TR", language: "tr", weight: 10, manager: OMAR, region: "emea",
    cities: ["Istanbul", "Ankara", "Izmir", "Bursa", "Antalya"],
    people: ["Kaan", "Elif", "Emre", "Zeynep", "Burak", "Selin", "Can", "Deniz", "Mert", "Aylin"],
    crypto: "Kripto", local: ["Kripto Rehberi", "Kripto Dünyası", "Borsa Sohbetleri", "Kripto Akademi"],
    community: ["{city} Kripto Kulübü", "Kripto Topluluğu {city}"], creator: ["{p} ile Kripto", "Kripto {p}"],
  },
  {
    country: "NG", language: "en", weight: 8, manager: OMAR, region: "africa",
    cities: ["Lagos", "Abuja", "Ibadan", "Port Harcourt", "Kano"],
    people: ["Chidi", "Amaka", "Tunde", "Ngozi", "Emeka", "Funmi", "Segun", "Ada", "Ife", "Kelechi"],
    crypto: "Crypto", local: ["Naija Crypto Talk", "Crypto Jollof", "Afro Blockchain Weekly"],
    community: ["{city} Crypto Hub", "{city} Blockchain Club"], creator: ["{p} Explains Crypto", "Crypto with {p}"],
  },
  {
    country: "IN", language: "en", weight: 12, manager: KENJI, region: "asia",
    cities: ["Mumbai", "Bengaluru", "Delhi", "Pune", "Hyderabad", "Chennai"],
    people: ["Arjun", "Priya", "Rohan", "Ananya", "Vikram", "Neha", "Karan", "Isha", "Aditya", "Meera"],
    crypto: "Crypto", local: ["Desi Crypto Club", "Crypto Chai", "Bharat Blockchain Bytes"],
    community: ["{city} Web3 Circle", "{city} Crypto Meetup"], creator: ["{p} on Chain", "Crypto Simplified by {p}"],
  },
  {
    country: "ES", language: "es", weight: 5, manager: SOFIA, region: "emea",
    cities: ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"],
    people: ["Javier", "Lucia", "Pablo", "Marta", "Diego", "Elena", "Sergio", "Carmen"],
    crypto: "Cripto", local: ["Cripto Fácil", "El Rincón Cripto", "Bitcoin en Español"],
    community: ["Comunidad Cripto {city}", "Club Cripto {city}"], creator: ["Cripto con {p}", "{p} Invierte"],
  },
  {
    country: "AR", language: "es", weight: 6, manager: SOFIA, region: "latam",
    cities: ["Buenos Aires", "Cordoba", "Rosario", "Mendoza"],
    people: ["Mateo", "Sofia", "Santiago", "Valentina", "Tomas", "Camila", "Facundo", "Julieta"],
    crypto: "Cripto", local: ["Cripto Argento", "Ahorro en Cripto", "Dólar Cripto Hoy"],
    community: ["Comunidad Cripto {city}", "Bitcoin Meetup {city}"], creator: ["Cripto con {p}", "{p} Cripto"],
  },
  {
    country: "ID", language: "id", weight: 8, manager: MAYA, region: "asia",
    cities: ["Jakarta", "Surabaya", "Bandung", "Medan", "Bali"],
    people: ["Budi", "Sari", "Agus", "Dewi", "Rizky", "Putri", "Eko", "Intan", "Fajar", "Ayu"],
    crypto: "Kripto", local: ["Belajar Kripto", "Kripto Pintar", "Cuan Kripto", "Dunia Kripto"],
    community: ["Komunitas Kripto {city}", "{city} Crypto Hub"], creator: ["Belajar Kripto {p}", "Kripto bersama {p}"],
  },
  {
    country: "PH", language: "en", weight: 7, manager: MAYA, region: "asia",
    cities: ["Manila", "Cebu", "Davao", "Quezon City"],
    people: ["Paolo", "Bea", "Migs", "Carla", "Jun", "Trish", "Enzo", "Kat"],
    crypto: "Crypto", local: ["Pinoy Crypto Guide", "Crypto Tambayan", "Barangay Blockchain"],
    community: ["{city} Crypto Tambayan", "{city} Blockchain Club"], creator: ["Crypto with {p}", "{p} Explains Crypto"],
  },
  {
    country: "RU", language: "ru", weight: 7, manager: OMAR, region: "emea",
    cities: ["Moscow", "Kazan", "Novosibirsk", "Yekaterinburg", "Samara"],
    people: ["Alexei", "Dmitri", "Olga", "Sergei", "Irina", "Nikita", "Anna", "Pavel"],
    crypto: "Kripto", local: ["Крипто Алексей", "Биткоин с Ольгой", "Дмитрий о крипте", "Крипто Клуб"],
    community: ["{city} Crypto Club", "Крипто сообщество"], creator: ["{p} Kripto", "Крипто Ирина"],
  },
  {
    country: "UA", language: "uk", weight: 5, manager: OMAR, region: "emea",
    cities: ["Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro"],
    people: ["Oleksandr", "Yulia", "Taras", "Oksana", "Bohdan", "Iryna", "Andriy", "Sofiia"],
    crypto: "Crypto", local: ["Крипто Тарас", "Оксана про крипту", "Крипто Львів"],
    community: ["{city} Crypto Hub", "{city} Blockchain Club"], creator: ["{p} on Chain", "Crypto with {p}"],
  },
  {
    country: "DE", language: "de", weight: 4, manager: OMAR, region: "emea",
    cities: ["Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt"],
    people: ["Jonas", "Lena", "Felix", "Marie", "Lukas", "Hannah", "Niklas", "Sophie"],
    crypto: "Krypto", local: ["Krypto Kompass", "Blockchain Stammtisch", "Krypto verstehen"],
    community: ["Krypto Stammtisch {city}", "{city} Bitcoin Meetup"], creator: ["Krypto mit {p}", "{p} erklärt Krypto"],
  },
  {
    country: "FR", language: "fr", weight: 4, manager: OMAR, region: "emea",
    cities: ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"],
    people: ["Hugo", "Camille", "Louis", "Chloé", "Antoine", "Manon", "Théo", "Léa"],
    crypto: "Crypto", local: ["La Crypto Simple", "Le Journal du Bloc", "Crypto à la française"],
    community: ["Club Crypto {city}", "{city} Bitcoin Meetup"], creator: ["La Crypto avec {p}", "{p} Crypto"],
  },
  {
    country: "JP", language: "ja", weight: 4, manager: KENJI, region: "asia",
    cities: ["Tokyo", "Osaka", "Fukuoka", "Nagoya", "Sapporo"],
    people: ["Kenta", "Yuki", "Haruto", "Aoi", "Ren", "Sakura", "Daiki", "Mio"],
    crypto: "Crypto", local: ["仮想通貨のケンタ", "ユキの投資ノート", "ビットコイン研究所"],
    community: ["{city} Crypto Club", "{city} Web3 Meetup"], creator: ["{p} on Chain", "Crypto Notes by {p}"],
  },
  {
    country: "KR", language: "ko", weight: 5, manager: KENJI, region: "asia",
    cities: ["Seoul", "Busan", "Incheon", "Daegu"],
    people: ["Minjun", "Jiwoo", "Seojun", "Hayoon", "Doyun", "Seoyeon", "Jihoon", "Yuna"],
    crypto: "Crypto", local: ["코인 민준", "지우의 코인일기", "블록체인 연구소"],
    community: ["{city} Crypto Club", "{city} Web3 Circle"], creator: ["{p} Crypto", "{p} on Chain"],
  },
  {
    country: "TH", language: "th", weight: 5, manager: MAYA, region: "asia",
    cities: ["Bangkok", "Chiang Mai", "Phuket", "Khon Kaen"],
    people: ["Somchai", "Nattapong", "Ploy", "Krit", "Siriporn", "Ton", "Mint", "Arthit"],
    crypto: "Crypto", local: ["คริปโต สมชาย", "เรียนคริปโต", "Siam Crypto Club"],
    community: ["{city} Crypto Club", "{city} Blockchain Hub"], creator: ["Crypto with {p}", "{p} Crypto Daily"],
  },
  {
    country: "PK", language: "ur", weight: 5, manager: KENJI, region: "asia",
    cities: ["Karachi", "Lahore", "Islamabad", "Faisalabad"],
    people: ["Ali", "Ayesha", "Hamza", "Fatima", "Bilal", "Sana", "Usman", "Zara"],
    crypto: "Crypto", local: ["Crypto Urdu", "Pak Crypto Guide", "Crypto Baithak"],
    community: ["{city} Crypto Circle", "{city} Blockchain Club"], creator: ["Crypto with {p}", "{p} Explains Crypto"],
  },
  {
    country: "MX", language: "es", weight: 6, manager: SOFIA, region: "latam",
    cities: ["CDMX", "Guadalajara", "Monterrey", "Puebla", "Tijuana"],
    people: ["Diego", "Ximena", "Emiliano", "Regina", "Alejandro", "Fernanda", "Rodrigo", "Daniela"],
    crypto: "Cripto", local: ["Cripto Mx", "Finanzas Cripto", "El Peso Cripto"],
    community: ["Comunidad Cripto {city}", "{city} Bitcoin Meetup"], creator: ["Cripto con {p}", "{p} Invierte"],
  },
];

/** Invitee countries outside the affiliate markets (spill-over). */
const OTHER_COUNTRIES = ["US", "GB", "AE", "SA", "EG", "KE", "ZA", "CO", "PE", "CL", "MY", "SG", "BD", "PL", "IT", "NL", "CA", "AU"];

const BRAND_A = ["Blue", "Nord", "Apex", "Silver", "Orbit", "Lumen", "Vector", "Summit", "Cobalt", "Atlas", "Pioneer", "Crescent", "Zenith", "Horizon", "Kestrel", "Beacon", "Cedar", "Quartz", "Coin", "Chain", "Block", "Token", "Bit", "Harbor", "Meridian", "Polar", "Amber", "Granite"];
const BRAND_B = ["line", "gate", "wave", "point", "stone", "bridge", "field", "path", "light", "works", "compass", "harbor", "scope", "nest", "forge", "wise", "rise", "lane", "peak", "view"];
const NETWORK_SUFFIX = ["Media", "Partners", "Network", "Performance", "Ads", "Digital", "Growth", "Affiliates"];
const REGION_TAG: Record<Market["region"], string[]> = {
  asia: ["Asia", "APAC", "SEA"],
  latam: ["LatAm", "Latino"],
  emea: ["EMEA", "Europe"],
  africa: ["Africa"],
};
const SITE_SUFFIX = ["Reviews", "News", "Guide", "Compare", "Academy", "Insider", ""];
const KOL_SUFFIX = ["Trades", "Charts", "Invests", "OnChain", "Daily", "Academy", "Insights", "Talks"];
const CREATOR_ADJ = ["Daily", "Weekly", "Honest", "Curious", "Patient", "Quiet", "Bright", "Careful"];
const CREATOR_NOUN = ["Ledger", "Block", "Chart", "Wallet", "Node", "Candle", "Vault"];
const COMMUNITY_EN = ["{city} Crypto Hub", "{city} Blockchain Club", "{city} DeFi Circle", "{city} Bitcoin Meetup", "{city} Traders Guild", "{city} Web3 Builders"];

const TYPE_WEIGHTS: Record<AffiliateType, number> = { affiliate: 22, kol: 35, network: 7, content_creator: 22, community: 14 };
/** Median relative size (sign-ups per week) by type; lognormal spread below. */
const TYPE_SIZE: Record<AffiliateType, [median: number, sigma: number]> = {
  network: [70, 0.7],
  affiliate: [7, 0.9],
  kol: [3, 0.9],
  content_creator: [4, 0.8],
  community: [5, 0.8],
};

// ---------------------------------------------------------------------------------------------
// Roster
// ---------------------------------------------------------------------------------------------

/** Simulation parameters of one affiliate (not exported: the public record is RosterAffiliate). */
interface AffiliateSim {
  uid: string;
  market: Market;
  pVerify: number;
  pDeposit: number;
  pTrade: number;
  futRate: number;
  optRate: number;
  earnRate: number;
  web3Rate: number;
  pFuturesType: number;
  /** Share of invitees from the affiliate's own market. */
  loyalty: number;
  /** Affiliate's share of spot fees (before the invitee's rebate) and of futures fees. */
  spotShare: number;
  futShare: number;
  codes: { code: string; rebate: number; weight: number }[];
  volBias: number;
  /** Per week: relative sign-ups, trading-activity factor, volume factor. */
  signup: Float64Array;
  act: Float64Array;
  vol: Float64Array;
  /** First week index of the quiet period (no trading), or `weeks`. */
  quietW: number;
  /** Week from which half of the Futures adopters stop, or `weeks`. */
  futDropW: number;
  /** Week index of joined_at (may be negative). */
  joinedW: number;
  joinedDay: number;
  sizeWeight: number;
  /** Expected invitees registered before the window and still active (relative units). */
  preWeight: number;
  isQuiet: boolean;
}

interface Resolved {
  profile: DatasetProfile;
  affiliates: number;
  weeks: number;
  seed: string;
  endWeek: string;
}

function resolve(opts: RosterOptions): Resolved {
  const profile = opts.profile ?? "demo";
  if (profile !== "demo" && profile !== "scale") throw new Error(`unknown profile: ${String(profile)}`);
  const d = PROFILE_DEFAULTS[profile];
  const affiliates = opts.affiliates ?? d.affiliates;
  const weeks = opts.weeks ?? d.weeks;
  if (!Number.isInteger(affiliates) || affiliates < 10) throw new Error(`affiliates must be an integer ≥ 10 (got ${affiliates})`);
  if (!Number.isInteger(weeks) || weeks < 4 || weeks > 260) throw new Error(`weeks must be an integer in 4–260 (got ${weeks})`);
  reportedWeeks(opts.endWeek, 1); // validates the Monday
  return { profile, affiliates, weeks, seed: String(opts.seed ?? DEFAULT_SEED), endWeek: opts.endWeek };
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slugify(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

function fill(template: string, market: Market, rng: Rng): string {
  return template.replace("{city}", rng.pick(market.cities)).replace("{p}", rng.pick(market.people));
}

function makeName(type: AffiliateType, market: Market, rng: Rng): { name: string; handle: string } {
  const person = rng.pick(market.people);
  const brand = rng.pick(BRAND_A) + rng.pick(BRAND_B);
  let name: string;
  let handle = "";
  switch (type) {
    case "network": {
      const suffix = rng.pick(NETWORK_SUFFIX);
      name = rng.chance(0.35) ? `${titleCase(brand)} ${suffix} ${rng.pick(REGION_TAG[market.region])}` : `${titleCase(brand)} ${suffix}`;
      handle = brand;
      break;
    }
    case "affiliate": {
      const r = rng.next();
      if (r < 0.6) name = `${titleCase(brand)} ${rng.pick(SITE_SUFFIX)}`.trim();
      else if (r < 0.8) name = `${rng.pick(market.cities)} ${market.crypto} ${rng.pick(["News", "Guide", "Reviews"])}`;
      else name = rng.pick(market.local);
      handle = brand;
      break;
    }
    case "kol": {
      const r = rng.next();
      if (r < 0.35) name = `${market.crypto} ${person}`;
      else if (r < 0.75) name = `${person}${rng.pick(KOL_SUFFIX)}`;
      else if (r < 0.88) name = `${person} ${rng.pick(["the Analyst", "Trades", "Invests", "on Chain"])}`;
      else name = rng.pick(market.local);
      handle = `${person}${rng.pick(["crypto", "trades", "onchain", "invests", ""])}${rng.int(1, 99)}`;
      break;
    }
    case "content_creator": {
      const r = rng.next();
      if (r < 0.45) name = fill(rng.pick(market.creator), market, rng);
      else if (r < 0.75) name = `The ${rng.pick(CREATOR_ADJ)} ${rng.pick(CREATOR_NOUN)}`;
      else if (r < 0.9) name = `${person} Explains Crypto`;
      else name = rng.pick(market.local);
      handle = `${person}${rng.pick(["tv", "channel", "explains", "notes"])}`;
      break;
    }
    case "community": {
      name = fill(rng.chance(0.5) ? rng.pick(market.community) : rng.pick(COMMUNITY_EN), market, rng);
      handle = `${rng.pick(market.cities)}${rng.pick(["crypto", "blockchain", "web3", "hodlers"])}`;
      break;
    }
  }
  // Contact handles follow the name when it is written in Latin script.
  const fromName = slugify(name);
  if (fromName.length >= 5) handle = type === "kol" && rng.chance(0.4) ? `${fromName}${rng.int(1, 99)}` : fromName;
  return { name, handle: slugify(handle) || slugify(person) };
}

const CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function makeCode(rng: Rng, used: Set<string>): string {
  for (;;) {
    let s = "";
    const len = rng.int(6, 8);
    for (let i = 0; i < len; i++) s += CODE_CHARS[Math.floor(rng.next() * CODE_CHARS.length)];
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
}

/** A uid of 8–10 digits; with probability `pZero` it starts with a zero. `used` holds length·10¹⁰ + value. */
function makeUid(rng: Rng, used: Set<number>, pZero: number): string {
  for (;;) {
    const len = rng.int(8, 10);
    const rest = Math.floor(rng.next() * 10 ** (len - 1));
    const value = rng.chance(pZero) ? rest : rng.int(1, 9) * 10 ** (len - 1) + rest;
    const key = len * 1e10 + value;
    if (!used.has(key)) {
      used.add(key);
      return String(value).padStart(len, "0");
    }
  }
}

const REBATES = [0, 0.05, 0.1, 0.1, 0.15, 0.2, 0.25];
const TIER_SHARES: Record<Tier, [spot: number, futures: number]> = {
  Bronze: [0.3, 0.2],
  Silver: [0.35, 0.25],
  Gold: [0.4, 0.3],
  Platinum: [0.5, 0.35],
};

interface BuiltRoster {
  roster: RosterAffiliate[];
  sims: AffiliateSim[];
  weeks: string[];
  r: Resolved;
}

function buildRoster(opts: RosterOptions): BuiltRoster {
  const r = resolve(opts);
  const weeks = reportedWeeks(r.endWeek, r.weeks);
  const W = r.weeks;
  const endDay = toDay(r.endWeek);
  const startDay = endDay - 7 * (W - 1);
  const rng = new Rng(`${r.seed}:roster`);
  const N = r.affiliates;
  const rosterN = N - ROSTERLESS_AFFILIATES;

  // Types: each once, the rest weighted; markets: each once (when there is room), the rest weighted.
  const typeList: readonly AffiliateType[] = AFFILIATE_TYPES;
  const types: AffiliateType[] = rng.shuffle([...typeList]);
  while (types.length < rosterN) types.push(typeList[rng.weighted(typeList.map((t) => TYPE_WEIGHTS[t]))]);
  rng.shuffle(types);
  const markets: Market[] = rng.shuffle([...MARKETS]).slice(0, Math.min(MARKETS.length, rosterN));
  while (markets.length < N) markets.push(MARKETS[rng.weighted(MARKETS.map((m) => m.weight))]);
  const marketOrder = rng.shuffle(markets.slice(0, rosterN)).concat(markets.slice(rosterN));

  const usedUids = new Set<number>();
  const usedNames = new Set<string>();
  const usedCodes = new Set<string>();
  const roster: RosterAffiliate[] = [];
  const sims: AffiliateSim[] = [];

  for (let i = 0; i < N; i++) {
    const inRoster = i < rosterN;
    const type: AffiliateType = inRoster ? types[i] : "affiliate";
    const market = marketOrder[i];
    const uid = makeUid(rng, usedUids, 0.12);
    let named = makeName(type, market, rng);
    for (let k = 0; usedNames.has(named.name) && k < 20; k++) named = makeName(type, market, rng);
    if (usedNames.has(named.name)) named = { ...named, name: `${named.name} ${usedNames.size}` };
    usedNames.add(named.name);

    // Tenure 2–28 months (+0–20 days) before endWeek, most matured; the roster-less ones start mid-window.
    let joinedDay: number;
    if (inRoster) {
      const months = rng.chance(0.16) ? rng.int(2, 5) : rng.int(6, 28);
      joinedDay = subMonthsDay(endDay, months) - rng.int(0, 20);
    } else {
      const back = i === rosterN ? Math.min(10, W - 2) : Math.min(6, W - 2);
      joinedDay = endDay - 7 * back;
    }
    const [median, sigma] = TYPE_SIZE[type];
    const sizeWeight = inRoster ? median * rng.lognormal(0, sigma) : rng.int(2, 4);

    const handle = named.handle.slice(0, 24) || `partner${uid.slice(-4)}`;
    const person = type === "kol" || type === "content_creator";
    const email = rng.chance(person ? 0.65 : 0.85) ? (person ? `${handle}@mail.example` : `partners@${handle}.example`) : null;
    const telegram = rng.chance(type === "network" || type === "affiliate" ? 0.45 : 0.8) ? `@${handle.length >= 5 ? handle : handle + "_tg"}` : null;
    const website =
      type === "network" || type === "affiliate"
        ? rng.chance(0.92) ? `https://${handle}.example` : null
        : type === "content_creator"
          ? rng.chance(0.6) ? `https://${handle}.example` : null
          : rng.chance(0.2) ? `https://${handle}.example` : null;

    roster.push({
      uid,
      name: named.name,
      type,
      country: market.country,
      language: market.language,
      joinedAt: isoDay(joinedDay),
      tier: "Bronze",
      managerEmail: inRoster ? market.manager : null,
      email,
      telegram,
      website,
      referralCodes: [],
      inRoster,
      story: { kind: "steady", since: null, summary: "" },
      sizeWeight: Math.round(sizeWeight * 100) / 100,
    });

    const joinedW = Math.floor((joinedDay - startDay) / 7);
    sims.push({
      uid,
      market,
      pVerify: 0.6 + 0.15 * rng.next(),
      pDeposit: 0.35 + 0.15 * rng.next(),
      pTrade: 0.6 + 0.2 * rng.next(),
      futRate: type === "kol" ? 0.3 + 0.3 * rng.next() : 0.15 + 0.3 * rng.next(),
      optRate: 0.02 + 0.06 * rng.next(),
      earnRate: 0.06 + 0.14 * rng.next(),
      web3Rate: 0.04 + 0.18 * rng.next(),
      pFuturesType: type === "kol" ? 0.1 + 0.2 * rng.next() : 0.03 + 0.1 * rng.next(),
      loyalty: type === "network" ? 0.55 + 0.2 * rng.next() : 0.8 + 0.17 * rng.next(),
      spotShare: 0.3,
      futShare: 0.2,
      codes: [],
      volBias: 0.4 * rng.normal(),
      signup: new Float64Array(W),
      act: new Float64Array(W),
      vol: new Float64Array(W),
      quietW: W,
      futDropW: W,
      joinedW,
      joinedDay,
      sizeWeight,
      preWeight: 0,
      isQuiet: false,
    });
  }

  // Tiers by size rank within the roster (with some noise); new partners are at most Silver.
  const ranked = roster
    .map((a, i) => ({ i, score: Math.log(sims[i].sizeWeight) + 0.5 * rng.normal() }))
    .filter(({ i }) => roster[i].inRoster)
    .sort((a, b) => b.score - a.score);
  ranked.forEach(({ i }, k) => {
    const q = k / ranked.length;
    let tier: Tier = q < 0.08 ? "Platinum" : q < 0.28 ? "Gold" : q < 0.62 ? "Silver" : "Bronze";
    if (endDay - sims[i].joinedDay < 182 && (tier === "Gold" || tier === "Platinum")) tier = "Silver";
    roster[i].tier = tier;
  });
  for (let i = 0; i < N; i++) {
    const s = sims[i];
    [s.spotShare, s.futShare] = TIER_SHARES[roster[i].tier];
    const nCodes = rng.weighted([30, 30, 20, 12, 8]) + 1;
    for (let k = 0; k < nCodes; k++) {
      const rebates = REBATES.filter((x) => x < s.spotShare);
      s.codes.push({ code: makeCode(rng, usedCodes), rebate: k === 0 ? rng.pick([0, 0.1, 0.1, 0.2]) : rng.pick(rebates), weight: k === 0 ? 5 : rng.next() + 0.2 });
    }
    roster[i].referralCodes = s.codes.map((c) => c.code);
  }

  // Three roster affiliates left unassigned (preferably recent joiners).
  const blanks = roster
    .map((a, i) => ({ i, key: (endDay - sims[i].joinedDay) + 400 * rng.next() }))
    .filter(({ i }) => roster[i].inRoster)
    .sort((a, b) => a.key - b.key)
    .slice(0, 3);
  for (const { i } of blanks) roster[i].managerEmail = null;

  // Stories. Candidates: matured (≥ 6 months) roster affiliates, by size.
  const matured = roster
    .map((a, i) => i)
    .filter((i) => roster[i].inRoster && endDay - sims[i].joinedDay >= 190 && roster[i].managerEmail !== null);
  const bySize = [...matured].sort((a, b) => sims[b].sizeWeight - sims[a].sizeWeight);
  const taken = new Set<number>();
  const take = (i: number | undefined, kind: StoryKind) => {
    if (i === undefined || taken.has(i)) return false;
    taken.add(i);
    roster[i].story.kind = kind;
    return true;
  };
  // Futures-drop: a mid/large non-network with a high futures adoption.
  const fdrop = bySize.slice(0, Math.max(3, Math.floor(bySize.length * 0.3))).find((i) => roster[i].type !== "network");
  take(fdrop ?? bySize[0], "futures-drop");
  // Quiet: two mid-size, non-network.
  const mid = bySize.slice(Math.floor(bySize.length * 0.2), Math.floor(bySize.length * 0.6)).filter((i) => roster[i].type !== "network");
  rng.shuffle(mid);
  let quiet = 0;
  for (const i of mid) if (quiet < 2 && take(i, "quiet")) quiet++;
  // Declining: ~7% (at least 2), one of them among the ten largest.
  const nDecl = Math.max(2, Math.round(rosterN * 0.07));
  let decl = 0;
  const big = bySize.slice(0, 10);
  rng.shuffle(big);
  for (const i of big) if (decl < 1 && take(i, "declining")) decl++;
  const rest = rng.shuffle([...matured]);
  for (const i of rest) if (decl < nDecl && take(i, "declining")) decl++;
  // Growing: ~15%, recent joiners first.
  const nGrow = Math.max(2, Math.round(rosterN * 0.15));
  const growCand = roster
    .map((a, i) => ({ i, key: sims[i].joinedDay + 200 * rng.next() }))
    .filter(({ i }) => roster[i].inRoster && !taken.has(i))
    .sort((x, y) => y.key - x.key)
    .map(({ i }) => i);
  let grow = 0;
  for (const i of growCand) if (grow < nGrow && take(i, "growing")) grow++;

  // Weekly curves.
  const market = new Float64Array(W);
  for (let w = 0; w < W; w++) market[w] = Math.exp(0.22 * Math.sin((2 * Math.PI * w) / 13 + 0.7) + 0.08 * rng.normal());
  for (let i = 0; i < N; i++) {
    const s = sims[i];
    const a = roster[i];
    let noise = 0;
    const kind = a.story.kind;
    const declW = W - Math.min(W - 2, rng.int(4, 8));
    const quietW = W - Math.min(W - 2, rng.int(2, 3));
    const dropW = W - Math.min(W - 2, rng.int(4, 6));
    for (let w = 0; w < W; w++) {
      noise = 0.6 * noise + 0.1 * rng.normal();
      let sign = Math.exp(noise);
      let act = 1;
      let vol = market[w] * Math.exp(0.5 * noise);
      const weekEnd = startDay + 7 * w + 6;
      if (weekEnd < s.joinedDay) sign = 0;
      else if (w - s.joinedW < 4) sign *= (w - s.joinedW + 1) / 5; // ramp-up after joining
      if (kind === "growing") {
        const t = W > 1 ? w / (W - 1) : 1;
        sign *= 0.6 + 1.3 * t;
        act = 0.9 + 0.25 * t;
      } else if (kind === "declining" && w >= declW) {
        const t = (w - declW + 1) / (W - declW);
        sign *= 1 - 0.75 * t;
        act = 1 - 0.7 * t;
        vol *= 1 - 0.4 * t;
      } else if (kind === "quiet" && w >= quietW - 2) {
        sign = w >= quietW ? 0 : sign * 0.3;
        act = w >= quietW ? 0 : 0.5;
      }
      s.signup[w] = sign;
      s.act[w] = act;
      s.vol[w] = vol;
    }
    if (kind === "futures-drop") {
      s.futRate = 0.55 + 0.15 * rng.next();
      s.futDropW = dropW;
    }
    if (kind === "quiet") {
      s.quietW = quietW;
      s.isQuiet = true;
    }
    // Older invitees still active: sign-ups before the window (up to two years) × retention.
    const preWeeks = Math.max(0, Math.min(104, -s.joinedW));
    s.preWeight = preWeeks * 0.07;

    const since = kind === "declining" ? weeks[declW] : kind === "quiet" ? weeks[quietW] : kind === "futures-drop" ? weeks[dropW] : kind === "growing" ? weeks[Math.max(0, Math.min(W - 1, s.joinedW))] : null;
    a.story.since = since;
    a.story.summary =
      kind === "declining"
        ? `Sign-ups and trading of ${a.name}'s invitees falling sharply since ${since} (about −70% by the last week).`
        : kind === "quiet"
          ? `${a.name} has gone quiet: no invitee traded since ${since}.`
          : kind === "futures-drop"
            ? `Half of ${a.name}'s Futures adopters stopped trading Futures from ${since}; spot is unchanged.`
            : kind === "growing"
              ? `${a.name} is growing steadily: weekly sign-ups roughly tripled over the period.`
              : `${a.name} is steady.`;
  }
  return { roster, sims, weeks, r };
}

/**
 * The affiliates of the dataset `generateDataset` writes with the same options, in memory,
 * including the two roster-less ones (`inRoster: false`) and each affiliate's story.
 */
export function demoRoster(opts: RosterOptions): RosterAffiliate[] {
  return buildRoster(opts).roster;
}

// ---------------------------------------------------------------------------------------------
// CSV writing
// ---------------------------------------------------------------------------------------------

function csvCell(v: string | null): string {
  if (v === null) return "";
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

function rateText(r: number, percent: boolean): string {
  return percent ? `${Math.round(r * 1000) / 10}%` : String(r);
}

/**
 * A buffered file writer: bytes go into 1 MiB buffers handed to a write stream, waiting for
 * `drain` when the stream is full (backpressure). Referral rows are written field by field
 * straight into the buffer (ASCII, no intermediate strings); roster lines as UTF-8 strings.
 * Writes to a temp file renamed on close, so a reader never sees a half-written file.
 */
class FileSink {
  private static readonly SIZE = 1 << 20;
  private buf = Buffer.allocUnsafe(FileSink.SIZE);
  private off = 0;
  private readonly stream;
  private readonly tmp: string;
  constructor(readonly file: string) {
    this.tmp = `${file}.tmp-${process.pid}`;
    this.stream = createWriteStream(this.tmp, { highWaterMark: 4 * FileSink.SIZE });
  }
  /** Appends a UTF-8 line; returns a promise only when the stream is full (await it before going on). */
  line(s: string): Promise<void> | undefined {
    const max = 3 * s.length + 1;
    if (max > FileSink.SIZE) {
      const p = this.flush();
      this.stream.write(Buffer.from(s + "\n", "utf8"));
      return p;
    }
    const p = this.room(max);
    this.off += this.buf.write(s, this.off, "utf8");
    this.buf[this.off++] = 10;
    return p;
  }
  /** Makes room for `n` more bytes; returns a promise only when the stream is full. */
  room(n: number): Promise<void> | undefined {
    return this.off + n > FileSink.SIZE ? this.flush() : undefined;
  }
  /** Appends an ASCII string (the caller made room). */
  ascii(s: string): void {
    const b = this.buf;
    let o = this.off;
    for (let i = 0; i < s.length; i++) b[o++] = s.charCodeAt(i);
    this.off = o;
  }
  byte(c: number): void {
    this.buf[this.off++] = c;
  }
  /** Appends a non-negative integer in decimal. */
  uint(n: number): void {
    const b = this.buf;
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let o = this.off + digits;
    this.off = o;
    do {
      const q = Math.floor(n / 10);
      b[--o] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }
  /** Appends integer cents (≥ 0) as `123.45`. */
  money(c: number): void {
    const w = Math.floor(c / 100);
    const f = c - w * 100;
    this.uint(w);
    const b = this.buf;
    b[this.off++] = 46;
    b[this.off++] = 48 + Math.floor(f / 10);
    b[this.off++] = 48 + (f % 10);
  }
  private flush(): Promise<void> | undefined {
    if (this.off === 0) return undefined;
    const chunk = this.buf.subarray(0, this.off);
    this.buf = Buffer.allocUnsafe(FileSink.SIZE);
    this.off = 0;
    if (!this.stream.write(chunk)) return once(this.stream, "drain").then(() => undefined);
    return undefined;
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    await rename(this.tmp, this.file);
  }
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Invitees and the weekly simulation
// ---------------------------------------------------------------------------------------------

const NONE = 1e9;

interface Invitee {
  uid: string;
  aff: number;
  regDay: number;
  regW: number;
  verDay: number;
  depDay: number;
  trdDay: number;
  verW: number;
  depW: number;
  trdW: number;
  code: string;
  rebate: number;
  rebateText: string;
  country: string;
  vip: number;
  vipUpW: number;
  futuresType: boolean;
  mu: number;
  pActive: number;
  churnW: number;
  fut: boolean;
  futOnly: boolean;
  futStopW: number;
  opt: boolean;
  fiatP: number;
  earnBal: number;
  earnStartW: number;
  earnEndW: number;
  web3P: number;
  web3StartW: number;
  rebindW: number;
  rebindAff: number;
  rebindCode: string;
  rebindRebate: number;
  rebindRebateText: string;
  /** After this week: no more Fiat or Web3 Wallet use (the account went dormant). */
  dormantW: number;
  /** Last week in which the invitee can have a row (for pruning the live list). */
  lastW: number;
  /** Cached row fragments: `affiliate_uid,invitee_uid,registered_at,referral_code` and `country,vip,type,rebate`. */
  head: string;
  tail: string;
  seen: boolean;
}

const VIP_SPOT_FEE = [0.001, 0.0009, 0.0008, 0.00042, 0.00042, 0.00036, 0.0003, 0.00024, 0.00018, 0.00012];
const VIP_FUT_FEE = [0.0004, 0.00036, 0.00032, 0.0003, 0.00028, 0.00025, 0.00022, 0.0002, 0.00017, 0.00017];

function funnelDelay(rng: Rng, steps: readonly (readonly [p: number, lo: number, hi: number])[]): number {
  let r = rng.next();
  for (const [p, lo, hi] of steps) {
    if (r < p) return rng.int(lo, hi);
    r -= p;
  }
  const last = steps[steps.length - 1];
  return rng.int(last[1], last[2]);
}
const VERIFY_DELAY = [[0.45, 0, 0], [0.35, 1, 3], [0.15, 4, 14], [0.05, 15, 60]] as const;
const DEPOSIT_DELAY = [[0.35, 0, 0], [0.3, 1, 3], [0.25, 4, 14], [0.1, 15, 45]] as const;
const TRADE_DELAY = [[0.55, 0, 0], [0.25, 1, 3], [0.2, 4, 21]] as const;

interface SimContext {
  built: BuiltRoster;
  startDay: number;
  W: number;
}

function pickCode(rng: Rng, s: AffiliateSim): { code: string; rebate: number } {
  const i = rng.weighted(s.codes.map((c) => c.weight));
  return s.codes[i];
}

function createInvitees(ctx: SimContext, target: number): Invitee[] {
  const { built, startDay, W } = ctx;
  const { sims, r } = built;
  const rng = new Rng(`${r.seed}:invitees`);
  const usedUids = new Set<number>(sims.map((s) => s.uid.length * 1e10 + Number(s.uid)));
  const N = sims.length;

  let total = 0;
  for (const s of sims) {
    let sum = s.preWeight;
    for (let w = 0; w < W; w++) sum += s.signup[w];
    total += s.sizeWeight * sum;
  }
  const k = total > 0 ? target / total : 0;
  const rebindTargets = sims.map((s, i) => i).filter((i) => !sims[i].isQuiet);
  const invitees: Invitee[] = [];

  const make = (a: number, regDay: number, pre: boolean): Invitee => {
    const s = sims[a];
    const regW = Math.floor((regDay - startDay) / 7);
    let verDay = NONE,
      depDay = NONE,
      trdDay = NONE;
    let earnOnly = false;
    if (pre) {
      // Still active after months: converted long ago; most trade, a few only hold Earn.
      verDay = regDay + funnelDelay(rng, VERIFY_DELAY);
      depDay = verDay + funnelDelay(rng, DEPOSIT_DELAY);
      if (rng.chance(0.85)) trdDay = depDay + funnelDelay(rng, TRADE_DELAY);
      else earnOnly = true;
      const limit = startDay - 1;
      verDay = Math.min(verDay, limit);
      depDay = Math.min(depDay, limit);
      if (trdDay !== NONE) trdDay = Math.min(trdDay, limit);
    } else if (rng.chance(s.pVerify)) {
      verDay = regDay + funnelDelay(rng, VERIFY_DELAY);
      if (rng.chance(s.pDeposit)) {
        depDay = verDay + funnelDelay(rng, DEPOSIT_DELAY);
        if (rng.chance(s.pTrade)) trdDay = depDay + funnelDelay(rng, TRADE_DELAY);
      }
    }
    // A quiet affiliate's invitees make no first trade during the quiet weeks (nor after).
    if (trdDay !== NONE && Math.floor((trdDay - startDay) / 7) >= s.quietW) trdDay = NONE;
    // ~0.15% of invitees carry funnel dates out of order (a legit warning in real exports).
    if (verDay !== NONE && !pre && rng.chance(0.0015)) {
      const kind = rng.int(0, 2);
      if (kind === 0 || depDay === NONE) verDay = regDay - rng.int(1, 3);
      else if (kind === 1 || trdDay === NONE) depDay = verDay - rng.int(1, 2);
      else trdDay = depDay - 1;
    }

    const codeBlank = rng.chance(0.03);
    const c = codeBlank ? null : pickCode(rng, s);
    const countryRoll = rng.next();
    const country =
      countryRoll < s.loyalty ? s.market.country : countryRoll < 0.995 ? (rng.chance(0.5) ? rng.pick(MARKETS).country : rng.pick(OTHER_COUNTRIES)) : "";
    const mu = Math.log(350) + 1.3 * rng.normal() + s.volBias;
    const vipScore = mu - Math.log(350) + 0.6 * rng.normal();
    const vip = vipScore < 1.75 ? 0 : vipScore < 2.4 ? 1 : vipScore < 3.1 ? 2 : Math.min(9, 3 + Math.floor((vipScore - 3.1) * 1.6));
    const futuresType = rng.chance(s.pFuturesType);
    const trader = trdDay !== NONE;
    const fut = trader && rng.chance(Math.min(0.95, s.futRate * (futuresType ? 2.5 : 1)));
    const futOnly = fut && rng.chance(futuresType ? 0.4 : 0.1);
    const trdW = trader ? Math.floor((trdDay - startDay) / 7) : NONE;
    const churnFrom = trader ? Math.max(trdW, 0) : 0;
    const hazard = 0.02 + 0.08 * rng.next();
    const u = rng.next();
    const inv: Invitee = {
      uid: makeUid(rng, usedUids, 0.01),
      aff: a,
      regDay,
      regW,
      verDay,
      depDay,
      trdDay,
      verW: verDay === NONE ? NONE : Math.floor((verDay - startDay) / 7),
      depW: depDay === NONE ? NONE : Math.floor((depDay - startDay) / 7),
      trdW,
      code: c ? c.code : "",
      rebate: c ? c.rebate : 0,
      rebateText: c ? rateText(c.rebate, rng.chance(0.02)) : "",
      country,
      vip,
      vipUpW: trader && vip < 9 && rng.chance(0.03) ? rng.int(0, W - 1) : NONE,
      futuresType,
      mu,
      pActive: pre ? 0.25 + 0.7 * Math.pow(u, 0.8) : 0.08 + 0.85 * Math.pow(u, 1.3),
      churnW: trader ? churnFrom + rng.geometric(hazard) : -1,
      fut,
      futOnly,
      futStopW: fut && rng.chance(0.5) ? s.futDropW : NONE,
      opt: trader && rng.chance(s.optRate),
      fiatP: depDay !== NONE ? 0.02 + 0.05 * rng.next() : 0,
      earnBal: 0,
      earnStartW: NONE,
      earnEndW: NONE,
      web3P: 0,
      web3StartW: NONE,
      rebindW: -1,
      rebindAff: a,
      rebindCode: "",
      rebindRebate: 0,
      rebindRebateText: "",
      dormantW: NONE,
      lastW: NONE,
      head: "",
      tail: "",
      seen: false,
    };
    if (depDay !== NONE && (earnOnly || rng.chance(s.earnRate))) {
      inv.earnBal = rng.lognormal(Math.log(600), 1.4);
      inv.earnStartW = Math.floor((depDay + rng.int(0, 60) - startDay) / 7);
      if (earnOnly) inv.earnStartW = Math.min(inv.earnStartW, rng.int(0, W - 1));
      inv.earnEndW = rng.chance(0.35) ? inv.earnStartW + rng.int(2, 20) : NONE;
    }
    if (verDay !== NONE && rng.chance(s.web3Rate)) {
      inv.web3P = 0.15 + 0.5 * rng.next();
      inv.web3StartW = Math.floor((verDay + rng.int(0, 30) - startDay) / 7);
    }
    // Re-binding (~0.05% of invitees): a trader moves to another affiliate mid-window.
    if (trader && !s.isQuiet && rng.chance(0.0025) && rebindTargets.length > 1) {
      const lo = Math.max(trdW + 2, 2);
      const hi = W - 2;
      if (lo <= hi) {
        const sameMarket = rebindTargets.filter((j) => j !== a && sims[j].market === s.market && sims[j].joinedW < lo);
        const pool = sameMarket.length && rng.chance(0.6) ? sameMarket : rebindTargets.filter((j) => j !== a && sims[j].joinedW < lo);
        if (pool.length) {
          const to = rng.pick(pool);
          const nc = pickCode(rng, sims[to]);
          inv.rebindW = rng.int(lo, hi);
          inv.rebindAff = to;
          inv.rebindCode = nc.code;
          inv.rebindRebate = nc.rebate;
          inv.rebindRebateText = rateText(nc.rebate, false);
          inv.churnW = Math.max(inv.churnW, inv.rebindW + 2);
          inv.futStopW = NONE;
        }
      }
    }
    // Dormancy: Fiat and Web3 Wallet use stop some weeks after trading stops (or after the funnel ends).
    if (trader) inv.dormantW = inv.churnW + rng.geometric(0.35);
    else if (verDay !== NONE) inv.dormantW = Math.max(inv.verW, depDay === NONE ? 0 : inv.depW) + rng.geometric(0.12);
    else inv.dormantW = regW;
    let last = Math.max(regW, inv.dormantW, trader ? inv.churnW : -1);
    for (const m of [inv.verW, inv.depW, inv.trdW]) if (m !== NONE) last = Math.max(last, m);
    if (inv.earnBal > 0) last = Math.max(last, inv.earnEndW === NONE ? NONE : inv.earnEndW - 1);
    inv.lastW = last;
    return inv;
  };

  for (let a = 0; a < N; a++) {
    const s = sims[a];
    const scale = k * s.sizeWeight;
    // Older invitees, registered before the window (after the affiliate joined), still active.
    const pre = rng.round(scale * s.preWeight);
    if (pre > 0) {
      const lo = Math.max(s.joinedDay, startDay - 7 * 104);
      const hi = startDay - 1;
      const regs: number[] = [];
      for (let n = 0; n < pre; n++) regs.push(hi - Math.floor((hi - lo) * Math.pow(rng.next(), 1.6)));
      regs.sort((x, y) => x - y);
      for (const d of regs) invitees.push(make(a, d, true));
    }
    for (let w = 0; w < W; w++) {
      let n = rng.round(scale * s.signup[w]);
      const weekStart = startDay + 7 * w;
      const firstDay = Math.max(weekStart, s.joinedDay);
      if (firstDay > weekStart + 6) continue;
      if (!built.roster[a].inRoster && w === s.joinedW) n = Math.max(n, 2); // first appearance = joined week
      const regs: number[] = [];
      for (let m = 0; m < n; m++) regs.push(rng.int(firstDay, weekStart + 6));
      regs.sort((x, y) => x - y);
      for (const d of regs) invitees.push(make(a, d, false));
    }
  }
  return invitees;
}

/** Receives the rows of one week; `null` = count only. */
type WeekSink = FileSink | null;

/** Runs the weekly simulation, week by week, over the invitees that can still have a row. */
class Simulation {
  private live: Invitee[] = [];
  /** Invitees by the first week they can appear in (pre-window ones in week 0). */
  private readonly starting: Invitee[][];
  private readonly rng: Rng;
  private readonly days: DayStrings;

  constructor(
    private readonly ctx: SimContext,
    invitees: Invitee[],
  ) {
    this.starting = Array.from({ length: ctx.W }, () => []);
    for (const v of invitees) this.starting[Math.max(0, v.regW)].push(v);
    this.rng = new Rng(`${ctx.built.r.seed}:activity`);
    this.days = new DayStrings(ctx.startDay - 2000);
  }

  /** Simulates week `w` (call in order 0, 1, …) and sends its rows to `sink`; returns the row count. */
  async week(w: number, sink: WeekSink): Promise<number> {
    const { ctx, rng, days } = this;
    const { sims, roster: aff } = ctx.built;
    const weekStart = ctx.startDay + 7 * w;
    const weekEnd = weekStart + 6;
    const weekText = days.get(weekStart) + ",";
    const live = this.live.concat(this.starting[w]);
    const next: Invitee[] = [];
    let rows = 0;
    for (let i = 0; i < live.length; i++) {
      const v = live[i];
      if (v.lastW > w) next.push(v);
      const moved = v.rebindW >= 0 && w >= v.rebindW;
      const a = moved ? v.rebindAff : v.aff;
      const s = sims[a];

      const milestone = v.regW === w || v.verW === w || v.depW === w || v.trdW === w;
      const forced = v.rebindW >= 0 && (w === v.rebindW || w === v.rebindW - 1);
      let spot = 0,
        fut = 0,
        opt = 0,
        fiat = 0,
        earn = 0,
        web3 = 0;
      if (v.trdW <= w && w <= v.churnW && w < s.quietW) {
        const trading = v.trdW === w || forced || rng.next() < v.pActive * s.act[w];
        if (trading) {
          const vf = s.vol[w];
          if (!v.futOnly) spot = Math.max(500, Math.round(Math.exp(v.mu + 0.9 * rng.normal()) * vf * 100));
          if (v.fut && w < v.futStopW && (v.futOnly || rng.next() < 0.7)) {
            fut = Math.max(500, Math.round(Math.exp(v.mu + 1.7 + 1.1 * rng.normal()) * vf * 100));
          }
          if (spot === 0 && fut === 0) spot = Math.max(500, Math.round(Math.exp(v.mu + 0.9 * rng.normal()) * vf * 100));
          if (v.opt && rng.next() < 0.3) opt = Math.max(100, Math.round(Math.exp(v.mu - 0.5 + rng.normal()) * vf * 100));
        }
      }
      if (w <= v.dormantW) {
        if (v.fiatP > 0 && v.depW <= w && (rng.next() < v.fiatP || (v.depW === w && rng.next() < 0.4))) {
          fiat = Math.max(1000, Math.round(rng.lognormal(Math.log(250), 0.9) * 100));
        }
        if (v.web3P > 0 && w >= v.web3StartW && rng.next() < v.web3P) web3 = 1;
      }
      if (v.earnBal > 0 && w >= v.earnStartW && w < v.earnEndW) {
        v.earnBal *= Math.exp(0.04 * rng.normal());
        earn = Math.max(1, Math.round(v.earnBal * 100));
      }

      if (!(milestone || spot || fut || opt || fiat || earn || web3)) continue;
      rows++;
      v.seen = true;
      if (!sink) continue;

      const vip = w >= v.vipUpW ? v.vip + 1 : v.vip;
      const spotFee = Math.round(spot * VIP_SPOT_FEE[vip]);
      const futFee = Math.round(fut * VIP_FUT_FEE[vip]);
      const fees = spotFee + futFee + Math.round(opt * 0.0003);
      const rebate = moved ? v.rebindRebate : v.rebate;
      const spotComm = vip <= 2 && !v.futuresType ? Math.round(spotFee * (s.spotShare - rebate)) : 0;
      const futComm = vip <= 1 ? Math.round(futFee * s.futShare) : 0;
      const p = sink.room(1024);
      if (p) await p;
      sink.ascii(weekText);
      if (moved) {
        sink.ascii(aff[a].uid + "," + v.uid + "," + days.get(v.regDay) + "," + v.rebindCode + ",");
      } else {
        if (v.head === "") v.head = aff[a].uid + "," + v.uid + "," + days.get(v.regDay) + "," + v.code + ",";
        sink.ascii(v.head);
      }
      if (v.verDay <= weekEnd) sink.ascii(days.get(v.verDay));
      sink.byte(44);
      if (v.depDay <= weekEnd) sink.ascii(days.get(v.depDay));
      sink.byte(44);
      if (v.trdDay <= weekEnd) sink.ascii(days.get(v.trdDay));
      sink.byte(44);
      if (moved || vip !== v.vip) {
        sink.ascii(v.country + "," + vip + "," + (v.futuresType ? "futures," : "spot,") + (moved ? v.rebindRebateText : v.rebateText) + ",");
      } else {
        if (v.tail === "") v.tail = v.country + "," + v.vip + "," + (v.futuresType ? "futures," : "spot,") + v.rebateText + ",";
        sink.ascii(v.tail);
      }
      sink.money(spot);
      sink.byte(44);
      sink.money(fut);
      sink.byte(44);
      sink.money(opt);
      sink.byte(44);
      sink.money(fiat);
      sink.byte(44);
      sink.money(earn);
      sink.byte(44);
      sink.byte(48 + web3);
      sink.byte(44);
      sink.money(spotComm);
      sink.byte(44);
      sink.money(futComm);
      sink.byte(44);
      sink.money(fees);
      sink.byte(10);
    }
    this.live = next;
    return rows;
  }
}

async function countRows(ctx: SimContext, target: number): Promise<number> {
  const sim = new Simulation(ctx, createInvitees(ctx, target));
  let rows = 0;
  for (let w = 0; w < ctx.W; w++) rows += await sim.week(w, null);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Writes `affiliates.csv` and the referral files into `opts.outDir` (created if missing;
 * existing files of the same names are replaced, other files are left alone) and returns
 * what was written. Deterministic: same options → byte-identical files.
 */
export async function generateDataset(opts: DatasetOptions): Promise<DatasetSummary> {
  const built = buildRoster(opts);
  const { r, weeks, roster: affs } = built;
  const d = PROFILE_DEFAULTS[r.profile];
  const singleFile = opts.singleFile ?? d.singleFile;
  const rowsTarget = opts.rows ?? (opts.invitees === undefined ? d.rows : undefined);
  if (rowsTarget !== undefined && (!Number.isInteger(rowsTarget) || rowsTarget < 100)) throw new Error(`rows must be an integer ≥ 100 (got ${rowsTarget})`);
  const startDay = toDay(weeks[0]);
  const ctx: SimContext = { built, startDay, W: r.weeks };

  let target: number;
  if (rowsTarget !== undefined) {
    // Calibrate: a pilot run (count only) gives rows per invitee for this roster and period.
    const pilot = Math.max(2_000, Math.min(Math.round(rowsTarget / 3), Math.max(20_000, Math.round(rowsTarget / 40))));
    const pilotRows = await countRows(ctx, pilot);
    target = pilotRows > 0 ? (pilot * rowsTarget) / pilotRows : pilot;
  } else {
    target = opts.invitees ?? d.invitees ?? 40_000;
    if (!(target > 0)) throw new Error(`invitees must be > 0 (got ${target})`);
  }

  await mkdir(opts.outDir, { recursive: true });
  const files: string[] = [];

  // Roster.
  const rosterFile = path.join(opts.outDir, "affiliates.csv");
  const rs = new FileSink(rosterFile);
  await rs.line(AFFILIATE_COLUMNS.join(","));
  for (const a of affs) {
    if (!a.inRoster) continue;
    await rs.line(
      [a.uid, a.name, a.type, a.country, a.language, a.joinedAt, a.tier, a.managerEmail, a.email, a.telegram, a.website].map(csvCell).join(","),
    );
  }
  await rs.close();
  files.push(rosterFile);

  // Referral activity, week by week.
  const invitees = createInvitees(ctx, target);
  const sim = new Simulation(ctx, invitees);
  const header = REFERRAL_COLUMNS.join(",");
  let rows = 0;
  let sink: FileSink | null = null;
  try {
    if (singleFile) {
      sink = new FileSink(path.join(opts.outDir, "referrals.csv"));
      await sink.line(header);
    }
    for (let w = 0; w < r.weeks; w++) {
      if (!singleFile) {
        sink = new FileSink(path.join(opts.outDir, `referrals-${weeks[w]}.csv`));
        await sink.line(header);
      }
      rows += await sim.week(w, sink);
      opts.onProgress?.(w + 1, r.weeks, rows);
      if (!singleFile && sink) {
        await sink.close();
        files.push(sink.file);
        sink = null;
      }
    }
    if (singleFile && sink) {
      await sink.close();
      files.push(sink.file);
      sink = null;
    }
  } catch (e) {
    if (sink) await sink.abort();
    throw e;
  }

  let seen = 0;
  for (const v of invitees) if (v.seen) seen++;
  return { files, affiliates: affs.length, invitees: seen, rows, weeks, endWeek: r.endWeek };
}
