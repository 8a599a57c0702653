import { z } from "zod";
import { PRODUCTS, TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES, type Product } from "./enums";
import { canWriteAffiliate } from "../auth/permissions";
import { PRODUCT_LABELS } from "./upsell";

/**
 * Tasks: the lifecycle rules (which status may follow which, what each change sets or clears),
 * the form and the /tasks list query, and the grouping by due date. Pure: `now`/`today` are
 * parameters.
 */
// The lists live in ./enums (the schema takes them from there too).
export { PRODUCTS, TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES };
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const KIND_LABELS: Record<TaskKind, string> = {
  upsell: "Upsell",
  follow_up: "Follow-up",
  risk: "Risk",
  onboarding: "Product onboarding",
  other: "Other",
};
export const STATUS_LABELS: Record<TaskStatus, string> = { open: "Open", in_progress: "In progress", done: "Done", dropped: "Dropped" };
export const PRIORITY_LABELS: Record<TaskPriority, string> = { low: "Low", medium: "Medium", high: "High" };
export const STATUS_COLORS: Record<TaskStatus, string> = { open: "blue", in_progress: "violet", done: "teal", dropped: "gray" };
export const PRIORITY_COLORS: Record<TaskPriority, string> = { low: "gray", medium: "yellow", high: "red" };

/** Open work: what is still to do. */
export const ACTIVE_STATUSES: readonly TaskStatus[] = ["open", "in_progress"];
export function isActive(status: TaskStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/**
 * Which status may follow which. Open work moves freely between open and in progress and ends as
 * done or dropped; a finished task can only be reopened (to open or in progress) — a done task is
 * not dropped without reopening it first, so "it converted" and "we gave up" never blur.
 */
export const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ["in_progress", "done", "dropped"],
  in_progress: ["open", "done", "dropped"],
  done: ["open", "in_progress"],
  dropped: ["open", "in_progress"],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface StatusPatch {
  status: TaskStatus;
  completedAt: number | null;
  dropReason: string | null;
}

export type TransitionResult = { ok: true; patch: StatusPatch } | { ok: false; field: "status" | "dropReason"; message: string };

/**
 * The fields a status change writes: done sets completed_at, dropping requires a reason and
 * records it, reopening clears both.
 */
export function transition(task: { status: TaskStatus }, to: TaskStatus, opts: { dropReason?: string | null; now: number }): TransitionResult {
  if (task.status === to) return { ok: false, field: "status", message: `The task is already ${STATUS_LABELS[to].toLowerCase()}.` };
  if (!canTransition(task.status, to)) {
    return { ok: false, field: "status", message: `A ${STATUS_LABELS[task.status].toLowerCase()} task cannot become ${STATUS_LABELS[to].toLowerCase()}; reopen it first.` };
  }
  if (to === "dropped") {
    const reason = opts.dropReason?.trim() ?? "";
    if (reason.length < 3) return { ok: false, field: "dropReason", message: "Say why the task is dropped, in a few words." };
    if (reason.length > 500) return { ok: false, field: "dropReason", message: "500 characters at most." };
    return { ok: true, patch: { status: to, completedAt: opts.now, dropReason: reason } };
  }
  if (to === "done") return { ok: true, patch: { status: to, completedAt: opts.now, dropReason: null } };
  return { ok: true, patch: { status: to, completedAt: null, dropReason: null } };
}

/** The status form (list, board, "move to"): the target status and, for dropping, the reason. */
export const StatusForm = z.object({
  status: z.enum(TASK_STATUSES, { errorMap: () => ({ message: "Choose a status." }) }),
  dropReason: z.string().trim().max(500, "500 characters at most.").optional(),
});

const UPSELL_PRODUCT_MESSAGE = "An upsell task names the product to sell.";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const optionalId = z
  .string()
  .trim()
  .default("")
  .refine((s) => s === "" || /^\d{1,12}$/.test(s), "Not a valid reference.")
  .transform((s): number | null => (s === "" ? null : Number(s)));

/**
 * The task form, as posted (all strings). An upsell names its product; the expected uplift is in
 * whole USD on the form and in cents once parsed.
 */
export const TaskForm = z
  .object({
    title: z.string().trim().min(3, "A title of a few words is required.").max(200, "200 characters at most."),
    kind: z.enum(TASK_KINDS, { errorMap: () => ({ message: "Choose a kind." }) }),
    product: z
      .string()
      .default("")
      .transform((s): Product | null => ((PRODUCTS as readonly string[]).includes(s) ? (s as Product) : null)),
    expectedUplift: z
      .string()
      .trim()
      .default("")
      .transform((s) => s.replace(/[$,\s]/g, ""))
      .refine((s) => s === "" || /^\d{1,9}(\.\d{1,2})?$/.test(s), "An amount in USD, such as 2500.")
      .transform((s): number | null => (s === "" ? null : Math.round(Number(s) * 100))),
    dueDate: z
      .string()
      .trim()
      .default("")
      .refine((s) => s === "" || (ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))), "A date such as 2026-12-01.")
      .transform((s): string | null => (s === "" ? null : s)),
    priority: z.enum(TASK_PRIORITIES, { errorMap: () => ({ message: "Choose a priority." }) }).default("medium"),
    assigneeId: z
      .string()
      .trim()
      .default("")
      .refine((s) => s === "" || /^\d{1,12}$/.test(s), "Choose an assignee.")
      .transform((s): number | null => (s === "" ? null : Number(s))),
    noteId: optionalId,
    incidentId: optionalId,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "upsell" && !v.product) ctx.addIssue({ code: "custom", path: ["product"], message: UPSELL_PRODUCT_MESSAGE });
  })
  .transform((v) => ({
    ...v,
    // Only an upsell has a product and an expected uplift.
    product: v.kind === "upsell" ? v.product : null,
    expectedUplift: v.kind === "upsell" ? v.expectedUplift : null,
  }));
