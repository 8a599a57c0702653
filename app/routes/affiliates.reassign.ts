import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { flashToast, requireUserWithPermission } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { parseReassignForm } from "~/domain/reassign";
import { reassignAffiliates, reassignmentPreview } from "~/models/affiliates.server";
import { listUsers } from "~/models/users.server";

/**
 * Reassigning affiliates (leads and admins). GET ?uid=…&uid=… describes what would move (each
 * affiliate's owner and how many of their open tasks follow) and whom to; POST does it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "affiliate:reassign");
  const uids = z.array(z.string().regex(/^\d{1,20}$/)).max(500).safeParse(new URL(request.url).searchParams.getAll("uid"));
  if (!uids.success) throw new Response("Bad affiliate uids", { status: 400 });
  const database = getDatabase();
  return {
    affiliates: reassignmentPreview(database, uids.data),
    managers: [...listUsers(database, { role: "manager" }), ...listUsers(database, { role: "lead" })].map((u) => ({ id: u.id, name: u.name, role: u.role })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "affiliate:reassign");
  const parsed = parseReassignForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.error.flatten().fieldErrors }, { status: 400 });
  const result = reassignAffiliates(getDatabase(), { ...parsed.data, toManagerId: parsed.data.managerId, actorId: user.id });
  const n = result.moved.length;
  const message =
    n === 0
      ? `Nothing to move: already with ${result.manager.name}`
      : `${n} affiliate${n === 1 ? "" : "s"} reassigned to ${result.manager.name}${result.tasksMoved ? `, with ${result.tasksMoved} task${result.tasksMoved === 1 ? "" : "s"}` : ""}`;
  return data({ ok: true as const, errors: undefined, moved: n, tasksMoved: result.tasksMoved }, { headers: await flashToast(request, { message }) });
}
