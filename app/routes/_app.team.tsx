import { Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Table, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { Icon } from "~/components/Icon";
import { KpiCard } from "~/components/KpiCard";
import { PageHeader } from "~/components/PageHeader";
import { PeriodPicker } from "~/components/PeriodPicker";
import { ReassignDialog } from "~/components/ReassignDialog";
import { CrossProductMatrix } from "~/components/team/CrossProductMatrix";
import { MoversPanel } from "~/components/team/MoversPanel";
import { TeamTable } from "~/components/team/TeamTable";
import { getDatabase } from "~/db.server";
import { formatDate, formatInstant, formatInt, formatUsd } from "~/domain/format";
import { periodParams, PeriodQuery, resolvePeriod } from "~/domain/period";
import { latestImportedWeek, weeksWithData } from "~/models/imports.server";
import { expandedMovers, moversToShow } from "~/domain/movers";
import { MatrixQuery } from "~/domain/team";
import { loadTeam } from "~/services/team.server";

export const meta: MetaFunction = () => [{ title: "Team · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "team:read");
  const database = getDatabase();
  const now = Date.now();
  const url = new URL(request.url);
  const search = Object.fromEntries(url.searchParams);
  const query = PeriodQuery.parse(search);
  const latestWeek = latestImportedWeek(database);
  const period = resolvePeriod(query, latestWeek, new Date(now).toISOString().slice(0, 10));
  const { movers, ...team } = loadTeam(database, period, now, MatrixQuery.parse(search));
  // The movers lists expanded ("Show all") are named in the URL.
  const expanded = expandedMovers(url.searchParams.getAll("movers"));
  return { period, weeks: weeksWithData(database), latestWeek, ...team, movers: moversToShow(movers, expanded) };
}

const SOURCE_LABELS = { roster: "affiliates import", referrals: "referrals import", manual: "added by hand" } as const;

export default function Team() {
  const d = useLoaderData<typeof loader>();
  const periodSearch = new URLSearchParams(periodParams(d.period)).toString();
  const affiliateSearch = periodSearch ? `?${periodSearch}` : "";
  const managerNames = useMemo(() => new Map(d.managers.map((m) => [m.id, m.name])), [d.managers]);
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState<string[]>([]);
  const portfolioSearch = (managerId: number) => new URLSearchParams({ manager: String(managerId), maturity: "all", ...periodParams(d.period) }).toString();

  return (
    <>
      <PageHeader
        title="Team"
        description={d.period.label}
        actions={
          <Button component={Link} to={d.latestWeek ? `/reports/weekly?week=${d.latestWeek}` : "/reports/weekly"} variant="default" size="xs" leftSection={<Icon name="file" size={14} />}>
            Weekly report
          </Button>
        }
      />
      <Group justify="space-between" mb="md">
        <PeriodPicker period={d.period} weeks={d.weeks} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 5 }} mb="md" data-testid="team-summary">
        <KpiCard label="Affiliates" value={`${formatInt(d.totals.matured)} / ${formatInt(d.totals.affiliates)}`} hint="matured / all, assigned" />
        <KpiCard label="Total volume" value={formatUsd(d.totals.volume.value, { compact: true })} pct={d.totals.volume.pct} abs={d.totals.volume.value} />
        <KpiCard label="Total rewards" value={formatUsd(d.totals.rewards.value, { compact: true })} pct={d.totals.rewards.pct} abs={d.totals.rewards.value} />
        <KpiCard label="Overdue tasks" value={formatInt(d.totals.overdueTasks)} hint={`${formatInt(d.totals.openIncidents)} open incidents`} />
        <KpiCard label="Contact coverage" value={d.totals.coverage === null ? "—" : `${Math.round(d.totals.coverage * 100)}%`} hint="engaged in the last 30 days" />
      </SimpleGrid>

      <Paper withBorder radius="lg" p="md" mb="lg">
        <Title order={4} mb="sm">
          Managers
        </Title>
        <TeamTable rows={d.rows} portfolioSearch={portfolioSearch} />
      </Paper>

      <Paper withBorder radius="lg" p="md" mb="lg">
        <Group justify="space-between" mb="sm" wrap="wrap">
          <Title order={4}>Movers</Title>
          <Text size="xs" c="dimmed">
            Health at the period’s last week against the week before it starts; volume against the previous {d.period.weeks} week{d.period.weeks === 1 ? "" : "s"}.
          </Text>
        </Group>
        <MoversPanel movers={d.movers.lists} counts={d.movers.counts} managerNames={managerNames} search={affiliateSearch} />
      </Paper>

      <Paper withBorder radius="lg" p="md" mb="lg">
        <Title order={4} mb="sm">
          Cross-product adoption
        </Title>
        <CrossProductMatrix matrix={d.matrix} managers={d.managers} search={affiliateSearch} />
      </Paper>

      <Paper withBorder radius="lg" p="md" mb="lg" data-testid="unassigned">
        <Group justify="space-between" mb="sm">
          <Group gap="xs">
            <Title order={4}>Waiting for an owner</Title>
            <Badge variant="light" color={d.unassigned.length ? "orange" : "gray"}>
              {d.unassigned.length}
            </Badge>
          </Group>
          {d.unassigned.length ? (
            <Group gap="xs">
              <Button component={Link} to="/portfolio?scope=all&maturity=all&manager=none&sort=name&dir=asc" variant="default" size="xs">
                Open in the portfolio
              </Button>
              <Button size="xs" disabled={selected.length === 0} onClick={() => setAssigning(selected)} data-testid="assign-selected">
                Assign {selected.length || ""} selected
              </Button>
            </Group>
          ) : null}
        </Group>
        <ReassignDialog uids={assigning} opened={assigning.length > 0} onClose={() => setAssigning([])} onDone={() => setSelected([])} />
        {d.unassigned.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every affiliate has an owner. Affiliates that an import creates without a known manager appear here.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label="Select every affiliate waiting for an owner"
                      checked={selected.length === d.unassigned.length}
                      indeterminate={selected.length > 0 && selected.length < d.unassigned.length}
                      onChange={(e) => setSelected(e.currentTarget.checked ? d.unassigned.map((a) => a.uid) : [])}
                    />
                  </Table.Th>
                  <Table.Th>Affiliate</Table.Th>
                  <Table.Th>Came from</Table.Th>
                  <Table.Th>Roster named</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.unassigned.map((a) => (
                  <Table.Tr key={a.uid}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${a.name}`}
                        checked={selected.includes(a.uid)}
                        onChange={(e) => setSelected((list) => (e.currentTarget.checked ? [...list, a.uid] : list.filter((u) => u !== a.uid)))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/affiliates/${a.uid}`} fw={600}>
                        {a.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {a.uid}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {a.importId ? (
                        <Anchor component={Link} to={`/imports/${a.importId}`} size="sm">
                          {a.importFile ?? `import ${a.importId}`}
                        </Anchor>
                      ) : (
                        <Text size="sm">{SOURCE_LABELS[a.source]}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={a.rosterManagerEmail ? undefined : "dimmed"}>
                        {a.rosterManagerEmail ?? "no manager"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatInstant(a.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => setAssigning([a.uid])}>
                        Assign…
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {d.latestWeek ? (
        <Text size="xs" c="dimmed">
          Newest imported week: {formatDate(d.latestWeek)}.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          No referral data yet: import a weekly file under Imports to fill volumes, health and movers.
        </Text>
      )}
    </>
  );
}

export const ErrorBoundary = ErrorPage;
