import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

import { AFFILIATE_STATUSES, AFFILIATE_TYPES } from "../../app/domain/enums";

export { AFFILIATE_STATUSES, AFFILIATE_TYPES };
export type { AffiliateType } from "../../app/domain/enums";

/** The partner roster (data-format.md §2) plus what the CRM adds: owner, status, tags. */
export const affiliates = sqliteTable(
  "affiliates",
  {
    uid: text("uid").primaryKey(),
    name: text("name").notNull(),
    type: text("type", { enum: AFFILIATE_TYPES }).notNull().default("affiliate"),
    country: text("country"),
    language: text("language"),
    joinedAt: text("joined_at"),
    tier: text("tier"),
    /** The relationship manager who owns the partner; null = unassigned, waiting for a lead. */
    managerId: integer("manager_id").references(() => users.id),
    status: text("status", { enum: AFFILIATE_STATUSES }).notNull().default("active"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    email: text("email"),
    telegram: text("telegram"),
    website: text("website"),
    /** The manager e-mail the roster named when no such user existed yet (kept for a lead to resolve). */
    rosterManagerEmail: text("roster_manager_email"),
    /** 'roster' when it came from an affiliates file, 'referrals' when created from a referral file. */
    source: text("source", { enum: ["roster", "referrals", "manual"] }).notNull().default("roster"),
    importId: integer("import_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("affiliates_manager_idx").on(t.managerId), index("affiliates_name_idx").on(t.name)],
);

export const referralCodes = sqliteTable(
  "referral_codes",
  {
    code: text("code").notNull(),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    firstSeenWeek: text("first_seen_week").notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.affiliateUid] }), index("referral_codes_affiliate_idx").on(t.affiliateUid)],
);

/** Each invitee with its latest attributes: those of its row of the latest week imported so far. */
export const invitees = sqliteTable(
  "invitees",
  {
    uid: text("uid").primaryKey(),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    registeredAt: text("registered_at").notNull(),
    referralCode: text("referral_code"),
    verifiedAt: text("verified_at"),
    firstDepositAt: text("first_deposit_at"),
    firstTradeAt: text("first_trade_at"),
    country: text("country"),
    vipLevel: integer("vip_level"),
    commissionType: text("commission_type", { enum: ["spot", "futures"] }),
    rebateRate: real("rebate_rate"),
    /** The week whose row the attributes above come from. */
    latestWeek: text("latest_week").notNull(),
    /** The import that last wrote this row. */
    importId: integer("import_id").notNull(),
  },
  (t) => [index("invitees_affiliate_idx").on(t.affiliateUid, t.registeredAt)],
);

/** An invitee reported under a different affiliate than before: the move is recorded. */
export const rebindings = sqliteTable(
  "rebindings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    inviteeUid: text("invitee_uid").notNull(),
    fromAffiliateUid: text("from_affiliate_uid").notNull(),
    toAffiliateUid: text("to_affiliate_uid").notNull(),
    weekStart: text("week_start").notNull(),
    importId: integer("import_id").notNull(),
  },
  (t) => [index("rebindings_import_idx").on(t.importId), index("rebindings_from_idx").on(t.fromAffiliateUid), index("rebindings_to_idx").on(t.toAffiliateUid)],
);

/** Before-images of invitees an import updated (written by a trigger, migration 0001). */
export const importInviteeBefore = sqliteTable(
  "import_invitee_before",
  {
    importId: integer("import_id").notNull(),
    uid: text("uid").notNull(),
    affiliateUid: text("affiliate_uid").notNull(),
    registeredAt: text("registered_at").notNull(),
    referralCode: text("referral_code"),
    verifiedAt: text("verified_at"),
    firstDepositAt: text("first_deposit_at"),
    firstTradeAt: text("first_trade_at"),
    country: text("country"),
    vipLevel: integer("vip_level"),
    commissionType: text("commission_type"),
    rebateRate: real("rebate_rate"),
    latestWeek: text("latest_week").notNull(),
    prevImportId: integer("prev_import_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.uid] }), index("import_invitee_before_prev_idx").on(t.prevImportId)],
);

/** Before-images of affiliates an import updated, as JSON of the whole row (written by a trigger). */
export const importAffiliateBefore = sqliteTable(
  "import_affiliate_before",
  {
    importId: integer("import_id").notNull(),
    uid: text("uid").notNull(),
    row: text("row").notNull(),
    prevImportId: integer("prev_import_id"),
  },
  (t) => [primaryKey({ columns: [t.importId, t.uid] })],
);
