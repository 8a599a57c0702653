import { describe, expect, it } from "vitest";
import type { ReferralRow } from "../../app/domain/csv";
import {
  AGG_FIELDS,
  EXPORT_CHUNK,
  FLAG_FIELDS,
  forEachLatest,
  JoinedCursor,
  partBuffers,
  ReferralAccumulator,
  ROLLUP_FLUSH_GROUPS,
  type AggChunk,
  StateAssembler,
  type LatestRow,
} from "../../app/domain/referral-accumulator";

const row = (over: Partial<ReferralRow>): ReferralRow => ({
  weekStart: "2026-11-02",
  affiliateUid: "12",
  inviteeUid: "99",
  registeredAt: "2026-10-01",
  referralCode: null,
  verifiedAt: null,
  firstDepositAt: null,
  firstTradeAt: null,
  country: "VN",
  vipLevel: null,
  commissionType: "futures",
  rebateRate: 0.125,
  spotVolumeCents: 100,
  futuresVolumeCents: 0,
  optionsVolumeCents: 0,
  fiatVolumeCents: 0,
  earnBalanceCents: 0,
  web3WalletActive: 0,
  spotCommissionCents: 1,
  futuresCommissionCents: 0,
  feesCents: 2,
  ...over,
});

/** More invitees than one export chunk, over two weeks and three affiliates. */
function fill(acc: ReferralAccumulator, invitees: number) {
  let line = 2;
  for (const week of ["2026-11-02", "2026-10-26"]) {
    for (let i = 0; i < invitees; i++) {
      acc.add(
        row({
          weekStart: week,
          inviteeUid: String(1000 + i),
          affiliateUid: String(7 + (i % 3)),
          referralCode: i % 5 === 0 ? "A\u001eB" : `C${i % 7}`,
          vipLevel: i % 10,
          country: i % 4 === 0 ? null : "DE",
          spotVolumeCents: i % 2 ? 100 : 0,
        }),
        line++,
      );
    }
  }
}

describe("the accumulator's export, in chunks", () => {
  const invitees = EXPORT_CHUNK * 2 + 123;

  it("hands every invitee's latest row over once, in uid order, across chunk boundaries", () => {
    const acc = new ReferralAccumulator(() => true);
    fill(acc, invitees);
    const state = acc.export();
    expect(state.latest.length).toBe(3);
    const rows: LatestRow[] = [];
    forEachLatest(state, (r) => rows.push(r));
    expect(rows).toHaveLength(invitees);
    const uids = rows.map((r) => r.inviteeUid);
    expect(uids).toEqual([...uids].sort());
    // The latest week wins, and its line; reserved characters in a code survive the packing.
    const first = rows.find((r) => r.inviteeUid === "1000")!;
    expect(first).toMatchObject({ weekStart: "2026-11-02", line: 2, referralCode: "A\u001eB", vipLevel: 0, country: null, rebateRate: 0.125 });
    const other = rows.find((r) => r.inviteeUid === String(1000 + EXPORT_CHUNK + 1))!;
    expect(other).toMatchObject({ affiliateUid: String(7 + ((EXPORT_CHUNK + 1) % 3)), country: "DE", referralCode: `C${(EXPORT_CHUNK + 1) % 7}` });
  });

  it("keeps each affiliate-week's groups together with their sums, and the week masks in key order", () => {
    const acc = new ReferralAccumulator(() => true);
    fill(acc, invitees);
    const state = acc.export();
    const keys: string[] = [];
    let rowsSum = 0;
    let spot = 0;
    /** Each group's counters summed per affiliate-week, to check the sums that come with the chunks. */
    const byWeek = new Map<string, number[]>();
    const weekRows = new Map<string, number[]>();
    const n = AGG_FIELDS.length;
    for (const c of state.agg) {
      const [a, w, k] = [c.affiliates, c.weeks, c.countries].map((t) => t.split("\u001e"));
      for (let i = 0, o = 0; o < c.values.length; i++, o += n) {
        keys.push(`${a[i]}\u001f${w[i]}\u001f${k[i]}`);
        rowsSum += c.values[o];
        spot += c.values[o + 8];
        const sum = byWeek.get(`${a[i]}\u001f${w[i]}`) ?? new Array<number>(n).fill(0);
        for (let j = 0; j < n; j++) sum[j] += c.values[o + j];
        byWeek.set(`${a[i]}\u001f${w[i]}`, sum);
      }
      const cursor = new JoinedCursor(c.weekRows.keys);
      for (let o = 0; o < c.weekRows.values.length; o += n) weekRows.set(cursor.next(), Array.from(c.weekRows.values.subarray(o, o + n)));
    }
    expect(new Set(keys).size).toBe(keys.length);
    // In the rollup tables' key order (affiliate uid, week, country), though the weeks came newest first.
    expect(keys).toEqual([...keys].sort());
    // Each affiliate-week is one run of groups, and comes once, summed over its countries.
    const runs = keys.map((k) => k.slice(0, k.lastIndexOf("\u001f"))).filter((aw, i, all) => i === 0 || all[i - 1] !== aw);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs).toHaveLength(3 * 2);
    expect(weekRows).toEqual(byWeek);
    expect(rowsSum).toBe(invitees * 2);
    expect(spot).toBe(Math.floor(invitees / 2) * 100 * 2);

    expect(state.flags).toHaveLength(1);
    const flagKeys: string[] = [];
    for (const c of state.flags[0].chunks) {
      const cursor = new JoinedCursor(c.keys);
      for (let o = 0; o < c.values.length; o += FLAG_FIELDS.length) flagKeys.push(cursor.next());
    }
    // Active invitees only (traded in both weeks), one entry per (affiliate, invitee).
    expect(flagKeys).toHaveLength(Math.floor(invitees / 2));
    expect(flagKeys).toEqual([...flagKeys].sort());
  });

  it("crosses a thread boundary part by part: the assembled state is the same", () => {
    const direct = new ReferralAccumulator(() => true);
    fill(direct, 300);
    const viaParts = new ReferralAccumulator(() => true);
    fill(viaParts, 300);
    const assembler = new StateAssembler();
    for (const part of viaParts.exportParts()) {
      // What postMessage would do: copy, and move the listed buffers.
      assembler.add(structuredClone(part, { transfer: partBuffers(part) }));
    }
    expect(assembler.state()).toEqual(direct.export());
  });
});

