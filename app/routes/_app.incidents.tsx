import { Button, Card, Group, Pagination, Select, Stack, Text, TextInput } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { Icon } from "~/components/Icon";
import { IncidentTable } from "~/components/incidents/IncidentTable";
import { ResponseTimesCard } from "~/components/incidents/ResponseTimesCard";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import { pageOf } from "~/domain/paging";
import { INCIDENT_SEVERITIES, IncidentListQuery, responseTimes, sortIncidents } from "~/domain/incidents";
import { incidentTimes, listIncidents } from "~/models/incidents.server";
import { assigneeOptions } from "~/services/tasks.server";

export const meta: MetaFunction = () => [{ title: "Incidents · Affiliate Desk" }];

const CLOSED_PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const query = IncidentListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = Date.now();
  const ownerId = query.owner === "me" ? user.id : query.owner ? Number(query.owner) : null;
  const q = query.q?.toLowerCase();
  const keep = (r: ReturnType<typeof listIncidents>[number]) =>
    (ownerId == null || r.ownerId === ownerId) &&
    (!query.severity || r.severity === query.severity) &&
    (!q || r.title.toLowerCase().includes(q) || String(r.id) === q || r.affiliates.some((a) => a.name.toLowerCase().includes(q) || a.uid === q));
  const strip = ({ createdAt: _c, updatedAt: _u, ...r }: ReturnType<typeof listIncidents>[number]) => r;
  const open = sortIncidents(listIncidents(database, { open: true }).filter(keep), query.sort, query.dir).map(strip);
  const closed = listIncidents(database, { open: false }).filter(keep).map(strip);
  const { rows: closedPage, page, pages } = pageOf(closed, { page: query.cpage, size: CLOSED_PAGE });
  return {
    now,
    query,
    open,
    closed: closedPage,
    closedTotal: closed.length,
    page,
    pages,
    users: assigneeOptions(database).map((u) => ({ value: String(u.id), label: u.name })),
    responseTimes: responseTimes(incidentTimes(database, now - query.days * 86_400_000, now), now - query.days * 86_400_000, now),
  };
}

export default function Incidents() {
  const d = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "cpage") next.delete("cpage");
    setParams(next, { preventScrollReset: true });
  };
  const filtered = !!(d.query.owner || d.query.severity || d.query.q);
  return (
    <>
      <PageHeader
        title="Incidents"
        description="The crisis incident log: what went wrong for partners, who owns it, and how fast we respond."
        actions={
          <Button component={Link} to="/incidents/new" leftSection={<Icon name="alert" size={16} />} data-testid="new-incident">
            New incident
          </Button>
        }
      />
      <Group gap="xs" mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          size="xs"
          w={240}
          placeholder="Title, affiliate, uid or #id"
          defaultValue={d.query.q ?? ""}
          leftSection={<Icon name="search" size={14} />}
          onKeyDown={(e) => e.key === "Enter" && setParam("q", e.currentTarget.value.trim() || null)}
          onBlur={(e) => (e.currentTarget.value.trim() || null) !== (d.query.q ?? null) && setParam("q", e.currentTarget.value.trim() || null)}
        />
        <Select label="Severity" size="xs" w={110} placeholder="Any" clearable value={d.query.severity ?? null} onChange={(v) => setParam("severity", v)} data={[...INCIDENT_SEVERITIES]} />
        <Select label="Owner" size="xs" w={180} placeholder="Anyone" clearable searchable value={d.query.owner ?? null} onChange={(v) => setParam("owner", v)} data={[{ value: "me", label: "Me" }, ...d.users]} />
        {filtered ? (
          <Button size="xs" variant="subtle" onClick={() => setParams(new URLSearchParams(d.query.days !== 90 ? { days: String(d.query.days) } : {}))}>
            Clear filters
          </Button>
        ) : null}
      </Group>
      <Stack>
        <Card withBorder radius="lg" p={0}>
          <Group justify="space-between" p="sm">
            <Text fw={600}>Open ({d.open.length})</Text>
            <Text size="xs" c="dimmed">
              Reported, investigating or mitigating. Click a header to sort.
            </Text>
          </Group>
          {d.open.length ? (
            <IncidentTable rows={d.open} now={d.now} sortable testId="open-incidents" />
          ) : (
            <Text size="sm" c="dimmed" p="sm" pt={0} data-testid="no-open">
              {filtered ? "No open incident matches these filters." : "No open incident. When a partner has a problem, open one with “New incident” or from the affiliate's page."}
            </Text>
          )}
        </Card>
        <ResponseTimesCard rows={d.responseTimes} days={d.query.days} />
        <Card withBorder radius="lg" p={0}>
          <Group justify="space-between" p="sm">
            <Text fw={600}>Resolved and closed ({d.closedTotal})</Text>
            <Text size="xs" c="dimmed">
              Newest first
            </Text>
          </Group>
          {d.closed.length ? (
            <IncidentTable rows={d.closed} now={d.now} testId="closed-incidents" />
          ) : (
            <Text size="sm" c="dimmed" p="sm" pt={0}>
              {filtered ? "No resolved or closed incident matches these filters." : "Nothing resolved yet."}
            </Text>
          )}
          {d.pages > 1 ? (
            <Group justify="flex-end" p="sm">
              <Pagination size="sm" total={d.pages} value={d.page} onChange={(p) => setParam("cpage", String(p))} />
            </Group>
          ) : null}
        </Card>
      </Stack>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
