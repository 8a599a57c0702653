/**
 * Header rules of the import contract: name matching, delimiter detection, the column
 * definitions of both kinds, kind detection and header resolution.
 */

import type { Delimiter, ImportKind, RowIssue } from "./types";
import {
  parseAffiliateType,
  parseBoolean,
  parseCommissionType,
  parseCountry,
  parseDate,
  parseEmail,
  parseLanguage,
  parseMoneyCents,
  parseRate,
  parseText,
  parseUid,
  parseVipLevel,
} from "./values";

/**
 * Canonical form of a header name: trimmed, lower case, and runs of ` `, `-` and `_` read as
 * one `_` (`Week Start`, `week-start`, ` WEEK_START ` → `week_start`).
 */
export function normalizeHeaderName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * The delimiter of a file, from its header line: the one of `,`, `;` and tab that occurs most
 * often outside quotes; `,` on a tie or when none occurs (a one-column header).
 */
export function detectDelimiter(headerLine: string): Delimiter {
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 59) semicolon++;
    else if (c === 9) tab++;
  }
  if (comma >= semicolon && comma >= tab) return ",";
  return semicolon >= tab ? ";" : "\t";
}

/** The type of a column's values (see `values.ts`). */
export type ValueType =
  | "uid"
  | "date"
  | "text"
  | "country"
  | "vip_level"
  | "commission_type"
  | "rate"
  | "money"
  | "boolean"
  | "affiliate_type"
  | "language"
  | "email";

/** One column of a kind of file. */
export interface ColumnDef {
  /** Canonical header name (the contract's). */
  readonly name: string;
  /** Property of the typed row that receives the value. */
  readonly field: string;
  /** Required columns must be in the header, and their cells must not be empty. */
  readonly required: boolean;
  readonly type: ValueType;
  /** Parses one cell: the value, an `Invalid`, or null for an empty optional cell. */
  readonly parse: (cell: string) => unknown;
}

function col<N extends string>(
  name: N,
  field: string,
  type: ValueType,
  parse: (cell: string) => unknown,
  required = false,
) {
  return { name, field, type, parse, required } as const;
}

/** Columns of a referral activity file, in the contract's order. */
export const REFERRAL_COLUMNS = [
  col("week_start", "weekStart", "date", parseDate, true),
  col("affiliate_uid", "affiliateUid", "uid", parseUid, true),
  col("invitee_uid", "inviteeUid", "uid", parseUid, true),
  col("registered_at", "registeredAt", "date", parseDate, true),
  col("referral_code", "referralCode", "text", parseText),
  col("verified_at", "verifiedAt", "date", parseDate),
  col("first_deposit_at", "firstDepositAt", "date", parseDate),
  col("first_trade_at", "firstTradeAt", "date", parseDate),
  col("country", "country", "country", parseCountry),
  col("vip_level", "vipLevel", "vip_level", parseVipLevel),
  col("commission_type", "commissionType", "commission_type", parseCommissionType),
  col("rebate_rate", "rebateRate", "rate", parseRate),
  col("spot_volume_usd", "spotVolumeCents", "money", parseMoneyCents),
  col("futures_volume_usd", "futuresVolumeCents", "money", parseMoneyCents),
  col("options_volume_usd", "optionsVolumeCents", "money", parseMoneyCents),
  col("fiat_volume_usd", "fiatVolumeCents", "money", parseMoneyCents),
  col("earn_balance_usd", "earnBalanceCents", "money", parseMoneyCents),
  col("web3_wallet_active", "web3WalletActive", "boolean", parseBoolean),
  col("spot_commission_usd", "spotCommissionCents", "money", parseMoneyCents),
  col("futures_commission_usd", "futuresCommissionCents", "money", parseMoneyCents),
  col("fees_usd", "feesCents", "money", parseMoneyCents),
] as const satisfies readonly ColumnDef[];

/** Columns of an affiliate roster file, in the contract's order. */
export const AFFILIATE_COLUMNS = [
  col("affiliate_uid", "affiliateUid", "uid", parseUid, true),
  col("name", "name", "text", parseText, true),
  col("type", "type", "affiliate_type", parseAffiliateType),
  col("country", "country", "country", parseCountry),
  col("language", "language", "language", parseLanguage),
  col("joined_at", "joinedAt", "date", parseDate),
  col("tier", "tier", "text", parseText),
  col("manager_email", "managerEmail", "email", parseEmail),
  col("email", "email", "text", parseText),
  col("telegram", "telegram", "text", parseText),
  col("website", "website", "text", parseText),
] as const satisfies readonly ColumnDef[];

export type ReferralColumn = (typeof REFERRAL_COLUMNS)[number]["name"];
export type AffiliateColumn = (typeof AFFILIATE_COLUMNS)[number]["name"];
export type ColumnName<K extends ImportKind> = K extends "referrals" ? ReferralColumn : AffiliateColumn;

