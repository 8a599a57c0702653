/**
 * A weekly trend as a tiny inline SVG: cheap to render on the server for every row of a table
 * (a chart library's component per row costs more than the rest of the row).
 */
export function MiniSparkline({ data, width = 70, height = 24, color }: { data: number[]; width?: number; height?: number; color: string }) {
  if (data.length === 0) return <svg width={width} height={height} aria-hidden />;
  const max = Math.max(...data, 1);
  const step = data.length > 1 ? width / (data.length - 1) : 0;
  const points = data.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(" ");
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden data-testid="sparkline">
      <polyline points={`0,${height} ${points} ${width},${height}`} fill={color} fillOpacity={0.15} stroke="none" />
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
