import { Alert, Button, Group, Paper } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { canWriteAffiliate } from "~/auth/permissions";
import { flashToast, requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { IncidentFields } from "~/components/incidents/IncidentFields";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import { fieldErrors, formObject, IncidentForm } from "~/domain/incidents";
import type { FieldErrors } from "~/domain/tasks";
import { getAffiliate } from "~/models/affiliates.server";
import { openIncident } from "~/services/incidents.server";
import { assigneeOptions, isActiveUser } from "~/services/tasks.server";

export const meta: MetaFunction = () => [{ title: "New incident · Affiliate Desk" }];

const Prefill = z.object({ affiliate: z.string().regex(/^\d{1,20}$/).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const { affiliate: uid } = Prefill.parse(Object.fromEntries(new URL(request.url).searchParams));
  const affiliate = uid ? getAffiliate(database, uid) : undefined;
  return {
    user: { id: user.id, name: user.name },
    users: assigneeOptions(database),
    affiliates: affiliate ? [{ uid: affiliate.uid, name: affiliate.name }] : [],
    // The owner defaults to the affiliate's owner, else to whoever reports it.
    ownerId: String(affiliate?.managerId ?? user.id),
    countries: affiliate?.country ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const form = formObject(await request.formData(), ["products", "affiliateUids"]);
  const parsed = IncidentForm.safeParse(form);
  const picked = ((form.affiliateUids as string[]) ?? []).map((uid) => getAffiliate(database, uid)).filter((a) => a != null);
  const values = { ...form, affiliates: picked.map((a) => ({ uid: a.uid, name: a.name })) };
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  if (picked.length !== parsed.data.affiliateUids.length) return data({ errors: { affiliateUids: ["One of the affiliates picked does not exist."] }, values }, { status: 400 });
  if (!isActiveUser(database, parsed.data.ownerId)) return data({ errors: { ownerId: ["Choose an active user as the owner."] }, values }, { status: 400 });
  // Opening an incident is changing the affiliates it concerns: their owner, a lead or an admin.
  if (!picked.some((a) => canWriteAffiliate(user, a))) {
    return data({ errors: { affiliateUids: ["You can open incidents only for affiliates you own; ask their owner or a lead."] }, values }, { status: 403 });
  }
  const incident = openIncident(database, parsed.data, user.id);
  throw redirect(`/incidents/${incident.id}`, { headers: await flashToast(request, { message: `Incident #${incident.id} opened` }) });
}

type Result = { errors: FieldErrors; values: Record<string, unknown> & { affiliates: { uid: string; name: string }[] } } | undefined;

export default function NewIncident() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const navigation = useNavigation();
  const typed = result?.values;
  const str = (k: string) => (typeof typed?.[k] === "string" ? (typed[k] as string) : "");
  return (
    <>
      <PageHeader title="New incident" description="Something went wrong for one or more partners: log it, own it, take it to closed." />
      <Paper withBorder radius="lg" p="md" maw={980}>
        <Form method="post" data-testid="incident-form">
          {result?.errors && Object.keys(result.errors).length ? (
            <Alert color="red" mb="md" data-testid="form-errors">
              Some fields need attention: see the messages below.
            </Alert>
          ) : null}
          <IncidentFields
            withDescription
            values={
              typed
                ? { title: str("title"), severity: str("severity"), category: str("category"), products: (typed.products as string[]) ?? [], countries: str("countries"), ownerId: str("ownerId"), description: str("description") }
                : { title: "", severity: "", category: "", products: [], countries: d.countries, ownerId: d.ownerId, description: "" }
            }
            errors={result?.errors ?? {}}
            users={d.users}
            affiliates={typed ? typed.affiliates : d.affiliates}
          />
          <Group mt="lg">
            <Button type="submit" loading={navigation.state === "submitting"} data-testid="incident-submit">
              Open incident
            </Button>
            <Button component={Link} to={d.affiliates[0] ? `/affiliates/${d.affiliates[0].uid}?tab=incidents` : "/incidents"} variant="default">
              Cancel
            </Button>
          </Group>
        </Form>
      </Paper>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
