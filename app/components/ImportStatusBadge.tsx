import { Badge } from "@mantine/core";

const STATUS: Record<string, { label: string; color: string }> = {
  validating: { label: "Validating", color: "blue" },
  ready: { label: "Awaiting confirmation", color: "yellow" },
  importing: { label: "Importing", color: "blue" },
  imported: { label: "Imported", color: "green" },
  rejected: { label: "Rejected", color: "red" },
  cancelled: { label: "Cancelled", color: "gray" },
  failed: { label: "Failed", color: "red" },
  rolled_back: { label: "Rolled back", color: "gray" },
};

export function ImportStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, color: "gray" };
  return (
    <Badge color={s.color} variant="light" miw="max-content" data-testid="import-status" style={{ flexShrink: 0, overflow: "visible" }}>
      {s.label}
    </Badge>
  );
}
