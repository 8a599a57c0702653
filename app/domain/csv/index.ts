/**
 * The CSV import contract (`../shared/data-format.md`): value formats, header rules, per-row
 * validation, a streaming reader, and `parseContractFile` tying them together.
 *
 * Typical use (import pipeline):
 *
 *   for await (const batch of parseContractFile(fs.createReadStream(path), { kind })) {
 *     // batch.rows / batch.lines: valid typed rows; batch.rejected: { line, raw, error };
 *     // batch.errors / batch.warnings: RowIssue { line, column, value, message }
 *   }
 */
export type {
  AffiliateRow,
  AffiliateType,
  CommissionType,
  Delimiter,
  ImportKind,
  IsoDate,
  IssueSink,
  ReferralRow,
  RowIssue,
  RowOf,
} from "./types";
export * from "./values";
export {
  AFFILIATE_COLUMNS,
  COLUMNS,
  KIND_LABEL,
  REFERRAL_COLUMNS,
  detectDelimiter,
  detectKind,
  normalizeHeaderName,
  resolveHeader,
  type AffiliateColumn,
  type ColumnDef,
  type ColumnName,
  type ReferralColumn,
  type ResolvedHeader,
  type ValueType,
} from "./header";
export {
  AffiliateKeyTracker,
  KEYS_IN_MEMORY,
  MAX_KEY_RELOADS,
  ReferralKeyTracker,
  UidLineTable,
  type KeySpill,
  type UidTableState,
  validateAffiliateRecord,
  validateAffiliateRow,
  validateReferralRecord,
  validateReferralRow,
} from "./rows";
export {
  CsvBatch,
  CsvRecordReader,
  CsvSyntaxError,
  TEXT_AFTER_QUOTE,
  UNTERMINATED_QUOTE,
  quoteCsvCell,
  readCsvRecords,
  rejectedCsvLine,
  spreadsheetText,
  toCsvLine,
  type CsvReaderOptions,
  type CsvRecord,
  type CsvSource,
} from "./reader";
export {
  ContractFileError,
  parseContractFile,
  type ContractBatch,
  type ContractBatchOf,
  type ParseContractOptions,
  type RejectedRecord,
} from "./file";
