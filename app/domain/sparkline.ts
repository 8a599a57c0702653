/**
 * A weekly series as the points of a tiny SVG line (`x,y` pairs, y downwards), scaled to the
 * series' maximum, 2 px inside the top and bottom: what MiniSparkline draws. Computed once per
 * affiliate and period for the portfolio (its rows carry the points, not 12+ numbers each).
 */
export function sparklinePoints(data: readonly number[], width = 70, height = 24): string {
  if (data.length === 0) return "";
  const max = Math.max(...data, 1);
  const step = data.length > 1 ? width / (data.length - 1) : 0;
  return data.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(" ");
}
