import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { Form, Link } from "@remix-run/react";
import { formatDate } from "~/domain/format";
import { PRIORITY_LABELS, TASK_PRIORITIES, type TaskPriority } from "~/domain/tasks";
import type { IncidentView } from "./types";
import { useIntentResult } from "./intent-result";

interface TaskView {
  id: number;
  title: string;
  status: string;
  priority: string;
  dueDate: string | null;
  affiliateUid: string;
  affiliateName: string;
  assigneeName: string | null;
}

/** Tasks created from the incident (kind follow_up), assigned to its owner unless someone else is chosen. */
export function FollowUpTasks({ tasks, incident, users, canChange }: { tasks: TaskView[]; incident: IncidentView; users: { id: number; name: string }[]; canChange: boolean }) {
  const { mine, typed: v } = useIntentResult("followup");
  return (
    <Card withBorder radius="lg" data-testid="follow-ups">
      <Text fw={600} mb="sm">
        Follow-up tasks
      </Text>
      {tasks.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No follow-up task yet. Create one for each action that outlives the incident (a payout check next month, a call with the partner).
        </Text>
      ) : (
        <Stack gap={6} mb="md">
          {tasks.map((t) => (
            <Group key={t.id} justify="space-between" wrap="nowrap">
              <div>
                <Text size="sm">{t.title}</Text>
                <Text size="xs" c="dimmed">
                  <Anchor component={Link} to={`/affiliates/${t.affiliateUid}?tab=tasks`} size="xs">
                    {t.affiliateName}
                  </Anchor>{" "}
                  · {t.assigneeName ?? "unassigned"} · due {formatDate(t.dueDate)} · {PRIORITY_LABELS[t.priority as TaskPriority] ?? t.priority}
                </Text>
              </div>
              <Badge variant="light" color={t.status === "done" ? "teal" : t.status === "dropped" ? "gray" : "blue"}>
                {t.status.replace("_", " ")}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
      {canChange ? (
        <Form method="post" preventScrollReset key={tasks.length}>
          <input type="hidden" name="intent" value="followup" />
          <TextInput name="title" label="New follow-up task" placeholder="e.g. Check October payout reached the partner" defaultValue={v("title", "")} error={mine?.errors.title?.[0]} data-testid="followup-title" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            <Select name="affiliateUid" label="Affiliate" data={incident.affiliates.map((a) => ({ value: a.uid, label: a.name }))} defaultValue={v("affiliateUid", incident.affiliates[0]?.uid ?? "") || null} error={mine?.errors.affiliateUid?.[0]} allowDeselect={false} />
            <Select name="assigneeId" label="Assignee" data={users.map((u) => ({ value: String(u.id), label: u.name }))} defaultValue={v("assigneeId", incident.ownerId ? String(incident.ownerId) : "") || null} error={mine?.errors.assigneeId?.[0]} searchable allowDeselect={false} />
            <TextInput name="dueDate" type="date" label="Due" defaultValue={v("dueDate", "")} error={mine?.errors.dueDate?.[0]} />
            <Select name="priority" label="Priority" data={TASK_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))} defaultValue={v("priority", "medium")} error={mine?.errors.priority?.[0]} allowDeselect={false} />
          </SimpleGrid>
          <Button type="submit" size="xs" mt="xs" variant="default" data-testid="followup-submit">
            Create task
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
