import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import { SEVERITY_COLORS } from "~/domain/incidents";
import { MOVER_LISTS, sectionCounts, upsellDetail, type ReportIncident, type ReportSection } from "~/domain/weekly-report";

function List({ title, children, empty }: { title: string; children: React.ReactNode[]; empty: string }) {
  return (
    <div style={{ breakInside: "avoid" }}>
      <Text fw={700} size="sm" mb={4}>
        {title}
      </Text>
      {children.length ? (
        <Stack gap={2}>{children}</Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
    </div>
  );
}

/** An incident of the week: its severity (a filled badge when opened, a light one when closed), id and title. */
function IncidentItem({ incident: i, variant }: { incident: ReportIncident; variant?: "light" }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="xs" style={{ flexShrink: 0, overflow: "visible" }} color={SEVERITY_COLORS[i.severity]} variant={variant}>
        {i.severity}
      </Badge>
      <Text size="sm" truncate="end">
        #{i.id} {i.title}
      </Text>
    </Group>
  );
}

/** One section of the weekly report (the team's or a manager's), as the page shows and prints it. */
export function ReportSectionView({ section: s, pageBreak }: { section: ReportSection; pageBreak: boolean }) {
  return (
    <Paper withBorder radius="lg" p="md" mb="lg" className={pageBreak ? "print-page-break" : undefined} data-testid={s.managerId == null ? "report-team" : "report-manager"} data-manager={s.managerId ?? undefined}>
      <Group justify="space-between" mb="sm">
        <Title order={3}>{s.title}</Title>
        <Text size="sm" c="dimmed">
          {s.affiliates} affiliate{s.affiliates === 1 ? "" : "s"}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} mb="md" spacing="xs">
        {sectionCounts(s).map((c) => (
          <Paper key={c.key} withBorder radius="md" p={8} data-testid={`count-${c.key}`}>
            <Text size="xs" c="dimmed" lh={1.2}>
              {c.label}
            </Text>
            <Text fw={700} size="lg" className="tabular">
              {c.value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {MOVER_LISTS.map((l) => (
          <List key={l.key} title={l.title} empty="None this week.">
            {s[l.key].map((m) => (
              <Group key={m.uid} justify="space-between" gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/affiliates/${m.uid}`} size="sm" truncate="end">
                  {m.name}
                  {m.manager && s.managerId == null ? (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {m.manager}
                    </Text>
                  ) : null}
                </Anchor>
                <Text size="xs" className="tabular" style={{ whiteSpace: "nowrap" }}>
                  {l.detail(m)}
                </Text>
              </Group>
            ))}
          </List>
        ))}
        <List title="Incidents opened" empty="None opened this week.">
          {s.incidentsOpened.map((i) => (
            <IncidentItem key={i.id} incident={i} />
          ))}
        </List>
        <List title="Incidents closed" empty="None closed this week.">
          {s.incidentsClosed.map((i) => (
            <IncidentItem key={i.id} incident={i} variant="light" />
          ))}
        </List>
        <List title="Upsells converted" empty="No upsell done this week has converted yet.">
          {s.upsellsConverted.map((u) => (
            <div key={u.taskId}>
              <Anchor component={Link} to={`/affiliates/${u.uid}`} size="sm">
                {u.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {u.title} · {upsellDetail(u)}
              </Text>
            </div>
          ))}
        </List>
      </SimpleGrid>
    </Paper>
  );
}
