import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { commitSession, requireUserSession } from "~/auth/session.server";
import { AppShellLayout } from "~/components/AppShellLayout";
import { ErrorPage } from "~/components/ErrorPage";
import { getDatabase } from "~/db.server";
import { overdueTaskCount } from "~/models/tasks.server";

/** The signed-in part of the app: every page under it needs a user. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const toast = session.get("toast") ?? null;
  const overdueTasks = overdueTaskCount(getDatabase(), user.id, new Date().toISOString().slice(0, 10));
  return data({ user, toast, overdueTasks }, toast ? { headers: { "Set-Cookie": await commitSession(session) } } : undefined);
}

export default function AppLayout() {
  const { user, toast, overdueTasks } = useLoaderData<typeof loader>();
  return (
    <AppShellLayout user={user} toast={toast} overdueTasks={overdueTasks}>
      <Outlet />
    </AppShellLayout>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
