import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { affiliates, users } from "../../db/schema";
import type { IncidentSeverity } from "../domain/incidents";
import { recordAudit } from "./audit.server";
import { memoByData, workVersion } from "./kpis.server";

export type Affiliate = typeof affiliates.$inferSelect;

export function getAffiliate({ db }: AppDatabase, uid: string): Affiliate | undefined {
  return db.select().from(affiliates).where(eq(affiliates.uid, uid)).get();
}

/** The roster with each affiliate's owner, optionally for one manager. */
export function listAffiliatesWithOwner({ db }: AppDatabase, filter: { managerId?: number } = {}) {
  const conds: SQL[] = [];
  if (filter.managerId != null) conds.push(eq(affiliates.managerId, filter.managerId));
  return db
    .select({
      uid: affiliates.uid,
      name: affiliates.name,
      type: affiliates.type,
      country: affiliates.country,
      language: affiliates.language,
      tier: affiliates.tier,
      joinedAt: affiliates.joinedAt,
      status: affiliates.status,
      managerId: affiliates.managerId,
      managerName: users.name,
    })
    .from(affiliates)
    .leftJoin(users, eq(users.id, affiliates.managerId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(affiliates.name))
    .all();
}


/** The roster as exported: every affiliate with its owner's e-mail, optionally one manager's. */
export function listAffiliatesForExport({ sqlite }: AppDatabase, managerId?: number) {
  return sqlite
    .prepare(
      `SELECT a.uid, a.name, a.type, a.country, a.language, u.email AS managerEmail, a.joined_at AS joinedAt
       FROM affiliates a LEFT JOIN users u ON u.id = a.manager_id
       ${managerId != null ? "WHERE a.manager_id = ?" : ""}
       ORDER BY a.uid`,
    )
    .all(...(managerId != null ? [managerId] : [])) as {
    uid: string;
    name: string;
    type: string;
    country: string | null;
    language: string | null;
    managerEmail: string | null;
    joinedAt: string | null;
  }[];
}

/** Open work per affiliate: open tasks, open incidents and the most severe open one. */
export function openWorkByAffiliate({ sqlite }: AppDatabase) {
  const tasks = sqlite.prepare("SELECT affiliate_uid AS uid, count(*) AS n FROM tasks WHERE status IN ('open', 'in_progress') GROUP BY affiliate_uid").all() as { uid: string; n: number }[];
  const incidents = sqlite
    .prepare(
      `SELECT x.affiliate_uid AS uid, count(*) AS n, min(i.severity) AS worst
       FROM incident_affiliates x JOIN incidents i ON i.id = x.incident_id
       WHERE i.status NOT IN ('resolved', 'closed') GROUP BY x.affiliate_uid`,
    )
    .all() as { uid: string; n: number; worst: IncidentSeverity }[];
  return {
    tasks: new Map(tasks.map((t) => [t.uid, t.n])),
    incidents: new Map(incidents.map((i) => [i.uid, { count: i.n, worst: i.worst }])),
  };
}

/** Every affiliate's referral codes. */
export function codesByAffiliate({ sqlite }: AppDatabase): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of sqlite.prepare("SELECT affiliate_uid AS uid, code FROM referral_codes ORDER BY first_seen_week").all() as { uid: string; code: string }[]) {
    const list = out.get(r.uid);
    if (list) list.push(r.code);
    else out.set(r.uid, [r.code]);
  }
  return out;
}

/** The distinct values the portfolio filters offer. */
export function affiliateFacets(database: AppDatabase) {
  const { sqlite } = database;
  const col = (c: string) => (sqlite.prepare(`SELECT DISTINCT ${c} AS v FROM affiliates WHERE ${c} IS NOT NULL ORDER BY 1`).all() as { v: string }[]).map((r) => r.v);
  // Profiles change with imports (the data version) and edits (the work version).
  return memoByData(database, `facets|${workVersion(database)}`, () => ({ countries: col("country"), languages: col("language"), tiers: col("tier") }));
}

export const PROFILE_FIELDS = ["name", "type", "country", "language", "tier", "status", "tags", "email", "telegram", "website"] as const;

/** Edits an affiliate's profile; audited with before and after. */
export function updateAffiliateProfile(
  database: AppDatabase,
  uid: string,
  patch: Partial<Pick<Affiliate, (typeof PROFILE_FIELDS)[number]>>,
  actorId: number,
) {
  return database.sqlite.transaction(() => {
    const before = getAffiliate(database, uid);
    if (!before) throw new Response("No such affiliate", { status: 404 });
    database.db.update(affiliates).set({ ...patch, updatedAt: Date.now() }).where(eq(affiliates.uid, uid)).run();
    const changed = Object.fromEntries(PROFILE_FIELDS.filter((f) => f in patch && JSON.stringify(patch[f]) !== JSON.stringify(before[f])).map((f) => [f, before[f]]));
    recordAudit(database, {
      userId: actorId,
      action: "affiliate.profile",
      entityType: "affiliate",
      entityId: uid,
      before: changed,
      after: Object.fromEntries(Object.keys(changed).map((f) => [f, patch[f as keyof typeof patch]])),
    });
  })();
}

