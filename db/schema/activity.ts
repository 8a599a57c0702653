import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The weekly facts: one row per invitee per week — who it was reported under, its country that
 * week, and the week's measures (money in integer cents). The invitee's attributes (dates, code,
 * VIP level …) live on the invitee, taken from its latest week; keeping them off this table keeps
 * it small (it is the big one). WITHOUT ROWID (edited into migration 0000): the natural key is
 * the storage order.
 */
export const activity = sqliteTable(
  "activity",
  {
    weekStart: text("week_start").notNull(),
    inviteeUid: text("invitee_uid").notNull(),
    affiliateUid: text("affiliate_uid").notNull(),
    country: text("country"),
    spotVolume: integer("spot_volume").notNull().default(0),
    futuresVolume: integer("futures_volume").notNull().default(0),
    optionsVolume: integer("options_volume").notNull().default(0),
    fiatVolume: integer("fiat_volume").notNull().default(0),
    earnBalance: integer("earn_balance").notNull().default(0),
    web3WalletActive: integer("web3_wallet_active").notNull().default(0),
    spotCommission: integer("spot_commission").notNull().default(0),
    futuresCommission: integer("futures_commission").notNull().default(0),
    fees: integer("fees").notNull().default(0),
    /** The import that last wrote this row. */
    importId: integer("import_id").notNull(),
  },
  // No secondary index: pages read the rollups, and an affiliate's invitees' facts are read by
  // key (week, invitee) for the invitees on a page. Every index here costs the import seconds.
  (t) => [primaryKey({ columns: [t.weekStart, t.inviteeUid] })],
);

const sums = {
  spotVolume: integer("spot_volume").notNull().default(0),
  futuresVolume: integer("futures_volume").notNull().default(0),
  optionsVolume: integer("options_volume").notNull().default(0),
  fiatVolume: integer("fiat_volume").notNull().default(0),
  earnBalance: integer("earn_balance").notNull().default(0),
  spotCommission: integer("spot_commission").notNull().default(0),
  futuresCommission: integer("futures_commission").notNull().default(0),
  fees: integer("fees").notNull().default(0),
};

/**
 * Per affiliate per week, from the activity facts of that week (under the row's affiliate):
 * distinct invitees traded / active in the week, the sums, and per product (Futures, Earn,
 * Options, Web3 Wallet, Fiat) its adopters — the per-product rollup, kept wide: one row per
 * affiliate-week rather than five.
 */
export const rollupAffiliateWeek = sqliteTable(
  "rollup_affiliate_week",
  {
    affiliateUid: text("affiliate_uid").notNull(),
    weekStart: text("week_start").notNull(),
    rows: integer("rows").notNull().default(0),
    traded: integer("traded").notNull().default(0),
    active: integer("active").notNull().default(0),
    futuresAdopters: integer("futures_adopters").notNull().default(0),
    earnAdopters: integer("earn_adopters").notNull().default(0),
    optionsAdopters: integer("options_adopters").notNull().default(0),
    web3WalletAdopters: integer("web3_wallet_adopters").notNull().default(0),
    fiatAdopters: integer("fiat_adopters").notNull().default(0),
    ...sums,
  },
  (t) => [primaryKey({ columns: [t.affiliateUid, t.weekStart] }), index("rollup_week_idx").on(t.weekStart)],
);

/**
 * The funnel per affiliate, week and invitee country ('' = unknown): invitees whose
 * registered_at / verified_at / first_deposit_at / first_trade_at falls in the week, by their
 * latest attributes and under their current affiliate. Refreshed per affected affiliate.
 */
export const rollupFunnelWeek = sqliteTable(
  "rollup_funnel_week",
  {
    affiliateUid: text("affiliate_uid").notNull(),
    weekStart: text("week_start").notNull(),
    country: text("country").notNull(),
    referrals: integer("referrals").notNull().default(0),
    verified: integer("verified").notNull().default(0),
    deposited: integer("deposited").notNull().default(0),
    firstTrades: integer("first_trades").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.affiliateUid, t.weekStart, t.country] })],
);

/** Activity per affiliate, invitee country (the week's row) and week ('' = country unknown). */
export const rollupAffiliateCountryWeek = sqliteTable(
  "rollup_affiliate_country_week",
  {
    affiliateUid: text("affiliate_uid").notNull(),
    weekStart: text("week_start").notNull(),
    country: text("country").notNull(),
    traded: integer("traded").notNull().default(0),
    active: integer("active").notNull().default(0),
    ...sums,
  },
  (t) => [primaryKey({ columns: [t.affiliateUid, t.weekStart, t.country] })],
);

export { PRODUCTS } from "../../app/domain/enums";
export type { Product } from "../../app/domain/enums";

/**
 * Distinct counts over a period ("traded invitees in a week of the period") cannot be summed
 * from weekly counts. This rollup keeps, per affiliate and invitee, one bit per week of a
 * 62-week block for each flag, so a period's distinct count is a count of masks that
 * intersect the period's mask — without touching the activity table.
 */
export const rollupInviteeFlags = sqliteTable(
  "rollup_invitee_flags",
  {
    affiliateUid: text("affiliate_uid").notNull(),
    block: integer("block").notNull(),
    inviteeUid: text("invitee_uid").notNull(),
    traded: integer("traded").notNull().default(0),
    active: integer("active").notNull().default(0),
    futures: integer("futures").notNull().default(0),
    earn: integer("earn").notNull().default(0),
    options: integer("options").notNull().default(0),
    web3Wallet: integer("web3_wallet").notNull().default(0),
    fiat: integer("fiat").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.affiliateUid, t.block, t.inviteeUid] })],
);

/**
 * Before-images for rollback: the row as it was before an import changed it. Written by
 * triggers (migration 0001) when an import updates a row with a newer import id.
 */
export const importActivityBefore = sqliteTable(
  "import_activity_before",
  {
    importId: integer("import_id").notNull(),
    weekStart: text("week_start").notNull(),
    inviteeUid: text("invitee_uid").notNull(),
    affiliateUid: text("affiliate_uid").notNull(),
    country: text("country"),
    spotVolume: integer("spot_volume").notNull(),
    futuresVolume: integer("futures_volume").notNull(),
    optionsVolume: integer("options_volume").notNull(),
    fiatVolume: integer("fiat_volume").notNull(),
    earnBalance: integer("earn_balance").notNull(),
    web3WalletActive: integer("web3_wallet_active").notNull(),
    spotCommission: integer("spot_commission").notNull(),
    futuresCommission: integer("futures_commission").notNull(),
    fees: integer("fees").notNull(),
    prevImportId: integer("prev_import_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.weekStart, t.inviteeUid] }), index("import_activity_before_prev_idx").on(t.prevImportId)],
);
