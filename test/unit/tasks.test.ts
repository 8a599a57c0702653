import { describe, expect, it } from "vitest";
import { canEditTask, canSetTaskStatus, canTransition, dueGroup, endOfWeek, groupByDue, parseTaskForm, sortTasks, TaskForm, TaskQuery, transition, upsellTitle, type TaskStatus } from "../../app/domain/tasks";

const NOW = Date.parse("2026-11-18T10:00:00Z");

describe("task lifecycle", () => {
  it("lets open work move freely and finished work only be reopened", () => {
    expect(canTransition("open", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "open")).toBe(true);
    expect(canTransition("open", "done")).toBe(true);
    expect(canTransition("in_progress", "dropped")).toBe(true);
    expect(canTransition("done", "open")).toBe(true);
    expect(canTransition("dropped", "in_progress")).toBe(true);
    expect(canTransition("done", "dropped")).toBe(false);
    expect(canTransition("dropped", "done")).toBe(false);
  });

  it("refuses a move to the same status or a forbidden one, naming the field", () => {
    expect(transition({ status: "open" }, "open", { now: NOW })).toMatchObject({ ok: false, field: "status" });
    const r = transition({ status: "done" }, "dropped", { dropReason: "no budget", now: NOW });
    expect(r).toMatchObject({ ok: false, field: "status" });
    expect(!r.ok && r.message).toMatch(/reopen it first/);
  });

  it("sets completed_at when done and clears any drop reason", () => {
    expect(transition({ status: "in_progress" }, "done", { now: NOW })).toEqual({ ok: true, patch: { status: "done", completedAt: NOW, dropReason: null } });
  });

  it("requires a reason to drop, and records it trimmed", () => {
    for (const reason of [undefined, null, "", "  ", "no"]) {
      expect(transition({ status: "open" }, "dropped", { dropReason: reason, now: NOW })).toMatchObject({ ok: false, field: "dropReason" });
    }
    expect(transition({ status: "open" }, "dropped", { dropReason: "x".repeat(501), now: NOW })).toMatchObject({ ok: false, field: "dropReason" });
    expect(transition({ status: "open" }, "dropped", { dropReason: "  partner left  ", now: NOW })).toEqual({
      ok: true,
      patch: { status: "dropped", completedAt: NOW, dropReason: "partner left" },
    });
  });

  it("clears completed_at and the drop reason on reopening", () => {
    for (const from of ["done", "dropped"] as TaskStatus[]) {
      expect(transition({ status: from }, "open", { now: NOW })).toEqual({ ok: true, patch: { status: "open", completedAt: null, dropReason: null } });
    }
    expect(transition({ status: "open" }, "in_progress", { now: NOW })).toEqual({ ok: true, patch: { status: "in_progress", completedAt: null, dropReason: null } });
  });
});

describe("the task form", () => {
  const base = { title: "Call about Earn", kind: "follow_up", priority: "high", dueDate: "2026-12-01", assigneeId: "4" };

  it("parses a valid form into typed values", () => {
    const r = TaskForm.safeParse({ ...base, expectedUplift: "", product: "" });
    expect(r.success && r.data).toEqual({ title: "Call about Earn", kind: "follow_up", product: null, expectedUplift: null, dueDate: "2026-12-01", priority: "high", assigneeId: 4, noteId: null, incidentId: null });
  });

  it("requires a product for an upsell, and keeps the uplift in cents", () => {
    const missing = TaskForm.safeParse({ ...base, kind: "upsell" });
    expect(missing.success).toBe(false);
    expect(!missing.success && missing.error.flatten().fieldErrors.product?.[0]).toMatch(/product/);
    const ok = TaskForm.safeParse({ ...base, kind: "upsell", product: "futures", expectedUplift: "$2,500.50" });
    expect(ok.success && ok.data).toMatchObject({ product: "futures", expectedUplift: 250050 });
  });

  it("reports the missing upsell product even when another field fails too", () => {
    const r = parseTaskForm({ title: "Sell", kind: "upsell", product: "", expectedUplift: "lots" });
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.errors).sort()).toEqual(["expectedUplift", "product"]);
  });

  it("drops product and uplift from tasks that are not upsells", () => {
    const r = TaskForm.safeParse({ ...base, product: "earn", expectedUplift: "100" });
    expect(r.success && r.data).toMatchObject({ product: null, expectedUplift: null });
  });

  it("names each bad field", () => {
    const r = TaskForm.safeParse({ title: " x ", kind: "chore", dueDate: "tomorrow", expectedUplift: "lots", priority: "urgent", assigneeId: "bob" });
    expect(r.success).toBe(false);
    const errors = !r.success ? r.error.flatten().fieldErrors : {};
    expect(Object.keys(errors).sort()).toEqual(["assigneeId", "dueDate", "expectedUplift", "kind", "priority", "title"]);
  });
});

