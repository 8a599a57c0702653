/**
 * A weekly trend as a tiny inline SVG: cheap to render on the server for every row of a table
 * (a chart library's component per row costs more than the rest of the row). `points` comes from
 * sparklinePoints (app/domain/sparkline.ts) with the same width and height.
 */
export function MiniSparkline({ points, width = 70, height = 24, color }: { points: string; width?: number; height?: number; color: string }) {
  if (!points) return <svg width={width} height={height} aria-hidden />;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden data-testid="sparkline">
      <polyline points={`0,${height} ${points} ${width},${height}`} fill={color} fillOpacity={0.15} stroke="none" />
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
