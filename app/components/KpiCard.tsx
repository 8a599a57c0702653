import { Card, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Delta } from "./Delta";

export function KpiCard({
  label,
  value,
  pct,
  abs,
  hint,
  testId,
  lowerIsBetter,
}: {
  label: string;
  value: ReactNode;
  pct?: number | null;
  abs?: number;
  hint?: string;
  testId?: string;
  lowerIsBetter?: boolean;
}) {
  return (
    <Card withBorder radius="md" p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap={8} align="baseline" style={{ rowGap: 0 }}>
        <Text fz={22} fw={700} className="tabular">
          {value}
        </Text>
        {pct !== undefined ? <Delta pct={pct} abs={abs} lowerIsBetter={lowerIsBetter} /> : null}
      </Group>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}
