import { and, asc, eq, inArray, isNull, lte, max } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { prepared } from "./statements.server";
import { noteRevisions, notes, tasks, users } from "../../db/schema";
import { changedFields, NOTE_FIELDS, type NoteFields } from "../domain/notes";
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

/** A note (deleted ones included: the caller decides), or undefined. */
export function getNote({ db }: AppDatabase, id: number): Note | undefined {
  return db.select().from(notes).where(eq(notes.id, id)).get();
}

/** The fields the note form edits, as stored. */
export function noteFields(note: Note): NoteFields {
  return Object.fromEntries(NOTE_FIELDS.map((f) => [f, note[f]])) as NoteFields;
}

/**
 * Edits a note: keeps the fields as they were in a revision, bumps updated_at, audits before and
 * after (only the fields that changed). Returns the note, and whether anything changed.
 */
export function updateNote(database: AppDatabase, id: number, patch: NoteFields, actorId: number, now = Date.now()): { note: Note; changed: boolean } {
  return database.sqlite.transaction(() => {
    const before = getNote(database, id);
    if (!before || before.deletedAt != null) throw new Response("There is no such note.", { status: 404 });
    const old = noteFields(before);
    const was = changedFields(old, patch);
    if (!was) return { note: before, changed: false };
    const note = database.db.update(notes).set({ ...patch, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(notes.id, id)).returning().get();
    database.db.insert(noteRevisions).values({ noteId: id, editorId: actorId, at: now, before: old }).run();
    recordAudit(database, {
      userId: actorId,
      action: "note.update",
      entityType: "affiliate",
      entityId: before.affiliateUid,
      before: { id, ...was },
      after: { id, ...Object.fromEntries(Object.keys(was).map((f) => [f, patch[f as keyof NoteFields]])) },
      at: now,
    });
    return { note, changed: true };
  })();
}

/** Soft-deletes a note (deleted_at set; the row and its revisions stay); audited. */
export function deleteNote(database: AppDatabase, id: number, actorId: number, now = Date.now()): Note {
  return database.sqlite.transaction(() => {
    const before = getNote(database, id);
    if (!before || before.deletedAt != null) throw new Response("There is no such note.", { status: 404 });
    const note = database.db.update(notes).set({ deletedAt: now, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(notes.id, id)).returning().get();
    recordAudit(database, { userId: actorId, action: "note.delete", entityType: "affiliate", entityId: before.affiliateUid, before, after: { id, deletedAt: now }, at: now });
    return note;
  })();
}

/** The affiliate's live notes, newest engagement first, with their author, edit count and follow-up task. */
export function listNotesForTab(database: AppDatabase, affiliateUid: string, limit: number) {
  const { sqlite } = database;
  const rows = sqlite
    .prepare(
      `SELECT n.id, n.author_id AS authorId, u.name AS authorName, n.kind, n.occurred_at AS occurredAt, n.participants, n.summary, n.sentiment,
         n.topics, n.follow_up_date AS followUpDate, n.created_at AS createdAt, n.updated_at AS updatedAt,
         (SELECT count(*) FROM note_revisions r WHERE r.note_id = n.id) AS revisions
       FROM notes n LEFT JOIN users u ON u.id = n.author_id
       WHERE n.affiliate_uid = ? AND n.deleted_at IS NULL
       ORDER BY n.occurred_at DESC, n.id DESC LIMIT ?`,
    )
    .all(affiliateUid, limit) as (Omit<Note, "topics" | "affiliateUid" | "deletedAt"> & { authorName: string | null; topics: string; revisions: number })[];
  const total = countNotes(database, affiliateUid);
  const ids = rows.map((r) => r.id);
  const followUps = new Map<number, { id: number; status: string; dueDate: string | null; assigneeName: string | null }>();
  if (ids.length) {
    for (const t of sqlite
      .prepare(
        `SELECT t.id, t.note_id AS noteId, t.status, t.due_date AS dueDate, u.name AS assigneeName FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id
         WHERE t.note_id IN (${ids.map(() => "?").join(", ")}) ORDER BY t.id`,
      )
      .all(...ids) as { id: number; noteId: number; status: string; dueDate: string | null; assigneeName: string | null }[]) {
      followUps.set(t.noteId, { id: t.id, status: t.status, dueDate: t.dueDate, assigneeName: t.assigneeName });
    }
  }
  return { total, notes: rows.map((r) => ({ ...r, topics: JSON.parse(r.topics) as string[], followUpTask: followUps.get(r.id) ?? null })) };
}

/** How many live notes an affiliate has. */
export function countNotes({ sqlite }: AppDatabase, affiliateUid: string): number {
  return (prepared(sqlite, "SELECT count(*) AS n FROM notes WHERE affiliate_uid = ? AND deleted_at IS NULL").get(affiliateUid) as { n: number }).n;
}

/** The edit history of each of the notes: what the fields were before each edit, oldest first, with the editor. */
export function noteRevisionsOf({ db }: AppDatabase, noteIds: readonly number[]) {
  type Revision = { id: number; at: number; editorName: string | null; before: Record<string, unknown> };
  const out = new Map<number, Revision[]>();
  if (noteIds.length === 0) return out;
  const rows = db
    .select({ noteId: noteRevisions.noteId, id: noteRevisions.id, at: noteRevisions.at, editorName: users.name, before: noteRevisions.before })
    .from(noteRevisions)
    .leftJoin(users, eq(users.id, noteRevisions.editorId))
    .where(inArray(noteRevisions.noteId, [...noteIds]))
    .orderBy(asc(noteRevisions.at), asc(noteRevisions.id))
    .all();
  for (const { noteId, ...r } of rows) {
    const list = out.get(noteId);
    if (list) list.push(r);
    else out.set(noteId, [r]);
  }
  return out;
}

/** The topics used on notes so far (for the suggestions), most used first. */
export function usedTopics({ sqlite }: AppDatabase, limit = 30): string[] {
  return (
    sqlite
      .prepare("SELECT j.value AS topic, count(*) AS n FROM notes, json_each(notes.topics) j WHERE notes.deleted_at IS NULL GROUP BY lower(j.value) ORDER BY n DESC LIMIT ?")
      .all(limit) as { topic: string }[]
  ).map((r) => r.topic);
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

/** One affiliate's last engagement at or before `asOf` (ms), or null (never). */
export function lastEngagementOf({ db }: AppDatabase, affiliateUid: string, asOf: number): number | null {
  const row = db
    .select({ at: max(notes.occurredAt) })
    .from(notes)
    .where(and(eq(notes.affiliateUid, affiliateUid), isNull(notes.deletedAt), lte(notes.occurredAt, asOf)))
    .get();
  return row?.at ?? null;
}

/** The open follow-up task created from a note, if any. */
export function followUpTaskOf({ db }: AppDatabase, noteId: number) {
  return db.select().from(tasks).where(eq(tasks.noteId, noteId)).orderBy(asc(tasks.id)).get();
}

/** Moves the due date of a note's follow-up task (when the note's follow-up date is edited); audited. */
export function moveFollowUpDue(database: AppDatabase, taskId: number, dueDate: string, actorId: number, now = Date.now()) {
  database.sqlite.transaction(() => {
    const before = database.db.select().from(tasks).where(eq(tasks.id, taskId)).get();
    if (!before || before.dueDate === dueDate) return;
    database.db.update(tasks).set({ dueDate, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(tasks.id, taskId)).run();
    recordAudit(database, { userId: actorId, action: "task.update", entityType: "affiliate", entityId: before.affiliateUid, before: { id: taskId, dueDate: before.dueDate }, after: { id: taskId, dueDate }, at: now });
  })();
}
