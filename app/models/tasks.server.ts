import type { AppDatabase } from "../../db";
import { tasks } from "../../db/schema";
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

