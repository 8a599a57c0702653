import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AFFILIATE_COLUMNS,
  DEMO_MANAGERS,
  REFERRAL_COLUMNS,
  defaultEndWeek,
  demoRoster,
  generateDataset,
  reportedWeeks,
  type DatasetSummary,
  type RosterAffiliate,
} from "../../scripts/lib/dataset";

const END_WEEK = process.env.DATASET_TEST_END_WEEK ?? "2025-11-10";
const SEED = process.env.DATASET_TEST_SEED; // to try the demo checks on other seeds

// -------------------------------------------------------------------------------------------
// An independent checker of the contract's rules (data-format.md), written for the test.
// -------------------------------------------------------------------------------------------

/** The contract's referral columns, spelled out again here on purpose (not imported). */
const CONTRACT_REFERRAL_HEADER =
  "week_start,affiliate_uid,invitee_uid,registered_at,referral_code,verified_at,first_deposit_at,first_trade_at," +
  "country,vip_level,commission_type,rebate_rate,spot_volume_usd,futures_volume_usd,options_volume_usd,fiat_volume_usd," +
  "earn_balance_usd,web3_wallet_active,spot_commission_usd,futures_commission_usd,fees_usd";
const CONTRACT_AFFILIATE_HEADER = "affiliate_uid,name,type,country,language,joined_at,tier,manager_email,email,telegram,website";

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cur);
      cur = "";
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UID = /^\d{1,20}$/;
const MONEY = /^\d+\.\d{2}$/;

function utcMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}
function validDate(s: string): boolean {
  return DATE.test(s) && new Date(utcMs(s)).toISOString().slice(0, 10) === s;
}
function addDays(iso: string, n: number): string {
  return new Date(utcMs(iso) + n * 86_400_000).toISOString().slice(0, 10);
}

type Row = Record<(typeof REFERRAL_COLUMNS)[number], string>;

interface Checked {
  rows: Row[];
  errors: string[];
}

/** Checks a referral file's text against the contract; returns the rows and every error found. */
function checkReferralFile(text: string, expectWeek?: string): Checked {
  const errors: string[] = [];
  const rows: Row[] = [];
  if (!text.endsWith("\n")) errors.push("file does not end with a newline");
  if (text.includes("\r")) errors.push("CR in file");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header = splitCsvLine(lines[0]);
  if (lines[0] !== CONTRACT_REFERRAL_HEADER) errors.push(`header differs: ${lines[0]}`);
  const keys = new Set<string>();
  for (let n = 1; n < lines.length; n++) {
    const cells = splitCsvLine(lines[n]);
    const err = (m: string) => errors.push(`line ${n + 1}: ${m}`);
    if (cells.length !== header.length) {
      err(`${cells.length} cells`);
      continue;
    }
    const r = Object.fromEntries(header.map((h, i) => [h, cells[i]])) as Row;
    rows.push(r);
    if (!validDate(r.week_start)) err(`week_start ${r.week_start}`);
    else if (new Date(utcMs(r.week_start)).getUTCDay() !== 1) err(`week_start not a Monday: ${r.week_start}`);
    if (expectWeek && r.week_start !== expectWeek) err(`week_start ${r.week_start} in the file of ${expectWeek}`);
    if (!UID.test(r.affiliate_uid)) err(`affiliate_uid ${r.affiliate_uid}`);
    if (!UID.test(r.invitee_uid)) err(`invitee_uid ${r.invitee_uid}`);
    const key = `${r.week_start}|${r.invitee_uid}`;
    if (keys.has(key)) err(`duplicate key ${key}`);
    keys.add(key);
    if (!validDate(r.registered_at)) err(`registered_at ${r.registered_at}`);
    else if (r.registered_at > addDays(r.week_start, 6)) err(`registered_at ${r.registered_at} after the week`);
    for (const c of ["verified_at", "first_deposit_at", "first_trade_at"] as const) {
      if (r[c] !== "" && !validDate(r[c])) err(`${c} ${r[c]}`);
      if (r[c] > addDays(r.week_start, 6)) err(`${c} ${r[c]} after the week's end`);
    }
    if (r.referral_code !== "" && !/^[A-Z0-9]{4,12}$/.test(r.referral_code)) err(`referral_code ${r.referral_code}`);
    if (r.country !== "" && !/^[A-Z]{2}$/.test(r.country)) err(`country ${r.country}`);
    if (r.vip_level !== "" && !/^[0-9]$/.test(r.vip_level)) err(`vip_level ${r.vip_level}`);
    if (!["", "spot", "futures"].includes(r.commission_type)) err(`commission_type ${r.commission_type}`);
    if (r.rebate_rate !== "") {
      const v = r.rebate_rate.endsWith("%") ? Number(r.rebate_rate.slice(0, -1)) / 100 : Number(r.rebate_rate);
      if (!/^\d+(\.\d+)?%?$/.test(r.rebate_rate) || !(v >= 0 && v <= 1)) err(`rebate_rate ${r.rebate_rate}`);
    }
    for (const c of [
      "spot_volume_usd",
      "futures_volume_usd",
      "options_volume_usd",
      "fiat_volume_usd",
      "earn_balance_usd",
      "spot_commission_usd",
      "futures_commission_usd",
      "fees_usd",
    ] as const) {
      if (!MONEY.test(r[c])) err(`${c} ${r[c]}`);
    }
    if (r.web3_wallet_active !== "0" && r.web3_wallet_active !== "1") err(`web3_wallet_active ${r.web3_wallet_active}`);
  }
  return { rows, errors };
}

