import { Group, Text, Tooltip } from "@mantine/core";

const PARTS = [
  { key: "healthy", label: "Healthy", color: "var(--mantine-color-teal-6)" },
  { key: "watch", label: "Watch", color: "var(--mantine-color-yellow-5)" },
  { key: "at_risk", label: "At risk", color: "var(--mantine-color-red-6)" },
  { key: "unscored", label: "No score", color: "var(--mantine-color-gray-4)" },
] as const;

/** A small stacked bar of a portfolio's health bands, with the counts beside it. */
export function HealthBar({ bands, width = 120 }: { bands: Record<(typeof PARTS)[number]["key"], number>; width?: number }) {
  const total = PARTS.reduce((s, p) => s + bands[p.key], 0);
  const summary = PARTS.filter((p) => bands[p.key] > 0)
    .map((p) => `${bands[p.key]} ${p.label.toLowerCase()}`)
    .join(", ");
  if (total === 0) {
    return (
      <Text size="xs" c="dimmed">
        no affiliates
      </Text>
    );
  }
  return (
    <Tooltip label={summary}>
      <Group gap={6} wrap="nowrap" aria-label={`Health: ${summary}`} role="img" data-testid="health-bar">
        <div style={{ display: "flex", width, height: 10, borderRadius: 5, overflow: "hidden", background: "var(--mantine-color-gray-2)" }}>
          {PARTS.map((p) => (bands[p.key] > 0 ? <div key={p.key} style={{ width: `${(bands[p.key] / total) * 100}%`, background: p.color }} /> : null))}
        </div>
        <Text size="xs" className="tabular" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          <Text span c="teal" size="xs" fw={600}>
            {bands.healthy}
          </Text>
          {" / "}
          <Text span c="yellow.7" size="xs" fw={600}>
            {bands.watch}
          </Text>
          {" / "}
          <Text span c="red" size="xs" fw={600}>
            {bands.at_risk}
          </Text>
        </Text>
      </Group>
    </Tooltip>
  );
}