function affiliateWithOwnerQuery(db: AppDatabase["db"]) {
  return db
    .select({ affiliate: affiliates, ownerName: users.name, ownerEmail: users.email })
    .from(affiliates)
    .leftJoin(users, eq(users.id, affiliates.managerId))
    .where(eq(affiliates.uid, sql.placeholder("uid")))
    .prepare();
}
// Read by every 360° page and action: prepared once per connection (the query builder builds and
// prepares its SQL on every call, ~0.3 ms).
const withOwner = new WeakMap<AppDatabase["db"], ReturnType<typeof affiliateWithOwnerQuery>>();

export function getAffiliateWithOwner({ db }: AppDatabase, uid: string) {
  let query = withOwner.get(db);
  if (!query) withOwner.set(db, (query = affiliateWithOwnerQuery(db)));
  return query.get({ uid });
}

const OPEN_TASK_STATUSES = "('open', 'in_progress')";

/**
 * What a reassignment of these affiliates would do: each one with its owner and how many of its
 * open or in-progress tasks are assigned to that owner (the ones that follow it by default).
 */
export function reassignmentPreview({ sqlite }: AppDatabase, uids: string[]) {
  if (uids.length === 0) return [];
  return sqlite
    .prepare(
      `SELECT a.uid, a.name, a.manager_id AS managerId, u.name AS managerName,
         (SELECT count(*) FROM tasks t WHERE t.affiliate_uid = a.uid AND t.status IN ${OPEN_TASK_STATUSES}
            AND a.manager_id IS NOT NULL AND t.assignee_id = a.manager_id) AS tasksToMove
       FROM affiliates a LEFT JOIN users u ON u.id = a.manager_id
       WHERE a.uid IN (SELECT value FROM json_each(?))
       ORDER BY a.name`,
    )
    .all(JSON.stringify(uids)) as { uid: string; name: string; managerId: number | null; managerName: string | null; tasksToMove: number }[];
}

export interface ReassignInput {
  uids: string[];
  toManagerId: number;
  reason: string;
  /** Move the old owner's open and in-progress tasks of each affiliate to the new owner. */
  moveTasks: boolean;
  actorId: number;
  now?: number;
}

/**
 * Gives affiliates (assigned or not) to another manager, in one transaction: one audit row per
 * affiliate (`affiliate.reassign`, the owner before and after, the reason and the tasks moved).
 * Affiliates already with that manager are left as they are. Unknown uids → 404, unknown or
 * disabled manager → 400: nothing is changed then.
 */
export function reassignAffiliates(database: AppDatabase, input: ReassignInput) {
  const { sqlite } = database;
  const now = input.now ?? Date.now();
  return sqlite
    .transaction(() => {
      const target = sqlite.prepare("SELECT id, name, role FROM users WHERE id = ? AND disabled_at IS NULL").get(input.toManagerId) as
        | { id: number; name: string; role: string }
        | undefined;
      if (!target || target.role === "admin") throw new Response("No such manager", { status: 400 });
      const uids = [...new Set(input.uids)];
      const found = reassignmentPreview(database, uids);
      if (found.length !== uids.length) throw new Response("No such affiliate", { status: 404 });
      const setOwner = sqlite.prepare("UPDATE affiliates SET manager_id = ?, updated_at = ? WHERE uid = ?");
      const taskIds = sqlite.prepare(`SELECT id FROM tasks WHERE affiliate_uid = ? AND assignee_id = ? AND status IN ${OPEN_TASK_STATUSES} ORDER BY id`);
      const moveTask = sqlite.prepare("UPDATE tasks SET assignee_id = ?, updated_at = ? WHERE id = ?");
      const moved: { uid: string; name: string; fromManagerId: number | null; tasksMoved: number }[] = [];
      for (const a of found) {
        if (a.managerId === target.id) continue;
        setOwner.run(target.id, now, a.uid);
        const ids = input.moveTasks && a.managerId != null ? (taskIds.all(a.uid, a.managerId) as { id: number }[]).map((t) => t.id) : [];
        for (const id of ids) moveTask.run(target.id, now, id);
        recordAudit(database, {
          userId: input.actorId,
          action: "affiliate.reassign",
          entityType: "affiliate",
          entityId: a.uid,
          before: { managerId: a.managerId, managerName: a.managerName },
          after: { managerId: target.id, managerName: target.name, reason: input.reason, tasksMoved: ids },
          at: now,
        });
        moved.push({ uid: a.uid, name: a.name, fromManagerId: a.managerId, tasksMoved: ids.length });
      }
      return { manager: { id: target.id, name: target.name }, moved, unchanged: found.length - moved.length, tasksMoved: moved.reduce((s, m) => s + m.tasksMoved, 0) };
    })
    .immediate();
}
