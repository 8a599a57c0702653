import { Anchor, Badge, Group, Table, Text } from "@mantine/core";
import { Link, useNavigate } from "@remix-run/react";
import { Delta } from "~/components/Delta";
import { formatInt, formatUsd } from "~/domain/format";
import { SEVERITY_COLORS } from "~/domain/incidents";
import type { TeamRow } from "~/domain/team";
import { HealthBar } from "./HealthBar";

/** One row per manager; a row (or its name, by keyboard) opens that manager's portfolio. */
export function TeamTable({ rows, portfolioSearch }: { rows: TeamRow[]; portfolioSearch: (managerId: number) => string }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={980} type="native">
      <Table highlightOnHover withTableBorder verticalSpacing="sm" data-testid="team-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Manager</Table.Th>
            <Table.Th style={{ textAlign: "right" }} title="matured (6+ months) / all">
              Affiliates
            </Table.Th>
            <Table.Th title="healthy / watch / at risk">Health</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>Total volume</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>Rewards</Table.Th>
            <Table.Th style={{ textAlign: "right" }}>Overdue tasks</Table.Th>
            <Table.Th>Open incidents</Table.Th>
            <Table.Th style={{ textAlign: "right" }} title="share of their affiliates with a logged engagement in the last 30 days">
              Contact coverage
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const to = `/portfolio?${portfolioSearch(r.managerId)}`;
            const incidents = (["SEV1", "SEV2", "SEV3", "SEV4"] as const).filter((s) => r.openIncidents[s] > 0);
            return (
              <Table.Tr key={r.managerId} data-manager={r.managerId} onClick={() => navigate(to)} style={{ cursor: "pointer" }}>
                <Table.Td>
                  <Anchor component={Link} to={to} fw={600} onClick={(e) => e.stopPropagation()} style={{ whiteSpace: "nowrap" }}>
                    {r.name}
                  </Anchor>
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>
                  <Text size="sm" className="tabular" title={`${r.matured} matured of ${r.affiliates}`}>
                    {formatInt(r.matured)} / {formatInt(r.affiliates)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <HealthBar bands={r.bands} />
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>
                  <Text size="sm" className="tabular">
                    {formatUsd(r.volume.value, { compact: true })}
                  </Text>
                  <Delta pct={r.volume.pct} abs={r.volume.value} />
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>
                  <Text size="sm" className="tabular">
                    {formatUsd(r.rewards.value, { compact: true })}
                  </Text>
                  <Delta pct={r.rewards.pct} abs={r.rewards.value} />
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>
                  <Text size="sm" className="tabular" c={r.overdueTasks ? "orange" : "dimmed"} fw={r.overdueTasks ? 600 : undefined}>
                    {formatInt(r.overdueTasks)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {incidents.length ? (
                    <Group gap={4}>
                      {incidents.map((s) => (
                        <Badge key={s} size="sm" color={SEVERITY_COLORS[s]} variant={s === "SEV1" || s === "SEV2" ? "filled" : "light"}>
                          {r.openIncidents[s]} · {s}
                        </Badge>
                      ))}
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      none
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>
                  <Text size="sm" className="tabular" c={r.coverage !== null && r.coverage < 0.5 ? "orange" : undefined} title={`${r.contacted} of ${r.affiliates} engaged in the last 30 days`}>
                    {r.coverage === null ? "—" : `${Math.round(r.coverage * 100)}%`}
                  </Text>
                  <Text size="xs" c="dimmed" className="tabular">
                    {r.contacted} of {r.affiliates}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={8}>
                <Text size="sm" c="dimmed" ta="center" py="md">
                  No managers yet. An admin adds them under Settings; an affiliates import then assigns their portfolios.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
