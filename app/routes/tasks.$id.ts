import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { canEditTask, canSetTaskStatus, STATUS_LABELS, StatusForm } from "~/domain/tasks";
import { getTask, setTaskStatus, updateTask } from "~/models/tasks.server";
import { checkTaskForm } from "~/services/tasks.server";

const Params = z.object({ id: z.coerce.number().int().positive() });

/**
 * Changes one task: `intent=status` (status, dropReason) for the owner, leads, admins and the
 * assignee; `intent=update` (the task form) for the owner, leads and admins.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const p = Params.safeParse(params);
  const database = getDatabase();
  const task = p.success ? getTask(database, p.data.id) : undefined;
  if (!task) throw new Response("There is no such task.", { status: 404 });
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;

  if (form.intent === "status") {
    if (!canSetTaskStatus(user, task)) throw forbidden("Only the affiliate's owner, a lead, an admin or the assignee can move this task.");
    const parsed = StatusForm.safeParse(form);
    if (!parsed.success) return data({ ok: false as const, errors: parsed.error.flatten().fieldErrors, values: form }, { status: 400 });
    const result = setTaskStatus(database, task.id, parsed.data.status, { dropReason: parsed.data.dropReason, actorId: user.id });
    if (!result) throw new Response("There is no such task.", { status: 404 });
    if (!result.ok) return data({ ok: false as const, errors: { [result.field]: [result.message] }, values: form }, { status: 400 });
    return data({ ok: true as const }, { headers: await flashToast(request, { message: `“${task.title}” is now ${STATUS_LABELS[parsed.data.status].toLowerCase()}` }) });
  }

  if (form.intent === "update") {
    if (!canEditTask(user, task)) throw forbidden("Only the affiliate's owner, a lead or an admin can edit this task.");
    const checked = checkTaskForm(database, task.affiliateUid, form);
    if (!checked.ok) return data({ ok: false as const, errors: checked.errors, values: form }, { status: 400 });
    updateTask(database, task.id, checked.data, user.id);
    return data({ ok: true as const }, { headers: await flashToast(request, { message: "Task saved" }) });
  }

  return data({ ok: false as const, errors: { intent: ["Unknown action."] }, values: form }, { status: 400 });
}
