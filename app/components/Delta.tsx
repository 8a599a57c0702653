import { Text } from "@mantine/core";

/**
 * Δ% against the previous period: green up, red down ("lowerIsBetter" swaps the colours, for
 * counts such as affiliates at risk), "new" when there was nothing before.
 */
export function Delta({ pct, abs, size = "xs", lowerIsBetter = false }: { pct: number | null; abs?: number; size?: "xs" | "sm"; lowerIsBetter?: boolean }) {
  if (pct === null) {
    return abs ? (
      <Text span size={size} c={lowerIsBetter ? "red" : "teal"} fw={600}>
        new
      </Text>
    ) : (
      <Text span size={size} c="dimmed">
        —
      </Text>
    );
  }
  const up = pct >= 0;
  const good = lowerIsBetter ? !up : up;
  const shown = Math.abs(pct) >= 10 ? `${Math.round(pct * 100).toLocaleString("en-US")}%` : `${(pct * 100).toFixed(Math.abs(pct) < 0.1 ? 1 : 0)}%`;
  return (
    <Text span size={size} c={pct === 0 ? "dimmed" : good ? "teal" : "red"} fw={600} className="tabular" title="against the previous period">
      {up ? "▲" : "▼"} {shown.replace("-", "")}
    </Text>
  );
}