function parseRoster(text: string): Record<(typeof AFFILIATE_COLUMNS)[number], string>[] {
  const lines = text.split("\n").filter((l) => l !== "");
  const header = splitCsvLine(lines[0]);
  return lines.slice(1).map((l) => {
    const cells = splitCsvLine(l);
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]])) as Record<(typeof AFFILIATE_COLUMNS)[number], string>;
  });
}

/** Whole months from `from` to `to` (YYYY-MM-DD), counted by hand. */
function wholeMonths(from: string, to: string): number {
  const [y1, m1, d1] = from.split("-").map(Number);
  const [y2, m2, d2] = to.split("-").map(Number);
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

async function hashDir(summary: DatasetSummary): Promise<string> {
  const h = createHash("sha256");
  for (const f of summary.files) h.update(path.basename(f)).update(await readFile(f));
  return h.digest("hex");
}

const tmpDirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "dataset-test-"));
  tmpDirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

// -------------------------------------------------------------------------------------------

describe("the contract checker used below", () => {
  it("catches what the contract calls errors", () => {
    const good =
      "2025-11-10,123456789,0987654321,2025-11-12,ABCDEF12,2025-11-12,,,VN,0,spot,0.1,10.00,0.00,0.00,0.00,0.00,0,0.01,0.00,0.01";
    expect(checkReferralFile(`${CONTRACT_REFERRAL_HEADER}\n${good}\n`).errors).toEqual([]);
    const other = (i: number) => good.replace("0987654321", `55500000${i}`);
    const bad = [
      other(1).replace("2025-11-10", "2025-11-11"), // not a Monday
      other(2).replace("2025-11-12,ABCDEF12", "2025-11-17,ABCDEF12"), // registered after the week
      other(3).replace("10.00", "10.5"), // money without 2 decimals
      other(4).replace(",0.1,", ",1.5,"), // rate out of range
      good, // the same key as line 2
      other(6).replace(",VN,", ",VN,x,"), // a cell too many
      other(7).replace(",2025-11-12,,,", ",2025-11-12,2025-11-18,,"), // a date after the week's end
    ];
    const { errors } = checkReferralFile(`${CONTRACT_REFERRAL_HEADER}\n${good}\n${bad.join("\n")}\n`);
    const lines = new Set(errors.map((e) => Number(/^line (\d+)/.exec(e)?.[1])));
    expect([...lines].sort((x, y) => x - y)).toEqual(bad.map((_, i) => i + 3));
  });
});

describe("exported column lists", () => {
  it("follow the contract's order", () => {
    expect(REFERRAL_COLUMNS.join(",")).toBe(CONTRACT_REFERRAL_HEADER);
    expect(AFFILIATE_COLUMNS.join(",")).toBe(CONTRACT_AFFILIATE_HEADER);
  });
});

