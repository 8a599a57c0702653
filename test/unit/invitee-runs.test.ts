import { describe, expect, it } from "vitest";
import type { ReferralRow } from "../../app/domain/csv";
import { memoryRunSpill, RunMerge, RunWriter } from "../../app/domain/invitee-runs";
import {
  FLAG_FIELDS,
  forEachLatest,
  JoinedCursor,
  ReferralAccumulator,
  StateAssembler,
  partBuffers,
  type AccumulatedState,
  type LatestRow,
} from "../../app/domain/referral-accumulator";

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEEKS = ["2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12", "2026-11-02", "2026-11-09"];

/**
 * Rows of a file whose invitees come back over several weeks, in week order or not, sometimes under
 * another affiliate (re-bindings both ways), with attributes that change, uids of several lengths,
 * over weeks of two 52-week blocks.
 */
function rows(seed: number, count: number, weekOrder: boolean): { row: ReferralRow; line: number }[] {
  const rnd = random(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  // uids of 1–20 digits (data-format.md): numbers of several lengths, leading zeros, and more
  // digits than a double holds exactly (kept apart by the accumulator's uid table).
  const uids = Array.from({ length: Math.ceil(count / 3) }, (_, i) =>
    i % 7 === 0 ? `00${i}` : i % 11 === 0 ? `12345678901234${100000 + i}` : String(Math.floor(rnd() * 10 ** (1 + (i % 9))) + 1),
  );
  const seen = new Set<string>();
  const out: { row: ReferralRow; line: number }[] = [];
  const weeks = weekOrder ? WEEKS : [...WEEKS].sort(() => rnd() - 0.5);
  let line = 2;
  for (const weekStart of weeks) {
    for (let i = 0; i < count / WEEKS.length; i++) {
      const inviteeUid = pick(uids);
      const key = weekStart + inviteeUid;
      if (seen.has(key)) continue;
      seen.add(key);
      const spot = rnd() < 0.5 ? Math.floor(rnd() * 10_000) : 0;
      out.push({
        line: line++,
        row: {
          weekStart,
          affiliateUid: pick(["7", "8", "9", "10"]),
          inviteeUid,
          registeredAt: pick(["2025-01-03", "2025-06-10", "2025-12-24"]),
          referralCode: pick([null, "C1", "C2", "R\u001eX"]),
          verifiedAt: pick([null, "2025-06-11"]),
          firstDepositAt: pick([null, "2025-06-12"]),
          firstTradeAt: pick([null, "2025-07-01"]),
          country: pick([null, "DE", "VN", "BR"]),
          vipLevel: pick([null, 0, 3]),
          commissionType: pick([null, "spot", "futures"]),
          rebateRate: pick([null, 0.1, 0.125]),
          spotVolumeCents: spot,
          futuresVolumeCents: rnd() < 0.2 ? 500 : 0,
          optionsVolumeCents: rnd() < 0.1 ? 70 : 0,
          fiatVolumeCents: rnd() < 0.1 ? 30 : 0,
          earnBalanceCents: rnd() < 0.2 ? 900 : 0,
          web3WalletActive: rnd() < 0.2 ? 1 : 0,
          spotCommissionCents: spot ? 3 : 0,
          futuresCommissionCents: 0,
          feesCents: spot ? 5 : 0,
        },
      });
    }
  }
  return out;
}

/** Masks per block and `affiliate\u001finvitee` key (their order set aside: only the set is compared). */
function masks(state: AccumulatedState) {
  const out: string[] = [];
  for (const { block, chunks } of state.flags) {
    for (const c of chunks) {
      const cursor = new JoinedCursor(c.keys);
      for (let o = 0; o < c.values.length; o += FLAG_FIELDS.length) out.push(`${block} ${cursor.next()} ${Array.from(c.values.subarray(o, o + FLAG_FIELDS.length)).join(",")}`);
    }
  }
  return out.sort();
}

function latest(state: AccumulatedState) {
  const out: LatestRow[] = [];
  forEachLatest(state, (r) => out.push(r));
  return out;
}

function exported(input: { row: ReferralRow; line: number }[], fresh: (w: string) => boolean, opts: ConstructorParameters<typeof ReferralAccumulator>[1] = {}) {
  const acc = new ReferralAccumulator(fresh, opts);
  for (const { row, line } of input) acc.add(row, line);
  const assembler = new StateAssembler();
  // As the parse worker hands the parts over: copied, buffers moved.
  for (const part of acc.exportParts()) assembler.add(structuredClone(part, { transfer: partBuffers(part) }));
  return { acc, state: assembler.state() };
}

describe("runs of invitee rows (an external sort by uid and line)", () => {
  it("give every record back once, in (uid, line) order, across runs and short reads", () => {
    const spill = memoryRunSpill();
    const writer = new RunWriter(spill, 7);
    const rnd = random(3);
    const texts = new Int32Array(7);
    const added: { uid: string; line: number; week: number }[] = [];
    for (let line = 1; line <= 100; line++) {
      // Any text survives a run (uids are digits, but nothing here depends on it).
      const uid = ["b", "a", "ab", "é-9", "", "123456789012345", "00123456789012345678"][Math.floor(rnd() * 7)];
      texts.fill(line);
      texts[6] = -1;
      writer.add(uid, line, line % 5, line % 3, texts, line % 2 ? NaN : line / 4, line / 8, line % 128);
      added.push({ uid, line, week: line % 5 });
    }
    writer.flush();
    expect(writer.runs.length).toBe(15);
    expect(writer.rows).toBe(100);
    const merge = new RunMerge(spill, writer.runs, 24);
    const got: { uid: string; line: number; week: number }[] = [];
    while (merge.next()) {
      const r = merge.record;
      got.push({ uid: r.uid, line: r.line, week: r.week });
      expect(r.affiliate).toBe(r.line % 3);
      expect(r.texts[0]).toBe(r.line);
      expect(r.texts[6]).toBe(-1);
      expect(r.flags).toBe(r.line % 128);
      if (r.line % 2) expect(r.vip).toBeNaN();
      else expect(r.vip).toBe(r.line / 4);
      expect(r.rebate).toBe(r.line / 8);
    }
    expect(got).toEqual([...added].sort((x, y) => (x.uid < y.uid ? -1 : x.uid > y.uid ? 1 : x.line - y.line)));
    // Each run is forgotten once read to its end.
    expect(spill.runs.size).toBe(0);
  });
});

describe("an accumulator that follows only some invitees in memory", () => {
  for (const { name, weekOrder, fresh } of [
    { name: "a first load in week order", weekOrder: true, fresh: () => true },
    { name: "weeks out of order, some already held", weekOrder: false, fresh: (w: string) => w !== "2026-01-05" && w !== "2026-11-02" },
  ]) {
    it(`exports the same state as one that follows all of them: ${name}`, () => {
      const input = rows(weekOrder ? 11 : 12, 3000, weekOrder);
      const all = exported(input, fresh);
      for (const opts of [
        { inviteesInMemory: 0, runRecords: 64, readBytes: 40 },
        { inviteesInMemory: 100, runRecords: 50 },
        { inviteesInMemory: 500, runRecords: 1000 },
      ]) {
        const spill = memoryRunSpill();
        const some = exported(input, fresh, { ...opts, runSpill: spill });
        expect(some.acc.rowsPutAway).toBeGreaterThan(opts.inviteesInMemory === 0 ? input.length - 1 : 100);
        // The same latest rows in the same (uid) order, the same funnel, rollups, weeks and
        // affiliates; the same re-bindings inside the file in line order; the same week masks.
        expect(latest(some.state)).toEqual(latest(all.state));
        expect(some.state.funnel).toEqual(all.state.funnel);
        expect(some.state.agg).toEqual(all.state.agg);
        expect(some.state.rebindingsInFile).toEqual(all.state.rebindingsInFile);
        expect(some.state.rebindingsInFile.length).toBeGreaterThan(10);
        expect(some.state.rebindingsInFile.some((r) => r.later)).toBe(true);
        // (An earlier week under another affiliate after a later one: only when weeks come out of order.)
        expect(some.state.rebindingsInFile.some((r) => !r.later)).toBe(!weekOrder);
        expect(masks(some.state)).toEqual(masks(all.state));
        expect(masks(all.state).length).toBeGreaterThan(100);
        expect({ ...some.state, latest: [], funnel: [], agg: [], flags: [], rebindingsInFile: [] }).toEqual({
          ...all.state,
          latest: [],
          funnel: [],
          agg: [],
          flags: [],
          rebindingsInFile: [],
        });
        // Every run was read back and forgotten.
        expect(spill.runs.size).toBe(0);
      }
    });
  }

  it("hands the funnel cells over in several parts past funnelCellsInMemory: the same sums", () => {
    // More invitees than one latest chunk (the cells are counted, and looked at, chunk by chunk).
    const input = rows(21, 40_000, true);
    const all = exported(input, () => true);
    const parts = exported(input, () => true, { runSpill: memoryRunSpill(), inviteesInMemory: 100, funnelCellsInMemory: 20 });
    const sums = (state: AccumulatedState) => {
      const out = new Map<string, number[]>();
      for (const { keys, counts } of state.funnel) {
        const cursor = new JoinedCursor(keys);
        for (let o = 0; o < counts.length; o += 4) {
          const key = cursor.next();
          const sum = out.get(key) ?? [0, 0, 0, 0];
          for (let i = 0; i < 4; i++) sum[i] += counts[o + i];
          out.set(key, sum);
        }
      }
      return out;
    };
    const cells = (state: AccumulatedState) => state.funnel.reduce((n, c) => n + c.counts.length / 4, 0);
    // The same sums per (affiliate, week, country), handed over in more cells than there are keys.
    expect(sums(parts.state)).toEqual(sums(all.state));
    expect(cells(all.state)).toBe(sums(all.state).size);
    expect(cells(parts.state)).toBeGreaterThan(cells(all.state));
    expect(latest(parts.state)).toEqual(latest(all.state));
  });

  it("puts nothing away while the invitees fit", () => {
    const input = rows(5, 600, true);
    const spill = memoryRunSpill();
    const some = exported(input, () => true, { runSpill: spill, inviteesInMemory: 10_000 });
    expect(some.acc.rowsPutAway).toBe(0);
    expect(latest(some.state)).toEqual(latest(exported(input, () => true).state));
  });
});
