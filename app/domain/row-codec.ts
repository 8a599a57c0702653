import type { ReferralRow } from "./csv";

/**
 * Referral rows packed for crossing a thread boundary cheaply: the numbers in one Float64Array
 * (transferred, not copied) and the texts joined into one string. Structured-cloning a million
 * row objects costs seconds; this costs a fraction of that. Pure.
 */
const NUMBERS = [
  "vipLevel",
  "rebateRate",
  "spotVolumeCents",
  "futuresVolumeCents",
  "optionsVolumeCents",
  "fiatVolumeCents",
  "earnBalanceCents",
  "web3WalletActive",
  "spotCommissionCents",
  "futuresCommissionCents",
  "feesCents",
] as const;
const TEXTS = ["weekStart", "affiliateUid", "inviteeUid", "registeredAt", "referralCode", "verifiedAt", "firstDepositAt", "firstTradeAt", "country", "commissionType"] as const;

const FIELD = "\u001f";
const RECORD = "\u001e";
/** Stands for null. */
const NULL_TEXT = "\u0000";
/** Marks a free text (the referral code) that holds a reserved character and is JSON-encoded. */
const ESCAPED = "\u0002";
// eslint-disable-next-line no-control-regex -- the reserved characters are control characters
const RESERVED = /[\u0000\u0002\u001e\u001f]/;

function freeText(s: string | null): string {
  if (s === null) return NULL_TEXT;
  return RESERVED.test(s) ? ESCAPED + JSON.stringify(s) : s;
}

export interface PackedRows {
  count: number;
  numbers: Float64Array;
  texts: string;
}

export function packRows(rows: readonly ReferralRow[]): PackedRows {
  const n = NUMBERS.length;
  const numbers = new Float64Array(rows.length * n);
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < n; j++) {
      const v = r[NUMBERS[j]];
      numbers[i * n + j] = v === null ? NaN : v;
    }
    parts[i] =
      r.weekStart + FIELD + r.affiliateUid + FIELD + r.inviteeUid + FIELD + r.registeredAt + FIELD +
      freeText(r.referralCode) + FIELD + (r.verifiedAt ?? NULL_TEXT) + FIELD + (r.firstDepositAt ?? NULL_TEXT) + FIELD +
      (r.firstTradeAt ?? NULL_TEXT) + FIELD + (r.country ?? NULL_TEXT) + FIELD + (r.commissionType ?? NULL_TEXT);
  }
  return { count: rows.length, numbers, texts: parts.join(RECORD) };
}

const text = (s: string) => (s === NULL_TEXT ? null : s.charCodeAt(0) === 2 ? (JSON.parse(s.slice(1)) as string) : s);
const num = (v: number) => (Number.isNaN(v) ? null : v);

export function unpackRows(p: PackedRows): ReferralRow[] {
  const out = new Array<ReferralRow>(p.count);
  if (p.count === 0) return [];
  const records = p.texts.split(RECORD);
  const x = p.numbers;
  const n = NUMBERS.length;
  for (let i = 0; i < p.count; i++) {
    const t = records[i].split(FIELD);
    const b = i * n;
    out[i] = {
      weekStart: t[0],
      affiliateUid: t[1],
      inviteeUid: t[2],
      registeredAt: t[3],
      referralCode: text(t[4]),
      verifiedAt: text(t[5]),
      firstDepositAt: text(t[6]),
      firstTradeAt: text(t[7]),
      country: text(t[8]),
      commissionType: text(t[9]) as ReferralRow["commissionType"],
      vipLevel: num(x[b]),
      rebateRate: num(x[b + 1]),
      spotVolumeCents: x[b + 2],
      futuresVolumeCents: x[b + 3],
      optionsVolumeCents: x[b + 4],
      fiatVolumeCents: x[b + 5],
      earnBalanceCents: x[b + 6],
      web3WalletActive: x[b + 7] as 0 | 1,
      spotCommissionCents: x[b + 8],
      futuresCommissionCents: x[b + 9],
      feesCents: x[b + 10],
    };
  }
  return out;
}

export const PACKED_TEXT_FIELDS = TEXTS;

/**
 * Only what the writing thread stores per row (activity): week, invitee, affiliate, country and
 * the nine measures. The rest of a row stays with the parse worker's accumulator.
 */
export interface PackedFacts {
  count: number;
  /** spot, futures, options, fiat volume, earn balance, web3 (0/1), spot and futures commission, fees. */
  measures: Float64Array;
  /** `week\u001finvitee\u001faffiliate\u001fcountry` per row, joined by \u001e (country "" = unknown). */
  keys: string;
}

export const MEASURES_PER_ROW = 9;

export function packFacts(rows: readonly ReferralRow[]): PackedFacts {
  const measures = new Float64Array(rows.length * MEASURES_PER_ROW);
  const keys = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const b = i * MEASURES_PER_ROW;
    measures[b] = r.spotVolumeCents;
    measures[b + 1] = r.futuresVolumeCents;
    measures[b + 2] = r.optionsVolumeCents;
    measures[b + 3] = r.fiatVolumeCents;
    measures[b + 4] = r.earnBalanceCents;
    measures[b + 5] = r.web3WalletActive;
    measures[b + 6] = r.spotCommissionCents;
    measures[b + 7] = r.futuresCommissionCents;
    measures[b + 8] = r.feesCents;
    keys[i] = r.weekStart + FIELD + r.inviteeUid + FIELD + r.affiliateUid + FIELD + (r.country ?? "");
  }
  return { count: rows.length, measures, keys: keys.join(RECORD) };
}

/** Calls `each(week, invitee, affiliate, country, measures, offset)` for every packed row. */
export function forEachFact(
  p: PackedFacts,
  each: (week: string, invitee: string, affiliate: string, country: string | null, measures: Float64Array, offset: number) => void,
) {
  if (p.count === 0) return;
  const records = p.keys.split(RECORD);
  for (let i = 0; i < p.count; i++) {
    const t = records[i].split(FIELD);
    each(t[0], t[1], t[2], t[3] === "" ? null : t[3], p.measures, i * MEASURES_PER_ROW);
  }
}
