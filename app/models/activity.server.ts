import type Database from "better-sqlite3";
import { MONDAY } from "./rollups.server";
import type { AffiliateRow } from "../domain/csv";
import { EXPORT_CHUNK, forEachLatestIn, JoinedCursor, type AccumulatedState, type PackedLatest, type RebindingInFile } from "../domain/referral-accumulator";
import { FunnelCounter, type FunnelChunk } from "../domain/funnel-counter";

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
  const held = sqlite.prepare("SELECT 1 FROM activity WHERE week_start = ? LIMIT 1").pluck();
  /**
   * The statements of one week, the week written in them as a literal (one value less to bind per
   * row: a validated date, never anything else). A week the database held nothing of when this
   * import first met it (the weekly case, a first load) takes plain inserts: nothing to compare, no
   * before-image to keep. The file's own duplicate keys are refused by the reader before they get
   * here; were one to slip through, the primary key would fail the import rather than overwrite a row.
   */
  const statementOf = (week: string): Database.Statement => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(week)) throw new Error(`not a week: ${week}`);
    const values = `VALUES (${cols.map((c) => (c === "import_id" ? String(Math.trunc(importId)) : c === "week_start" ? `'${week}'` : "?")).join(", ")})`;
    if (held.get(week) === undefined) return sqlite.prepare(`INSERT INTO activity (${cols.join(", ")}) ${values}`);
    return sqlite.prepare(`
      INSERT INTO activity (${cols.join(", ")}) ${values}
      ON CONFLICT (week_start, invitee_uid) DO UPDATE SET
        ${FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}, import_id = excluded.import_id
      WHERE ${FACT_COLUMNS.map((c) => `activity.${c} IS NOT excluded.${c}`).join(" OR ")}`);
  };
  const statements = new Map<string, Database.Statement>();
  let lastWeek = "";
  let stmt: Database.Statement | null = null;
  /** Writes one row (measures in MEASURES_PER_ROW order at `o`); true when it inserted or changed a row. */
  return (week: string, invitee: string, affiliate: string, country: string | null, m: Float64Array, o: number): boolean => {
    if (week !== lastWeek || stmt === null) {
      stmt = statements.get(week) ?? null;
      if (stmt === null) statements.set(week, (stmt = statementOf(week)));
      lastWeek = week;
    }
    return stmt.run(invitee, affiliate, country, m[o], m[o + 1], m[o + 2], m[o + 3], m[o + 4], m[o + 5], m[o + 6], m[o + 7], m[o + 8]).changes > 0;
  };
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

interface StoredInvitee {
  affiliate_uid: string;
  registered_at: string;
  referral_code: string | null;
  verified_at: string | null;
  first_deposit_at: string | null;
  first_trade_at: string | null;
  country: string | null;
  vip_level: number | null;
  commission_type: string | null;
  rebate_rate: number | null;
  latest_week: string;
}

function sameInvitee(a: StoredInvitee, b: StoredInvitee) {
  return (
    a.latest_week === b.latest_week &&
    a.affiliate_uid === b.affiliate_uid &&
    a.registered_at === b.registered_at &&
    a.referral_code === b.referral_code &&
    a.verified_at === b.verified_at &&
    a.first_deposit_at === b.first_deposit_at &&
    a.first_trade_at === b.first_trade_at &&
    a.country === b.country &&
    a.vip_level === b.vip_level &&
    a.commission_type === b.commission_type &&
    a.rebate_rate === b.rebate_rate
  );
}

/** Adds funnel cells to the funnel rollup (one prepared statement); true when a cell took something out. */
function funnelWriter(sqlite: Database.Database): (chunk: FunnelChunk) => boolean {
  const up = sqlite.prepare(
    `INSERT INTO rollup_funnel_week (affiliate_uid, week_start, country, referrals, verified, deposited, first_trades) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (affiliate_uid, week_start, country) DO UPDATE SET referrals = referrals + excluded.referrals,
       verified = verified + excluded.verified, deposited = deposited + excluded.deposited, first_trades = first_trades + excluded.first_trades`,
  );
  return ({ keys, counts: c }) => {
    let emptied = false;
    const cursor = new JoinedCursor(keys);
    for (let o = 0; o < c.length; o += 4) {
      const [affiliate, week, country] = cursor.next().split("\u001f");
      if (c[o] < 0 || c[o + 1] < 0 || c[o + 2] < 0 || c[o + 3] < 0) emptied = true;
      up.run(affiliate, week, country, c[o], c[o + 1], c[o + 2], c[o + 3]);
    }
    return emptied;
  };
}

