import type { AppDatabase } from "../../db";
import { PRODUCTS, type Product, tasks } from "../../db/schema";
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

/** Did a done upsell task convert? Its product's adopters from the task's week on against the week before. */
export function upsellTaskOutcome(database: AppDatabase, task: Pick<Task, "affiliateUid" | "product" | "createdAt">): UpsellOutcome | null {
  if (!task.product || !(PRODUCTS as readonly string[]).includes(task.product)) return null;
  const taskWeek = mondayOf(isoDate(new Date(task.createdAt)));
  // A few weeks before the task are enough to find the last week with data before it.
  const series = adopterSeries(database, task.affiliateUid, task.product as Product, addWeeks(taskWeek, -8));
  return upsellOutcome(series, taskWeek);
}
