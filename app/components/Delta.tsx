import { LiteText } from "./Lite";

/**
 * Δ% against the previous period: green up, red down ("lowerIsBetter" swaps the colours, for
 * counts such as affiliates at risk), "new" when there was nothing before. Plain markup
 * (LiteText): it is in every row of the portfolio.
 */
export function Delta({ pct, abs, size = "xs", lowerIsBetter = false }: { pct: number | null; abs?: number; size?: "xs" | "sm"; lowerIsBetter?: boolean }) {
  if (pct === null) {
    return abs ? (
      <LiteText span size={size} c={lowerIsBetter ? "red" : "teal"} fw={600}>
        new
      </LiteText>
    ) : (
      <LiteText span size={size} c="dimmed">
        —
      </LiteText>
    );
  }
  const up = pct >= 0;
  const good = lowerIsBetter ? !up : up;
  const shown = Math.abs(pct) >= 10 ? `${Math.round(pct * 100).toLocaleString("en-US")}%` : `${(pct * 100).toFixed(Math.abs(pct) < 0.1 ? 1 : 0)}%`;
  return (
    <LiteText span size={size} c={pct === 0 ? "dimmed" : good ? "teal" : "red"} fw={600} tabular title="against the previous period">
      {`${up ? "▲" : "▼"}\u00a0${shown.replace("-", "")}`}
    </LiteText>
  );
}
