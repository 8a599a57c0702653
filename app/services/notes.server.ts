import type { AppDatabase } from "../../db";
import type { Role } from "../../db/schema";
import { can, canWriteAffiliate } from "../auth/permissions";
import { followUpTitle, TOPIC_SUGGESTIONS, type NoteInput } from "../domain/notes";
import { refreshWorkMeasures } from "./health.server";
import { countNotes, createNote, deleteNote, followUpTaskOf, listNotesForTab, moveFollowUpDue, noteRevisionsOf, updateNote, usedTopics, type Note } from "../models/notes.server";
import { createTask } from "../models/tasks.server";

type Affiliate = { uid: string; name: string; managerId: number | null };

/**
 * Logs an engagement: the note, its follow-up task (kind follow_up, for the affiliate's owner —
 * the author when it has none — linked by note_id) and the affiliate's engagement recency in the
 * newest health snapshot, in one transaction; each write audited.
 */
export function logNote(database: AppDatabase, affiliate: Affiliate, input: NoteInput, actorId: number, now = Date.now()): Note {
  return database.sqlite.transaction(() => {
    const note = createNote(database, { affiliateUid: affiliate.uid, authorId: actorId, ...input }, actorId, now);
    if (input.followUpDate) createFollowUp(database, affiliate, note, actorId, now);
    refreshWorkMeasures(database, [affiliate.uid], now);
    return note;
  })();
}

/**
 * Edits a note (revision kept, audited). A follow-up date added creates the task; a changed one
 * moves the due date of the task while it is open; a removed one leaves the task as it is (it is
 * the task's assignee who drops it).
 */
export function editNote(database: AppDatabase, affiliate: Affiliate, noteId: number, input: NoteInput, actorId: number, now = Date.now()) {
  return database.sqlite.transaction(() => {
    const result = updateNote(database, noteId, input, actorId, now);
    if (result.changed) {
      if (input.followUpDate) {
        const task = followUpTaskOf(database, noteId);
        if (!task) createFollowUp(database, affiliate, result.note, actorId, now);
        else if (task.status === "open" || task.status === "in_progress") moveFollowUpDue(database, task.id, input.followUpDate, actorId, now);
      }
      refreshWorkMeasures(database, [affiliate.uid], now);
    }
    return result;
  })();
}

/** Soft-deletes a note (audited) and refreshes the engagement recency. */
export function removeNote(database: AppDatabase, affiliateUid: string, noteId: number, actorId: number, now = Date.now()): Note {
  return database.sqlite.transaction(() => {
    const note = deleteNote(database, noteId, actorId, now);
    refreshWorkMeasures(database, [affiliateUid], now);
    return note;
  })();
}

function createFollowUp(database: AppDatabase, affiliate: Affiliate, note: Note, actorId: number, now: number) {
  return createTask(
    database,
    {
      affiliateUid: affiliate.uid,
      title: followUpTitle(note.kind, affiliate.name),
      kind: "follow_up",
      dueDate: note.followUpDate,
      priority: "medium",
      assigneeId: affiliate.managerId ?? actorId,
      status: "open",
      noteId: note.id,
    },
    actorId,
    now,
  );
}

type TabNote = ReturnType<typeof listNotesForTab>["notes"][number] & { canEdit: boolean; history: NonNullable<ReturnType<ReturnType<typeof noteRevisionsOf>["get"]>> };

/**
 * What the Notes tab shows: the newest notes (with authors, edit counts, follow-up tasks) and who
 * may do what. With `open` false (another tab is shown) only the count is read.
 */
export function loadNotesTab(database: AppDatabase, user: { id: number; role: Role }, affiliate: { uid: string; managerId: number | null }, limit: number, open = true) {
  const canLog = canWriteAffiliate(user, affiliate);
  if (!open) return { total: countNotes(database, affiliate.uid), limit, canLog, topics: [] as string[], notes: [] as TabNote[] };
  const { notes, total } = listNotesForTab(database, affiliate.uid, limit);
  const lead = can(user.role, "affiliate:write-any");
  const history = noteRevisionsOf(database, notes.filter((n) => n.revisions > 0).map((n) => n.id));
  return {
    total,
    limit,
    canLog,
    topics: [...new Set([...TOPIC_SUGGESTIONS, ...usedTopics(database)].map((t) => t.toLowerCase()))],
    notes: notes.map((n): TabNote => ({ ...n, canEdit: lead || n.authorId === user.id, history: history.get(n.id) ?? [] })),
  };
}
