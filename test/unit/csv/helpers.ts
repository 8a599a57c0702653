/** Shared fixtures of the CSV contract tests (not a test file itself). */
import {
  AFFILIATE_COLUMNS,
  CsvRecordReader,
  parseContractFile,
  REFERRAL_COLUMNS,
  type ContractBatch,
  type CsvReaderOptions,
  type CsvRecord,
  type CsvSource,
  type ParseContractOptions,
} from "~/domain/csv";

export const REFERRAL_HEADER: string[] = REFERRAL_COLUMNS.map((c) => c.name);
export const AFFILIATE_HEADER: string[] = AFFILIATE_COLUMNS.map((c) => c.name);

/** A valid referral row, by column name, for week 2026-03-02 (a Monday). */
export function referral(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    week_start: "2026-03-02",
    affiliate_uid: "10001",
    invitee_uid: "500001",
    registered_at: "2026-03-04",
    referral_code: "ABC",
    verified_at: "2026-03-05",
    first_deposit_at: "2026-03-06",
    first_trade_at: "2026-03-07",
    country: "br",
    vip_level: "2",
    commission_type: "Spot",
    rebate_rate: "12.5%",
    spot_volume_usd: "1234.56",
    futures_volume_usd: "0",
    options_volume_usd: "",
    fiat_volume_usd: "10.5",
    earn_balance_usd: "0.29",
    web3_wallet_active: "yes",
    spot_commission_usd: "1.2",
    futures_commission_usd: "0",
    fees_usd: "3.33",
    ...overrides,
  };
}

/** The cells of `row` in the order of `header` (missing names: empty cells). */
export function cellsOf(row: Record<string, string>, header: readonly string[] = REFERRAL_HEADER): string[] {
  return header.map((name) => row[name] ?? "");
}

/** Records of `input` read by a CsvRecordReader fed the given chunks. */
export function readAll(chunks: readonly (string | Uint8Array)[], options: CsvReaderOptions = {}): { records: CsvRecord[]; reader: CsvRecordReader } {
  const reader = new CsvRecordReader(options);
  const records: CsvRecord[] = [];
  for (const chunk of chunks) records.push(...reader.push(chunk).records());
  records.push(...reader.end().records());
  return { records, reader };
}

/** Every batch of parseContractFile over `source`, and all of them merged. */
export async function parseAll(source: CsvSource, options: ParseContractOptions = {}) {
  const batches: ContractBatch[] = [];
  for await (const b of parseContractFile(source, options)) batches.push(b);
  return {
    batches,
    rows: batches.flatMap((b) => b.rows as object[]),
    lines: batches.flatMap((b) => b.lines),
    errors: batches.flatMap((b) => b.errors),
    warnings: batches.flatMap((b) => b.warnings),
    rejected: batches.flatMap((b) => b.rejected),
  };
}

/** All the ways to cut `text` in two, plus one byte at a time. */
export function splits(text: string): (string | Uint8Array)[][] {
  const bytes = new TextEncoder().encode(text);
  const out: (string | Uint8Array)[][] = [[text]];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push(Array.from(bytes, (b) => Uint8Array.of(b)));
  return out;
}