describe("dates", () => {
  it("defaults endWeek to the Monday of the last complete week (UTC)", () => {
    expect(defaultEndWeek(new Date("2025-11-19T12:00:00Z"))).toBe("2025-11-10"); // a Wednesday
    expect(defaultEndWeek(new Date("2025-11-17T00:00:00Z"))).toBe("2025-11-10"); // Monday: this week is not complete
    expect(defaultEndWeek(new Date("2025-11-16T23:59:59Z"))).toBe("2025-11-03"); // Sunday
  });
  it("lists the reported Mondays and refuses a non-Monday end week", () => {
    expect(reportedWeeks("2025-11-10", 3)).toEqual(["2025-10-27", "2025-11-03", "2025-11-10"]);
    expect(() => reportedWeeks("2025-11-11", 3)).toThrow(/Monday/);
    expect(() => demoRoster({ endWeek: "2025-11-12" })).toThrow(/Monday/);
  });
});

describe("determinism", () => {
  const opts = { affiliates: 30, weeks: 8, invitees: 3_000, endWeek: END_WEEK };

  it("writes byte-identical files for the same options, different ones for another seed", async () => {
    const [a, b, c] = await Promise.all([
      generateDataset({ ...opts, outDir: await tmp(), seed: "one" }),
      generateDataset({ ...opts, outDir: await tmp(), seed: "one" }),
      generateDataset({ ...opts, outDir: await tmp(), seed: "two" }),
    ]);
    expect(a.files).toHaveLength(1 + 8);
    expect(a.rows).toBeGreaterThan(1_000);
    expect(await hashDir(a)).toBe(await hashDir(b));
    expect(await hashDir(a)).not.toBe(await hashDir(c));
    expect(demoRoster({ ...opts, seed: "one" })).toEqual(demoRoster({ ...opts, seed: "one" }));
  });

  it("is deterministic in single-file mode with a row target too", async () => {
    const o = { profile: "scale" as const, affiliates: 200, weeks: 26, rows: 5_000, endWeek: END_WEEK, seed: 7 };
    const [a, b] = await Promise.all([generateDataset({ ...o, outDir: await tmp() }), generateDataset({ ...o, outDir: await tmp() })]);
    expect(a.files.map((f) => path.basename(f))).toEqual(["affiliates.csv", "referrals.csv"]);
    expect(await hashDir(a)).toBe(await hashDir(b));
  });
});

