import type { AppDatabase } from "../../db";
import type { Severity } from "../domain/health";

/**
 * The team review's queries: work per manager (tasks, incidents), the affiliates waiting for an
 * owner, and the week's events for the weekly report. A task belongs to its assignee, or to the
 * affiliate's owner when it has none; an incident to the owners of the affiliates it touches.
 */

const TASK_OWNER = "coalesce(t.assignee_id, a.manager_id)";

/** Open or in-progress tasks due before `today` (YYYY-MM-DD), per manager. */
export function overdueTasksByManager({ sqlite }: AppDatabase, today: string): Map<number, number> {
  const rows = sqlite
    .prepare(
      `SELECT ${TASK_OWNER} AS managerId, count(*) AS n FROM tasks t JOIN affiliates a ON a.uid = t.affiliate_uid
       WHERE t.status IN ('open', 'in_progress') AND t.due_date IS NOT NULL AND t.due_date < ? AND ${TASK_OWNER} IS NOT NULL
       GROUP BY 1`,
    )
    .all(today) as { managerId: number; n: number }[];
  return new Map(rows.map((r) => [r.managerId, r.n]));
}

/** Open incidents (not resolved or closed) touching each manager's affiliates, by severity; an incident counts once per manager. */
export function openIncidentsByManager({ sqlite }: AppDatabase): Map<number, Partial<Record<Severity, number>>> {
  const rows = sqlite
    .prepare(
      `SELECT a.manager_id AS managerId, i.severity AS severity, count(DISTINCT i.id) AS n
       FROM incidents i JOIN incident_affiliates x ON x.incident_id = i.id JOIN affiliates a ON a.uid = x.affiliate_uid
       WHERE i.status NOT IN ('resolved', 'closed') AND a.manager_id IS NOT NULL GROUP BY 1, 2`,
    )
    .all() as { managerId: number; severity: Severity; n: number }[];
  const out = new Map<number, Partial<Record<Severity, number>>>();
  for (const r of rows) out.set(r.managerId, { ...out.get(r.managerId), [r.severity]: r.n });
  return out;
}

export interface UnassignedAffiliate {
  uid: string;
  name: string;
  source: "roster" | "referrals" | "manual";
  rosterManagerEmail: string | null;
  createdAt: number;
  importId: number | null;
  importFile: string | null;
}

/** Affiliates without an owner, newest first, with the import that created them. */
export function unassignedAffiliates({ sqlite }: AppDatabase): UnassignedAffiliate[] {
  return sqlite
    .prepare(
      `SELECT a.uid, a.name, a.source, a.roster_manager_email AS rosterManagerEmail, a.created_at AS createdAt, a.import_id AS importId, i.file_name AS importFile
       FROM affiliates a LEFT JOIN imports i ON i.id = a.import_id
       WHERE a.manager_id IS NULL ORDER BY a.created_at DESC, a.name`,
    )
    .all() as UnassignedAffiliate[];
}

/** The newest applied referral import: when it finished and which weeks it brought. */
export function lastReferralImport({ sqlite }: AppDatabase): { id: number; finishedAt: number; fileName: string } | null {
  const r = sqlite
    .prepare("SELECT id, finished_at AS finishedAt, file_name AS fileName FROM imports WHERE kind = 'referrals' AND status = 'imported' AND finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1")
    .get() as { id: number; finishedAt: number; fileName: string } | undefined;
  return r ?? null;
}

export interface IncidentEvent {
  id: number;
  title: string;
  severity: Severity;
  /** When it was opened, or when it was resolved (or closed, without a resolution). */
  at: number;
  /** The owners of the affiliates it touches (null: an unassigned affiliate). */
  managerIds: (number | null)[];
}

function withManagers(sqlite: AppDatabase["sqlite"], rows: Omit<IncidentEvent, "managerIds">[]): IncidentEvent[] {
  const owners = sqlite.prepare("SELECT DISTINCT a.manager_id AS m FROM incident_affiliates x JOIN affiliates a ON a.uid = x.affiliate_uid WHERE x.incident_id = ?");
  return rows.map((r) => ({ ...r, managerIds: (owners.all(r.id) as { m: number | null }[]).map((o) => o.m) }));
}

/** Incidents opened in [start, end) (ms). */
export function incidentsOpened({ sqlite }: AppDatabase, start: number, end: number): IncidentEvent[] {
  const rows = sqlite
    .prepare("SELECT id, title, severity, created_at AS at FROM incidents WHERE created_at >= ? AND created_at < ? ORDER BY severity, created_at")
    .all(start, end) as Omit<IncidentEvent, "managerIds">[];
  return withManagers(sqlite, rows);
}

/** Incidents resolved (or closed without a resolved step) in [start, end) (ms). */
export function incidentsClosed({ sqlite }: AppDatabase, start: number, end: number): IncidentEvent[] {
  const at = "coalesce(json_extract(status_times, '$.resolved'), json_extract(status_times, '$.closed'))";
  const rows = sqlite
    .prepare(`SELECT id, title, severity, ${at} AS at FROM incidents WHERE status IN ('resolved', 'closed') AND ${at} >= ? AND ${at} < ? ORDER BY severity, at`)
    .all(start, end) as Omit<IncidentEvent, "managerIds">[];
  return withManagers(sqlite, rows);
}

export interface TaskEvent {
  id: number;
  title: string;
  kind: string;
  product: string | null;
  affiliateUid: string;
  affiliateName: string;
  managerId: number | null;
  dueDate: string | null;
  createdAt: number;
  completedAt: number | null;
}

const TASK_COLUMNS = `t.id, t.title, t.kind, t.product, t.affiliate_uid AS affiliateUid, a.name AS affiliateName, ${TASK_OWNER} AS managerId,
  t.due_date AS dueDate, t.created_at AS createdAt, t.completed_at AS completedAt`;

/** Tasks done in [start, end) (ms). */
export function tasksDone({ sqlite }: AppDatabase, start: number, end: number): TaskEvent[] {
  return sqlite
    .prepare(`SELECT ${TASK_COLUMNS} FROM tasks t JOIN affiliates a ON a.uid = t.affiliate_uid WHERE t.status = 'done' AND t.completed_at >= ? AND t.completed_at < ? ORDER BY t.completed_at`)
    .all(start, end) as TaskEvent[];
}

/**
 * Tasks overdue when the week ended: created before `end` (ms), due on or before `lastDay`
 * (YYYY-MM-DD, the week's Sunday), not dropped, and not done before `end`.
 */
export function tasksOverdueAt({ sqlite }: AppDatabase, lastDay: string, end: number): TaskEvent[] {
  return sqlite
    .prepare(
      `SELECT ${TASK_COLUMNS} FROM tasks t JOIN affiliates a ON a.uid = t.affiliate_uid
       WHERE t.created_at < ? AND t.due_date IS NOT NULL AND t.due_date <= ? AND t.status != 'dropped'
         AND (t.status != 'done' OR t.completed_at >= ?)
       ORDER BY t.due_date`,
    )
    .all(end, lastDay, end) as TaskEvent[];
}