/** An invitee's funnel contribution in (1) or out (-1). */
function countInvitee(funnel: FunnelCounter, inv: StoredInvitee, sign: 1 | -1) {
  funnel.add(inv.affiliate_uid, inv.country, inv.registered_at, inv.verified_at, inv.first_deposit_at, inv.first_trade_at, sign);
}

/**
 * After the rows: create unknown affiliates (unassigned, joined at their first week), bring
 * invitees' latest attributes up to date (recording re-bindings, keeping the funnel rollup and
 * the referral codes in step by differences), and count the updated rows.
 */
export function finishReferralImport(sqlite: Database.Database, importId: number, state: AccumulatedState, now: number): ReferralFinish {
  const newAffiliates = createReferralAffiliates(sqlite, importId, state.affiliateFirstWeek, now);
  const invitees = new InviteeWriter(sqlite, importId, state.affiliateFirstWeek.map(([uid]) => uid), state.funnelCounted);
  for (const chunk of state.funnel) invitees.addFunnel(chunk);
  for (const chunk of state.latest) invitees.add(chunk);
  const rebindings = invitees.finish(state.rebindingsInFile);
  return { newAffiliates, rebindings, updated: countBeforeImages(sqlite, "activity", importId) };
}

/** Unknown affiliates are created unassigned; one created from referrals moves its join date to its earliest week. Returns the new ones. */
export function createReferralAffiliates(sqlite: Database.Database, importId: number, affiliateFirstWeek: [string, string][], now: number): string[] {
  const exists = sqlite.prepare("SELECT source, joined_at AS joinedAt FROM affiliates WHERE uid = ?");
  const insAffiliate = sqlite.prepare(
    "INSERT INTO affiliates (uid, name, joined_at, source, import_id, created_at, updated_at) VALUES (?, ?, ?, 'referrals', ?, ?, ?)",
  );
  const moveJoined = sqlite.prepare("UPDATE affiliates SET joined_at = ?, import_id = ?, updated_at = ? WHERE uid = ?");
  const newAffiliates: string[] = [];
  for (const [uid, week] of affiliateFirstWeek) {
    const row = exists.get(uid) as { source: string; joinedAt: string | null } | undefined;
    if (!row) {
      insAffiliate.run(uid, `Affiliate ${uid}`, week, importId, now, now);
      newAffiliates.push(uid);
    } else if (row.source === "referrals" && (row.joinedAt == null || week < row.joinedAt)) {
      moveJoined.run(week, importId, now, uid);
    }
  }
  return newAffiliates;
}

/**
 * Invitees take the attributes of their latest week; a different affiliate than stored is a
 * re-binding. Fed the exported latest rows chunk by chunk (in uid order, as they arrive from the
 * parse worker) and the funnel cells the worker counted for them (`addFunnel`: every latest row's
 * contribution in); it takes out what it replaces or keeps instead (a stored invitee's old
 * contribution, or the row's own when the stored one stays), and `finish` writes those
 * differences and the referral codes. The affiliates must exist (createReferralAffiliates) first.
 */
export class InviteeWriter {
  private readonly anyStored: boolean;
  /** The invitees' secondary index, dropped for a first load, to build again after the rows. */
  private indexSql: string | null = null;
  private readonly stored: Database.Statement;
  private readonly insInvitee: Database.Statement;
  private readonly setInvitee: Database.Statement;
  private readonly insRebinding: Database.Statement;
  private readonly funnel: FunnelCounter;
  private readonly writeFunnel: (chunk: FunnelChunk) => boolean;
  private emptied = false;
  private readonly codeFirst = new Map<string, string>();
  private readonly recheckCodes = new Set<string>();
  private readonly rebindings: Rebinding[] = [];

