import { describe, expect, it } from "vitest";
import {
  AffiliateKeyTracker,
  type CsvBatch,
  CsvRecordReader,
  MAX_KEY_RELOADS,
  ReferralKeyTracker,
  resolveHeader,
  validateAffiliateRow,
  validateReferralRecord,
  validateReferralRow,
  type IssueSink,
  type ReferralRow,
  type ResolvedHeader,
} from "~/domain/csv";
import { UidLineTable, fastReferralRecord, referralColumnCodes } from "~/domain/csv/rows";
import { addWeeks } from "~/domain/weeks";
import { AFFILIATE_HEADER, REFERRAL_HEADER, cellsOf, referral } from "./helpers";

const sink = (): IssueSink => ({ errors: [], warnings: [] });
const referralHeader = (names: readonly string[] = REFERRAL_HEADER) =>
  resolveHeader("referrals", names) as ResolvedHeader<"referrals">;
const affiliateHeader = (names: readonly string[] = AFFILIATE_HEADER) =>
  resolveHeader("affiliates", names) as ResolvedHeader<"affiliates">;

function validate(row: Record<string, string>, names: readonly string[] = REFERRAL_HEADER, line = 7) {
  const s = sink();
  const result = validateReferralRow(cellsOf(row, names), referralHeader(names), line, s);
  return { row: result, ...s };
}

