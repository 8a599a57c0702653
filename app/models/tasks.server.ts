import { aliasedTable, and, asc, count, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { affiliates, PRODUCTS, type Product, tasks, users } from "../../db/schema";
import { ACTIVE_STATUSES, transition, type TaskFormData, type TaskKind, type TaskPriority, type TaskStatus, type TransitionResult } from "../domain/tasks";
import { type AdopterPoint, type UpsellOutcome, upsellOutcome } from "../domain/upsell";
import { addWeeks, isoDate, mondayOf } from "../domain/weeks";
import { recordAudit } from "./audit.server";

export type Task = typeof tasks.$inferSelect;
export type NewTask = Omit<typeof tasks.$inferInsert, "id" | "createdAt" | "updatedAt">;

export function createTask(database: AppDatabase, input: NewTask, actorId: number | null, now = Date.now()): Task {
  return database.sqlite.transaction(() => {
    const task = database.db
      .insert(tasks)
      .values({ ...input, createdBy: input.createdBy ?? actorId, createdAt: now, updatedAt: now })
      .returning()
      .get();
    recordAudit(database, { userId: actorId, action: "task.create", entityType: "affiliate", entityId: input.affiliateUid, after: task, at: now });
    return task;
  })();
}

export interface TaskFilter {
  assigneeId?: number;
  affiliateUid?: string;
  statuses?: readonly TaskStatus[];
  kind?: TaskKind;
  priority?: TaskPriority;
  /** Words in the title or the affiliate's name. */
  q?: string;
}

const assignee = aliasedTable(users, "assignee");

function taskListQuery(db: AppDatabase["db"], where: SQL | undefined) {
  return db
    .select({
      task: tasks,
      affiliateName: affiliates.name,
      affiliateManagerId: affiliates.managerId,
      assigneeName: assignee.name,
    })
    .from(tasks)
    .innerJoin(affiliates, eq(affiliates.uid, tasks.affiliateUid))
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .where(where)
    .orderBy(asc(tasks.dueDate), asc(tasks.id));
}
const byAffiliate = new WeakMap<AppDatabase["db"], ReturnType<typeof prepareAffiliateTasks>>();
const prepareAffiliateTasks = (db: AppDatabase["db"]) => taskListQuery(db, eq(tasks.affiliateUid, sql.placeholder("uid"))).prepare();
function affiliateTasksQuery(db: AppDatabase["db"]) {
  let query = byAffiliate.get(db);
  if (!query) byAffiliate.set(db, (query = prepareAffiliateTasks(db)));
  return query;
}

/** Tasks with their affiliate's name and owner and their assignee's name, for lists and the board. */
export function listTasks({ db }: AppDatabase, filter: TaskFilter = {}) {
  const conds: SQL[] = [];
  if (filter.assigneeId !== undefined) conds.push(eq(tasks.assigneeId, filter.assigneeId));
  if (filter.affiliateUid !== undefined) conds.push(eq(tasks.affiliateUid, filter.affiliateUid));
  if (filter.statuses) conds.push(inArray(tasks.status, [...filter.statuses]));
  if (filter.kind) conds.push(eq(tasks.kind, filter.kind));
  if (filter.priority) conds.push(eq(tasks.priority, filter.priority));
  if (filter.q) {
    const q = filter.q.toLowerCase();
    conds.push(or(sql`instr(lower(${tasks.title}), ${q}) > 0`, sql`instr(lower(${affiliates.name}), ${q}) > 0`)!);
  }
  // One affiliate's tasks (every 360° page reads them): a statement prepared once per connection.
  const onlyAffiliate = filter.affiliateUid !== undefined && conds.length === 1;
  const rows = onlyAffiliate ? affiliateTasksQuery(db).all({ uid: filter.affiliateUid }) : taskListQuery(db, conds.length ? and(...conds) : undefined).all();
  return rows.map((r) => ({ ...r.task, affiliateName: r.affiliateName, affiliateManagerId: r.affiliateManagerId, assigneeName: r.assigneeName }));
}
export type TaskRow = ReturnType<typeof listTasks>[number];

/** One task with its affiliate's owner (for the permission check), or undefined. */
export function getTask({ db }: AppDatabase, id: number) {
  const row = db
    .select({ task: tasks, affiliateManagerId: affiliates.managerId })
    .from(tasks)
    .innerJoin(affiliates, eq(affiliates.uid, tasks.affiliateUid))
    .where(eq(tasks.id, id))
    .get();
  return row ? { ...row.task, affiliateManagerId: row.affiliateManagerId } : undefined;
}

/** Which of a task's links (the note, the incident it came from) do not concern the affiliate. */
export function foreignLinks({ sqlite }: AppDatabase, affiliateUid: string, links: { noteId: number | null; incidentId: number | null }) {
  const bad: ("noteId" | "incidentId")[] = [];
  if (links.noteId !== null && !sqlite.prepare("SELECT 1 FROM notes WHERE id = ? AND affiliate_uid = ?").get(links.noteId, affiliateUid)) bad.push("noteId");
  if (links.incidentId !== null && !sqlite.prepare("SELECT 1 FROM incident_affiliates WHERE incident_id = ? AND affiliate_uid = ?").get(links.incidentId, affiliateUid)) bad.push("incidentId");
  return bad;
}

/** How many of the user's open tasks are past their due date (the badge in the navigation). */
// Read by the layout of every page: prepared once per connection.
const overdue = new WeakMap<AppDatabase["db"], ReturnType<typeof prepareOverdue>>();
const prepareOverdue = (db: AppDatabase["db"]) =>
  db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.assigneeId, sql.placeholder("userId")), inArray(tasks.status, [...ACTIVE_STATUSES]), lt(tasks.dueDate, sql.placeholder("today"))))
    .prepare();

