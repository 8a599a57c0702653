import type { ReferralRow } from "./csv";

/**
 * Referral facts packed for crossing from the parse worker to the writing thread cheaply: the
 * measures in one Float64Array (transferred, not copied) and the keys joined into one string.
 * Structured-cloning a million row objects costs seconds; this costs a fraction of that. The keys
 * hold only validated values (a date, digits, an ISO country), never the separators. Pure.
 */
const FIELD = "\u001f";
const RECORD = "\u001e";

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