describe("validateReferralRow", () => {
  it("turns a valid row into a typed row", () => {
    const { row, errors, warnings } = validate(referral());
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(row).toEqual({
      weekStart: "2026-03-02",
      affiliateUid: "10001",
      inviteeUid: "500001",
      registeredAt: "2026-03-04",
      referralCode: "ABC",
      verifiedAt: "2026-03-05",
      firstDepositAt: "2026-03-06",
      firstTradeAt: "2026-03-07",
      country: "BR",
      vipLevel: 2,
      commissionType: "spot",
      rebateRate: 0.125,
      spotVolumeCents: 123456,
      futuresVolumeCents: 0,
      optionsVolumeCents: 0,
      fiatVolumeCents: 1050,
      earnBalanceCents: 29,
      web3WalletActive: 1,
      spotCommissionCents: 120,
      futuresCommissionCents: 0,
      feesCents: 333,
    } satisfies ReferralRow);
  });

  it("gives defaults for absent optional columns, and reads columns in any order", () => {
    const names = ["Invitee UID", "Registered At", "Week Start", "Affiliate UID", "Notes"];
    const cells = ["500001", "2026-03-02T10:00:00+02:00", "2026-03-02", "10001", "anything"];
    const s = sink();
    const row = validateReferralRow(cells, referralHeader(names), 2, s);
    expect(s.errors).toEqual([]);
    expect(row).toMatchObject({
      weekStart: "2026-03-02",
      affiliateUid: "10001",
      inviteeUid: "500001",
      registeredAt: "2026-03-02",
      referralCode: null,
      verifiedAt: null,
      country: null,
      vipLevel: null,
      commissionType: null,
      rebateRate: null,
      spotVolumeCents: 0,
      feesCents: 0,
      web3WalletActive: 0,
    });
  });

  it("reports every error of the row, by the column name as written", () => {
    const names = REFERRAL_HEADER.map((n) => (n === "week_start" ? "Week Start" : n === "fees_usd" ? "Fees USD" : n));
    const bad = referral({
      week_start: "03/02/2026",
      affiliate_uid: "",
      invitee_uid: "12ab",
      country: "UK",
      vip_level: "10",
      commission_type: "margin",
      rebate_rate: "1.5",
      spot_volume_usd: "-5",
      fiat_volume_usd: "1,23",
      web3_wallet_active: "maybe",
      fees_usd: " $x ",
    });
    const row: Record<string, string> = {};
    names.forEach((n, i) => (row[n] = bad[REFERRAL_HEADER[i]]));
    const { row: result, errors } = validate(row, names, 12);
    expect(result).toBeNull();
    expect(errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [12, "Week Start", "03/02/2026"],
      [12, "affiliate_uid", ""],
      [12, "invitee_uid", "12ab"],
      [12, "country", "UK"],
      [12, "vip_level", "10"],
      [12, "commission_type", "margin"],
      [12, "rebate_rate", "1.5"],
      [12, "spot_volume_usd", "-5"],
      [12, "fiat_volume_usd", "1,23"],
      [12, "web3_wallet_active", "maybe"],
      [12, "Fees USD", "$x"],
    ]);
    expect(errors[0].message).toMatch(/YYYY-MM-DD/);
    expect(errors[1].message).toMatch(/required/);
    expect(errors[4].message).toMatch(/0 to 9/);
    expect(errors[7].message).toBe("must not be negative");
  });

  it("counts no cells as no cells", () => {
    const s = sink();
    expect(validateReferralRow([], referralHeader(), 3, s)).toBeNull();
    expect(s.errors[0].message).toBe("the row has 0 cells but the header has 21");
  });

  it("refuses a row with more or fewer cells than the header, as its only error", () => {
    for (const cells of [cellsOf(referral()).slice(0, 20), [...cellsOf(referral()), "extra"]]) {
      const s = sink();
      expect(validateReferralRow(cells, referralHeader(), 9, s)).toBeNull();
      expect(s.errors).toEqual([
        { line: 9, column: null, value: null, message: `the row has ${cells.length} cells but the header has 21` },
      ]);
    }
  });

  it("requires week_start to be a Monday", () => {
    const { row, errors } = validate(referral({ week_start: "2026-03-03", registered_at: "2026-03-03" }));
    expect(row).toBeNull();
    expect(errors).toEqual([{ line: 7, column: "week_start", value: "2026-03-03", message: expect.stringMatching(/Monday/) }]);
  });

  it("refuses registered_at after the end of its week, accepts its Sunday", () => {
    const late = validate(referral({ registered_at: "2026-03-09" }));
    expect(late.row).toBeNull();
    expect(late.errors).toEqual([
      { line: 7, column: "registered_at", value: "2026-03-09", message: "is after the end of its week (2026-03-08)" },
    ]);
    expect(validate(referral({ registered_at: "2026-03-08", verified_at: "", first_deposit_at: "", first_trade_at: "" })).row).not.toBeNull();
    // an instant late on Sunday in UTC−5 is Monday in UTC
    expect(validate(referral({ registered_at: "2026-03-08T20:00:00-05:00" })).errors[0]?.column).toBe("registered_at");
    // registered long before the week: fine (activity weeks)
    expect(validate(referral({ registered_at: "2024-01-01" })).row).not.toBeNull();
  });

  it("warns about funnel dates before registration, keeping the row", () => {
    const { row, errors, warnings } = validate(
      referral({ registered_at: "2026-03-04", verified_at: "2026-03-01", first_deposit_at: "2026-02-01", first_trade_at: "2026-03-03T23:00:00Z" }),
    );
    expect(errors).toEqual([]);
    expect(row).not.toBeNull();
    expect(warnings).toEqual([
      { line: 7, column: "verified_at", value: "2026-03-01", message: "is before registered_at (2026-03-04)" },
      { line: 7, column: "first_deposit_at", value: "2026-02-01", message: "is before registered_at (2026-03-04)" },
      { line: 7, column: "first_trade_at", value: "2026-03-03T23:00:00Z", message: "is before registered_at (2026-03-04)" },
    ]);
    // same day, or the funnel steps in another order among themselves: no warning
    expect(validate(referral({ verified_at: "2026-03-04", first_deposit_at: "2026-03-07", first_trade_at: "2026-03-05" })).warnings).toEqual([]);
  });

  it("does not warn for a row with errors", () => {
    const { errors, warnings } = validate(referral({ verified_at: "2026-01-01", fees_usd: "-1" }));
    expect(errors).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});

describe("validateAffiliateRow", () => {
  const affiliate = (o: Record<string, string> = {}) => ({
    affiliate_uid: "10001",
    name: " Crypto Club ",
    type: "Content Creator",
    country: "vn",
    language: "pt_br",
    joined_at: "2025-06-01",
    tier: "Gold",
    manager_email: "Ana@Example.com",
    email: "contact at club",
    telegram: "@club",
    website: "club.example",
    ...o,
  });
  const run = (row: Record<string, string>, names = AFFILIATE_HEADER) => {
    const s = sink();
    return { row: validateAffiliateRow(cellsOf(row, names), affiliateHeader(names), 4, s), ...s };
  };

  it("turns a valid row into a typed row", () => {
    const { row, errors } = run(affiliate());
    expect(errors).toEqual([]);
    expect(row).toEqual({
      affiliateUid: "10001",
      name: "Crypto Club",
      type: "content_creator",
      country: "VN",
      language: "pt-BR",
      joinedAt: "2025-06-01",
      tier: "Gold",
      managerEmail: "ana@example.com",
      email: "contact at club",
      telegram: "@club",
      website: "club.example",
    });
  });

  it("defaults the type to affiliate and optional values to null", () => {
    const { row } = run({ affiliate_uid: "7", name: "X" }, ["affiliate_uid", "name"]);
    expect(row).toEqual({
      affiliateUid: "7",
      name: "X",
      type: "affiliate",
      country: null,
      language: null,
      joinedAt: null,
      tier: null,
      managerEmail: null,
      email: null,
      telegram: null,
      website: null,
    });
  });

  it("reports every error", () => {
    const { row, errors } = run(affiliate({ name: "  ", type: "influencer", language: "english", joined_at: "2025-02-30", manager_email: "ana" }));
    expect(row).toBeNull();
    expect(errors.map((e) => e.column)).toEqual(["name", "type", "language", "joined_at", "manager_email"]);
  });
});

describe("duplicate keys", () => {
  it("names the line of the first occurrence (referrals: week + invitee)", () => {
    const header = referralHeader();
    const keys = new ReferralKeyTracker();
    const row = validateReferralRow(cellsOf(referral()), header, 2, sink())!;
    expect(keys.check(row, 2, header)).toBeNull();
    const other = { ...row, inviteeUid: "500002" };
    expect(keys.check(other, 3, header)).toBeNull();
    const s = sink();
    const dup = keys.check(row, 9, header, s);
    expect(dup).toEqual({
      line: 9,
      column: "invitee_uid",
      value: "500001",
      message: "duplicate row: invitee 500001 in the week of 2026-03-02 already appears on line 2",
    });
    expect(s.errors).toEqual([dup]);
    // the same invitee in another week is another key
    expect(keys.check({ ...row, weekStart: "2026-03-09" }, 10, header)).toBeNull();
    expect(keys.size).toBe(3);
  });

  it("tells uids with leading zeros and long uids apart", () => {
    const t = new UidLineTable(4);
    expect(t.firstLine("7", 1)).toBe(0);
    expect(t.firstLine("007", 2)).toBe(0);
    expect(t.firstLine("0", 3)).toBe(0);
    expect(t.firstLine("00", 4)).toBe(0);
    expect(t.firstLine("12345678901234567890", 5)).toBe(0);
    expect(t.firstLine("12345678901234567891", 6)).toBe(0);
    expect(t.firstLine("999999999999999", 7)).toBe(0); // 15 digits: a number key
    expect(t.firstLine("4294967296", 8)).toBe(0); // 2^32: the high word matters
    expect(t.firstLine("0", 9)).toBe(3);
    expect(t.firstLine("007", 10)).toBe(2);
    expect(t.firstLine("7", 11)).toBe(1);
    expect(t.firstLine("12345678901234567890", 12)).toBe(5);
    expect(t.firstLine("999999999999999", 13)).toBe(7);
    expect(t.firstLine("4294967296", 14)).toBe(8);
    expect(t.firstLine("0", 15)).toBe(3);
    expect(t.size).toBe(8);
  });

  it("stays exact through growth, for many keys", () => {
    const t = new UidLineTable(16);
    const n = 200_000;
    const uid = (i: number) => String((Math.imul(i, 0x9e3779b1) >>> 0) + 1e9 * (i % 3));
    let wrong = 0;
    for (let i = 0; i < n; i++) if (t.firstLine(uid(i), i + 2) !== 0) wrong++;
    expect(wrong).toBe(0);
    expect(t.size).toBe(n);
    for (let i = 0; i < n; i += 7) if (t.firstLine(uid(i), 1e6) !== i + 2) wrong++;
    expect(wrong).toBe(0);
    expect(t.size).toBe(n);
  });

  it("puts the tables of weeks not being read away past its budget, and finds their keys again exactly", () => {
    const header = referralHeader();
    const stored = new Map<number, Uint32Array>();
    const spill = { save: (id: number, slots: Uint32Array) => void stored.set(id, slots.slice()), load: (id: number) => stored.get(id)! };
    const keys = new ReferralKeyTracker(0, spill, 1000);
    const row = validateReferralRow(cellsOf(referral()), header, 2, sink())!;
    const week = (w: number) => addWeeks("2026-01-05", w);
    let line = 2;
    const firstLines = new Map<string, number>();
    for (let w = 0; w < 12; w++) {
      for (let i = 0; i < 400; i++) {
        const key = { ...row, weekStart: week(w), inviteeUid: String(700000 + i * 7 + w) };
        expect(keys.check(key, line, header)).toBeNull();
        firstLines.set(`${key.weekStart}|${key.inviteeUid}`, line++);
      }
      // Never more than the budget and the week being read.
      expect(keys.sizeInMemory).toBeLessThanOrEqual(1000 + 400);
    }
    expect(keys.weeksSpilled).toBeGreaterThan(8);
    expect(keys.size).toBe(12 * 400);
    // A week put away comes back with every key and its line: a duplicate names the first line.
    const again = { ...row, weekStart: week(1), inviteeUid: String(700000 + 5 * 7 + 1) };
    expect(keys.check(again, line, header)?.message).toBe(
      `duplicate row: invitee ${again.inviteeUid} in the week of ${week(1)} already appears on line ${firstLines.get(`${week(1)}|${again.inviteeUid}`)}`,
    );
    expect(keys.check({ ...again, inviteeUid: "1" }, line + 1, header)).toBeNull();
    expect(keys.size).toBe(12 * 400 + 1);
  });

  it("stops putting tables away when the weeks keep coming back (a file not in week order), and stays exact", () => {
    const header = referralHeader();
    const stored = new Map<number, Uint32Array>();
    let saves = 0;
    const spill = { save: (id: number, slots: Uint32Array) => void (saves++, stored.set(id, slots.slice())), load: (id: number) => stored.get(id)! };
    const keys = new ReferralKeyTracker(0, spill, 10);
    const row = validateReferralRow(cellsOf(referral()), header, 2, sink())!;
    // Rows interleaved over three weeks: every row switches weeks.
    let line = 2;
    for (let i = 0; i < 400; i++) {
      for (let w = 0; w < 3; w++) expect(keys.check({ ...row, weekStart: addWeeks("2026-01-05", w), inviteeUid: String(800000 + i) }, line++, header)).toBeNull();
    }
    expect(saves).toBeLessThanOrEqual(MAX_KEY_RELOADS + 3);
    expect(keys.size).toBe(1200);
    expect(keys.check({ ...row, weekStart: "2026-01-12", inviteeUid: "800000" }, line, header)?.message).toMatch(/already appears on line 3$/);
  });

  it("tracks affiliate_uid in a roster", () => {
    const header = affiliateHeader();
    const keys = new AffiliateKeyTracker();
    const row = validateAffiliateRow(cellsOf({ affiliate_uid: "0042", name: "A" }, AFFILIATE_HEADER), header, 2, sink())!;
    expect(keys.check(row, 2, header)).toBeNull();
    expect(keys.check({ ...row, affiliateUid: "42" }, 3, header)).toBeNull();
    expect(keys.check(row, 5, header)?.message).toBe("duplicate row: affiliate 0042 already appears on line 2");
  });
});

describe("fast path for clean referral rows", () => {
  // Values each column may take: clean ones, and ones the fast path must hand over.
  const choices: Record<string, string[]> = {
    week_start: ["2026-03-02", "2026-03-02", "2026-03-03", " 2026-03-02", "2026-03-02T00:00:00Z", ""],
    affiliate_uid: ["10001", "0042", "", "12x", "12345678901234567890", " 9 "],
    invitee_uid: ["500001", "500002", "7", "", "-1"],
    registered_at: ["2026-03-04", "2026-03-02", "2026-03-08", "2026-03-09", "2025-12-31", "2026-03-04 10:00", "x"],
    referral_code: ["", "ABC", " padded ", "é-code"],
    verified_at: ["", "2026-03-05", "2026-03-01", "2026-02-30", "2026-03-05T23:30:00-02:00"],
    first_deposit_at: ["", "2026-03-06", "2020-01-01"],
    first_trade_at: ["", "2026-03-07", "2026-03-07T01:00:00+05:00"],
    country: ["", "BR", "br", "UK", "USA"],
    vip_level: ["", "0", "9", "10", " 3"],
    commission_type: ["", "spot", "FUTURES", "margin"],
    rebate_rate: ["", "0.2", "12.5%", "1.5", "x"],
    spot_volume_usd: ["0", "", "1234.56", "1234.5", "12.345", "$5", "-1", "1,234.50", "99999999999999", "0.29", " 7 ", "5."],
    futures_volume_usd: ["0", "10", "0.01", "abc"],
    options_volume_usd: ["", "0", "3.3"],
    fiat_volume_usd: ["0", "2.50"],
    earn_balance_usd: ["0", "100"],
    web3_wallet_active: ["0", "1", "yes", "", "maybe"],
    spot_commission_usd: ["0", "1.2"],
    futures_commission_usd: ["0", ".5"],
    fees_usd: ["0", "3.33", "10000000000000.01"],
  };

  it("returns exactly what the full validator returns for clean rows, and hands over the rest", () => {
    let seed = 1;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const names = [...REFERRAL_HEADER.slice(0, 12), "ignored", ...REFERRAL_HEADER.slice(12)];
    const header = referralHeader(names);
    const codes = referralColumnCodes(header);
    let fast = 0;
    let handedOver = 0;
    for (let i = 0; i < 4000; i++) {
      // mostly clean rows, some with one or more odd values
      const row: Record<string, string> = { ignored: rnd(2) ? "" : "x" };
      for (const name of REFERRAL_HEADER) row[name] = rnd(4) === 0 ? choices[name][rnd(choices[name].length)] : choices[name][0];
      let cells = cellsOf(row, names);
      if (rnd(50) === 0) cells = cells.slice(0, -1);
      const text = "h\n" + cells.join(",") + "\n";
      const reader = new CsvRecordReader({ delimiter: ",", splitCells: false });
      const batch = reader.push(text);
      reader.end();
      expect(batch.unsplit(1)).toBe(true);
      const quick = fastReferralRecord(batch, 1, codes, header);
      const s = sink();
      const full = validateReferralRecord(batch, 1, header, s);
      if (quick === undefined) {
        handedOver++;
        continue;
      }
      fast++;
      expect(s.errors, text).toEqual([]);
      expect(s.warnings, text).toEqual([]);
      expect(quick, text).toEqual(full);
    }
    expect(fast).toBeGreaterThan(200);
    expect(handedOver).toBeGreaterThan(200);
  });

  it("is taken for a plain clean row", () => {
    const header = referralHeader();
    const text = "h\n" + cellsOf(referral({ country: "BR", commission_type: "spot" })).join(",") + "\r\n";
    const reader = new CsvRecordReader({ delimiter: ",", splitCells: false });
    const batch: CsvBatch = reader.push(text);
    expect(fastReferralRecord(batch, 1, referralColumnCodes(header), header)).toEqual(
      validateReferralRow(cellsOf(referral()), header, 2, sink()),
    );
  });
});