export function overdueTaskCount({ db }: AppDatabase, userId: number, today: string): number {
  let query = overdue.get(db);
  if (!query) overdue.set(db, (query = prepareOverdue(db)));
  return query.get({ userId, today })?.n ?? 0;
}

/** Changes a task's fields (the form's), audited with what changed before and after. */
export function updateTask(database: AppDatabase, id: number, input: TaskFormData, actorId: number, now = Date.now()): Task | undefined {
  return database.sqlite.transaction(() => {
    const before = database.db.select().from(tasks).where(eq(tasks.id, id)).get();
    if (!before) return undefined;
    const changed = (Object.keys(input) as (keyof TaskFormData)[]).filter((k) => before[k] !== input[k]);
    if (changed.length === 0) return before;
    const after = database.db.update(tasks).set({ ...input, updatedAt: now }).where(eq(tasks.id, id)).returning().get();
    recordAudit(database, {
      userId: actorId,
      action: "task.update",
      entityType: "affiliate",
      entityId: before.affiliateUid,
      before: { id, ...Object.fromEntries(changed.map((k) => [k, before[k]])) },
      after: { id, ...Object.fromEntries(changed.map((k) => [k, after[k]])) },
      at: now,
    });
    return after;
  }).immediate();
}

/**
 * Moves a task to another status by the lifecycle rules (done sets completed_at, dropping needs a
 * reason, reopening clears both), audited. Read and write in one immediate transaction, so two
 * people moving the same card cannot both pass the check on a stale status.
 */
export function setTaskStatus(
  database: AppDatabase,
  id: number,
  to: TaskStatus,
  opts: { dropReason?: string | null; actorId: number; now?: number },
): (TransitionResult & { task?: Task }) | undefined {
  const now = opts.now ?? Date.now();
  return database.sqlite.transaction(() => {
    const before = database.db.select().from(tasks).where(eq(tasks.id, id)).get();
    if (!before) return undefined;
    const result = transition(before, to, { dropReason: opts.dropReason, now });
    if (!result.ok) return result;
    const task = database.db.update(tasks).set({ ...result.patch, updatedAt: now }).where(eq(tasks.id, id)).returning().get();
    recordAudit(database, {
      userId: opts.actorId,
      action: "task.status",
      entityType: "affiliate",
      entityId: before.affiliateUid,
      before: { id, status: before.status, completedAt: before.completedAt, dropReason: before.dropReason },
      after: { id, ...result.patch },
      at: now,
    });
    return { ...result, task };
  }).immediate();
}