describe("the demo profile", () => {
  let summary: DatasetSummary;
  let roster: RosterAffiliate[];
  let rosterRows: ReturnType<typeof parseRoster>;
  const rows: Row[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    summary = await generateDataset({ outDir: await tmp(), endWeek: END_WEEK, seed: SEED });
    roster = demoRoster({ endWeek: END_WEEK, seed: SEED });
    rosterRows = parseRoster(await readFile(summary.files[0], "utf8"));
    for (const [i, f] of summary.files.slice(1).entries()) {
      const checked = checkReferralFile(await readFile(f, "utf8"), summary.weeks[i]);
      for (const r of checked.rows) rows.push(r);
      errors.push(...checked.errors.slice(0, 20).map((e) => `${path.basename(f)} ${e}`));
    }
  }, 60_000);

  it("writes the roster and one file per week, every row within the contract", async () => {
    expect(path.basename(summary.files[0])).toBe("affiliates.csv");
    expect(summary.weeks).toEqual(reportedWeeks(END_WEEK, 26));
    expect(summary.files.slice(1).map((f) => path.basename(f))).toEqual(summary.weeks.map((w) => `referrals-${w}.csv`));
    expect((await readFile(summary.files[0], "utf8")).split("\n")[0]).toBe(CONTRACT_AFFILIATE_HEADER);
    expect(errors).toEqual([]);
    expect(rows.length).toBe(summary.rows);
  });

  it("has tens of thousands of invitees and at most a few hundred thousand rows", () => {
    const invitees = new Set(rows.map((r) => r.invitee_uid));
    expect(invitees.size).toBe(summary.invitees);
    expect(summary.invitees).toBeGreaterThanOrEqual(30_000);
    expect(summary.invitees).toBeLessThanOrEqual(50_000);
    expect(summary.rows).toBeGreaterThan(60_000);
    expect(summary.rows).toBeLessThan(400_000);
    expect(summary.affiliates).toBe(150);
  });

  it("has a roster with every type, ≥ 10 markets, tenures of 2–30 months, four managers and three blanks", () => {
    expect(rosterRows).toHaveLength(148);
    expect(new Set(rosterRows.map((a) => a.type))).toEqual(new Set(["affiliate", "kol", "network", "content_creator", "community"]));
    expect(new Set(rosterRows.map((a) => a.country)).size).toBeGreaterThanOrEqual(10);
    const language = new Map<string, string>();
    for (const a of rosterRows) {
      expect(a.language).toMatch(/^[a-z]{2}(-[A-Z]{2})?$/);
      expect(language.get(a.country) ?? a.language).toBe(a.language); // one language per market
      language.set(a.country, a.language);
    }
    expect(language.get("BR")).toBe("pt-BR");
    expect(language.get("VN")).toBe("vi");
    const tenures = rosterRows.map((a) => wholeMonths(a.joined_at, END_WEEK));
    expect(Math.min(...tenures)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...tenures)).toBeLessThanOrEqual(30);
    expect(tenures.filter((t) => t >= 6).length / tenures.length).toBeGreaterThan(0.7);
    expect(tenures.filter((t) => t < 6).length).toBeGreaterThan(5);
    const managers = rosterRows.map((a) => a.manager_email);
    expect(new Set(managers.filter(Boolean))).toEqual(new Set(DEMO_MANAGERS.map((m) => m.email)));
    expect(managers.filter((m) => m === "").length).toBe(3);
    for (const m of DEMO_MANAGERS) expect(managers.filter((e) => e === m.email).length).toBeGreaterThan(15);
    expect(new Set(rosterRows.map((a) => a.tier))).toEqual(new Set(["Bronze", "Silver", "Gold", "Platinum"]));
    for (const a of rosterRows) expect(a.affiliate_uid).toMatch(/^\d{8,10}$/);
    expect(rosterRows.some((a) => a.affiliate_uid.startsWith("0"))).toBe(true);
    expect(new Set(rosterRows.map((a) => a.affiliate_uid)).size).toBe(148);
    expect(new Set(rosterRows.map((a) => a.name)).size).toBe(148);
    expect(rosterRows.filter((a) => a.email).length).toBeGreaterThan(60);
    expect(rosterRows.filter((a) => a.website.startsWith("https://")).length).toBeGreaterThan(30);
    const tg = rosterRows.filter((a) => a.telegram);
    expect(tg.length).toBeGreaterThan(60);
    for (const a of tg) expect(a.telegram).toMatch(/^@[a-z0-9_]{5,32}$/);
  });

  it("returns the same roster in memory, plus the two affiliates missing from the roster file", () => {
    expect(roster).toHaveLength(150);
    const inFile = roster.filter((a) => a.inRoster);
    expect(inFile.map((a) => [a.uid, a.name, a.type, a.country, a.joinedAt, a.tier, a.managerEmail ?? ""])).toEqual(
      rosterRows.map((r) => [r.affiliate_uid, r.name, r.type, r.country, r.joined_at, r.tier, r.manager_email]),
    );
    const rosterUids = new Set(rosterRows.map((a) => a.affiliate_uid));
    const missing = [...new Set(rows.map((r) => r.affiliate_uid))].filter((u) => !rosterUids.has(u)).sort();
    const outside = roster.filter((a) => !a.inRoster);
    expect(missing).toEqual(outside.map((a) => a.uid).sort());
    expect(missing).toHaveLength(2);
    for (const a of outside) {
      expect(a.managerEmail).toBeNull();
      const first = rows.filter((r) => r.affiliate_uid === a.uid).map((r) => r.week_start).sort()[0];
      expect(first).toBe(a.joinedAt); // the import will set joined_at to the first week it appears in
    }
  });

  it("uses the affiliates' own referral codes (1–5 each), a few blank, rebates as decimals or now and then percentages", () => {
    const codes = new Map(roster.map((a) => [a.uid, new Set(a.referralCodes)]));
    for (const a of roster) {
      expect(a.referralCodes.length).toBeGreaterThanOrEqual(1);
      expect(a.referralCodes.length).toBeLessThanOrEqual(5);
      for (const c of a.referralCodes) expect(c).toMatch(/^[A-Z0-9]{6,8}$/);
    }
    let blank = 0;
    const foreign: string[] = [];
    for (const r of rows) {
      if (r.referral_code === "") blank++;
      else if (!codes.get(r.affiliate_uid)?.has(r.referral_code)) foreign.push(`${r.affiliate_uid}/${r.referral_code}`);
    }
    expect(foreign).toEqual([]);
    expect(blank / rows.length).toBeGreaterThan(0.005);
    expect(blank / rows.length).toBeLessThan(0.08);
    const pct = rows.filter((r) => r.rebate_rate.endsWith("%")).length;
    expect(pct).toBeGreaterThan(0);
    expect(pct / rows.length).toBeLessThan(0.05);
  });

  it("has a realistic funnel, a few out-of-order dates and a few re-bindings", () => {
    const latest = new Map<string, Row>();
    const affs = new Map<string, Set<string>>();
    for (const r of rows) {
      const cur = latest.get(r.invitee_uid);
      if (!cur || cur.week_start < r.week_start) latest.set(r.invitee_uid, r);
      (affs.get(r.invitee_uid) ?? affs.set(r.invitee_uid, new Set()).get(r.invitee_uid)!).add(r.affiliate_uid);
    }
    // Registered in the window but at least 6 weeks before its end: the funnel has had time.
    const cohort = [...latest.values()].filter((r) => r.registered_at >= summary.weeks[0] && r.registered_at < summary.weeks[20]);
    const verified = cohort.filter((r) => r.verified_at);
    const deposited = verified.filter((r) => r.first_deposit_at);
    const traded = deposited.filter((r) => r.first_trade_at);
    expect(verified.length / cohort.length).toBeGreaterThan(0.58);
    expect(verified.length / cohort.length).toBeLessThan(0.77);
    expect(deposited.length / verified.length).toBeGreaterThan(0.33);
    expect(deposited.length / verified.length).toBeLessThan(0.52);
    expect(traded.length / deposited.length).toBeGreaterThan(0.58);
    expect(traded.length / deposited.length).toBeLessThan(0.82);

    const outOfOrder = rows.filter(
      (r) =>
        (r.verified_at && r.verified_at < r.registered_at) ||
        (r.first_deposit_at && (!r.verified_at || r.first_deposit_at < r.verified_at)) ||
        (r.first_trade_at && (!r.first_deposit_at || r.first_trade_at < r.first_deposit_at)),
    ).length;
    expect(outOfOrder / rows.length).toBeGreaterThan(0.0002);
    expect(outOfOrder / rows.length).toBeLessThan(0.005);

    const rebound = [...affs.values()].filter((s) => s.size > 1).length;
    expect(rebound).toBeGreaterThan(0);
    expect(rebound / affs.size).toBeLessThan(0.002);
  });

  it("has heavy-tailed affiliate sizes: big networks, small KOLs", () => {
    const perAff = new Map<string, Set<string>>();
    for (const r of rows) (perAff.get(r.affiliate_uid) ?? perAff.set(r.affiliate_uid, new Set()).get(r.affiliate_uid)!).add(r.invitee_uid);
    const type = new Map(roster.map((a) => [a.uid, a.type]));
    const sizes = [...perAff].map(([u, s]) => ({ type: type.get(u), n: s.size })).sort((a, b) => b.n - a.n);
    expect(sizes[0].type).toBe("network");
    expect(sizes[0].n).toBeGreaterThan(1_500);
    const kols = sizes.filter((s) => s.type === "kol").map((s) => s.n).sort((a, b) => a - b);
    const median = kols[kols.length >> 1];
    expect(median).toBeGreaterThan(10);
    expect(median).toBeLessThan(500);
  });

  it("keeps money consistent: fees ≈ volume × fee rate, commissions below fees", () => {
    let fees = 0,
      expected = 0,
      above = 0;
    for (const r of rows) {
      const f = Number(r.fees_usd);
      fees += f;
      expected += Number(r.spot_volume_usd) * 0.001 + Number(r.futures_volume_usd) * 0.0004;
      if (Number(r.spot_commission_usd) + Number(r.futures_commission_usd) > f + 0.011) above++;
    }
    expect(above).toBe(0);
    expect(fees / expected).toBeGreaterThan(0.6);
    expect(fees / expected).toBeLessThan(1.05);
    const vip = rows.filter((r) => Number(r.vip_level) <= 2).length / rows.length;
    expect(vip).toBeGreaterThan(0.95);
    expect(rows.some((r) => Number(r.vip_level) >= 4)).toBe(true);
    const home = new Map(roster.map((a) => [a.uid, a.country]));
    expect(rows.filter((r) => r.country === home.get(r.affiliate_uid)).length / rows.length).toBeGreaterThan(0.6);
    expect(new Set(rows.map((r) => r.country)).size).toBeGreaterThan(20);
  });

  it("tells the stories: quiet, declining, futures-drop, growing", () => {
    const weekly = (uid: string, test: (r: Row) => boolean) => {
      const m = new Map(summary.weeks.map((w) => [w, 0]));
      for (const r of rows) if (r.affiliate_uid === uid && test(r)) m.set(r.week_start, m.get(r.week_start)! + 1);
      return summary.weeks.map((w) => m.get(w)!);
    };
    const tradedRow = (r: Row) => Number(r.spot_volume_usd) + Number(r.futures_volume_usd) + Number(r.options_volume_usd) > 0;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const by = (k: string) => roster.filter((a) => a.story.kind === k);

    expect(by("quiet")).toHaveLength(2);
    for (const a of by("quiet")) {
      const since = summary.weeks.indexOf(a.story.since!);
      expect(since).toBeGreaterThanOrEqual(26 - 3);
      expect(since).toBeLessThanOrEqual(26 - 2);
      const t = weekly(a.uid, tradedRow);
      expect(t.slice(since)).toEqual(t.slice(since).map(() => 0));
      expect(mean(t.slice(0, since - 3))).toBeGreaterThan(1);
    }

    expect(by("futures-drop")).toHaveLength(1);
    const fd = by("futures-drop")[0];
    const fdSince = summary.weeks.indexOf(fd.story.since!);
    const fut = weekly(fd.uid, (r) => Number(r.futures_volume_usd) > 0);
    expect(mean(fut.slice(fdSince))).toBeLessThan(0.7 * mean(fut.slice(fdSince - 8, fdSince)));
    expect(mean(fut.slice(fdSince - 8, fdSince))).toBeGreaterThan(5);

    const declining = by("declining");
    expect(declining.length).toBeGreaterThanOrEqual(3);
    let before = 0,
      last = 0;
    for (const a of declining) {
      const t = weekly(a.uid, tradedRow);
      before += mean(t.slice(10, 18));
      last += mean(t.slice(24));
    }
    expect(last).toBeLessThan(0.6 * before);

    const growing = by("growing");
    expect(growing.length).toBeGreaterThanOrEqual(10);
    let early = 0,
      late = 0;
    for (const a of growing) {
      const reg = weekly(a.uid, (r) => r.registered_at >= r.week_start);
      early += mean(reg.slice(6, 12));
      late += mean(reg.slice(20));
    }
    expect(late).toBeGreaterThan(1.3 * early);
    for (const a of roster) expect(a.story.summary.length).toBeGreaterThan(5);
  });
});

describe("the scale profile", () => {
  it("produces about the requested number of rows for ≥ 2,000 affiliates, in one file", async () => {
    const summary = await generateDataset({ outDir: await tmp(), profile: "scale", rows: 30_000, weeks: 26, endWeek: END_WEEK });
    expect(summary.affiliates).toBeGreaterThanOrEqual(2_000);
    expect(summary.files.map((f) => path.basename(f))).toEqual(["affiliates.csv", "referrals.csv"]);
    expect(summary.rows).toBeGreaterThan(27_000);
    expect(summary.rows).toBeLessThan(33_000);
    const { rows, errors } = checkReferralFile(await readFile(summary.files[1], "utf8"));
    expect(errors.slice(0, 10)).toEqual([]);
    expect(rows.length).toBe(summary.rows);
    expect(new Set(rows.map((r) => r.week_start)).size).toBe(26);
    const rosterRows = parseRoster(await readFile(summary.files[0], "utf8"));
    expect(rosterRows.length).toBe(summary.affiliates - 2);
  }, 60_000);
});
