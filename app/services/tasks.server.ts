import type { AppDatabase } from "../../db";
import type { PublicUser } from "../models/users.server";
import { getUserById, listUsers } from "../models/users.server";
import { memoByData, workVersion } from "../models/kpis.server";
import { foreignLinks, listTasks, upsellTaskOutcomes, type TaskFilter, type TaskRow } from "../models/tasks.server";
import { ACTIVE_STATUSES, canEditTask, canSetTaskStatus, isOverdue, parseTaskForm, sortTasks, TASK_STATUSES, type FieldErrors, type TaskFormData, type TaskQuery, type TaskStatus } from "../domain/tasks";
import type { UpsellOutcome } from "../domain/upsell";

/** How long finished tasks stay on the board. */
export const BOARD_CLOSED_DAYS = 30;

export interface TaskView extends TaskRow {
  canEdit: boolean;
  canSetStatus: boolean;
  overdue: boolean;
  /** For a done upsell task: the product's adopters before the task and the weeks after. */
  outcome: UpsellOutcome | null;
}

/**
 * Tasks as the pages show them: what the user may do with each, whether it is overdue, and for a
 * done upsell whether it converted (the outcomes of all of them in one query).
 */
export function toTaskViews(database: AppDatabase, rows: TaskRow[], user: Pick<PublicUser, "id" | "role">, today: string): TaskView[] {
  const outcomes = upsellTaskOutcomes(database, rows.filter((r) => r.kind === "upsell" && r.status === "done"));
  return rows.map((row) => ({
    ...row,
    canEdit: canEditTask(user, row),
    canSetStatus: canSetTaskStatus(user, row),
    overdue: isOverdue(row, today),
    outcome: outcomes.get(row.id) ?? null,
  }));
}

/** The people a task can be assigned to. */
export function assigneeOptions(database: AppDatabase): { id: number; name: string }[] {
  // On every 360° page and task form: kept until a user (or other work) changes; shared, not to be changed.
  return memoByData(database, `assignees|${workVersion(database)}`, () => listUsers(database).map((u) => ({ id: u.id, name: u.name })));
}

/** Whether the user exists and is not disabled: someone a task can be assigned to, an incident owned by. */
export function isActiveUser(database: AppDatabase, id: number): boolean {
  const user = getUserById(database, id);
  return !!user && !user.disabledAt;
}

/**
 * The posted task form of one affiliate, checked against the data: the assignee (when none is
 * chosen, `fallbackAssigneeId`) is an active user, and the note or incident it links to concerns
 * the affiliate. Field errors otherwise.
 */
export function checkTaskForm(
  database: AppDatabase,
  affiliateUid: string,
  form: Record<string, unknown>,
  fallbackAssigneeId: number | null = null,
): { ok: true; data: TaskFormData & { assigneeId: number } } | { ok: false; errors: FieldErrors } {
  const parsed = parseTaskForm(form);
  if (!parsed.ok) return parsed;
  const errors: FieldErrors = {};
  const assigneeId = parsed.data.assigneeId ?? fallbackAssigneeId;
  if (assigneeId === null || !isActiveUser(database, assigneeId)) errors.assigneeId = ["Choose someone on the team."];
  for (const f of foreignLinks(database, affiliateUid, parsed.data)) errors[f] = ["That is not a note or incident of this affiliate."];
  if (assigneeId === null || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...parsed.data, assigneeId } };
}

/**
 * /tasks: the user's tasks (or, for leads and admins, the team's or one person's), filtered and
 * sorted by the URL's query. The board shows every status; finished tasks only while recent.
 */
export function loadTaskList(database: AppDatabase, user: PublicUser, query: TaskQuery, now: number) {
  const today = new Date(now).toISOString().slice(0, 10);
  const seesTeam = user.role === "lead" || user.role === "admin";
  const assignee = seesTeam ? query.assignee : "me";
  const filter: TaskFilter = { kind: query.kind, priority: query.priority, q: query.q };
  if (assignee === "me") filter.assigneeId = user.id;
  else if (assignee !== "team") filter.assigneeId = Number(assignee);
  let statuses: readonly TaskStatus[] | undefined;
  if (query.view === "board") statuses = undefined;
  else if (query.status === "active") statuses = ACTIVE_STATUSES;
  else if (query.status !== "all") statuses = [query.status];
  filter.statuses = statuses;
  let rows = listTasks(database, filter);
  if (query.view === "board") {
    const since = now - BOARD_CLOSED_DAYS * 86_400_000;
    rows = rows.filter((t) => !(t.status === "done" || t.status === "dropped") || (t.completedAt ?? t.updatedAt) >= since);
  }
  const tasks = toTaskViews(database, sortTasks(rows, query.sort, query.dir), user, today);
  return {
    today,
    tasks,
    seesTeam,
    assignees: assigneeOptions(database),
    counts: Object.fromEntries(TASK_STATUSES.map((s) => [s, tasks.filter((t) => t.status === s).length])) as Record<TaskStatus, number>,
  };
}

/** The affiliate page's Tasks tab: every task of the affiliate, open work first. */
/**
 * The affiliate page's tasks. With `open` false (another tab is shown) only the open count and
 * the assignees (for "Create upsell task") are returned: the task views and their upsell outcomes
 * are not built.
 */
export function loadAffiliateTasks(database: AppDatabase, user: PublicUser, affiliateUid: string, now: number, open = true) {
  const today = new Date(now).toISOString().slice(0, 10);
  const rows = sortTasks(listTasks(database, { affiliateUid }), "due", "asc");
  const active = rows.filter((t) => ACTIVE_STATUSES.includes(t.status));
  const closed = open ? rows.filter((t) => !ACTIVE_STATUSES.includes(t.status)).sort((a, b) => (b.completedAt ?? b.updatedAt) - (a.completedAt ?? a.updatedAt)) : [];
  return {
    today,
    tasks: open ? toTaskViews(database, [...active, ...closed], user, today) : [],
    openCount: active.length,
    assignees: assigneeOptions(database),
  };
}