export const COLUMNS: { readonly [K in ImportKind]: readonly ColumnDef[] } = {
  referrals: REFERRAL_COLUMNS,
  affiliates: AFFILIATE_COLUMNS,
};

/** Human name of a kind, for messages. */
export const KIND_LABEL: { readonly [K in ImportKind]: string } = {
  referrals: "referral activity file",
  affiliates: "affiliate roster",
};

function distinctive(own: readonly ColumnDef[], other: readonly ColumnDef[]): Set<string> {
  const others = new Set(other.map((c) => c.name));
  return new Set(own.filter((c) => !others.has(c.name)).map((c) => c.name));
}
const REFERRAL_ONLY = distinctive(REFERRAL_COLUMNS, AFFILIATE_COLUMNS);
const AFFILIATE_ONLY = distinctive(AFFILIATE_COLUMNS, REFERRAL_COLUMNS);

/**
 * The kind of a file from its header names (as written): the kind with more of its own columns
 * (those the other kind lacks — `week_start`, `invitee_uid`… vs `name`, `type`, `tier`…);
 * null when neither has any, or on a tie. `affiliate_uid` and `country` belong to both.
 */
export function detectKind(headerNames: readonly string[]): ImportKind | null {
  let referrals = 0;
  let affiliates = 0;
  for (const name of new Set(headerNames.map(normalizeHeaderName))) {
    if (REFERRAL_ONLY.has(name)) referrals++;
    if (AFFILIATE_ONLY.has(name)) affiliates++;
  }
  if (referrals > affiliates) return "referrals";
  if (affiliates > referrals) return "affiliates";
  return null;
}

/** A header matched against the columns of a kind. */
export interface ResolvedHeader<K extends ImportKind = ImportKind> {
  kind: K;
  /** Header names as written (trimmed), by position: what issues name as `column`. */
  names: string[];
  /** Number of cells every record must have. */
  width: number;
  /** Position (0-based) of each known column in the records; -1 when the file lacks it. */
  index: Record<ColumnName<K>, number>;
  /** Canonical names of the required columns the header lacks. */
  missing: string[];
  /** Names (as written) of the columns that are not the kind's: ignored, with a warning. */
  unknown: string[];
  /** Known columns given more than once, with their 1-based positions. */
  duplicates: { name: string; positions: number[] }[];
  /** False when the file must be refused before any row is read (`errors` says why). */
  ok: boolean;
  /** File-level errors (missing or duplicated columns); `line` is the header's. */
  errors: RowIssue[];
  /** File-level warnings (unknown or unnamed columns). */
  warnings: RowIssue[];
}

/**
 * Matches header names (as read) with the columns of `kind`.
 *
 * - a required column missing → one error naming all of them: the file is refused;
 * - a known column twice (`Week Start` and `week_start`) → an error: the file is refused, as
 *   it is ambiguous which cell holds the value;
 * - an unknown or unnamed column → a warning; its cells are ignored (but still counted: every
 *   record must have `width` cells).
 */
export function resolveHeader<K extends ImportKind>(
  kind: K,
  headerNames: readonly string[],
  line = 1,
): ResolvedHeader<K> {
  const defs = COLUMNS[kind];
  const index: Record<string, number> = {};
  for (const def of defs) index[def.name] = -1;
  const names = headerNames.map((n) => n.trim());
  const unknown: string[] = [];
  const positions = new Map<string, number[]>();
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];

  names.forEach((written, i) => {
    const name = normalizeHeaderName(written);
    if (name === "") {
      warnings.push({ line, column: written, value: null, message: `column ${i + 1} has no name; its cells are ignored` });
      return;
    }
    if (!(name in index)) {
      unknown.push(written);
      warnings.push({
        line,
        column: written,
        value: null,
        message: `unknown column for a ${KIND_LABEL[kind]}; its cells are ignored`,
      });
      return;
    }
    const seen = positions.get(name);
    if (seen) seen.push(i + 1);
    else {
      positions.set(name, [i + 1]);
      index[name] = i;
    }
  });

  const missing = defs.filter((d) => d.required && index[d.name] === -1).map((d) => d.name);
  if (missing.length > 0) {
    errors.push({
      line,
      column: null,
      value: null,
      message:
        `the file is refused: required column${missing.length > 1 ? "s" : ""} missing from the header: ` +
        `${missing.join(", ")} (a ${KIND_LABEL[kind]} needs ${defs.filter((d) => d.required).map((d) => d.name).join(", ")})`,
    });
  }
  const duplicates: { name: string; positions: number[] }[] = [];
  for (const [name, at] of positions) {
    if (at.length < 2) continue;
    duplicates.push({ name, positions: at });
    errors.push({
      line,
      column: names[at[1] - 1],
      value: null,
      message: `the file is refused: column ${name} appears more than once (columns ${at.join(", ")})`,
    });
  }

  return {
    kind,
    names,
    width: names.length,
    index: index as Record<ColumnName<K>, number>,
    missing,
    unknown,
    duplicates,
    ok: errors.length === 0,
    errors,
    warnings,
  };
}
