import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { formatDate, formatInt } from "~/domain/format";
import type { UpsellOutcome as Outcome } from "~/domain/upsell";
import { MiniSparkline } from "../MiniSparkline";
import { sparklinePoints } from "~/domain/sparkline";

/** "Did it convert?": the product's adopters in the week before the task, then each week after it. */
export function UpsellOutcome({ outcome, productLabel }: { outcome: Outcome; productLabel: string }) {
  const weeks = outcome.after.map((p) => `${formatDate(p.weekStart)}: ${formatInt(p.adopters)}`).join(" · ");
  const verdict =
    outcome.converted === null ? (
      <Badge size="xs" color="gray" variant="light">
        {outcome.before === null ? "no data before" : "no data yet"}
      </Badge>
    ) : outcome.converted ? (
      <Badge size="xs" color="teal" variant="light">
        converted +{formatInt(outcome.change ?? 0)}
      </Badge>
    ) : (
      <Badge size="xs" color="orange" variant="light">
        not converted {outcome.change ? `(${formatInt(outcome.change)})` : ""}
      </Badge>
    );
  const shown = outcome.after.slice(-6);
  // A line needs two weeks at least: before the task and one after it.
  const points = [...(outcome.before !== null ? [outcome.before] : []), ...outcome.after.map((p) => p.adopters)];
  return (
    <Group gap={6} wrap="wrap" data-testid="upsell-outcome">
      <Tooltip label={`${productLabel} adopters — before: ${outcome.before ?? "—"}${outcome.beforeWeek ? ` (week of ${formatDate(outcome.beforeWeek)})` : ""}; after: ${weeks || "no weeks yet"}`} multiline w={320}>
        <Group gap={4} wrap="nowrap" tabIndex={0} aria-label={`${productLabel} adopters before the task ${outcome.before ?? "unknown"}, weekly after: ${shown.map((p) => p.adopters).join(", ") || "none yet"}`}>
          {points.length > 1 ? <MiniSparkline points={sparklinePoints(points, 56, 18)} width={56} height={18} color="var(--mantine-color-teal-6)" /> : null}
          <Text size="xs" c="dimmed" className="tabular">
            {productLabel} adopters {outcome.before ?? "—"} → {shown.length ? `${outcome.after.length > shown.length ? "… " : ""}${shown.map((p) => formatInt(p.adopters)).join(" · ")}` : "—"}
          </Text>
        </Group>
      </Tooltip>
      {verdict}
    </Group>
  );
}