const ADOPTER_COLUMN: Record<Product, string> = {
  futures: "futures_adopters",
  earn: "earn_adopters",
  options: "options_adopters",
  web3_wallet: "web3_wallet_adopters",
  fiat: "fiat_adopters",
};

/** The affiliate's weekly adopters of a product from `fromWeek` on (for "did the upsell convert?"). */
export function adopterSeries({ sqlite }: AppDatabase, affiliateUid: string, product: Product, fromWeek: string): AdopterPoint[] {
  const column = ADOPTER_COLUMN[product];
  return sqlite
    .prepare(`SELECT week_start AS weekStart, ${column} AS adopters FROM rollup_affiliate_week WHERE affiliate_uid = ? AND week_start >= ? ORDER BY week_start`)
    .all(affiliateUid, fromWeek) as AdopterPoint[];
}

const taskWeekOf = (task: Pick<Task, "createdAt">) => mondayOf(isoDate(new Date(task.createdAt)));
// A few weeks before the task are enough to find the last week with data before it.
const OUTCOME_WEEKS_BEFORE = 8;
const hasProduct = (task: Pick<Task, "product">): task is Pick<Task, "product"> & { product: Product } => !!task.product && (PRODUCTS as readonly string[]).includes(task.product);

/** Did a done upsell task convert? Its product's adopters from the task's week on against the week before. */
export function upsellTaskOutcome(database: AppDatabase, task: Pick<Task, "affiliateUid" | "product" | "createdAt">): UpsellOutcome | null {
  if (!hasProduct(task)) return null;
  const taskWeek = taskWeekOf(task);
  const series = adopterSeries(database, task.affiliateUid, task.product, addWeeks(taskWeek, -OUTCOME_WEEKS_BEFORE));
  return upsellOutcome(series, taskWeek);
}

/**
 * `upsellTaskOutcome` for a list of tasks, in one query: each task's product adopters from a few
 * weeks before its week on. Keyed by task id; null for a task without a known product.
 */
export function upsellTaskOutcomes({ sqlite }: AppDatabase, list: readonly Pick<Task, "id" | "affiliateUid" | "product" | "createdAt">[]): Map<number, UpsellOutcome | null> {
  const out = new Map<number, UpsellOutcome | null>();
  const wanted = list.filter(hasProduct).map((t) => ({ id: t.id, uid: t.affiliateUid, product: t.product, week: taskWeekOf(t) }));
  for (const t of list) out.set(t.id, null);
  if (!wanted.length) return out;
  const adopters = `CASE t.product ${Object.entries(ADOPTER_COLUMN)
    .map(([product, column]) => `WHEN '${product}' THEN r.${column}`)
    .join(" ")} END`;
  const points = sqlite
    .prepare(
      `WITH t AS (SELECT value ->> '$.id' AS id, value ->> '$.uid' AS uid, value ->> '$.product' AS product, value ->> '$.from' AS from_week FROM json_each(?))
       SELECT t.id AS id, r.week_start AS weekStart, ${adopters} AS adopters
       FROM t JOIN rollup_affiliate_week r ON r.affiliate_uid = t.uid AND r.week_start >= t.from_week
       ORDER BY t.id, r.week_start`,
    )
    .all(JSON.stringify(wanted.map((t) => ({ id: t.id, uid: t.uid, product: t.product, from: addWeeks(t.week, -OUTCOME_WEEKS_BEFORE) })))) as (AdopterPoint & { id: number })[];
  const series = new Map<number, AdopterPoint[]>(wanted.map((t) => [t.id, []]));
  for (const { id, weekStart, adopters: n } of points) series.get(id)!.push({ weekStart, adopters: n });
  for (const t of wanted) out.set(t.id, upsellOutcome(series.get(t.id)!, t.week));
  return out;
}