describe("rollups flushed while reading", () => {
  /** Every group's counters and every affiliate-week's sums, added up over the chunks given. */
  function totals(chunks: AggChunk[]) {
    const groups = new Map<string, number[]>();
    const weeks = new Map<string, number[]>();
    const n = AGG_FIELDS.length;
    const addTo = (m: Map<string, number[]>, key: string, v: Float64Array, o: number) => {
      const sum = m.get(key) ?? new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) sum[j] += v[o + j];
      m.set(key, sum);
    };
    for (const c of chunks) {
      const [a, w, k] = [c.affiliates, c.weeks, c.countries].map((t) => t.split("\u001e"));
      for (let i = 0, o = 0; o < c.values.length; i++, o += n) addTo(groups, `${a[i]}|${w[i]}|${k[i]}`, c.values, o);
      const cursor = new JoinedCursor(c.weekRows.keys);
      for (let o = 0; o < c.weekRows.values.length; o += n) addTo(weeks, cursor.next().replace("\u001f", "|"), c.weekRows.values, o);
    }
    return { groups, weeks };
  }

  /** Rows over three weeks, each week with more groups than the flush threshold; the last week comes back at the end. */
  function rows() {
    const out: ReferralRow[] = [];
    const affiliates = ROLLUP_FLUSH_GROUPS + 10;
    for (const week of ["2026-10-19", "2026-10-26", "2026-11-02"]) {
      for (let a = 0; a < affiliates; a++) out.push(row({ weekStart: week, affiliateUid: String(500 + a), inviteeUid: `${a}${week.slice(8)}`, spotVolumeCents: a }));
    }
    out.push(row({ weekStart: "2026-10-19", affiliateUid: "500", inviteeUid: "7777", country: "DE", spotVolumeCents: 5 }));
    out.push(row({ weekStart: "2026-10-19", affiliateUid: "500", inviteeUid: "7778", spotVolumeCents: 6 }));
    return out;
  }

  it("hands each finished week's groups over while reading, and the flushes add up to the same rollups", () => {
    const flushing = new ReferralAccumulator(() => true);
    const taken: AggChunk[] = [];
    let line = 2;
    const takenAt: number[] = [];
    for (const r of rows()) {
      flushing.add(r, line++);
      const t = flushing.takeRollups();
      if (t.length) {
        takenAt.push(line);
        // Each flush in the tables' key order: affiliate uids as text ("1000" before "501").
        const keys = t.flatMap((c) => {
          const [a, w, k] = [c.affiliates, c.weeks, c.countries].map((x) => x.split("\u001e"));
          return a.map((_, i) => `${a[i]}\u001f${w[i]}\u001f${k[i]}`);
        });
        expect(keys.length).toBeGreaterThan(ROLLUP_FLUSH_GROUPS);
        expect(keys).toEqual([...keys].sort());
      }
      taken.push(...t);
    }
    // A flush at the start of the second and of the third week, and of the first week again.
    expect(takenAt).toHaveLength(3);
    const rest = flushing.export().agg;
    const all = totals([...taken, ...rest]);
    // The same rows in week order, everything taken from the export at the end: the same totals.
    const once = new ReferralAccumulator(() => true);
    line = 2;
    const sorted = rows().sort((x, y) => (x.weekStart < y.weekStart ? -1 : 1));
    for (const r of sorted) once.add(r, line++);
    expect(all).toEqual(totals(once.export().agg));
    expect(all.groups.get("500|2026-10-19|VN")![0]).toBe(2);
    expect(all.weeks.get("500|2026-10-19")![0]).toBe(3);
    expect(all.weeks.get("500|2026-10-19")![8]).toBe(11);
  });
});
