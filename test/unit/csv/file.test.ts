import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  ContractFileError,
  CsvSyntaxError,
  parseContractFile,
  rejectedCsvLine,
  toCsvLine,
  type ContractBatchOf,
  type ReferralRow,
} from "~/domain/csv";
import { fileKeySpill } from "~/services/key-spill.server";
import { AFFILIATE_HEADER, REFERRAL_HEADER, cellsOf, parseAll, referral } from "./helpers";

const csv = (rows: string[][], eol = "\n", delimiter: "," | ";" | "\t" = ",") =>
  rows.map((r) => toCsvLine(r, delimiter)).join(eol) + eol;
const referralFile = (rows: Record<string, string>[], names = REFERRAL_HEADER) =>
  csv([names, ...rows.map((r) => cellsOf(r, names))]);

async function refused(chunks: (string | Uint8Array)[], options = {}): Promise<ContractFileError> {
  try {
    for await (const batch of parseContractFile(chunks, options)) void batch;
  } catch (e) {
    if (e instanceof ContractFileError) return e;
    throw e;
  }
  throw new Error("the file was not refused");
}

describe("parseContractFile — referrals", () => {
  it("yields typed rows with their lines", async () => {
    const text = referralFile([referral(), referral({ invitee_uid: "500002", spot_volume_usd: "$1,000" })]);
    const { batches, rows, lines, errors, warnings, rejected } = await parseAll([text]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ kind: "referrals", delimiter: ",", recordsRead: 2, headerRaw: REFERRAL_HEADER.join(",") });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rejected).toEqual([]);
    expect(lines).toEqual([2, 3]);
    expect((rows as ReferralRow[]).map((r) => [r.inviteeUid, r.spotVolumeCents, r.country])).toEqual([
      ["500001", 123456, "BR"],
      ["500002", 100000, "BR"],
    ]);
  });

  it("reads a spreadsheet's file: BOM, CRLF, ;, header spelled differently, quoted values", async () => {
    const names = REFERRAL_HEADER.map((n) => n.replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase())); // "Week Start"
    const rows = [
      cellsOf(referral({ spot_volume_usd: "1,234.56", referral_code: 'say "hi"; ok' })),
      cellsOf(referral({ invitee_uid: "500002", referral_code: "two\r\nlines" })),
      cellsOf(referral({ invitee_uid: "500003" })),
    ];
    const text = "\ufeff" + csv([names, ...rows], "\r\n", ";");
    const { batches, rows: out, lines, errors } = await parseAll([text]);
    expect(errors).toEqual([]);
    expect(batches[0].delimiter).toBe(";");
    expect(lines).toEqual([2, 3, 5]); // the second row holds a line break
    const typed = out as ReferralRow[];
    expect(typed[0]).toMatchObject({ spotVolumeCents: 123456, referralCode: 'say "hi"; ok' });
    expect(typed[1].referralCode).toBe("two\r\nlines");
    expect(typed[2].inviteeUid).toBe("500003");
  });

  it("reads a tab-separated file", async () => {
    const text = csv([REFERRAL_HEADER, cellsOf(referral())], "\n", "\t");
    const { batches, rows } = await parseAll([text]);
    expect(batches[0].delimiter).toBe("\t");
    expect(rows).toHaveLength(1);
  });

  it("rejects bad rows with every error, their original text, and keeps the good ones", async () => {
    const text =
      REFERRAL_HEADER.join(",") +
      "\n" +
      cellsOf(referral()).join(",") +
      "\n" +
      cellsOf(referral({ invitee_uid: "500002", fees_usd: "-1", week_start: "2026-03-03", registered_at: "2026-03-03" })).join(",") +
      "\n" +
      cellsOf(referral({ invitee_uid: "500003" })).slice(0, 5).join(",") +
      "\n" +
      cellsOf(referral({ invitee_uid: "500004" })).join(",") +
      "\n";
    const { rows, lines, errors, rejected } = await parseAll([text]);
    expect(lines).toEqual([2, 5]);
    expect(rows).toHaveLength(2);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, "week_start"],
      [3, "fees_usd"],
      [4, null],
    ]);
    expect(rejected).toEqual([
      {
        line: 3,
        raw: text.split("\n")[2],
        error: "week_start: must be a Monday (weeks run Monday to Sunday, UTC); fees_usd: must not be negative",
      },
      { line: 4, raw: text.split("\n")[3], error: "the row has 5 cells but the header has 21" },
    ]);
    // the rejected-rows file: original lines plus an error column
    expect(rejectedCsvLine(rejected[0].raw, rejected[0].error)).toBe(
      text.split("\n")[2] + ',"week_start: must be a Monday (weeks run Monday to Sunday, UTC); fees_usd: must not be negative"',
    );
  });

  it("reports a duplicate key with both lines, in file order, across batches", async () => {
    const rows = [];
    for (let i = 0; i < 30; i++) rows.push(referral({ invitee_uid: String(600000 + i) }));
    rows.push(referral({ invitee_uid: "600003" })); // line 32, first on line 5
    rows.push(referral({ invitee_uid: "600031", fees_usd: "x" })); // line 33: another error after it
    rows.push(referral({ invitee_uid: "600030" })); // line 34, first on line 32? no: 600030 is new
    rows.push(referral({ invitee_uid: "600030" })); // line 35, first on line 34 (same batch segment)
    rows.push(referral({ invitee_uid: "600010", week_start: "2026-03-09", registered_at: "2026-03-09" })); // another week: fine
    const { errors, lines, rejected, batches } = await parseAll([referralFile(rows)], { batchSize: 8 });
    expect(batches.length).toBeGreaterThan(3);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [32, "duplicate row: invitee 600003 in the week of 2026-03-02 already appears on line 5"],
      [33, expect.stringMatching(/amount/)],
      [35, "duplicate row: invitee 600030 in the week of 2026-03-02 already appears on line 34"],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([32, 33, 35]);
    expect(lines).toHaveLength(32);
    expect(lines).toContain(36);
    for (const b of batches) expect(b.rows.length + b.rejected.length).toBeLessThanOrEqual(8);
  });

  it("reports a duplicate of a week whose keys were put away on disk with the line of its first occurrence", async () => {
    const rows = [];
    const weeks = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"];
    for (const w of weeks) for (let i = 0; i < 20; i++) rows.push(referral({ week_start: w, registered_at: "2026-03-02", invitee_uid: String(610000 + i) }));
    rows.push(referral({ invitee_uid: "610004" })); // line 82: week 2026-03-02, first on line 6
    rows.push(referral({ week_start: "2026-03-16", registered_at: "2026-03-02", invitee_uid: "610019" })); // line 83: first on line 61
    rows.push(referral({ invitee_uid: "610020" })); // line 84: new
    const dir = mkdtempSync(join(tmpdir(), "key-spill-"));
    try {
      const files = fileKeySpill(dir);
      let saved = 0;
      let loaded = 0;
      const keySpill = { save: (id: number, slots: Uint32Array) => (saved++, files.save(id, slots)), load: (id: number) => (loaded++, files.load(id)) };
      const { errors, lines } = await parseAll([referralFile(rows)], { batchSize: 8, keySpill, keysInMemory: 25 });
      // The earlier weeks went to disk and came back for the duplicates.
      expect(saved).toBeGreaterThanOrEqual(3);
      expect(loaded).toBeGreaterThanOrEqual(2);
      expect(errors.map((e) => [e.line, e.message])).toEqual([
        [82, "duplicate row: invitee 610004 in the week of 2026-03-02 already appears on line 6"],
        [83, "duplicate row: invitee 610019 in the week of 2026-03-16 already appears on line 61"],
      ]);
      expect(lines).toHaveLength(81);
      expect(lines).toContain(84);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells uids with leading zeros and long uids apart when checking keys", async () => {
    const long = "12345678901234567890";
    const rows = ["0042", "42", "042", long, "1234567890123456789", "0042", long, "42"].map((u) => referral({ invitee_uid: u }));
    const { errors, lines } = await parseAll([referralFile(rows)]);
    expect(lines).toEqual([2, 3, 4, 5, 6]);
    expect(errors.map((e) => [e.line, e.value, e.message.replace(/.*(line \d+)$/, "$1")])).toEqual([
      [7, "0042", "line 2"],
      [8, long, "line 5"],
      [9, "42", "line 3"],
    ]);
  });

  it("keeps warnings and their rows", async () => {
    const { rows, warnings, errors } = await parseAll([referralFile([referral({ verified_at: "2026-03-01" })])]);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(warnings).toEqual([{ line: 2, column: "verified_at", value: "2026-03-01", message: "is before registered_at (2026-03-04)" }]);
  });

  it("warns about unknown columns in the first batch", async () => {
    const names = [...REFERRAL_HEADER, "Notes"];
    const { batches, rows } = await parseAll([referralFile([{ ...referral(), Notes: "hello, world" }], names)], { kind: "referrals" });
    expect(rows).toHaveLength(1);
    expect(batches[0].warnings).toEqual([
      { line: 1, column: "Notes", value: null, message: expect.stringMatching(/unknown column/) },
    ]);
  });

  it("refuses a file missing a required column before reading any row", async () => {
    const names = REFERRAL_HEADER.filter((n) => n !== "invitee_uid" && n !== "registered_at");
    const e = await refused([referralFile([referral()], names)]);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ line: 1, column: null });
    expect(e.message).toMatch(/required columns missing from the header: invitee_uid, registered_at/);
  });

  it("refuses a file whose kind it cannot tell, or of another kind than asked", async () => {
    expect((await refused(["foo,bar\n1,2\n"])).message).toMatch(/cannot tell the kind/);
    expect((await refused([csv([AFFILIATE_HEADER, ["1", "A"]])], { kind: "referrals" })).message).toMatch(/week_start/);
  });

  it("refuses an empty file and a malformed header; accepts a header without rows", async () => {
    expect((await refused([""])).message).toMatch(/empty/);
    expect((await refused(["\n\n"])).message).toMatch(/empty/);
    expect((await refused(['"week_start,affiliate_uid\n'])).message).toMatch(/header line is malformed/);
    const { batches, rows } = await parseAll([REFERRAL_HEADER.join(",") + "\n"]);
    expect(batches).toHaveLength(1);
    expect(rows).toEqual([]);
  });

  it("refuses a file with lone-CR line endings", async () => {
    const text = [REFERRAL_HEADER.join(","), cellsOf(referral()).join(",")].join("\r") + "\r";
    expect((await refused([text])).message).toMatch(/lone CR/);
  });

  it("reports an unterminated quote at EOF on its line", async () => {
    const text = referralFile([referral()]) + cellsOf(referral({ invitee_uid: "500009" })).join(",").replace("ABC", '"ABC') + "\n";
    const { errors, rejected, rows } = await parseAll([text]);
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([{ line: 3, column: null, value: null, message: expect.stringMatching(/unterminated quoted field/) }]);
    expect(rejected[0].line).toBe(3);
  });

  it("fails on invalid UTF-8", async () => {
    const bytes = new TextEncoder().encode(referralFile([referral()]));
    const bad = Uint8Array.from([...bytes, ...new TextEncoder().encode("2026-03-02,1,2,2026-03-02,"), 0xff, 0x0a]);
    await expect(parseAll([bad])).rejects.toBeInstanceOf(CsvSyntaxError);
  });

  it("reads a file from disk, with progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), "csv-contract-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const rows = [];
    for (let i = 0; i < 3000; i++) rows.push(referral({ invitee_uid: String(700000 + i), referral_code: i % 100 === 0 ? "a,b" : "X" }));
    const path = join(dir, "referrals.csv");
    const text = referralFile(rows);
    writeFileSync(path, text);
    let count = 0;
    let last: ContractBatchOf<"referrals"> | null = null;
    for await (const b of parseContractFile(createReadStream(path, { highWaterMark: 4096 }), { kind: "referrals", expectedRows: 3000 })) {
      expect(b.errors).toEqual([]);
      count += b.rows.length;
      for (let i = 1; i < b.lines.length; i++) expect(b.lines[i]).toBe(b.lines[i - 1] + 1);
      last = b;
    }
    expect(count).toBe(3000);
    expect(last?.recordsRead).toBe(3000);
    expect(last?.bytesRead).toBe(Buffer.byteLength(text));
    expect(last?.lines.at(-1)).toBe(3001);
  });
});

describe("parseContractFile — affiliates", () => {
  it("detects a roster and validates it", async () => {
    const text = csv([
      ["Affiliate UID", "Name", "Type", "Language", "Manager Email"],
      ["1", "Alpha", "KOL", "pt-br", "Ana@X.com"],
      ["2", "", "kol", "en", ""],
      ["1", "Alpha again", "", "", ""],
    ]);
    const { batches, rows, errors, lines } = await parseAll(Readable.from([Buffer.from(text)]));
    expect(batches[0].kind).toBe("affiliates");
    expect(lines).toEqual([2]);
    expect(rows).toEqual([
      {
        affiliateUid: "1",
        name: "Alpha",
        type: "kol",
        country: null,
        language: "pt-BR",
        joinedAt: null,
        tier: null,
        managerEmail: "ana@x.com",
        email: null,
        telegram: null,
        website: null,
      },
    ]);
    expect(errors).toEqual([
      { line: 3, column: "Name", value: "", message: expect.stringMatching(/required/) },
      { line: 4, column: "Affiliate UID", value: "1", message: "duplicate row: affiliate 1 already appears on line 2" },
    ]);
  });
});
