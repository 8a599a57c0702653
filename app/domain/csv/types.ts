/**
 * Types of the import contract (`../shared/data-format.md`): the two kinds of file,
 * the typed rows they turn into, and the issues (errors and warnings) reported per row.
 */

/** The two kinds of import file. */
export type ImportKind = "referrals" | "affiliates";

/** The column delimiters the contract accepts (`,` by default; `;` or tab when the header splits on it). */
export type Delimiter = "," | ";" | "\t";

/**
 * One error or warning found in a file.
 *
 * - `line`: the PHYSICAL 1-based line of the file at which the record starts (the header is
 *   line 1 unless blank lines precede it; a record holding a quoted newline spans several lines).
 * - `column`: the header name as written in the file (trimmed), or `null` when the issue
 *   concerns the whole record (wrong number of cells, malformed quoting) or the whole file.
 * - `value`: the cell as read (trimmed), or `null` when the issue is not about one cell.
 * - `message`: a human sentence, without the column name or the value (the report shows those).
 */
export interface RowIssue {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** Where validation appends what it finds. Callers own the arrays (one pair per batch, say). */
export interface IssueSink {
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** A calendar date `YYYY-MM-DD` (UTC). */
export type IsoDate = string;

/** `commission_type` values. */
export type CommissionType = "spot" | "futures";

/** Affiliate `type` values. */
export type { AffiliateType } from "../enums";
import type { AffiliateType } from "../enums";

/**
 * A valid row of a referral activity file (kind `referrals`).
 * Natural key: (`weekStart`, `inviteeUid`).
 *
 * Names are the contract's column names in camelCase; money columns (`*_usd` in the file)
 * become `*Cents`: integer US cents. Optional values absent from the file or empty are `null`;
 * money defaults to 0, `web3WalletActive` to 0. Every property is always present (never
 * `undefined`), so a row binds directly to a better-sqlite3 prepared statement with named
 * parameters (`@weekStart`, …).
 */
export interface ReferralRow {
  /** Monday (UTC) that starts the reporting week. */
  weekStart: IsoDate;
  affiliateUid: string;
  inviteeUid: string;
  /** The invitee's sign-up date; never after `weekStart` + 6 days. */
  registeredAt: IsoDate;
  referralCode: string | null;
  verifiedAt: IsoDate | null;
  firstDepositAt: IsoDate | null;
  firstTradeAt: IsoDate | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  /** 0–9. */
  vipLevel: number | null;
  commissionType: CommissionType | null;
  /** A fraction in [0, 1] (`12.5%` in the file → 0.125). */
  rebateRate: number | null;
  spotVolumeCents: number;
  futuresVolumeCents: number;
  optionsVolumeCents: number;
  fiatVolumeCents: number;
  earnBalanceCents: number;
  /** 1 = used the Web3 Wallet in the week, 0 = not. */
  web3WalletActive: 0 | 1;
  spotCommissionCents: number;
  futuresCommissionCents: number;
  feesCents: number;
}

/**
 * A valid row of an affiliate roster file (kind `affiliates`). Natural key: `affiliateUid`.
 * Same conventions as {@link ReferralRow}.
 */
export interface AffiliateRow {
  affiliateUid: string;
  name: string;
  /** Defaults to `affiliate` when the column is absent or the cell empty. */
  type: AffiliateType;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  /** BCP 47 tag, case-normalised (`pt-BR`, `zh-Hant-TW`). */
  language: string | null;
  joinedAt: IsoDate | null;
  tier: string | null;
  /** Lower-cased. */
  managerEmail: string | null;
  /** Contact channels: free text (the contract types them as text), trimmed. */
  email: string | null;
  telegram: string | null;
  website: string | null;
}

export type RowOf<K extends ImportKind> = K extends "referrals" ? ReferralRow : AffiliateRow;
