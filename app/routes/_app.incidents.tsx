import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { ComingSoon } from "~/components/ComingSoon";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";

export const meta: MetaFunction = () => [{ title: "Incidents · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function Incidents() {
  return (
    <>
      <PageHeader title="Incidents" description="The crisis incident log." />
      <ComingSoon
        icon="alert"
        intro="The incident log arrives with the workflow issue:"
        items={[
          "Open incidents by severity (SEV1–SEV4), age and owner",
          "A timeline of updates and communications, resolution and postmortem",
          "Time to acknowledge and time to resolve per severity",
        ]}
      />
    </>
  );
}

export const ErrorBoundary = ErrorPage;
