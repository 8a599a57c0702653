import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession, getSession } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { recordLogout } from "~/services/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId === "number") recordLogout(getDatabase(), userId, context.clientIp ?? "unknown");
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(session) } });
}