  constructor(
    private readonly sqlite: Database.Database,
    private readonly importId: number,
    affiliateUids: Iterable<string>,
    /** Whether the parse worker counted every latest row's funnel contribution (then given to `addFunnel`). */
    private readonly funnelCounted = false,
  ) {
    this.anyStored = sqlite.prepare("SELECT 1 FROM invitees LIMIT 1").get() !== undefined;
    // Into an empty table (a first load), the secondary index is built once, after the rows: again
    // from its own definition as stored (the migration's text), so the schema is left as it was.
    if (!this.anyStored) {
      this.indexSql = (sqlite.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'invitees_affiliate_idx'").pluck().get() as string | undefined) ?? null;
      if (this.indexSql) sqlite.exec("DROP INDEX invitees_affiliate_idx");
    }
    this.stored = sqlite.prepare(`SELECT ${INVITEE_ATTRS.join(", ")}, latest_week FROM invitees WHERE uid = ?`);
    // Whether a row changes is decided here, so the statements write without a guard.
    this.insInvitee = sqlite.prepare(
      `INSERT INTO invitees (uid, ${INVITEE_ATTRS.join(", ")}, latest_week, import_id) VALUES (${["?", ...INVITEE_ATTRS.map(() => "?"), "?", "?"].join(", ")})`,
    );
    this.setInvitee = sqlite.prepare(`UPDATE invitees SET ${INVITEE_ATTRS.map((c) => `${c} = ?`).join(", ")}, latest_week = ?, import_id = ? WHERE uid = ?`);
    this.insRebinding = sqlite.prepare(
      "INSERT INTO rebindings (invitee_uid, from_affiliate_uid, to_affiliate_uid, week_start, import_id) VALUES (?, ?, ?, ?, ?)",
    );
    this.funnel = new FunnelCounter(affiliateUids);
    this.writeFunnel = funnelWriter(sqlite);
  }

  /**
   * Funnel cells counted by the parse worker for the latest rows (each row's contribution in).
   * Into a table without invitees (a first load) nothing is taken out: they are written at once.
   * Otherwise they are netted with what this writer takes out, so that a re-import writes nothing.
   */
  addFunnel(chunk: FunnelChunk) {
    if (!this.anyStored) {
      if (this.writeFunnel(chunk)) this.emptied = true;
    } else this.funnel.addChunk(chunk);
  }

  /** One chunk of latest rows (in invitee uid order). */
  add(chunk: PackedLatest) {
    const { anyStored, stored, insInvitee, setInvitee, insRebinding, funnel, codeFirst, recheckCodes, rebindings, importId } = this;
    forEachLatestIn(chunk, (row) => {
      const inviteeUid = row.inviteeUid;
      const next: StoredInvitee = {
        affiliate_uid: row.affiliateUid,
        registered_at: row.registeredAt,
        referral_code: row.referralCode,
        verified_at: row.verifiedAt,
        first_deposit_at: row.firstDepositAt,
        first_trade_at: row.firstTradeAt,
        country: row.country,
        vip_level: row.vipLevel,
        commission_type: row.commissionType,
        rebate_rate: row.rebateRate,
        latest_week: row.weekStart,
      };
      const old = anyStored ? (stored.get(inviteeUid) as StoredInvitee | undefined) : undefined;
      if (old) {
        if (next.latest_week < old.latest_week || sameInvitee(old, next)) {
          // The stored invitee stays: the row's contribution, if the worker counted it, goes out again.
          if (this.funnelCounted) countInvitee(funnel, next, -1);
          return;
        }
        if (old.affiliate_uid !== next.affiliate_uid) {
          rebindings.push({ inviteeUid, from: old.affiliate_uid, to: next.affiliate_uid, week: next.latest_week, line: row.line });
          insRebinding.run(inviteeUid, old.affiliate_uid, next.affiliate_uid, next.latest_week, importId);
        }
        countInvitee(funnel, old, -1);
        if (old.referral_code !== null && (old.referral_code !== next.referral_code || old.affiliate_uid !== next.affiliate_uid || old.registered_at !== next.registered_at)) {
          recheckCodes.add(old.referral_code + "\u001f" + old.affiliate_uid);
        }
        setInvitee.run(
          next.affiliate_uid, next.registered_at, next.referral_code, next.verified_at, next.first_deposit_at, next.first_trade_at,
          next.country, next.vip_level, next.commission_type, next.rebate_rate, next.latest_week, importId, inviteeUid,
        );
      } else {
        insInvitee.run(
          inviteeUid, next.affiliate_uid, next.registered_at, next.referral_code, next.verified_at, next.first_deposit_at, next.first_trade_at,
          next.country, next.vip_level, next.commission_type, next.rebate_rate, next.latest_week, importId,
        );
      }
      if (!this.funnelCounted) countInvitee(funnel, next, 1);
      if (next.referral_code !== null) {
        const key = next.referral_code + "\u001f" + next.affiliate_uid;
        const week = funnel.mondayOf(next.registered_at);
        const seen = codeFirst.get(key);
        if (seen === undefined || week < seen) codeFirst.set(key, week);
      }
    });
  }

  /** After the last chunk: in-file moves recorded, the funnel and the referral codes written. Returns the re-bindings against stored invitees. */
  finish(rebindingsInFile: RebindingInFile[]): Rebinding[] {
    const { sqlite, importId } = this;
    if (this.indexSql) sqlite.exec(this.indexSql);
    // Moves inside the file (an earlier week under another affiliate) are recorded too.
    for (const m of rebindingsInFile) if (m.later) this.insRebinding.run(m.inviteeUid, m.from, m.to, "", importId);
    for (const chunk of this.funnel.chunks(EXPORT_CHUNK)) if (this.writeFunnel(chunk)) this.emptied = true;
    if (this.emptied) sqlite.exec("DELETE FROM rollup_funnel_week WHERE referrals = 0 AND verified = 0 AND deposited = 0 AND first_trades = 0");

    const upCode = sqlite.prepare(
      `INSERT INTO referral_codes (code, affiliate_uid, first_seen_week) VALUES (?, ?, ?)
       ON CONFLICT (code, affiliate_uid) DO UPDATE SET first_seen_week = excluded.first_seen_week
       WHERE excluded.first_seen_week < referral_codes.first_seen_week`,
    );
    for (const [key, week] of this.codeFirst) {
      const [code, affiliate] = key.split("\u001f");
      upCode.run(code, affiliate, week);
    }
    if (this.recheckCodes.size) {
      const first = sqlite.prepare(`SELECT min(${MONDAY("registered_at")}) AS w FROM invitees WHERE affiliate_uid = ? AND referral_code = ?`);
      const set = sqlite.prepare("UPDATE referral_codes SET first_seen_week = ? WHERE code = ? AND affiliate_uid = ?");
      const del = sqlite.prepare("DELETE FROM referral_codes WHERE code = ? AND affiliate_uid = ?");
      for (const key of this.recheckCodes) {
        const [code, affiliate] = key.split("\u001f");
        const w = (first.get(affiliate, code) as { w: string | null }).w;
        if (w) set.run(w, code, affiliate);
        else del.run(code, affiliate);
      }
    }
    return this.rebindings;
  }
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
const INVITEE_ALL = ["uid", ...INVITEE_ATTRS, "latest_week"];
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
  // What people made about it (notes, their own tasks, incidents, overrides) keeps an affiliate; what the
  // system derived (referral codes, health snapshots, early-warning alerts and their risk tasks) goes with it.
  const orphan = `import_id = ?
         AND NOT EXISTS (SELECT 1 FROM invitees i WHERE i.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.affiliate_uid = affiliates.uid AND t.rule_key IS NULL)
         AND NOT EXISTS (SELECT 1 FROM incident_affiliates x WHERE x.affiliate_uid = affiliates.uid)
         AND NOT EXISTS (SELECT 1 FROM health_overrides o WHERE o.affiliate_uid = affiliates.uid)`;
  const orphans = (sqlite.prepare(`SELECT uid FROM affiliates WHERE ${orphan}`).all(importId) as { uid: string }[]).map((r) => r.uid);
  const derived = [
    "DELETE FROM health_alerts WHERE affiliate_uid = ?",
    "DELETE FROM tasks WHERE affiliate_uid = ? AND rule_key IS NOT NULL",
    "DELETE FROM health_snapshots WHERE affiliate_uid = ?",
    "DELETE FROM referral_codes WHERE affiliate_uid = ?",
    "DELETE FROM affiliates WHERE uid = ?",
  ].map((sql) => sqlite.prepare(sql));
  for (const uid of orphans) for (const del of derived) del.run(uid);
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

/** Rows of a table that an import replaced (their before-images kept for rollback). */
export function countBeforeImages(sqlite: Database.Database, table: "activity" | "invitee" | "affiliate", importId: number): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM import_${table}_before WHERE import_id = ?`).get(importId) as { n: number }).n;
}
