import { ActionIcon, Anchor, Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate, formatUsd } from "~/domain/format";
import { KIND_LABELS, PRIORITY_COLORS, PRIORITY_LABELS, STATUS_COLORS, STATUS_LABELS } from "~/domain/tasks";
import { PRODUCT_LABELS } from "~/domain/upsell";
import type { Product } from "../../../db/schema";
import type { TaskView } from "~/services/tasks.server";
import { Icon } from "../Icon";
import { useTaskStatus } from "./task-status";
import { TaskStatusMenu } from "./TaskStatusMenu";
import { UpsellOutcome } from "./UpsellOutcome";

export type TaskItem = TaskView;

export function StatusBadge({ task }: { task: { id: number; status: TaskView["status"] } }) {
  const { status, busy } = useTaskStatus(task);
  return (
    <Badge size="sm" variant="light" color={STATUS_COLORS[status]} miw="max-content" data-testid="task-status" data-status={status} style={busy ? { opacity: 0.7 } : undefined}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function DueDate({ task }: { task: Pick<TaskItem, "dueDate" | "overdue"> }) {
  if (!task.dueDate) return <Text size="xs" c="dimmed">no due date</Text>;
  return (
    <Text size="xs" c={task.overdue ? "red" : undefined} fw={task.overdue ? 600 : undefined} data-testid={task.overdue ? "task-overdue" : undefined}>
      {task.overdue ? "overdue · " : "due "}
      {formatDate(task.dueDate)}
    </Text>
  );
}

/** Where the task came from: its engagement note or incident. */
export function TaskOrigin({ task }: { task: Pick<TaskItem, "noteId" | "incidentId" | "affiliateUid" | "ruleKey"> }) {
  const parts: ReactNode[] = [];
  if (task.noteId)
    parts.push(
      <Anchor key="n" component={Link} to={`/affiliates/${task.affiliateUid}?tab=notes#note-${task.noteId}`} size="xs">
        from a note
      </Anchor>,
    );
  if (task.incidentId)
    parts.push(
      <Anchor key="i" component={Link} to={`/incidents/${task.incidentId}`} size="xs">
        from incident #{task.incidentId}
      </Anchor>,
    );
  if (task.ruleKey)
    parts.push(
      <Text key="r" span size="xs" c="dimmed">
        raised by a health early warning
      </Text>,
    );
  return parts.length ? <Group gap={6}>{parts}</Group> : null;
}

/** The task's kind, and for an upsell its product and expected uplift. */
export function KindBadges({ task }: { task: Pick<TaskItem, "kind" | "product" | "expectedUplift"> }) {
  return (
    <>
      <Badge size="xs" variant="outline">
        {KIND_LABELS[task.kind]}
      </Badge>
      {task.product ? (
        <Badge size="xs" variant="light" color="indigo">
          {PRODUCT_LABELS[task.product as Product] ?? task.product}
          {task.expectedUplift ? ` · +${formatUsd(task.expectedUplift, { compact: true })}` : ""}
        </Badge>
      ) : null}
    </>
  );
}

export function PriorityBadge({ priority, size }: { priority: TaskItem["priority"]; size: "xs" | "sm" }) {
  return (
    <Badge size={size} variant="dot" color={PRIORITY_COLORS[priority]}>
      {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

export function EditTaskButton({ task, onEdit }: { task: Pick<TaskItem, "title">; onEdit: () => void }) {
  return (
    <Tooltip label="Edit task">
      <ActionIcon size="sm" variant="subtle" onClick={onEdit} aria-label={`Edit “${task.title}”`}>
        <Icon name="settings" size={14} />
      </ActionIcon>
    </Tooltip>
  );
}

/** How a finished task ended: why it was dropped; for a done upsell, whether it converted. */
export function TaskEnding({ task }: { task: Pick<TaskItem, "status" | "dropReason" | "outcome" | "product"> }) {
  return (
    <>
      {task.status === "dropped" && task.dropReason ? (
        <Text size="xs" c="dimmed" fs="italic" data-testid="drop-reason-text">
          Dropped: {task.dropReason}
        </Text>
      ) : null}
      {task.outcome ? <UpsellOutcome outcome={task.outcome} productLabel={PRODUCT_LABELS[task.product as Product] ?? "Product"} /> : null}
    </>
  );
}

/** The server's refusal of the last status change, if any. */
export function StatusError({ errors }: { errors: ReturnType<typeof useTaskStatus>["errors"] }) {
  return errors?.status ? (
    <Text size="xs" c="red" role="alert">
      {errors.status[0]}
    </Text>
  ) : null;
}

/** The task's facts in one block (board card, affiliate tab), with its status menu and edit button. */
export function TaskCard({
  task,
  showAffiliate = true,
  onDrop,
  onEdit,
  dragHandle,
}: {
  task: TaskItem;
  showAffiliate?: boolean;
  onDrop: () => void;
  onEdit?: () => void;
  dragHandle?: ReactNode;
}) {
  const { errors, status } = useTaskStatus(task);
  return (
    <Paper withBorder radius="md" p="xs" data-testid="task-card" data-task-id={task.id} data-status={status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap={6}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            {dragHandle}
            <Text size="sm" fw={600} lh={1.3} data-testid="task-title">
              {task.title}
            </Text>
          </Group>
          {onEdit && task.canEdit ? <EditTaskButton task={task} onEdit={onEdit} /> : null}
        </Group>
        {showAffiliate ? (
          <Anchor component={Link} to={`/affiliates/${task.affiliateUid}?tab=tasks`} size="xs">
            {task.affiliateName}
          </Anchor>
        ) : null}
        <Group gap={4}>
          <KindBadges task={task} />
          <PriorityBadge priority={task.priority} size="xs" />
        </Group>
        <Group justify="space-between" gap={4}>
          <DueDate task={task} />
          <Text size="xs" c="dimmed">
            {task.assigneeName ?? "unassigned"}
          </Text>
        </Group>
        <TaskEnding task={task} />
        <TaskOrigin task={task} />
        <StatusError errors={errors} />
        <Group justify="space-between">
          <StatusBadge task={task} />
          {task.canSetStatus ? <TaskStatusMenu task={task} onDrop={onDrop} /> : null}
        </Group>
      </Stack>
    </Paper>
  );
}
