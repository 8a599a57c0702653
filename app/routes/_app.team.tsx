import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/session.server";
import { ComingSoon } from "~/components/ComingSoon";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";

export const meta: MetaFunction = () => [{ title: "Team · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "team:read");
  return null;
}

export default function Team() {
  return (
    <>
      <PageHeader title="Team" description="The whole team's portfolios, for the Monday review." />
      <ComingSoon
        icon="users"
        intro="The team review arrives with the team-lead issue:"
        items={[
          "One row per manager: affiliates, health distribution, volume and rewards, overdue tasks, open incidents",
          "Movers: the largest score drops and gains, newly at risk and recovered partners",
          "Reassignment, unassigned affiliates and the weekly report",
        ]}
      />
    </>
  );
}

export const ErrorBoundary = ErrorPage;
