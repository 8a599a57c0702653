import { Button, Card, Stack, Text, Textarea } from "@mantine/core";
import { Form } from "@remix-run/react";
import type { IncidentView } from "./types";
import { asPostmortem, postmortemComplete } from "~/domain/incidents";
import { useIntentResult, useTransitionErrors } from "./intent-result";

/** The resolution (needed to resolve) and the postmortem (needed to close). */
export function ResolutionPanel({ incident, canChange }: { incident: IncidentView; canChange: boolean }) {
  const { mine, typed: v } = useIntentResult("resolution");
  const pm = incident.postmortem;
  // A refused "Resolve" or "Close" says why beside what is missing, until it is written.
  const refused = useTransitionErrors(incident.id);
  const resolutionMissing = incident.resolution?.trim() ? undefined : refused.resolution?.[0];
  const postmortemMissing = postmortemComplete(asPostmortem(pm)) ? undefined : refused.postmortem?.[0];
  if (!canChange || incident.status === "closed") {
    return (
      <Card withBorder radius="lg" data-testid="resolution">
        <Text fw={600} mb="xs">
          Resolution and postmortem
        </Text>
        {[
          ["Resolution", incident.resolution],
          ["What happened", pm?.whatHappened],
          ["Impact", pm?.impact],
          ["Actions", pm?.actions],
        ].map(([label, text]) => (
          <div key={label}>
            <Text size="xs" c="dimmed" fw={600}>
              {label}
            </Text>
            <Text size="sm" mb="xs" style={{ whiteSpace: "pre-wrap" }} c={text ? undefined : "dimmed"}>
              {text || "Not written yet."}
            </Text>
          </div>
        ))}
      </Card>
    );
  }
  return (
    <Card withBorder radius="lg" data-testid="resolution">
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="resolution" />
        <Text fw={600} mb="xs">
          Resolution and postmortem
        </Text>
        <Stack gap="xs">
          <Textarea name="resolution" label="Resolution" description="How it was fixed, and what the partner was told. Needed to resolve." autosize minRows={2} defaultValue={v("resolution", incident.resolution)} error={mine?.errors.resolution?.[0] ?? resolutionMissing} data-testid="resolution-text" />
          <Text size="sm" fw={600} mt="xs">
            Postmortem <Text span size="xs" c="dimmed">(all three needed to close)</Text>
          </Text>
          {postmortemMissing ? (
            <Text size="xs" c="red" data-testid="postmortem-error">
              {postmortemMissing}
            </Text>
          ) : null}
          <Textarea name="whatHappened" label="What happened" autosize minRows={2} defaultValue={v("whatHappened", pm?.whatHappened)} error={mine?.errors.whatHappened?.[0]} data-testid="pm-what" />
          <Textarea name="impact" label="Impact" description="Partners, invitees, money, reputation" autosize minRows={2} defaultValue={v("impact", pm?.impact)} error={mine?.errors.impact?.[0]} data-testid="pm-impact" />
          <Textarea name="actions" label="Actions" description="What changes so that it does not happen again, who does it" autosize minRows={2} defaultValue={v("actions", pm?.actions)} error={mine?.errors.actions?.[0]} data-testid="pm-actions" />
        </Stack>
        <Button type="submit" size="xs" mt="sm" data-testid="resolution-save">
          Save
        </Button>
      </Form>
    </Card>
  );
}
