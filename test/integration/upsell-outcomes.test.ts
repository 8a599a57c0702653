import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PRODUCTS } from "../../db/schema";
import { addWeeks } from "../../app/domain/weeks";
import { createTask, getTask, upsellTaskOutcome, upsellTaskOutcomes, type Task } from "../../app/models/tasks.server";
import { importGenerated } from "../support/dataset";
import { createTestDatabase } from "../support/db";
import { makeUser } from "../support/users";

/** The batched upsell outcomes give exactly what the one-task query gives, for every kind of task. */
let database: ReturnType<typeof createTestDatabase>;
let tasks: Task[];

beforeAll(async () => {
  database = createTestDatabase();
  const { weeks, rows } = await importGenerated(database, "upsell-outcomes");
  const user = await makeUser(database, "manager");
  const uids = [...new Set(rows.map((r) => r.affiliate_uid))];
  const at = (week: string, days: number) => Date.parse(`${week}T10:00:00Z`) + days * 86_400_000;
  // Tasks created before the data, on its first week, in the middle, on its last week and after it.
  const moments = [at(addWeeks(weeks[0], -3), 2), at(weeks[0], 0), at(weeks[4], 3), at(weeks[7], 6), at(weeks[11], 1), at(addWeeks(weeks[11], 2), 4)];
  tasks = [];
  for (const uid of uids)
    for (const product of PRODUCTS)
      for (const createdAt of moments)
        tasks.push(createTask(database, { affiliateUid: uid, title: `${product} upsell`, kind: "upsell", product, assigneeId: user.id, status: "done", completedAt: createdAt + 86_400_000 }, user.id, createdAt));
  // No product, and a product the CRM does not know (written by hand).
  tasks.push(createTask(database, { affiliateUid: uids[0], title: "Upsell", kind: "upsell", assigneeId: user.id, status: "done" }, user.id, at(weeks[5], 0)));
  const odd = createTask(database, { affiliateUid: uids[1], title: "Spot upsell", kind: "upsell", product: "futures", assigneeId: user.id, status: "done" }, user.id, at(weeks[5], 0));
  database.sqlite.prepare("UPDATE tasks SET product = 'spot' WHERE id = ?").run(odd.id);
  tasks.push(getTask(database, odd.id)!);
}, 60_000);
afterAll(() => database.close());

describe("upsellTaskOutcomes", () => {
  it("equals upsellTaskOutcome for each task, in one query", () => {
    const prepare = vi.spyOn(database.sqlite, "prepare");
    const batched = upsellTaskOutcomes(database, tasks);
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();

    expect(batched.size).toBe(tasks.length);
    for (const t of tasks) expect({ id: t.id, outcome: batched.get(t.id) }).toEqual({ id: t.id, outcome: upsellTaskOutcome(database, t) });
    // The comparison covers every case: converted, not converted, no data before, no data after, no product.
    const outcomes = tasks.map((t) => batched.get(t.id));
    expect(outcomes.filter((o) => o?.converted === true).length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o?.converted === false).length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o && o.before === null).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o && o.latest === null).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === null).length).toBe(2);
  });

  it("answers an empty list without a query", () => {
    const prepare = vi.spyOn(database.sqlite, "prepare");
    expect(upsellTaskOutcomes(database, []).size).toBe(0);
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();
  });
});
