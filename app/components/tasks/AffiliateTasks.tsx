import { Button, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { upsellTitle, type TaskKind } from "~/domain/tasks";
import type { Product } from "../../../db/schema";
import { TaskCard, type TaskItem } from "./TaskCard";
import { useTaskDialogs } from "./TaskDialogs";
import { TaskFormModal, type Assignee, type TaskFormValues } from "./TaskFormModal";

/** A default due date, `days` from today (the form opens on a click, in the browser). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** "New task" on an affiliate: a modal form posted to the affiliate's tasks. */
export function NewTaskButton({
  affiliateUid,
  assignees,
  initial,
  label = "New task",
  size = "xs",
  variant = "filled",
  testId = "new-task",
}: {
  affiliateUid: string;
  assignees: Assignee[];
  initial: TaskFormValues;
  label?: string;
  size?: "xs" | "compact-xs";
  variant?: "filled" | "light" | "default" | "subtle";
  testId?: string;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size={size} variant={variant} onClick={() => setOpened(true)} data-testid={testId}>
        {label}
      </Button>
      {opened ? (
        <TaskFormModal
          opened
          onClose={() => setOpened(false)}
          action={`/affiliates/${affiliateUid}/tasks`}
          intent="create"
          heading={initial.kind === "upsell" ? "New upsell task" : "New task"}
          assignees={assignees}
          initial={initial}
        />
      ) : null}
    </>
  );
}

/** "Create upsell task" beside a cross-product gap: the product and the gap filled in. */
export function CreateUpsellTask({
  affiliateUid,
  ownerId,
  assignees,
  product,
  share,
  teamMedian,
}: {
  affiliateUid: string;
  ownerId: number | null;
  assignees: Assignee[];
  product: Product;
  share: number | null;
  teamMedian: number | null;
}) {
  return (
    <NewTaskButton
      affiliateUid={affiliateUid}
      assignees={assignees}
      label="Create upsell task"
      size="compact-xs"
      variant="subtle"
      testId={`upsell-${product}`}
      initial={{ kind: "upsell", product, title: upsellTitle(product, share, teamMedian), assigneeId: ownerId, priority: "medium", dueDate: inDays(14) }}
    />
  );
}

/** The affiliate page's Tasks tab: open work first, then what was finished, with a "New task" form. */
export function AffiliateTasks({
  affiliateUid,
  ownerId,
  canEdit,
  tasks,
  assignees,
}: {
  affiliateUid: string;
  ownerId: number | null;
  canEdit: boolean;
  tasks: TaskItem[];
  assignees: Assignee[];
}) {
  const { onDrop, onEdit, dialogs } = useTaskDialogs(assignees);
  const open = tasks.filter((t) => t.status === "open" || t.status === "in_progress");
  const closed = tasks.filter((t) => !(t.status === "open" || t.status === "in_progress"));
  const defaults = (): TaskFormValues => ({ kind: "follow_up" as TaskKind, assigneeId: ownerId, priority: "medium", dueDate: inDays(7) });
  return (
    <Stack gap="md" data-testid="affiliate-tasks">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {open.length ? `${open.length} open` : "No open task"}
          {closed.length ? ` · ${closed.length} done or dropped` : ""}
        </Text>
        {canEdit ? <NewTaskButton affiliateUid={affiliateUid} assignees={assignees} initial={defaults()} /> : null}
      </Group>
      {tasks.length === 0 ? (
        <Text c="dimmed" size="sm">
          {canEdit
            ? "No task for this affiliate yet. Add one with “New task”, or create an upsell task from a cross-product gap on the overview."
            : "No task for this affiliate yet. Its owner, a lead or an admin can add one."}
        </Text>
      ) : null}
      {open.length ? (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
          {open.map((t) => (
            <TaskCard key={t.id} task={t} showAffiliate={false} onDrop={() => onDrop(t)} onEdit={() => onEdit(t)} />
          ))}
        </SimpleGrid>
      ) : null}
      {closed.length ? (
        <>
          <Text fw={600} size="sm">
            Done and dropped
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
            {closed.map((t) => (
              <TaskCard key={t.id} task={t} showAffiliate={false} onDrop={() => onDrop(t)} onEdit={() => onEdit(t)} />
            ))}
          </SimpleGrid>
        </>
      ) : null}
      {dialogs}
    </Stack>
  );
}
