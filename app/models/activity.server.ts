import type Database from "better-sqlite3";
import type { AffiliateRow, ReferralRow } from "../domain/csv";
import type { ReferralAccumulator } from "../domain/referral-accumulator";

/**
 * The bulk half of the import: prepared statements on the raw better-sqlite3 handle, run inside
 * the import's one transaction (ARCHITECTURE.md: ~8× faster than Drizzle's insert().values()).
 * Rows already stored are updated only when a fact differs (the invitee's attributes are applied
 * to the invitee, latest week first); the update triggers of migration 0001 keep the
 * before-image for rollback.
 */

const FACT_COLUMNS = [
  "affiliate_uid",
  "country",
  "spot_volume",
  "futures_volume",
  "options_volume",
  "fiat_volume",
  "earn_balance",
  "web3_wallet_active",
  "spot_commission",
  "futures_commission",
  "fees",
] as const;

export function prepareActivityUpsert(sqlite: Database.Database, importId: number) {
  const cols = ["week_start", "invitee_uid", ...FACT_COLUMNS, "import_id"];
  const stmt = sqlite.prepare(`
    INSERT INTO activity (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
    ON CONFLICT (week_start, invitee_uid) DO UPDATE SET
      ${FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}, import_id = excluded.import_id
    WHERE ${FACT_COLUMNS.map((c) => `activity.${c} IS NOT excluded.${c}`).join(" OR ")}`);
  /** Writes one row; true when it inserted or changed a row, false when the stored row was identical. */
  return (r: ReferralRow): boolean =>
    stmt.run(
      r.weekStart,
      r.inviteeUid,
      r.affiliateUid,
      r.country,
      r.spotVolumeCents,
      r.futuresVolumeCents,
      r.optionsVolumeCents,
      r.fiatVolumeCents,
      r.earnBalanceCents,
      r.web3WalletActive,
      r.spotCommissionCents,
      r.futuresCommissionCents,
      r.feesCents,
      importId,
    ).changes > 0;
}

export interface Rebinding {
  inviteeUid: string;
  from: string;
  to: string;
  week: string;
  line: number;
}

export interface ReferralFinish {
  newAffiliates: string[];
  rebindings: Rebinding[];
  /** Rows of the file that replaced a different stored row. */
  updated: number;
}

const INVITEE_ATTRS = ["affiliate_uid", "registered_at", "referral_code", "verified_at", "first_deposit_at", "first_trade_at", "country", "vip_level", "commission_type", "rebate_rate"];

/**
 * After the rows: create unknown affiliates (unassigned, joined at their first week), bring
 * invitees' latest attributes up to date (recording re-bindings), upsert referral codes, and
 * count the updated rows.
 */
export function finishReferralImport(sqlite: Database.Database, importId: number, acc: ReferralAccumulator, now: number): ReferralFinish {
  // Unknown affiliates are created unassigned; one created from referrals moves its join date to its earliest week.
  const exists = sqlite.prepare("SELECT source, joined_at AS joinedAt FROM affiliates WHERE uid = ?");
  const insAffiliate = sqlite.prepare(
    "INSERT INTO affiliates (uid, name, joined_at, source, import_id, created_at, updated_at) VALUES (?, ?, ?, 'referrals', ?, ?, ?)",
  );
  const moveJoined = sqlite.prepare("UPDATE affiliates SET joined_at = ?, import_id = ?, updated_at = ? WHERE uid = ?");
  const newAffiliates: string[] = [];
  for (const [uid, week] of acc.affiliateFirstWeek) {
    const row = exists.get(uid) as { source: string; joinedAt: string | null } | undefined;
    if (!row) {
      insAffiliate.run(uid, `Affiliate ${uid}`, week, importId, now, now);
      newAffiliates.push(uid);
    } else if (row.source === "referrals" && (row.joinedAt == null || week < row.joinedAt)) {
      moveJoined.run(week, importId, now, uid);
    }
  }

  // Invitees take the attributes of their latest week; a different affiliate than stored is a re-binding.
  const stored = sqlite.prepare("SELECT affiliate_uid AS affiliateUid, latest_week AS latestWeek FROM invitees WHERE uid = ?");
  const upInvitee = sqlite.prepare(
    `INSERT INTO invitees (uid, ${INVITEE_ATTRS.join(", ")}, latest_week, import_id) VALUES (?, ${INVITEE_ATTRS.map(() => "?").join(", ")}, ?, ?)
     ON CONFLICT (uid) DO UPDATE SET ${INVITEE_ATTRS.map((c) => `${c} = excluded.${c}`).join(", ")},
       latest_week = excluded.latest_week, import_id = excluded.import_id
     WHERE excluded.latest_week >= invitees.latest_week
       AND (invitees.latest_week != excluded.latest_week OR ${INVITEE_ATTRS.map((c) => `invitees.${c} IS NOT excluded.${c}`).join(" OR ")})`,
  );
  const insRebinding = sqlite.prepare(
    "INSERT INTO rebindings (invitee_uid, from_affiliate_uid, to_affiliate_uid, week_start, import_id) VALUES (?, ?, ?, ?, ?)",
  );
  const rebindings: Rebinding[] = [];
  // With no invitee stored yet (a first load), there is nothing to compare with.
  const anyStored = sqlite.prepare("SELECT 1 FROM invitees LIMIT 1").get() !== undefined;
  for (const [uid, { row: r, line }] of acc.latest) {
    const old = anyStored ? (stored.get(uid) as { affiliateUid: string; latestWeek: string } | undefined) : undefined;
    if (old && r.weekStart >= old.latestWeek && old.affiliateUid !== r.affiliateUid) {
      rebindings.push({ inviteeUid: uid, from: old.affiliateUid, to: r.affiliateUid, week: r.weekStart, line });
      insRebinding.run(uid, old.affiliateUid, r.affiliateUid, r.weekStart, importId);
    }
    upInvitee.run(uid, r.affiliateUid, r.registeredAt, r.referralCode, r.verifiedAt, r.firstDepositAt, r.firstTradeAt, r.country, r.vipLevel, r.commissionType, r.rebateRate, r.weekStart, importId);
  }
  // Moves inside the file (an earlier week under another affiliate) are recorded too.
  for (const m of acc.rebindingsInFile) {
    if (m.later) insRebinding.run(m.inviteeUid, m.from, m.to, acc.latest.get(m.inviteeUid)?.row.weekStart ?? "", importId);
  }

  const updated = (sqlite.prepare("SELECT count(*) AS n FROM import_activity_before WHERE import_id = ?").get(importId) as { n: number }).n;
  return { newAffiliates, rebindings, updated };
}

