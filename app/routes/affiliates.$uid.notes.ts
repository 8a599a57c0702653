import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { can, canWriteAffiliate } from "~/auth/permissions";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { noteForm } from "~/domain/notes";
import { getAffiliateWithOwner } from "~/models/affiliates.server";
import { getNote } from "~/models/notes.server";
import { editNote, logNote, removeNote } from "~/services/notes.server";

/**
 * Engagement notes of one affiliate: log (owner, leads, admins), edit and delete (the author,
 * leads, admins). Posted to by the Notes tab's fetchers, so the 360° page's own action stays as
 * it is. Answers `{ ok, noteId }` with a toast, or `{ errors, values }` (400) to show beside the
 * fields with what was typed.
 */

const Params = z.object({ uid: z.string().regex(/^\d{1,20}$/) });
const NoteId = z.coerce.number().int().positive();

export type NoteActionResult = { ok: true; intent: string; noteId: number } | { ok: false; intent: string; noteId: number | null; errors: Record<string, string[] | undefined>; values: Record<string, string> };

function findAffiliate(params: unknown) {
  const p = Params.safeParse(params);
  const found = p.success ? getAffiliateWithOwner(getDatabase(), p.data.uid) : undefined;
  if (!found) throw new Response("There is no affiliate with this uid.", { status: 404 });
  return found.affiliate;
}

/** Nothing to read here: the notes are on the affiliate page's Notes tab. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const affiliate = findAffiliate(params);
  return redirect(`/affiliates/${affiliate.uid}?tab=notes`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const affiliate = findAffiliate(params);
  const database = getDatabase();
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = form.intent ?? "create";

  if (intent === "create") {
    if (!canWriteAffiliate(user, affiliate)) throw forbidden("Only the owner, a lead or an admin can log an engagement with this affiliate.");
    const parsed = noteForm(Date.now()).safeParse(form);
    if (!parsed.success) return data({ ok: false, intent, noteId: null, errors: parsed.error.flatten().fieldErrors, values: form } satisfies NoteActionResult, { status: 400 });
    const note = logNote(database, affiliate, parsed.data, user.id);
    const message = parsed.data.followUpDate ? "Engagement logged, with a follow-up task" : "Engagement logged";
    return data({ ok: true, intent, noteId: note.id } satisfies NoteActionResult, { headers: await flashToast(request, { message }) });
  }

  if (intent !== "update" && intent !== "delete") return data({ ok: false, intent, noteId: null, errors: { intent: ["Unknown action."] }, values: form } satisfies NoteActionResult, { status: 400 });
  const id = NoteId.safeParse(form.noteId);
  const note = id.success ? getNote(database, id.data) : undefined;
  if (!note || note.deletedAt != null || note.affiliateUid !== affiliate.uid) throw new Response("There is no such note.", { status: 404 });
  if (note.authorId !== user.id && !can(user.role, "affiliate:write-any")) throw forbidden("Only the note's author, a lead or an admin can change it.");

  if (intent === "delete") {
    removeNote(database, affiliate.uid, note.id, user.id);
    return data({ ok: true, intent, noteId: note.id } satisfies NoteActionResult, { headers: await flashToast(request, { message: "Note deleted" }) });
  }
  const parsed = noteForm(Date.now()).safeParse(form);
  if (!parsed.success) return data({ ok: false, intent, noteId: note.id, errors: parsed.error.flatten().fieldErrors, values: form } satisfies NoteActionResult, { status: 400 });
  const { changed } = editNote(database, affiliate, note.id, parsed.data, user.id);
  return data({ ok: true, intent, noteId: note.id } satisfies NoteActionResult, { headers: await flashToast(request, { message: changed ? "Note saved" : "Nothing changed" }) });
}
