import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { canEditView, canSeeView, EditViewForm, hiddenColumnsOf, SaveViewForm, ViewIdForm } from "~/domain/saved-views";
import { createView, deleteView, getView, updateView } from "~/models/saved-views.server";
import { updateUserPreferences } from "~/models/users.server";

/**
 * Saved portfolio views: save the current one, open one (its filters and columns), rename or
 * share it, delete it. Everyone saves their own; the owner or an admin changes a view.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = form.intent;

  if (intent === "create") {
    const parsed = SaveViewForm.safeParse(form);
    if (!parsed.success) return data({ ok: false as const, errors: parsed.error.flatten().fieldErrors, values: form }, { status: 400 });
    const r = createView(database, { ownerId: user.id, ...parsed.data });
    if (!r.ok) return data({ ok: false as const, errors: r.errors, values: form }, { status: 400 });
    return data({ ok: true as const, errors: undefined, values: undefined }, { headers: await flashToast(request, { message: `View “${r.view.name}” saved${r.view.shared ? " and shared with the team" : ""}` }) });
  }

  const id = ViewIdForm.safeParse(form);
  if (!id.success) return data({ ok: false as const, errors: { id: ["Choose a view."] }, values: form }, { status: 400 });
  const view = getView(database, id.data.id);
  if (!view || !canSeeView(user, view)) throw new Response("No such view", { status: 404 });

  if (intent === "open") {
    const hidden = hiddenColumnsOf(view.columns);
    if (hidden) updateUserPreferences(database, user.id, { portfolioHiddenColumns: hidden });
    return redirect(`/portfolio${view.query}`);
  }
  if (!canEditView(user, view)) throw forbidden("Only the view's owner or an admin can change it.");
  if (intent === "update") {
    const parsed = EditViewForm.safeParse(form);
    if (!parsed.success) return data({ ok: false as const, errors: parsed.error.flatten().fieldErrors, values: form }, { status: 400 });
    const r = updateView(database, view.id, { name: parsed.data.name, shared: parsed.data.shared }, user.id);
    if (!r.ok) return data({ ok: false as const, errors: r.errors, values: form }, { status: 400 });
    return data({ ok: true as const, errors: undefined, values: undefined }, { headers: await flashToast(request, { message: `View “${r.view.name}” saved` }) });
  }
  if (intent === "delete") {
    deleteView(database, view.id, user.id);
    return data({ ok: true as const, errors: undefined, values: undefined }, { headers: await flashToast(request, { message: `View “${view.name}” deleted` }) });
  }
  return data({ ok: false as const, errors: { intent: ["Unknown action."] }, values: form }, { status: 400 });
}