export type TaskFormData = z.infer<typeof TaskForm>;

/**
 * Parses the posted task form. Every field's message at once: zod skips the object-level rule
 * (an upsell names its product) when another field fails, so it is checked here as well.
 */
export function parseTaskForm(form: Record<string, unknown>): { ok: true; data: TaskFormData } | { ok: false; errors: FieldErrors } {
  const parsed = TaskForm.safeParse(form);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = { ...parsed.error.flatten().fieldErrors };
  if (form.kind === "upsell" && !(PRODUCTS as readonly unknown[]).includes(form.product) && !errors.product) errors.product = [UPSELL_PRODUCT_MESSAGE];
  return { ok: false, errors };
}

export type FieldErrors = Partial<Record<string, string[]>>;

/** "Futures upsell: 12 % of active invitees vs team median 31 %" — the title of a task made from a cross-product gap. */
export function upsellTitle(product: Product, share: number | null, teamMedian: number | null): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`; // as the cross-product table shows it
  const base = `${PRODUCT_LABELS[product]} upsell`;
  if (share === null || teamMedian === null) return base;
  return `${base}: ${pct(share)} of active invitees vs team median ${pct(teamMedian)}`;
}

// ---------------------------------------------------------------------------------------------
// The /tasks list: due-date groups, filters and sorting carried by the URL.

export type DueGroup = "overdue" | "this_week" | "later" | "closed";
export const DUE_GROUP_LABELS: Record<DueGroup, string> = { overdue: "Overdue", this_week: "Due this week", later: "Later", closed: "Done and dropped" };

/** The Sunday closing the ISO week of `today` (YYYY-MM-DD). */
export function endOfWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() + (6 - dow));
  return d.toISOString().slice(0, 10);
}

/** Open work is overdue (due before today), due this week (today to Sunday) or later (after, or no date); finished work is closed. */
export function dueGroup(task: { status: TaskStatus; dueDate: string | null }, today: string): DueGroup {
  if (!isActive(task.status)) return "closed";
  if (!task.dueDate) return "later";
  if (task.dueDate < today) return "overdue";
  if (task.dueDate <= endOfWeek(today)) return "this_week";
  return "later";
}

export function isOverdue(task: { status: TaskStatus; dueDate: string | null }, today: string): boolean {
  return dueGroup(task, today) === "overdue";
}

export const TASK_SORTS = ["due", "priority", "affiliate", "title", "created"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const SORT_LABELS: Record<TaskSort, string> = { due: "Due date", priority: "Priority", affiliate: "Affiliate", title: "Title", created: "Created" };

export const TaskQuery = z.object({
  view: z.enum(["list", "board"]).catch("list"),
  status: z.enum(["active", "all", ...TASK_STATUSES]).catch("active"),
  kind: z.enum(TASK_KINDS).optional().catch(undefined),
  priority: z.enum(TASK_PRIORITIES).optional().catch(undefined),
  /** "me" (default), "team" (everyone's) or a user id; only leads and admins see beyond their own. */
  assignee: z
    .string()
    .regex(/^(me|team|\d{1,12})$/)
    .catch("me")
    .default("me"),
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(TASK_SORTS).catch("due"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});
export type TaskQuery = z.infer<typeof TaskQuery>;

export interface SortableTask {
  id: number;
  title: string;
  dueDate: string | null;
  priority: TaskPriority;
  affiliateName: string;
  createdAt: number;
}

const PRIORITY_RANK: Record<TaskPriority, number> = { high: 0, medium: 1, low: 2 };

/** Sorts tasks by the query's column; tasks without a due date come last either way; ties by id. */
export function sortTasks<T extends SortableTask>(tasks: readonly T[], sort: TaskSort, dir: "asc" | "desc"): T[] {
  const sign = dir === "asc" ? 1 : -1;
  const cmp = (a: T, b: T): number => {
    switch (sort) {
      case "due":
        if (a.dueDate === b.dueDate) return 0;
        if (a.dueDate === null) return 2; // last, whatever the direction
        if (b.dueDate === null) return -2;
        return sign * (a.dueDate < b.dueDate ? -1 : 1);
      case "priority":
        return sign * (PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]);
      case "affiliate":
        return sign * a.affiliateName.localeCompare(b.affiliateName);
      case "title":
        return sign * a.title.localeCompare(b.title);
      case "created":
        return sign * (a.createdAt - b.createdAt);
    }
  };
  return [...tasks].sort((a, b) => {
    const c = cmp(a, b);
    if (c === 2 || c === -2) return c / 2;
    return c || a.id - b.id;
  });
}

/** Groups (already sorted) tasks by due group, in the order overdue, this week, later, closed; empty groups left out. */
export function groupByDue<T extends { status: TaskStatus; dueDate: string | null }>(tasks: readonly T[], today: string): { group: DueGroup; tasks: T[] }[] {
  const order: DueGroup[] = ["overdue", "this_week", "later", "closed"];
  const by = new Map<DueGroup, T[]>(order.map((g) => [g, []]));
  for (const t of tasks) by.get(dueGroup(t, today))!.push(t);
  return order.map((group) => ({ group, tasks: by.get(group)! })).filter((g) => g.tasks.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Who may change a task.

interface Actor {
  id: number;
  role: "manager" | "lead" | "admin";
}
interface TaskAccess {
  assigneeId: number | null;
  affiliateManagerId: number | null;
}

/** The affiliate's owner, leads and admins change its tasks (every field). */
export function canEditTask(user: Actor, task: TaskAccess): boolean {
  return canWriteAffiliate(user, { managerId: task.affiliateManagerId });
}

/** …and the assignee may move their own task through its statuses. */
export function canSetTaskStatus(user: Actor, task: TaskAccess): boolean {
  return canEditTask(user, task) || (task.assigneeId !== null && task.assigneeId === user.id);
}
