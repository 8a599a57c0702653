import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { ComingSoon } from "~/components/ComingSoon";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";

export const meta: MetaFunction = () => [{ title: "Tasks · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function Tasks() {
  return (
    <>
      <PageHeader title="Tasks" description="Your upsell, follow-up and risk tasks." />
      <ComingSoon
        icon="check"
        intro="Your task list arrives with the workflow issue:"
        items={[
          "Overdue, due this week and later — as a list or a kanban board by status",
          "Upsell tasks aimed at a product, with the expected uplift and whether it converted",
          "Follow-ups created from engagement notes and incidents",
        ]}
      />
    </>
  );
}

export const ErrorBoundary = ErrorPage;
