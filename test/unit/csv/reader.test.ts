import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  CsvRecordReader,
  CsvSyntaxError,
  TEXT_AFTER_QUOTE,
  UNTERMINATED_QUOTE,
  quoteCsvCell,
  readCsvRecords,
  rejectedCsvLine,
  toCsvLine,
  type CsvRecord,
} from "~/domain/csv";
import { readAll, splits } from "./helpers";

const simple = (records: CsvRecord[]) => records.map((r) => ({ line: r.line, cells: r.cells }));

// Every behaviour holds whether the reader splits cells itself or leaves unquoted lines unsplit.
describe.each([
  { mode: "cells split by the reader", options: { splitCells: true } },
  { mode: "records only (cells split on demand)", options: { splitCells: false } },
])("CsvRecordReader — $mode", ({ options }) => {
  const read = (text: string) => readAll([text], options).records;

  it("reads records with their physical line numbers", () => {
    expect(simple(read("a,b\n1,2\n3,4\n"))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("reads the last record without a trailing newline, and no empty record after one", () => {
    expect(simple(read("a,b\n1,2"))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
    ]);
    expect(read("a,b\n1,2\n")).toHaveLength(2);
    expect(read("a,b\r\n1,2\r\n")).toHaveLength(2);
  });

  it("drops a UTF-8 BOM", () => {
    const [header] = read("\ufeffweek_start,name\n2026-03-02,x\n");
    expect(header.cells).toEqual(["week_start", "name"]);
    expect(header.raw).toBe("week_start,name");
  });

  it("reads CRLF line endings without a trailing CR in the last cell", () => {
    expect(simple(read("a,b\r\n1,2\r\n3,\r\n"))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", ""] },
    ]);
  });

  it("detects ; and tab delimiters from the header line", () => {
    const { records, reader } = readAll(["week_start;name\n2026-03-02;Ana, Inc\n"], options);
    expect(reader.delimiter).toBe(";");
    expect(records[1].cells).toEqual(["2026-03-02", "Ana, Inc"]);
    const tab = readAll(["a\tb\n1,5\t2\n"], options);
    expect(tab.reader.delimiter).toBe("\t");
    expect(tab.records[1].cells).toEqual(["1,5", "2"]);
  });

  it("honours a given delimiter and an Excel sep= line", () => {
    expect(readAll(["a;b,c\n"], { ...options, delimiter: "," }).records[0].cells).toEqual(["a;b", "c"]);
    const { records, reader } = readAll(["sep=;\na;b\n1;2\n"], options);
    expect(reader.delimiter).toBe(";");
    expect(simple(records)).toEqual([
      { line: 2, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
    ]);
  });

  it("reads quoted fields holding the delimiter, doubled quotes and newlines", () => {
    const text = 'h1,h2,h3\n"a,b","say ""hi""",c\n"multi\nline\nvalue",x,"y"\nlast,1,2\n';
    expect(simple(read(text))).toEqual([
      { line: 1, cells: ["h1", "h2", "h3"] },
      { line: 2, cells: ["a,b", 'say "hi"', "c"] },
      { line: 3, cells: ["multi\nline\nvalue", "x", "y"] },
      // the record after a field holding two newlines starts two lines further
      { line: 6, cells: ["last", "1", "2"] },
    ]);
  });

  it("keeps CRLF inside a quoted field and counts it as a line", () => {
    expect(simple(read('a,b\r\n"x\r\ny",2\r\nz,3\r\n'))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x\r\ny", "2"] },
      { line: 4, cells: ["z", "3"] },
    ]);
  });

  it("reads empty quoted fields, quotes at the end of a record, and spaces around quotes", () => {
    expect(read('a,b,c\n"",x,""\n')[1].cells).toEqual(["", "x", ""]);
    expect(read('a,b\n1, "2,5" \n')[1].cells).toEqual(["1", "2,5"]);
    expect(read('a,b\n"1"\r\n')[1].cells).toEqual(["1"]);
  });

  it("keeps a quote inside an unquoted field as a character", () => {
    expect(read('a,b\n5" screen,x\n')[1].cells).toEqual(['5" screen', "x"]);
  });

  it("flags text after a closing quote, keeping it", () => {
    const [, bad, next] = read('a,b\n"ab"c,d\ne,f\n');
    expect(bad.error).toBe(TEXT_AFTER_QUOTE);
    expect(bad.cells).toEqual(["abc", "d"]);
    expect(next).toMatchObject({ line: 3, cells: ["e", "f"], error: null });
  });

  it("reports an unterminated quote at EOF on the line where its record starts", () => {
    const records = read('a,b\n1,2\n3,"never closed\nmore\n');
    expect(records).toHaveLength(3);
    expect(records[2]).toMatchObject({ line: 3, error: UNTERMINATED_QUOTE });
    expect(records[2].cells[0]).toBe("3");
  });

  it("skips blank lines and all-blank rows, counting their lines", () => {
    expect(simple(read("a,b\n\n1,2\n   \n,,\n , \n\r\n3,4\n\n\n"))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
      { line: 8, cells: ["3", "4"] },
    ]);
    expect(simple(read('a,b\n"",""\n1,2\n'))).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
    ]);
  });

  it("can keep blank rows", () => {
    expect(readAll(["a,b\n,\n1,2\n"], { ...options, skipBlankRecords: false }).records.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["", ""],
      ["1", "2"],
    ]);
  });

  it("does not trim cells (validation does)", () => {
    expect(read("a,b\n 1 ,\t2\n")[1].cells).toEqual([" 1 ", "\t2"]);
  });

  it("gives each record's original text", () => {
    const records = read('h1,h2\n"a,b","say ""hi"""\r\n"multi\nline",x\nplain,1\n');
    expect(records.map((r) => r.raw)).toEqual(["h1,h2", '"a,b","say ""hi"""', '"multi\nline",x', "plain,1"]);
  });

  it("reads the same records however the input is cut into chunks", () => {
    const text = '\ufeffh1;h2;h3\r\n"a;b";"é ""x""";\r\n\r\nnaïve;"multi\r\nline";€\r\nlast;1;2';
    const expected = simple(read(text));
    expect(expected.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    for (const chunks of splits(text)) {
      expect(simple(readAll(chunks, options).records)).toEqual(expected);
    }
  });

  it("refuses invalid UTF-8, naming the line", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("a,b\n1,2\nx,"), 0xe9, 0x0a]); // Latin-1 é
    try {
      readAll([bytes], options);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvSyntaxError);
      expect((e as CsvSyntaxError).line).toBe(3);
      expect((e as Error).message).toMatch(/not valid UTF-8/);
    }
    // a sequence cut at EOF
    expect(() => readAll([Uint8Array.from([0x61, 0x0a, 0xe2, 0x82])], options)).toThrow(CsvSyntaxError);
  });

  it("refuses a record longer than the limit (a quote left open)", () => {
    const reader = new CsvRecordReader({ ...options, maxRecordLength: 100 });
    reader.push("a,b\n");
    expect(() => reader.push('1,"' + "x".repeat(200))).toThrow(/line 2 is longer than 100 bytes/);
  });
});

