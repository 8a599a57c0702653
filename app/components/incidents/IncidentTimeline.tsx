import { Badge, Button, Card, Group, Text, Textarea, Timeline } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { SafeMarkdown } from "~/components/SafeMarkdown";
import { formatInstant, formatRelative } from "~/domain/format";
import type { UpdateView } from "./types";
import { useIntentResult } from "./intent-result";

const KIND_LABELS = { update: "Update", communication: "Communication", status: "Status" } as const;
const KIND_COLORS = { update: "indigo", communication: "grape", status: "gray" } as const;

/** The append-only timeline: updates, communications and status changes, oldest first. */
export function IncidentTimeline({ updates, canChange, now }: { updates: UpdateView[]; canChange: boolean; now: number }) {
  const navigation = useNavigation();
  const { mine, typed } = useIntentResult("update");
  const adding = navigation.state === "submitting" && navigation.formData?.get("intent") === "update";
  return (
    <Card withBorder radius="lg" data-testid="incident-timeline">
      <Text fw={600} mb="sm">
        Timeline
      </Text>
      {updates.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          Nothing on the timeline yet. Post what you know, what you are doing, and when the next update comes.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} mb="md">
          {updates.map((u) => (
            <Timeline.Item key={u.id} color={KIND_COLORS[u.kind]} title={<Group gap={6}><Badge size="xs" variant="light" color={KIND_COLORS[u.kind]}>{KIND_LABELS[u.kind]}</Badge><Text size="xs" c="dimmed">{u.authorName ?? "system"} · {formatInstant(u.at)} · {formatRelative(u.at, now)}</Text></Group>}>
              {u.kind === "communication" ? (
                <Text size="xs" c="dimmed">
                  To {u.audience} via {u.channel}
                </Text>
              ) : null}
              {u.kind === "status" ? (
                <Text size="sm">{u.text}</Text>
              ) : (
                <SafeMarkdown>{u.text}</SafeMarkdown>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {canChange ? (
        // Keyed by the number of entries: the box empties once the update is on the timeline.
        <Form method="post" preventScrollReset key={updates.length}>
          <input type="hidden" name="intent" value="update" />
          <Textarea name="text" label="Post an update" description="Markdown: **bold**, lists, links" autosize minRows={2} defaultValue={typed("text")} error={mine?.errors.text?.[0]} data-testid="update-text" />
          <Button type="submit" size="xs" mt="xs" loading={adding} data-testid="update-submit">
            Post update
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
