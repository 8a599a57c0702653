import { Text } from "@mantine/core";

/** Δ% against the previous period: green up, red down, "new" when there was nothing before. */
export function Delta({ pct, abs, size = "xs" }: { pct: number | null; abs?: number; size?: "xs" | "sm" }) {
  if (pct === null) {
    return abs ? (
      <Text span size={size} c="teal" fw={600}>
        new
      </Text>
    ) : (
      <Text span size={size} c="dimmed">
        —
      </Text>
    );
  }
  const up = pct >= 0;
  const shown = Math.abs(pct) >= 10 ? `${Math.round(pct * 100).toLocaleString("en-US")}%` : `${(pct * 100).toFixed(Math.abs(pct) < 0.1 ? 1 : 0)}%`;
  return (
    <Text span size={size} c={pct === 0 ? "dimmed" : up ? "teal" : "red"} fw={600} className="tabular" title="against the previous period">
      {up ? "▲" : "▼"} {shown.replace("-", "")}
    </Text>
  );
}
