import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useState } from "react";
import { formatUsd } from "~/domain/format";
import { BAND_LABELS } from "~/domain/health";
import type { Mover, Movers } from "~/domain/movers";

const pct = (p: number | null) => (p === null ? "new" : `${p > 0 ? "+" : ""}${Math.round(p * 100)}%`);

const LISTS: { key: keyof Movers; title: string; empty: string; detail: (m: Mover) => string; color: string }[] = [
  { key: "newlyAtRisk", title: "Newly at risk", empty: "No affiliate entered “at risk”.", color: "red", detail: (m) => `score ${m.scoreNow ?? "—"}${m.bandThen ? `, was ${BAND_LABELS[m.bandThen].toLowerCase()}` : ""}` },
  { key: "recovered", title: "Recovered", empty: "No affiliate left “at risk”.", color: "teal", detail: (m) => `score ${m.scoreNow ?? "—"}, now ${m.bandNow ? BAND_LABELS[m.bandNow].toLowerCase() : "—"}` },
  { key: "scoreDrops", title: "Score drops", empty: "No score fell.", color: "red", detail: (m) => `${m.scoreThen} → ${m.scoreNow} (${m.scoreChange})` },
  { key: "scoreGains", title: "Score gains", empty: "No score rose.", color: "teal", detail: (m) => `${m.scoreThen} → ${m.scoreNow} (+${m.scoreChange})` },
  { key: "volumeFalls", title: "Volume falls", empty: "No volume fell.", color: "red", detail: (m) => `${formatUsd(m.volumeChange, { compact: true })} (${pct(m.volumeChangePct)})` },
  { key: "volumeRises", title: "Volume rises", empty: "No volume rose.", color: "teal", detail: (m) => `+${formatUsd(m.volumeChange, { compact: true })} (${pct(m.volumeChangePct)})` },
];

/** Lists longer than this show their first entries and a button for the rest. */
const SHOWN = 8;

/** The six movers lists side by side; each affiliate links to its page. */
export function MoversPanel({ movers, managerNames, search = "" }: { movers: Movers; managerNames: Map<number, string>; search?: string }) {
  const [expanded, setExpanded] = useState<Partial<Record<keyof Movers, boolean>>>({});
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="movers">
      {LISTS.map((l) => (
        <Paper key={l.key} withBorder radius="md" p="sm" data-testid={`movers-${l.key}`}>
          <Group justify="space-between" mb={6}>
            <Title order={5}>{l.title}</Title>
            <Badge variant="light" color={movers[l.key].length ? l.color : "gray"}>
              {movers[l.key].length}
            </Badge>
          </Group>
          {movers[l.key].length === 0 ? (
            <Text size="sm" c="dimmed">
              {l.empty}
            </Text>
          ) : (
            <Stack gap={4}>
              {(expanded[l.key] ? movers[l.key] : movers[l.key].slice(0, SHOWN)).map((m) => (
                <Group key={m.uid} justify="space-between" gap="xs" wrap="nowrap">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/affiliates/${m.uid}${search}`} size="sm" fw={600} truncate="end" display="block">
                      {m.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" truncate="end">
                      {m.managerId != null ? managerNames.get(m.managerId) ?? "" : "unassigned"}
                    </Text>
                  </div>
                  <Text size="xs" className="tabular" c={l.color} style={{ whiteSpace: "nowrap" }}>
                    {l.detail(m)}
                  </Text>
                </Group>
              ))}
              {movers[l.key].length > SHOWN ? (
                <Button variant="subtle" size="compact-xs" onClick={() => setExpanded((e) => ({ ...e, [l.key]: !e[l.key] }))} aria-expanded={!!expanded[l.key]}>
                  {expanded[l.key] ? "Show fewer" : `Show all ${movers[l.key].length}`}
                </Button>
              ) : null}
            </Stack>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
