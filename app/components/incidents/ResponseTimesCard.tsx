import { BarChart } from "@mantine/charts";
import { Card, Group, SegmentedControl, SimpleGrid, Table, Text } from "@mantine/core";
import { useSearchParams } from "@remix-run/react";
import { formatDuration, RESPONSE_PERIODS, type ResponseTimes } from "~/domain/incidents";
import { SeverityBadge } from "./SeverityBadge";

/** Time to acknowledge and time to resolve per severity, over the incidents reported in the last `days` days. */
export function ResponseTimesCard({ rows, days }: { rows: ResponseTimes[]; days: number }) {
  const [params, setParams] = useSearchParams();
  const hours = (ms: number | null) => (ms == null ? 0 : Math.round((ms / 3_600_000) * 10) / 10);
  const chart = rows.map((r) => ({ severity: r.severity, tta: hours(r.acknowledge.median), ttr: hours(r.resolve.median) }));
  const any = rows.some((r) => r.reported > 0);
  return (
    <Card withBorder radius="lg" data-testid="response-times">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <div>
          <Text fw={600}>Response times</Text>
          <Text size="xs" c="dimmed">
            Incidents reported in the last {days} days. Acknowledge: reported → investigating. Resolve: reported → resolved. p90: 9 in 10 were faster or as fast.
          </Text>
        </div>
        <SegmentedControl
          size="xs"
          value={String(days)}
          onChange={(v) => {
            const p = new URLSearchParams(params);
            p.set("days", v);
            setParams(p, { preventScrollReset: true });
          }}
          data={RESPONSE_PERIODS.map((d) => ({ value: String(d), label: `${d} d` }))}
        />
      </Group>
      {!any ? (
        <Text size="sm" c="dimmed">
          No incident reported in these {days} days. Choose a longer period.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Table className="tabular" fz="sm" data-testid="response-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Severity</Table.Th>
                <Table.Th ta="right">Reported</Table.Th>
                <Table.Th ta="right">Acknowledge: median · p90 (n)</Table.Th>
                <Table.Th ta="right">Resolve: median · p90 (n)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.severity} data-severity={r.severity}>
                  <Table.Td>
                    <SeverityBadge severity={r.severity} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right">{r.reported}</Table.Td>
                  <Table.Td ta="right" data-testid={`tta-${r.severity}`}>
                    {formatDuration(r.acknowledge.median)} · {formatDuration(r.acknowledge.p90)} ({r.acknowledge.count})
                  </Table.Td>
                  <Table.Td ta="right" data-testid={`ttr-${r.severity}`}>
                    {formatDuration(r.resolve.median)} · {formatDuration(r.resolve.p90)} ({r.resolve.count})
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <BarChart
            h={180}
            data={chart}
            dataKey="severity"
            valueFormatter={(v) => `${v} h`}
            series={[
              { name: "tta", label: "Median to acknowledge (h)", color: "orange.6" },
              { name: "ttr", label: "Median to resolve (h)", color: "teal.6" },
            ]}
            withLegend
          />
        </SimpleGrid>
      )}
    </Card>
  );
}
