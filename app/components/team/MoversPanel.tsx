import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link, useSearchParams } from "@remix-run/react";
import { formatUsd } from "~/domain/format";
import { BAND_LABELS } from "~/domain/health";
import { MOVERS_SHOWN, type Mover, type Movers } from "~/domain/movers";

const pct = (p: number | null) => (p === null ? "new" : `${p > 0 ? "+" : ""}${Math.round(p * 100)}%`);

const LISTS: { key: keyof Movers; title: string; empty: string; detail: (m: Mover) => string; color: string }[] = [
  { key: "newlyAtRisk", title: "Newly at risk", empty: "No affiliate entered “at risk”.", color: "red", detail: (m) => `score ${m.scoreNow ?? "—"}${m.bandThen ? `, was ${BAND_LABELS[m.bandThen].toLowerCase()}` : ""}` },
  { key: "recovered", title: "Recovered", empty: "No affiliate left “at risk”.", color: "teal", detail: (m) => `score ${m.scoreNow ?? "—"}, now ${m.bandNow ? BAND_LABELS[m.bandNow].toLowerCase() : "—"}` },
  { key: "scoreDrops", title: "Score drops", empty: "No score fell.", color: "red", detail: (m) => `${m.scoreThen} → ${m.scoreNow} (${m.scoreChange})` },
  { key: "scoreGains", title: "Score gains", empty: "No score rose.", color: "teal", detail: (m) => `${m.scoreThen} → ${m.scoreNow} (+${m.scoreChange})` },
  { key: "volumeFalls", title: "Volume falls", empty: "No volume fell.", color: "red", detail: (m) => `${formatUsd(m.volumeChange, { compact: true })} (${pct(m.volumeChangePct)})` },
  { key: "volumeRises", title: "Volume rises", empty: "No volume rose.", color: "teal", detail: (m) => `+${formatUsd(m.volumeChange, { compact: true })} (${pct(m.volumeChangePct)})` },
];

/**
 * The six movers lists side by side; each affiliate links to its page. A list longer than
 * MOVERS_SHOWN shows its first entries and a link for the rest (the lists shown whole are named
 * in the URL's `movers`, and the server sends them).
 */
export function MoversPanel({ movers, counts, managerNames, search = "" }: { movers: Movers; counts: Record<keyof Movers, number>; managerNames: Map<number, string>; search?: string }) {
  const [params] = useSearchParams();
  const expanded = new Set(params.getAll("movers"));
  /** This page's URL with the list shown whole, or no longer. */
  const toggled = (key: keyof Movers) => {
    const p = new URLSearchParams(params);
    p.delete("movers");
    for (const k of expanded) if (k !== key) p.append("movers", k);
    if (!expanded.has(key)) p.append("movers", key);
    return `?${p}`;
  };
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="movers">
      {LISTS.map((l) => (
        <Paper key={l.key} withBorder radius="md" p="sm" data-testid={`movers-${l.key}`}>
          <Group justify="space-between" mb={6}>
            <Title order={5}>{l.title}</Title>
            <Badge variant="light" color={counts[l.key] ? l.color : "gray"}>
              {counts[l.key]}
            </Badge>
          </Group>
          {counts[l.key] === 0 ? (
            <Text size="sm" c="dimmed">
              {l.empty}
            </Text>
          ) : (
            <Stack gap={4}>
              {movers[l.key].map((m) => (
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
              {counts[l.key] > MOVERS_SHOWN ? (
                <Button component={Link} to={toggled(l.key)} preventScrollReset replace variant="subtle" size="compact-xs" aria-expanded={expanded.has(l.key)}>
                  {expanded.has(l.key) ? "Show fewer" : `Show all ${counts[l.key]}`}
                </Button>
              ) : null}
            </Stack>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
