import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../app/models/audit.server";
import { createTask, getTask, overdueTaskCount } from "../../app/models/tasks.server";
import { loadAffiliateTasks } from "../../app/services/tasks.server";
import { action as createAction } from "../../app/routes/affiliates.$uid.tasks";
import { action as taskAction } from "../../app/routes/tasks.$id";
import { loader as tasksLoader } from "../../app/routes/_app.tasks";
import { loader as appLoader } from "../../app/routes/_app";
import { createTestDatabase } from "../support/db";
import { formRequest, makeUser, request, sessionCookie } from "../support/users";

type Outcome = { status: number; body: unknown };
let database: ReturnType<typeof createTestDatabase>;
let users: Record<"owner" | "other" | "assignee" | "lead", { id: number; cookie: string }>;
const UID = "9001";
const today = new Date().toISOString().slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Runs an action or loader and returns its status and body, whether it returned or threw. */
async function run(fn: (a: ActionFunctionArgs & LoaderFunctionArgs) => unknown, req: Request, params: Record<string, string> = {}): Promise<Outcome> {
  let out: unknown;
  try {
    out = await fn({ request: req, params, context: { clientIp: "127.0.0.1" } });
  } catch (thrown) {
    out = thrown;
  }
  if (out instanceof Response) return { status: out.status, body: await out.text() };
  const d = out as { type?: string; init?: { status?: number } | null; data?: unknown };
  if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data };
  return { status: 200, body: out };
}

const post = (url: string, form: Record<string, string>, cookie: string) => formRequest(url, form, cookie);
const create = (who: keyof typeof users, form: Record<string, string>) => run(createAction, post(`/affiliates/${UID}/tasks`, form, users[who].cookie), { uid: UID });
const move = (who: keyof typeof users, id: number, form: Record<string, string>) =>
  run(taskAction, post(`/tasks/${id}`, { intent: "status", ...form }, users[who].cookie), { id: String(id) });

function seedTask(over: Partial<Parameters<typeof createTask>[1]> = {}) {
  return createTask(database, { affiliateUid: UID, title: "Call about the campaign", kind: "follow_up", assigneeId: users.assignee.id, status: "open", ...over }, users.owner.id);
}

beforeAll(async () => {
  database = createTestDatabase();
  const make = async (role: "manager" | "lead", name: string) => {
    const u = await makeUser(database, role, name);
    return { id: u.id, cookie: await sessionCookie(u.id) };
  };
  users = { owner: await make("manager", "Owner Manager"), other: await make("manager", "Other Manager"), assignee: await make("manager", "Assignee Manager"), lead: await make("lead", "Team Lead") };
  const now = Date.now();
  database.sqlite.prepare("INSERT INTO affiliates (uid, name, manager_id, created_at, updated_at) VALUES (?, 'Crypto Carla', ?, ?, ?)").run(UID, users.owner.id, now, now);
});
afterAll(() => database.close());
beforeEach(() => {
  database.sqlite.exec("DELETE FROM tasks; DELETE FROM notes; DELETE FROM audit_log; DELETE FROM rollup_affiliate_week;");
});

describe("creating a task", () => {
  it("lets the owner create one, assigned to the owner by default, audited", async () => {
    const r = await create("owner", { title: "Futures upsell: 12 % of active invitees vs team median 31 %", kind: "upsell", product: "futures", expectedUplift: "2500", dueDate: daysFromToday(7), priority: "high" });
    expect(r.status).toBe(200);
    const id = (r.body as { id: number }).id;
    const task = getTask(database, id)!;
    expect(task).toMatchObject({ affiliateUid: UID, kind: "upsell", product: "futures", expectedUplift: 250000, assigneeId: users.owner.id, status: "open", createdBy: users.owner.id });
    const audit = listAudit(database, { action: "task.create" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: users.owner.id, entityType: "affiliate", entityId: UID });
  });

  it("refuses a manager who does not own the affiliate with 403, and writes nothing", async () => {
    const r = await create("other", { title: "Not mine", kind: "other" });
    expect(r.status).toBe(403);
    expect(database.sqlite.prepare("SELECT count(*) AS n FROM tasks").get()).toEqual({ n: 0 });
    expect(listAudit(database, { action: "task.create" })).toHaveLength(0);
  });

  it("refuses an upsell without a product, with the message beside the field and what was typed", async () => {
    const r = await create("lead", { title: "Sell something", kind: "upsell", product: "", expectedUplift: "lots" });
    expect(r.status).toBe(400);
    const body = r.body as { errors: Record<string, string[]>; values: Record<string, string> };
    expect(body.errors.product?.[0]).toMatch(/product/);
    expect(body.errors.expectedUplift?.[0]).toMatch(/USD/);
    expect(body.values.title).toBe("Sell something");
  });

  it("links a task only to a note of the same affiliate", async () => {
    const now = Date.now();
    database.sqlite.prepare("INSERT INTO affiliates (uid, name, manager_id, created_at, updated_at) VALUES ('9002', 'Elsewhere', ?, ?, ?) ON CONFLICT DO NOTHING").run(users.owner.id, now, now);
    const note = (uid: string) =>
      (database.sqlite.prepare("INSERT INTO notes (affiliate_uid, author_id, kind, occurred_at, summary, created_at, updated_at) VALUES (?, ?, 'call', ?, 'Talked', ?, ?) RETURNING id").get(uid, users.owner.id, now, now, now) as { id: number }).id;
    const refused = await create("owner", { title: "Follow up the call", kind: "follow_up", noteId: String(note("9002")) });
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: Record<string, string[]> }).errors.noteId?.[0]).toMatch(/not a note/);
    const ok = await create("owner", { title: "Follow up the call", kind: "follow_up", noteId: String(note(UID)) });
    expect(ok.status).toBe(200);
  });

  it("answers 404 for an unknown affiliate", async () => {
    const r = await run(createAction, post("/affiliates/424242/tasks", { title: "x y z", kind: "other" }, users.lead.cookie), { uid: "424242" });
    expect(r.status).toBe(404);
  });
});

