import { civilFromDays, dateToDays } from "./csv";

/**
 * Funnel cells — (affiliate, Monday, country) → referrals, verified, deposited, first trades —
 * counted from invitees' dates. Cells are kept under numeric keys (affiliate, Monday, country
 * ids) and the Monday of a date is computed once per distinct date: a first load adds ~4 dates
 * for each of its invitees. Pure: the parse worker counts the invitees' new contributions, the
 * writer the differences against the stored invitees (an old contribution out).
 */
export interface FunnelChunk {
  /** `affiliate\u001fweek\u001fcountry` keys joined by \u001e (country "" = unknown). */
  keys: string;
  /** referrals, verified, deposited, first trades per key. */
  counts: Int32Array;
}

/** Day numbers from year 1900 to 9999 shifted to [0, DAY_RANGE). */
const DAY_OFFSET = 1 << 15;
const DAY_RANGE = 1 << 22;

export class FunnelCounter {
  private readonly affiliateIds = new Map<string, number>();
  private readonly affiliates: string[] = [];
  private readonly countryIds = new Map<string, number>();
  private readonly countries: string[] = [];
  private readonly mondays = new Map<string, number>();
  private readonly mondayStrings = new Map<string, string>();
  /** (affiliate, country) → Monday → cell index; 4 counters per cell in `counts`, its key in `keys`. */
  private readonly groups = new Map<number, Map<number, number>>();
  private keys: number[] = [];
  private counts = new Int32Array(4096);

  /** Ids in uid order for the affiliates known up front, so that the cells come out in key order. */
  constructor(affiliateUids: Iterable<string> = []) {
    for (const uid of [...affiliateUids].sort()) this.idOf(this.affiliateIds, this.affiliates, uid);
  }

  private idOf(ids: Map<string, number>, list: string[], value: string): number {
    let id = ids.get(value);
    if (id === undefined) {
      id = list.length;
      list.push(value);
      ids.set(value, id);
    }
    return id;
  }

  /** The Monday (`YYYY-MM-DD`) of a date's week, computed once per distinct date. */
  mondayOf(date: string): string {
    let monday = this.mondayStrings.get(date);
    if (monday === undefined) {
      // As mondayOfDate (referral-accumulator): 1970-01-05 was a Monday.
      const days = dateToDays(date);
      this.mondayStrings.set(date, (monday = civilFromDays(days - ((((days - 4) % 7) + 7) % 7))));
    }
    return monday;
  }

  /** Day number of a date's Monday (offset to stay positive from year 1900). */
  private monday(date: string): number {
    let days = this.mondays.get(date);
    if (days === undefined) {
      days = dateToDays(this.mondayOf(date)) + DAY_OFFSET;
      this.mondays.set(date, days);
    }
    return days;
  }

  /** An invitee's contribution in (sign 1) or out (sign -1). */
  add(
    affiliateUid: string,
    country: string | null,
    registeredAt: string,
    verifiedAt: string | null,
    firstDepositAt: string | null,
    firstTradeAt: string | null,
    sign: 1 | -1,
  ) {
    const aff = this.idOf(this.affiliateIds, this.affiliates, affiliateUid);
    const ctry = this.idOf(this.countryIds, this.countries, country ?? "");
    // Small integer keys (affiliate < 2^21, country < 2^9; a Monday < 2^22) keep the maps fast.
    const group = aff * 512 + ctry;
    let cells = this.groups.get(group);
    if (cells === undefined) this.groups.set(group, (cells = new Map()));
    this.count(cells, group, registeredAt, 0, sign);
    if (verifiedAt) this.count(cells, group, verifiedAt, 1, sign);
    if (firstDepositAt) this.count(cells, group, firstDepositAt, 2, sign);
    if (firstTradeAt) this.count(cells, group, firstTradeAt, 3, sign);
  }

  /** Adds counted cells (a chunk of another counter's, e.g. the parse worker's). */
  addChunk({ keys, counts }: FunnelChunk) {
    let at = 0;
    for (let o = 0; o < counts.length; o += 4) {
      let end = keys.indexOf("\u001e", at);
      if (end < 0) end = keys.length;
      const [affiliate, monday, country] = keys.slice(at, end).split("\u001f");
      at = end + 1;
      const aff = this.idOf(this.affiliateIds, this.affiliates, affiliate);
      const ctry = this.idOf(this.countryIds, this.countries, country);
      const group = aff * 512 + ctry;
      let cells = this.groups.get(group);
      if (cells === undefined) this.groups.set(group, (cells = new Map()));
      // The key is a Monday already: its own Monday.
      for (let i = 0; i < 4; i++) if (counts[o + i] !== 0) this.count(cells, group, monday, i, counts[o + i]);
    }
  }

  private count(cells: Map<number, number>, group: number, date: string, i: number, sign: number) {
    const monday = this.monday(date);
    let cell = cells.get(monday);
    if (cell === undefined) {
      cell = this.keys.length;
      // (affiliate, Monday, country) order for writing: exact as a double.
      const ctry = group % 512;
      this.keys.push((((group - ctry) / 512) * DAY_RANGE + monday) * 512 + ctry);
      cells.set(monday, cell);
      if ((cell + 1) * 4 > this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    this.counts[cell * 4 + i] += sign;
  }

  /** Cells counted so far. */
  get size(): number {
    return this.keys.length;
  }

  /** Forgets the cells counted (after they were handed over: the writer adds them to what it holds). */
  clear() {
    this.groups.clear();
    this.keys = [];
    this.counts = new Int32Array(4096);
  }

  /** The cells that are not all zero, in (affiliate, Monday) order, in chunks of at most `size`. */
  *chunks(size: number): Generator<FunnelChunk> {
    const order = Array.from(this.keys.keys()).sort((x, y) => this.keys[x] - this.keys[y]);
    const c = this.counts;
    let keys: string[] = [];
    let counts: number[] = [];
    for (const cell of order) {
      const o = cell * 4;
      if (c[o] === 0 && c[o + 1] === 0 && c[o + 2] === 0 && c[o + 3] === 0) continue;
      const key = this.keys[cell];
      const ctry = key % 512;
      const rest = (key - ctry) / 512;
      const days = rest % DAY_RANGE;
      const aff = (rest - days) / DAY_RANGE;
      keys.push(this.affiliates[aff] + "\u001f" + civilFromDays(days - DAY_OFFSET) + "\u001f" + this.countries[ctry]);
      counts.push(c[o], c[o + 1], c[o + 2], c[o + 3]);
      if (keys.length === size) {
        yield { keys: keys.join("\u001e"), counts: Int32Array.from(counts) };
        keys = [];
        counts = [];
      }
    }
    if (keys.length) yield { keys: keys.join("\u001e"), counts: Int32Array.from(counts) };
  }
}
