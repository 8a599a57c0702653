import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/session.server";
import { ComingSoon } from "~/components/ComingSoon";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";

export const meta: MetaFunction = () => [{ title: "Imports · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "import:read");
  return null;
}

export default function Imports() {
  return (
    <>
      <PageHeader title="Imports" description="The weekly referral dataset and the partner roster." />
      <ComingSoon
        icon="upload"
        intro="Uploading in the browser arrives with the import issue. Until then, import from the command line:"
        items={["npm run import -- FILE", "Validated row by row, all or nothing, idempotent and reversible"]}
      />
    </>
  );
}

export const ErrorBoundary = ErrorPage;
