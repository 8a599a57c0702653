import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type AppDatabase } from "../../db";
import { createTask, getTask } from "../../app/models/tasks.server";
import { baseUrl, hydrated, pageForTests } from "./browser";

let page: Page;
let database: AppDatabase;
const ids: Record<"complete" | "drop" | "board" | "overdue", number> = { complete: 0, drop: 0, board: 0, overdue: 0 };

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  // The e2e dataset has no tasks: give Maya four on one of her affiliates.
  database = openDatabase(inject("databaseUrl"));
  const maya = database.sqlite.prepare("SELECT id FROM users WHERE email = 'maya.chen@desk.test'").get() as { id: number };
  const { uid } = database.sqlite.prepare("SELECT uid FROM affiliates WHERE manager_id = ? ORDER BY uid LIMIT 1").get(maya.id) as { uid: string };
  const make = (title: string, dueDate: string) => createTask(database, { affiliateUid: uid, title, kind: "follow_up", dueDate, assigneeId: maya.id, status: "open" }, maya.id).id;
  ids.complete = make("E2E: send the campaign kit", day(2));
  ids.drop = make("E2E: invite to the AMA", day(3));
  ids.board = make("E2E: review the payout dispute", day(9));
  ids.overdue = make("E2E: call back about commissions", day(-2));
});
afterAll(() => {
  database?.sqlite.close();
});
pageForTests({ signInAs: "maya.chen@desk.test" }, (p) => (page = p));

const row = (id: number) => page.locator(`[data-testid=task-row][data-task-id="${id}"]`);
const overdueInDb = () =>
  (database.sqlite.prepare("SELECT count(*) AS n FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE u.email = 'maya.chen@desk.test' AND t.status IN ('open','in_progress') AND t.due_date < ?").get(day(0)) as { n: number }).n;

async function openTasks(path = "/tasks") {
  await page.goto(baseUrl(path));
  await hydrated(page);
}

describe("tasks", () => {
  it("lists the user's tasks by due date, with the overdue count in the navigation", async () => {
    await openTasks();
    await expect.poll(() => row(ids.overdue).count()).toBe(1);
    expect(await page.getByTestId("group-overdue").getByText("E2E: call back about commissions").count()).toBe(1);
    expect(await page.getByTestId("group-this_week").or(page.getByTestId("group-later")).getByText("E2E: send the campaign kit").count()).toBe(1);
    expect(await page.getByTestId("nav-badge-tasks").textContent()).toBe(String(overdueInDb()));
  });

  it("completes a task", async () => {
    await openTasks();
    await row(ids.complete).getByTestId("task-move").click();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/tasks/${ids.complete}`)),
      page.getByTestId("move-done").click(),
    ]);
    await expect.poll(() => getTask(database, ids.complete)?.status).toBe("done");
    expect(getTask(database, ids.complete)!.completedAt).toBeGreaterThan(0);
    await openTasks("/tasks?status=done");
    expect(await row(ids.complete).getAttribute("data-status")).toBe("done");
  });

  it("drops a task only with a reason", async () => {
    await openTasks();
    await row(ids.drop).getByTestId("task-move").click();
    await page.getByTestId("move-dropped").click();
    await page.getByTestId("drop-submit").click();
    await page.getByText("Say why the task is dropped").waitFor();
    expect(getTask(database, ids.drop)!.status).toBe("open");

    await page.getByTestId("drop-reason").fill("The partner paused all campaigns until January");
    await page.getByTestId("drop-submit").click();
    await page.getByTestId("drop-modal").waitFor({ state: "detached" });
    await openTasks("/tasks?status=dropped");
    expect(await row(ids.drop).getAttribute("data-status")).toBe("dropped");
    expect(await row(ids.drop).getByTestId("drop-reason-text").textContent()).toContain("paused all campaigns");
  });

  it("moves a card on the board with the keyboard, and the move is kept", async () => {
    await openTasks("/tasks?view=board");
    const card = page.getByTestId("column-open").locator(`[data-testid=task-card][data-task-id="${ids.board}"]`);
    await card.getByTestId("drag-handle").focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(200); // the library lifts the card on the next frame
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/tasks/${ids.board}`)), page.keyboard.press("Space")]);
    await expect.poll(() => getTask(database, ids.board)?.status).toBe("in_progress");

    await openTasks("/tasks?view=board");
    expect(await page.getByTestId("column-in_progress").locator(`[data-testid=task-card][data-task-id="${ids.board}"]`).count()).toBe(1);
    expect(await page.getByTestId("column-open").locator(`[data-testid=task-card][data-task-id="${ids.board}"]`).count()).toBe(0);
  });
});