describe("changing a task", () => {
  it("lets the assignee move their task but not edit it; refuses other managers with 403", async () => {
    const task = seedTask();
    expect((await move("other", task.id, { status: "in_progress" })).status).toBe(403);
    expect(getTask(database, task.id)!.status).toBe("open");

    expect((await move("assignee", task.id, { status: "in_progress" })).status).toBe(200);
    expect(getTask(database, task.id)!.status).toBe("in_progress");

    const edit = await run(taskAction, post(`/tasks/${task.id}`, { intent: "update", title: "Renamed", kind: "other", priority: "low", assigneeId: String(users.assignee.id) }, users.assignee.cookie), { id: String(task.id) });
    expect(edit.status).toBe(403);
    expect(getTask(database, task.id)!.title).toBe("Call about the campaign");
  });

  it("audits an edit by a lead with what changed, before and after", async () => {
    const task = seedTask({ priority: "medium" });
    const r = await run(
      taskAction,
      post(`/tasks/${task.id}`, { intent: "update", title: "Call about the Q1 campaign", kind: "follow_up", priority: "high", dueDate: "", assigneeId: String(users.assignee.id) }, users.lead.cookie),
      { id: String(task.id) },
    );
    expect(r.status).toBe(200);
    const [row] = listAudit(database, { action: "task.update" });
    expect(row).toMatchObject({ userId: users.lead.id, entityId: UID });
    expect(row.before).toEqual({ id: task.id, title: "Call about the campaign", priority: "medium" });
    expect(row.after).toEqual({ id: task.id, title: "Call about the Q1 campaign", priority: "high" });
  });

  it("assigns a task only to an active user: an edit to a disabled one or to nobody is refused beside the field", async () => {
    const task = seedTask();
    const gone = await makeUser(database, "manager", "Gone Manager");
    database.sqlite.prepare("UPDATE users SET disabled_at = ? WHERE id = ?").run(Date.now(), gone.id);
    for (const assigneeId of [String(gone.id), ""]) {
      const r = await run(taskAction, post(`/tasks/${task.id}`, { intent: "update", title: "Renamed", kind: "other", priority: "low", assigneeId }, users.lead.cookie), { id: String(task.id) });
      expect(r.status).toBe(400);
      expect((r.body as { errors: Record<string, string[]> }).errors.assigneeId).toEqual(["Choose someone on the team."]);
    }
    expect(getTask(database, task.id)).toMatchObject({ title: "Call about the campaign", assigneeId: users.assignee.id });
  });

  it("refuses to drop without a reason (field error), then drops with one, audited", async () => {
    const task = seedTask();
    const refused = await move("owner", task.id, { status: "dropped", dropReason: "  " });
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: Record<string, string[]> }).errors.dropReason?.[0]).toMatch(/why/);
    expect(getTask(database, task.id)).toMatchObject({ status: "open", dropReason: null, completedAt: null });
    expect(listAudit(database, { action: "task.status" })).toHaveLength(0);

    expect((await move("owner", task.id, { status: "dropped", dropReason: "Partner paused the programme" })).status).toBe(200);
    const dropped = getTask(database, task.id)!;
    expect(dropped).toMatchObject({ status: "dropped", dropReason: "Partner paused the programme" });
    expect(dropped.completedAt).toBeGreaterThan(0);
    const [row] = listAudit(database, { action: "task.status" });
    expect(row).toMatchObject({ userId: users.owner.id, before: { id: task.id, status: "open", completedAt: null, dropReason: null } });
    expect(row.after).toMatchObject({ id: task.id, status: "dropped", dropReason: "Partner paused the programme" });
  });

  it("sets completed_at when done, refuses done → dropped, and clears it on reopening", async () => {
    const task = seedTask();
    expect((await move("assignee", task.id, { status: "done" })).status).toBe(200);
    expect(getTask(database, task.id)!.completedAt).toBeGreaterThan(0);
    const refused = await move("assignee", task.id, { status: "dropped", dropReason: "changed my mind" });
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: Record<string, string[]> }).errors.status?.[0]).toMatch(/reopen/);
    expect((await move("assignee", task.id, { status: "open" })).status).toBe(200);
    expect(getTask(database, task.id)).toMatchObject({ status: "open", completedAt: null, dropReason: null });
    expect(listAudit(database, { action: "task.status" })).toHaveLength(2);
  });

  it("answers 404 for an unknown task", async () => {
    expect((await move("lead", 999_999, { status: "done" })).status).toBe(404);
  });
});

