import { Badge, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { Link } from "@remix-run/react";
import { STATUS_LABELS, type IncidentSeverity, type IncidentStatus } from "~/domain/incidents";
import type { IncidentListRow } from "~/models/incidents.server";
import { Icon } from "../Icon";
import { IncidentTable } from "./IncidentTable";

/** The affiliate header's red badge for each open SEV1/SEV2 incident, linking to it. */
export function SevereIncidentBadges({ incidents }: { incidents: { id: number; title: string; severity: IncidentSeverity; status: IncidentStatus }[] }) {
  return (
    <>
      {incidents.map((i) => (
        <Tooltip key={i.id} label={`${i.title} · ${STATUS_LABELS[i.status]}`}>
          <Badge component={Link} to={`/incidents/${i.id}`} color="red" variant="filled" leftSection={<Icon name="alert" size={12} />} style={{ cursor: "pointer" }} data-testid="severe-incident-badge">
            {i.severity} open
          </Badge>
        </Tooltip>
      ))}
    </>
  );
}

/** The 360 page's Incidents tab: the affiliate's incidents, open first, and a button to open one. */
export function AffiliateIncidentsTab({ uid, incidents, canEdit, now }: { uid: string; incidents: Omit<IncidentListRow, "createdAt" | "updatedAt">[]; canEdit: boolean; now: number }) {
  const open = incidents.filter((i) => i.status !== "resolved" && i.status !== "closed");
  const done = incidents.filter((i) => i.status === "resolved" || i.status === "closed");
  return (
    <Stack data-testid="affiliate-incidents">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {incidents.length === 0 ? "No incident has concerned this affiliate." : `${open.length} open, ${done.length} resolved or closed.`}
        </Text>
        {canEdit ? (
          <Button component={Link} to={`/incidents/new?affiliate=${uid}`} size="xs" leftSection={<Icon name="alert" size={14} />} data-testid="affiliate-new-incident">
            New incident
          </Button>
        ) : null}
      </Group>
      {open.length ? <IncidentTable rows={open} now={now} showAffiliates={false} testId="affiliate-open-incidents" /> : null}
      {done.length ? (
        <>
          <Text fw={600} size="sm">
            Resolved and closed
          </Text>
          <IncidentTable rows={done} now={now} showAffiliates={false} />
        </>
      ) : null}
      {incidents.length === 0 && canEdit ? (
        <Badge variant="light" color="gray" size="lg" style={{ alignSelf: "flex-start", textTransform: "none" }}>
          A payout dispute, a blocked account, a public complaint? Open an incident to track it to closed.
        </Badge>
      ) : null}
    </Stack>
  );
}

/**
 * The portfolio row's marker when the affiliate has an open SEV1 or SEV2 incident (a plain badge
 * beside the name, which already links to the affiliate; the header there links to the incident).
 */
export function SevereIncidentMarker({ worst }: { worst: string | null }) {
  if (worst !== "SEV1" && worst !== "SEV2") return null;
  return (
    <Tooltip label={`Open ${worst} incident: see the affiliate's Incidents tab`}>
      <Badge color="red" variant="filled" size="xs" ml={6} leftSection={<Icon name="alert" size={10} />} style={{ verticalAlign: "middle" }} data-testid="severe-incident-marker">
        {worst}
      </Badge>
    </Tooltip>
  );
}
