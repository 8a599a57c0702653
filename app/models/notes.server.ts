import { and, desc, eq, isNull, max } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { notes } from "../../db/schema";
import { recordAudit } from "./audit.server";

export type Note = typeof notes.$inferSelect;
export type NewNote = Omit<typeof notes.$inferInsert, "id" | "createdAt" | "updatedAt" | "deletedAt">;

export function createNote(database: AppDatabase, input: NewNote, actorId: number | null, now = Date.now()): Note {
  return database.sqlite.transaction(() => {
    const note = database.db
      .insert(notes)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning()
      .get();
    recordAudit(database, { userId: actorId, action: "note.create", entityType: "affiliate", entityId: input.affiliateUid, after: note, at: now });
    return note;
  })();
}

export function listNotes({ db }: AppDatabase, affiliateUid: string) {
  return db
    .select()
    .from(notes)
    .where(and(eq(notes.affiliateUid, affiliateUid), isNull(notes.deletedAt)))
    .orderBy(desc(notes.occurredAt))
    .all();
}

/** When each affiliate was last engaged (ms), for the portfolio and the health score. */
export function lastEngagements({ db }: AppDatabase): Map<string, number> {
  const rows = db
    .select({ uid: notes.affiliateUid, at: max(notes.occurredAt) })
    .from(notes)
    .where(isNull(notes.deletedAt))
    .groupBy(notes.affiliateUid)
    .all();
  return new Map(rows.map((r) => [r.uid, r.at ?? 0]));
}