describe("lists and the overdue count", () => {
  it("counts the user's open tasks past their due date, in the navigation too", async () => {
    seedTask({ dueDate: daysFromToday(-3) });
    seedTask({ dueDate: daysFromToday(-1), status: "in_progress" });
    seedTask({ dueDate: today }); // due today: not overdue
    seedTask({ dueDate: daysFromToday(-5), status: "done", completedAt: Date.now() });
    seedTask({ dueDate: null });
    seedTask({ dueDate: daysFromToday(-2), assigneeId: users.owner.id });
    expect(overdueTaskCount(database, users.assignee.id, today)).toBe(2);
    expect(overdueTaskCount(database, users.owner.id, today)).toBe(1);
    const shell = await run(appLoader, request("/tasks", { cookie: users.assignee.cookie }));
    expect((shell.body as { overdueTasks: number }).overdueTasks).toBe(2);
  });

  it("shows a manager only their own tasks, and a lead the team's through the assignee filter", async () => {
    seedTask({ title: "Assignee's task" });
    seedTask({ title: "Owner's task", assigneeId: users.owner.id });
    const titles = async (who: keyof typeof users, qs: string) =>
      ((await run(tasksLoader, request(`/tasks${qs}`, { cookie: users[who].cookie }))).body as { tasks: { title: string }[] }).tasks.map((t) => t.title).sort();
    expect(await titles("assignee", "")).toEqual(["Assignee's task"]);
    expect(await titles("assignee", "?assignee=team")).toEqual(["Assignee's task"]);
    expect(await titles("lead", "")).toEqual([]);
    expect(await titles("lead", "?assignee=team")).toEqual(["Assignee's task", "Owner's task"]);
    expect(await titles("lead", `?assignee=${users.owner.id}`)).toEqual(["Owner's task"]);
  });

  it("shows whether a done upsell converted: the product's adopters before the task and the weeks after", async () => {
    const insert = database.sqlite.prepare("INSERT INTO rollup_affiliate_week (affiliate_uid, week_start, earn_adopters) VALUES (?, ?, ?)");
    for (const [week, n] of [["2026-10-19", 3], ["2026-10-26", 4], ["2026-11-02", 6], ["2026-11-09", 9]] as const) insert.run(UID, week, n);
    const createdAt = Date.parse("2026-10-28T09:00:00Z"); // the week of 26 Oct
    const task = createTask(database, { affiliateUid: UID, title: "Earn upsell", kind: "upsell", product: "earn", assigneeId: users.owner.id, status: "done", completedAt: createdAt + 86_400_000 }, users.owner.id, createdAt);
    seedTask({ title: "Open upsell", kind: "upsell", product: "earn" });
    const { tasks } = loadAffiliateTasks(database, { id: users.owner.id, email: "", name: "", role: "manager" }, UID, Date.now());
    const done = tasks.find((t) => t.id === task.id)!;
    expect(done.outcome).toMatchObject({ before: 3, beforeWeek: "2026-10-19", latest: 9, change: 6, converted: true });
    expect(done.outcome!.after.map((p) => p.adopters)).toEqual([4, 6, 9]);
    expect(tasks.find((t) => t.title === "Open upsell")!.outcome).toBeNull();
  });
});
