import type { ReferralRow } from "./csv";

/**
 * Referral facts packed for crossing from the parse worker to the writing thread cheaply: the
 * measures in one Float64Array (transferred, not copied), the invitee uids joined into one
 * string, and the week, affiliate and country of each row as ids into tables that grow batch by
 * batch (each new value crosses once). The writer then makes one string per row (the invitee's)
 * instead of four, and binds the same week, affiliate and country strings again and again.
 * Structured-cloning a million row objects costs seconds; this costs a fraction of that. The
 * uids hold only validated values (digits), never the separator. Pure.
 */
const RECORD = "\u001e";

/**
 * Only what the writing thread stores per row (activity): week, invitee, affiliate, country and
 * the nine measures. The rest of a row stays with the parse worker's accumulator.
 */
export interface PackedFacts {
  count: number;
  /** spot, futures, options, fiat volume, earn balance, web3 (0/1), spot and futures commission, fees. */
  measures: Float64Array;
  /** Invitee uids joined by \u001e. */
  invitees: string;
  /** Per row: ids into the week, affiliate and country tables (country -1 = unknown). */
  ids: Int32Array;
  /** Values first met in this batch, appended to the tables in id order. */
  newWeeks: string[];
  newAffiliates: string[];
  newCountries: string[];
}

export const MEASURES_PER_ROW = 9;

/** Packs batches of one file in order (the tables are shared by its batches). */
export class FactPacker {
  private readonly weeks = new Map<string, number>();
  private readonly affiliates = new Map<string, number>();
  private readonly countries = new Map<string, number>();
  private lastWeek = "";
  private lastWeekId = -1;
  private lastAffiliate = "";
  private lastAffiliateId = -1;

  private static id(map: Map<string, number>, value: string, fresh: string[]): number {
    let id = map.get(value);
    if (id === undefined) {
      id = map.size;
      map.set(value, id);
      fresh.push(value);
    }
    return id;
  }

  pack(rows: readonly ReferralRow[]): PackedFacts {
    const measures = new Float64Array(rows.length * MEASURES_PER_ROW);
    const ids = new Int32Array(rows.length * 3);
    const invitees = new Array<string>(rows.length);
    const newWeeks: string[] = [];
    const newAffiliates: string[] = [];
    const newCountries: string[] = [];
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
      invitees[i] = r.inviteeUid;
      // Rows come in runs of one week and one affiliate: the last one is asked first.
      if (r.weekStart !== this.lastWeek) {
        this.lastWeekId = FactPacker.id(this.weeks, r.weekStart, newWeeks);
        this.lastWeek = r.weekStart;
      }
      if (r.affiliateUid !== this.lastAffiliate) {
        this.lastAffiliateId = FactPacker.id(this.affiliates, r.affiliateUid, newAffiliates);
        this.lastAffiliate = r.affiliateUid;
      }
      ids[i * 3] = this.lastWeekId;
      ids[i * 3 + 1] = this.lastAffiliateId;
      ids[i * 3 + 2] = r.country === null ? -1 : FactPacker.id(this.countries, r.country, newCountries);
    }
    return { count: rows.length, measures, invitees: invitees.join(RECORD), ids, newWeeks, newAffiliates, newCountries };
  }
}

/** Packs one batch on its own (tests; a file's batches share a {@link FactPacker}). */
export function packFacts(rows: readonly ReferralRow[]): PackedFacts {
  return new FactPacker().pack(rows);
}

/** Unpacks the batches of one file in order (the writer's side of {@link FactPacker}). */
export class FactReader {
  private readonly weeks: string[] = [];
  private readonly affiliates: string[] = [];
  private readonly countries: string[] = [];

  /** Takes a batch's new table values without reading its rows (a batch that is not written). */
  skip(p: PackedFacts) {
    for (const w of p.newWeeks) this.weeks.push(w);
    for (const a of p.newAffiliates) this.affiliates.push(a);
    for (const c of p.newCountries) this.countries.push(c);
  }

  /** Calls `each(week, invitee, affiliate, country, measures, offset)` for every packed row. */
  forEach(
    p: PackedFacts,
    each: (week: string, invitee: string, affiliate: string, country: string | null, measures: Float64Array, offset: number) => void,
  ) {
    this.skip(p);
    if (p.count === 0) return;
    const invitees = p.invitees.split(RECORD);
    const { ids, measures } = p;
    for (let i = 0; i < p.count; i++) {
      const c = ids[i * 3 + 2];
      each(this.weeks[ids[i * 3]], invitees[i], this.affiliates[ids[i * 3 + 1]], c < 0 ? null : this.countries[c], measures, i * MEASURES_PER_ROW);
    }
  }
}

/** Calls `each(week, invitee, affiliate, country, measures, offset)` for every row of one batch packed on its own. */
export function forEachFact(
  p: PackedFacts,
  each: (week: string, invitee: string, affiliate: string, country: string | null, measures: Float64Array, offset: number) => void,
) {
  new FactReader().forEach(p, each);
}