describe("readCsvRecords", () => {
  it("reads a Node stream of Buffers in batches, with the detected delimiter", async () => {
    const lines = ["week_start;affiliate_uid"];
    for (let i = 0; i < 5000; i++) lines.push(`2026-03-02;${i}`);
    const text = lines.join("\n") + "\n";
    const buffer = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let p = 0; p < buffer.length; p += 1000) chunks.push(buffer.subarray(p, p + 1000));
    const reader = new CsvRecordReader();
    let count = 0;
    let batches = 0;
    let last: CsvRecord | null = null;
    for await (const batch of readCsvRecords(Readable.from(chunks), reader)) {
      batches++;
      count += batch.count;
      last = batch.records().at(-1) ?? last;
    }
    expect(reader.delimiter).toBe(";");
    expect(count).toBe(5001);
    expect(batches).toBeGreaterThan(10);
    expect(last).toMatchObject({ line: 5001, cells: ["2026-03-02", "4999"] });
  });

  it("accepts strings", async () => {
    const out: CsvRecord[] = [];
    for await (const b of readCsvRecords(["a,b\n1,", "2\n"])) out.push(...b.records());
    expect(out.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});

describe("writing CSV", () => {
  it("quotes cells that need it (RFC 4180)", () => {
    expect(quoteCsvCell("plain")).toBe("plain");
    expect(quoteCsvCell("a,b")).toBe('"a,b"');
    expect(quoteCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvCell("two\nlines")).toBe('"two\nlines"');
    expect(quoteCsvCell("cr\r")).toBe('"cr\r"');
    expect(quoteCsvCell("a;b")).toBe("a;b");
    expect(quoteCsvCell("a;b", ";")).toBe('"a;b"');
    expect(toCsvLine(["1", "a,b", "", 'q"'])).toBe('1,"a,b",,"q"""');
    expect(toCsvLine(["1", "a;b"], ";")).toBe('1;"a;b"');
  });

  it("round-trips through the reader", () => {
    const rows = [
      ["h1", "h2", "h3"],
      ["a,b", 'say "hi"', "multi\nline"],
      ["", " spaced ", "€"],
    ];
    const text = rows.map((r) => toCsvLine(r)).join("\r\n") + "\r\n";
    expect(readAll([text]).records.map((r) => r.cells)).toEqual(rows);
  });

  it("writes a rejected-rows line: the original text plus an error cell", () => {
    expect(rejectedCsvLine('2026-03-02,"1,5",x', "fees_usd: must not be negative")).toBe('2026-03-02,"1,5",x,fees_usd: must not be negative');
    expect(rejectedCsvLine("a;b", "x: bad; y: worse", ";")).toBe('a;b;"x: bad; y: worse"');
    expect(rejectedCsvLine("week_start,name", "error")).toBe("week_start,name,error");
  });
});