/** Does the database hold facts of this week already? */
export function prepareWeekExists(sqlite: Database.Database) {
  const stmt = sqlite.prepare("SELECT 1 FROM activity WHERE week_start = ? LIMIT 1");
  return (week: string) => stmt.get(week) !== undefined;
}

/** Facts stored (from the rollups, so it costs nothing). */
export function storedActivityRows(sqlite: Database.Database): number {
  return (sqlite.prepare("SELECT coalesce(sum(rows), 0) AS n FROM rollup_affiliate_week").get() as { n: number }).n;
}

/**
 * A large load into a small table is faster with the secondary index built once afterwards.
 * Inside the import's transaction, so readers and a rollback see the index as it was.
 */
export function dropActivitySecondaryIndex(sqlite: Database.Database) {
  sqlite.exec("DROP INDEX IF EXISTS activity_affiliate_week_idx");
}

export function createActivitySecondaryIndex(sqlite: Database.Database) {
  sqlite.exec("CREATE INDEX IF NOT EXISTS activity_affiliate_week_idx ON activity (affiliate_uid, week_start)");
}

/** Affiliates whose facts an import touched (for refreshing their funnel and codes on rollback). */
export function affiliatesTouchedByImport(sqlite: Database.Database, importId: number, weeks: string[]): string[] {
  const out = new Set<string>();
  const byWeek = sqlite.prepare("SELECT DISTINCT affiliate_uid AS uid FROM activity WHERE week_start = ? AND import_id = ?");
  for (const w of weeks) for (const r of byWeek.all(w, importId) as { uid: string }[]) out.add(r.uid);
  for (const r of sqlite.prepare("SELECT DISTINCT affiliate_uid AS uid FROM import_activity_before WHERE import_id = ?").all(importId) as { uid: string }[]) out.add(r.uid);
  for (const r of sqlite.prepare("SELECT from_affiliate_uid AS a, to_affiliate_uid AS b FROM rebindings WHERE import_id = ?").all(importId) as { a: string; b: string }[]) {
    out.add(r.a);
    out.add(r.b);
  }
  for (const r of sqlite.prepare("SELECT affiliate_uid AS uid FROM import_invitee_before WHERE import_id = ?").all(importId) as { uid: string }[]) out.add(r.uid);
  return [...out];
}

/** The first import, other than this one, that changed rows this import wrote (which forbids rolling it back). */
export function laterImportOverRows(sqlite: Database.Database, importId: number): number | null {
  for (const table of ["import_activity_before", "import_invitee_before", "import_affiliate_before"]) {
    const row = sqlite
      .prepare(`SELECT min(import_id) AS id FROM ${table} WHERE prev_import_id = ? AND import_id != ?`)
      .get(importId, importId) as { id: number | null };
    if (row.id != null) return row.id;
  }
  return null;
}

const ACTIVITY_ALL = ["week_start", "invitee_uid", ...FACT_COLUMNS];
const INVITEE_ALL = ["uid", "affiliate_uid", "registered_at", "referral_code", "verified_at", "first_deposit_at", "first_trade_at", "country", "vip_level", "commission_type", "rebate_rate", "latest_week"];
const AFFILIATE_RESTORED = ["name", "type", "country", "language", "joined_at", "tier", "manager_id", "status", "tags", "email", "telegram", "website", "roster_manager_email", "source", "updated_at"];

