import { Anchor, Badge, Button, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { CommunicationsLog } from "~/components/incidents/CommunicationsLog";
import { EditIncident } from "~/components/incidents/EditIncident";
import { FollowUpTasks } from "~/components/incidents/FollowUpTasks";
import { IncidentTimeline } from "~/components/incidents/IncidentTimeline";
import { ResolutionPanel } from "~/components/incidents/ResolutionPanel";
import { SeverityBadge } from "~/components/incidents/SeverityBadge";
import { StatusStepper } from "~/components/incidents/StatusStepper";
import { getDatabase } from "~/db.server";
import { formatInstant, formatRelative } from "~/domain/format";
import {
  asPostmortem,
  CATEGORY_LABELS,
  CommunicationForm,
  fieldErrors,
  FollowUpForm,
  formObject,
  IncidentForm,
  isOpen,
  parseStatusTimesForm,
  PRODUCT_LABELS,
  ResolutionForm,
  TransitionForm,
  UpdateForm,
} from "~/domain/incidents";
import type { FieldErrors } from "~/domain/tasks";
import { addIncidentUpdate, listIncidentUpdates, tasksOfIncident } from "~/models/incidents.server";
import { getAffiliate } from "~/models/affiliates.server";
import { changeDetails, changeResolution, changeStatus, changeStatusTimes, createFollowUp, loadIncident } from "~/services/incidents.server";
import { assigneeOptions, isActiveUser } from "~/services/tasks.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `#${data.incident.id} ${data.incident.title}` : "Incident"} · Affiliate Desk` }];

const Params = z.object({ id: z.coerce.number().int().positive() });

function incidentId(params: unknown): number {
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("There is no incident with this id.", { status: 404 });
  return p.data.id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const { incident, canChange } = loadIncident(database, incidentId(params), user);
  return {
    now: Date.now(),
    incident: { ...incident, postmortem: asPostmortem(incident.postmortem) },
    canChange,
    updates: listIncidentUpdates(database, incident.id),
    tasks: tasksOfIncident(database, incident.id),
    users: assigneeOptions(database),
  };
}

const Intent = z.enum(["transition", "update", "communication", "resolution", "times", "followup", "edit"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const { incident, canChange } = loadIncident(database, incidentId(params), user);
  if (!canChange) throw forbidden("Only the incident's owner, the owner of an affected affiliate, a lead or an admin can change this incident.");
  const form = formObject(await request.formData(), ["products", "affiliateUids"]);
  const intent = Intent.safeParse(form.intent);
  if (!intent.success) return data({ intent: null, errors: { form: ["Unknown action."] }, values: form }, { status: 400 });
  // The affiliates picked keep their names when the form comes back with messages.
  const picked = () => ((form.affiliateUids as string[]) ?? []).flatMap((uid) => getAffiliate(database, uid) ?? []).map((a) => ({ uid: a.uid, name: a.name }));
  const refused = (errors: FieldErrors, status = 400) => data({ intent: intent.data, errors, values: form, picked: intent.data === "edit" ? picked() : [] }, { status });
  const done = async (message: string) => {
    throw redirect(`/incidents/${incident.id}`, { headers: await flashToast(request, { message }) });
  };
  if (intent.data !== "transition" && incident.status === "closed" && !["update", "communication", "followup"].includes(intent.data)) {
    return refused({ form: ["This incident is closed: only updates, communications and follow-up tasks can still be added."] }, 409);
  }

  switch (intent.data) {
    case "transition": {
      const t = TransitionForm.safeParse(form);
      if (!t.success) return refused(fieldErrors(t.error));
      const result = changeStatus(database, incident.id, t.data.to, user.id, t.data.reason || null);
      // Said at the stepper, and beside the field it is about (the resolution, the postmortem, the reason).
      if (!result.ok) return refused({ transition: [result.error], ...(result.field === "transition" ? {} : { [result.field]: [result.error] }) }, 409);
      return data({ intent: intent.data, errors: {}, values: {} }, { headers: await flashToast(request, { message: `Incident ${result.status}` }) });
    }
    case "update": {
      const u = UpdateForm.safeParse(form);
      if (!u.success) return refused(fieldErrors(u.error));
      addIncidentUpdate(database, { incidentId: incident.id, authorId: user.id, at: Date.now(), kind: "update", text: u.data.text });
      return done("Update added");
    }
    case "communication": {
      const c = CommunicationForm.safeParse(form);
      if (!c.success) return refused(fieldErrors(c.error));
      addIncidentUpdate(database, { incidentId: incident.id, authorId: user.id, at: Date.now(), kind: "communication", text: c.data.text, audience: c.data.audience, channel: c.data.channel });
      return done("Communication logged");
    }
    case "resolution": {
      const r = ResolutionForm.safeParse(form);
      if (!r.success) return refused(fieldErrors(r.error));
      if (!r.data.resolution && (incident.status === "resolved" || incident.status === "closed")) return refused({ resolution: ["A resolved incident keeps its resolution."] });
      changeResolution(database, incident.id, { resolution: r.data.resolution, postmortem: { whatHappened: r.data.whatHappened, impact: r.data.impact, actions: r.data.actions } }, user.id);
      return done("Resolution and postmortem saved");
    }
    case "times": {
      const t = parseStatusTimesForm(form, incident.status, Date.now());
      if (!t.ok) return refused(t.errors);
      changeStatusTimes(database, incident.id, t.times, user.id);
      return done("Transition times saved");
    }
    case "followup": {
      const f = FollowUpForm.safeParse(form);
      if (!f.success) return refused(fieldErrors(f.error));
      if (!incident.affiliates.some((a) => a.uid === f.data.affiliateUid)) return refused({ affiliateUid: ["Choose one of the incident's affiliates."] });
      if (!isActiveUser(database, f.data.assigneeId)) return refused({ assigneeId: ["Choose an active user."] });
      createFollowUp(database, incident.id, f.data, user.id);
      return done("Follow-up task created");
    }
    case "edit": {
      const e = IncidentForm.safeParse(form);
      if (!e.success) return refused(fieldErrors(e.error));
      if (e.data.affiliateUids.some((uid) => !getAffiliate(database, uid))) return refused({ affiliateUids: ["One of the affiliates picked does not exist."] });
      if (!isActiveUser(database, e.data.ownerId)) return refused({ ownerId: ["Choose an active user as the owner."] });
      const { description: _d, ...details } = e.data;
      changeDetails(database, incident.id, details, user.id);
      return done("Incident saved");
    }
  }
}


export default function IncidentPage() {
  const d = useLoaderData<typeof loader>();
  const i = d.incident;
  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            <Anchor component={Link} to="/incidents">
              Incidents
            </Anchor>{" "}
            / #{i.id}
          </Text>
          <Group gap="xs">
            <SeverityBadge severity={i.severity} size="lg" data-testid="incident-severity" />
            <Title order={2} data-testid="incident-title">
              {i.title}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {CATEGORY_LABELS[i.category]} · owner {i.ownerName ?? <Text span c="orange">none</Text>} · reported {formatInstant(i.statusTimes.reported)} ({formatRelative(i.statusTimes.reported, d.now)})
            {isOpen(i.status) ? "" : ` · ${i.status}`}
          </Text>
          <Group gap={6}>
            {i.affiliates.map((a) => (
              <Badge key={a.uid} variant="light" component={Link} to={`/affiliates/${a.uid}?tab=incidents`} style={{ cursor: "pointer" }}>
                {a.name} · {a.uid}
              </Badge>
            ))}
            {i.products.map((p) => (
              <Badge key={p} variant="outline" color="gray">
                {PRODUCT_LABELS[p as keyof typeof PRODUCT_LABELS] ?? p}
              </Badge>
            ))}
            {i.countries.map((c) => (
              <Badge key={c} variant="dot" color="gray">
                {c}
              </Badge>
            ))}
          </Group>
        </Stack>
        {d.canChange && i.status !== "closed" ? <EditIncident incident={i} users={d.users} /> : null}
      </Group>
      {!d.canChange ? (
        <Text size="sm" c="dimmed" mb="sm" data-testid="read-only">
          You can read this incident; its owner, the owners of the affected affiliates, leads and admins change it.
        </Text>
      ) : null}

      <StatusStepper incident={i} canChange={d.canChange} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} mt="lg">
        <Stack>
          <IncidentTimeline updates={d.updates} canChange={d.canChange} now={d.now} />
        </Stack>
        <Stack>
          <ResolutionPanel incident={i} canChange={d.canChange} />
          <CommunicationsLog updates={d.updates.filter((u) => u.kind === "communication")} canChange={d.canChange} />
          <FollowUpTasks tasks={d.tasks} incident={i} users={d.users} canChange={d.canChange} />
        </Stack>
      </SimpleGrid>
      <Button component={Link} to="/incidents" variant="subtle" mt="lg" size="xs">
        ← All incidents
      </Button>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
