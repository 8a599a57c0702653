import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { canWriteAffiliate } from "~/auth/permissions";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { getAffiliate } from "~/models/affiliates.server";
import { createTask } from "~/models/tasks.server";
import { checkTaskForm } from "~/services/tasks.server";

const Params = z.object({ uid: z.string().regex(/^\d{1,20}$/) });

/** Creates a task for the affiliate (the Tasks tab's "New task", "Create upsell task" on a cross-product gap). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const p = Params.safeParse(params);
  const database = getDatabase();
  const affiliate = p.success ? getAffiliate(database, p.data.uid) : undefined;
  if (!affiliate) throw new Response("There is no affiliate with this uid.", { status: 404 });
  if (!canWriteAffiliate(user, affiliate)) throw forbidden("Only the affiliate's owner, a lead or an admin can add tasks to it.");
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const checked = checkTaskForm(database, affiliate.uid, form, affiliate.managerId ?? user.id);
  if (!checked.ok) return data({ ok: false as const, errors: checked.errors, values: form }, { status: 400 });
  const task = createTask(database, { ...checked.data, affiliateUid: affiliate.uid, status: "open" }, user.id);
  return data({ ok: true as const, id: task.id }, { headers: await flashToast(request, { message: `Task created: ${task.title}` }) });
}
