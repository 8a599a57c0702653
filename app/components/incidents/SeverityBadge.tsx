import { Badge, type BadgeProps } from "@mantine/core";
import { SEVERITY_COLORS, STATUS_LABELS, type IncidentSeverity, type IncidentStatus } from "~/domain/incidents";

export function SeverityBadge({ severity, ...rest }: { severity: IncidentSeverity } & Omit<BadgeProps, "color">) {
  return (
    <Badge color={SEVERITY_COLORS[severity]} variant={severity === "SEV1" || severity === "SEV2" ? "filled" : "light"} {...rest}>
      {severity}
    </Badge>
  );
}

const STATUS_COLORS: Record<IncidentStatus, string> = { reported: "red", investigating: "orange", mitigating: "yellow", resolved: "teal", closed: "gray" };

export function StatusBadge({ status, ...rest }: { status: IncidentStatus } & Omit<BadgeProps, "color">) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="outline" {...rest}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