/** Puts back every row an import wrote as it was before (inside the caller's transaction). */
export function restoreBeforeImport(sqlite: Database.Database, importId: number, weeks: string[]) {
  const delWeek = sqlite.prepare("DELETE FROM activity WHERE week_start = ? AND import_id = ?");
  for (const w of weeks) delWeek.run(w, importId);
  sqlite
    .prepare(
      `INSERT INTO activity (${ACTIVITY_ALL.join(", ")}, import_id)
       SELECT ${ACTIVITY_ALL.join(", ")}, prev_import_id FROM import_activity_before WHERE import_id = ?`,
    )
    .run(importId);
  sqlite.prepare("DELETE FROM import_activity_before WHERE import_id = ?").run(importId);

  sqlite.prepare("DELETE FROM invitees WHERE import_id = ?").run(importId);
  sqlite
    .prepare(
      `INSERT INTO invitees (${INVITEE_ALL.join(", ")}, import_id)
       SELECT ${INVITEE_ALL.join(", ")}, prev_import_id FROM import_invitee_before WHERE import_id = ?`,
    )
    .run(importId);
  sqlite.prepare("DELETE FROM import_invitee_before WHERE import_id = ?").run(importId);
  sqlite.prepare("DELETE FROM rebindings WHERE import_id = ?").run(importId);

  // Affiliates: restore updated ones in two steps through import_id = -1 (ignored by the trigger).
  const images = sqlite.prepare("SELECT uid, row FROM import_affiliate_before WHERE import_id = ?").all(importId) as { uid: string; row: string }[];
  const park = sqlite.prepare("UPDATE affiliates SET import_id = -1 WHERE uid = ?");
  const put = sqlite.prepare(
    `UPDATE affiliates SET ${AFFILIATE_RESTORED.map((c) => `${c} = json_extract(@row, '$.${c}')`).join(", ")},
       import_id = json_extract(@row, '$.import_id') WHERE uid = @uid`,
  );
  for (const img of images) {
    park.run(img.uid);
    put.run(img);
  }
  sqlite.prepare("DELETE FROM import_affiliate_before WHERE import_id = ?").run(importId);
  // Affiliates this import created go, unless something now refers to them (their referral codes
  // are derived from invitees and refreshed by the caller).
  const orphan = `import_id = ?
         AND NOT EXISTS (SELECT 1 FROM invitees i WHERE i.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM incident_affiliates x WHERE x.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM health_snapshots h WHERE h.affiliate_uid = affiliates.uid)`;
  sqlite.prepare(`DELETE FROM referral_codes WHERE affiliate_uid IN (SELECT uid FROM affiliates WHERE ${orphan})`).run(importId);
  sqlite.prepare(`DELETE FROM affiliates WHERE ${orphan}`).run(importId);
}

// The roster (kind `affiliates`).

const ROSTER_COLUMNS = ["name", "type", "country", "language", "joined_at", "tier", "manager_id", "roster_manager_email", "email", "telegram", "website"] as const;

export function prepareRosterUpsert(sqlite: Database.Database, importId: number, now: number) {
  const managers = new Map<string, number>();
  for (const u of sqlite.prepare("SELECT id, email FROM users WHERE disabled_at IS NULL").all() as { id: number; email: string }[]) managers.set(u.email, u.id);
  // A blank manager_email leaves the owner set in the CRM as it is.
  const stmt = sqlite.prepare(`
    INSERT INTO affiliates (uid, ${ROSTER_COLUMNS.join(", ")}, source, import_id, created_at, updated_at)
    VALUES (?, ${ROSTER_COLUMNS.map(() => "?").join(", ")}, 'roster', ?, ?, ?)
    ON CONFLICT (uid) DO UPDATE SET
      name = excluded.name, type = excluded.type, country = excluded.country, language = excluded.language,
      joined_at = excluded.joined_at, tier = excluded.tier,
      manager_id = CASE WHEN excluded.roster_manager_email IS NULL THEN affiliates.manager_id ELSE excluded.manager_id END,
      roster_manager_email = excluded.roster_manager_email,
      email = excluded.email, telegram = excluded.telegram, website = excluded.website,
      source = 'roster', import_id = excluded.import_id, updated_at = excluded.updated_at
    WHERE affiliates.source != 'roster'
      OR ${["name", "type", "country", "language", "joined_at", "tier", "email", "telegram", "website", "roster_manager_email"].map((c) => `affiliates.${c} IS NOT excluded.${c}`).join(" OR ")}
      OR (excluded.roster_manager_email IS NOT NULL AND affiliates.manager_id IS NOT excluded.manager_id)`);
  return {
    managerKnown: (email: string) => managers.has(email),
    write(r: AffiliateRow): boolean {
      const managerId = r.managerEmail ? (managers.get(r.managerEmail) ?? null) : null;
      return (
        stmt.run(r.affiliateUid, r.name, r.type, r.country, r.language, r.joinedAt, r.tier, managerId, r.managerEmail, r.email, r.telegram, r.website, importId, now, now)
          .changes > 0
      );
    },
  };
}

export function countAffiliateBeforeImages(sqlite: Database.Database, importId: number): number {
  return (sqlite.prepare("SELECT count(*) AS n FROM import_affiliate_before WHERE import_id = ?").get(importId) as { n: number }).n;
}