describe("due groups and sorting", () => {
  const today = "2026-11-18"; // a Wednesday
  it("ends the week on Sunday", () => {
    expect(endOfWeek(today)).toBe("2026-11-22");
    expect(endOfWeek("2026-11-22")).toBe("2026-11-22");
    expect(endOfWeek("2026-11-23")).toBe("2026-11-29");
  });

  it("groups open work by due date and finished work as closed", () => {
    expect(dueGroup({ status: "open", dueDate: "2026-11-17" }, today)).toBe("overdue");
    expect(dueGroup({ status: "in_progress", dueDate: "2026-11-18" }, today)).toBe("this_week");
    expect(dueGroup({ status: "open", dueDate: "2026-11-22" }, today)).toBe("this_week");
    expect(dueGroup({ status: "open", dueDate: "2026-11-23" }, today)).toBe("later");
    expect(dueGroup({ status: "open", dueDate: null }, today)).toBe("later");
    expect(dueGroup({ status: "done", dueDate: "2026-11-01" }, today)).toBe("closed");
    expect(dueGroup({ status: "dropped", dueDate: null }, today)).toBe("closed");
  });

  const t = (id: number, dueDate: string | null, priority: "low" | "medium" | "high", affiliateName: string) => ({ id, title: `T${id}`, dueDate, priority, affiliateName, createdAt: id, status: "open" as TaskStatus });
  const list = [t(1, "2026-11-30", "low", "Beta"), t(2, null, "high", "Alpha"), t(3, "2026-11-10", "medium", "Gamma"), t(4, "2026-11-20", "high", "Alpha")];

  it("sorts by due date with undated tasks last in both directions", () => {
    expect(sortTasks(list, "due", "asc").map((x) => x.id)).toEqual([3, 4, 1, 2]);
    expect(sortTasks(list, "due", "desc").map((x) => x.id)).toEqual([1, 4, 3, 2]);
  });

  it("sorts by priority (high first ascending) and by affiliate, ties by id", () => {
    expect(sortTasks(list, "priority", "asc").map((x) => x.id)).toEqual([2, 4, 3, 1]);
    expect(sortTasks(list, "affiliate", "asc").map((x) => x.id)).toEqual([2, 4, 1, 3]);
  });

  it("keeps the sort inside each group", () => {
    const groups = groupByDue(sortTasks(list, "due", "asc"), today);
    expect(groups.map((g) => [g.group, g.tasks.map((x) => x.id)])).toEqual([
      ["overdue", [3]],
      ["this_week", [4]],
      ["later", [1, 2]],
    ]);
  });

  it("reads the list query from the URL, falling back on defaults", () => {
    expect(TaskQuery.parse({})).toEqual({ view: "list", status: "active", assignee: "me", sort: "due", dir: "asc" });
    expect(TaskQuery.parse({ view: "board", assignee: "team", kind: "upsell", sort: "nope", status: "done" })).toMatchObject({ view: "board", assignee: "team", kind: "upsell", sort: "due", status: "done" });
    expect(TaskQuery.parse({ assignee: "drop table" }).assignee).toBe("me");
  });
});

describe("upsell titles", () => {
  it("states the gap in whole percents", () => {
    expect(upsellTitle("futures", 0.12, 0.314)).toBe("Futures upsell: 12.0% of active invitees vs team median 31.4%");
    expect(upsellTitle("web3_wallet", null, 0.3)).toBe("Web3 Wallet upsell");
  });
});

describe("who may change a task", () => {
  const task = { assigneeId: 7, affiliateManagerId: 3 };
  it("lets the owner, leads and admins edit, the assignee only move it, others read", () => {
    expect(canEditTask({ id: 3, role: "manager" }, task)).toBe(true);
    expect(canEditTask({ id: 9, role: "lead" }, task)).toBe(true);
    expect(canEditTask({ id: 9, role: "admin" }, task)).toBe(true);
    expect(canEditTask({ id: 7, role: "manager" }, task)).toBe(false);
    expect(canSetTaskStatus({ id: 7, role: "manager" }, task)).toBe(true);
    expect(canSetTaskStatus({ id: 8, role: "manager" }, task)).toBe(false);
    expect(canSetTaskStatus({ id: 8, role: "manager" }, { assigneeId: null, affiliateManagerId: null })).toBe(false);
  });
});
