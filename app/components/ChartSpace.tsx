import { rem } from "@mantine/core";
/**
 * The room a Mantine chart of height `h` takes, for the server's rendering: a chart is drawn in
 * the browser only (Recharts measures its container after mounting), so the server rendered an
 * empty box anyway, after ~0.5 ms of Mantine and Recharts work per chart. Use with AfterHydration.
 */
export function ChartSpace({ h }: { h: number }) {
  return <div style={{ height: rem(h) }} aria-hidden="true" />;
}
