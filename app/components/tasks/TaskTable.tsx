import { Anchor, Badge, Group, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { Link } from "@remix-run/react";
import { DUE_GROUP_LABELS, groupByDue, type TaskSort } from "~/domain/tasks";
import { DueDate, EditTaskButton, KindBadges, PriorityBadge, StatusBadge, StatusError, TaskEnding, TaskOrigin, type TaskItem } from "./TaskCard";
import { TaskStatusMenu } from "./TaskStatusMenu";
import { useTaskStatus } from "./task-status";

interface Sorting {
  sort: TaskSort;
  dir: "asc" | "desc";
  onSort: (sort: TaskSort) => void;
}

function SortHeader({ label, column, sorting, w }: { label: string; column: TaskSort; sorting: Sorting; w?: number }) {
  const active = sorting.sort === column;
  return (
    <Table.Th w={w} aria-sort={active ? (sorting.dir === "asc" ? "ascending" : "descending") : undefined}>
      <UnstyledButton onClick={() => sorting.onSort(column)} fz="sm" fw={600} data-testid={`sort-${column}`}>
        {label} {active ? (sorting.dir === "asc" ? "▲" : "▼") : ""}
      </UnstyledButton>
    </Table.Th>
  );
}

function TaskRow({ task, showAssignee, onDrop, onEdit }: { task: TaskItem; showAssignee: boolean; onDrop: () => void; onEdit: () => void }) {
  const { errors, status } = useTaskStatus(task);
  return (
    <Table.Tr data-testid="task-row" data-task-id={task.id} data-status={status}>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={500} data-testid="task-title">
            {task.title}
          </Text>
          <Group gap={4}>
            <KindBadges task={task} />
            <TaskOrigin task={task} />
          </Group>
          <TaskEnding task={task} />
          <StatusError errors={errors} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/affiliates/${task.affiliateUid}?tab=tasks`} size="sm">
          {task.affiliateName}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <DueDate task={task} />
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={task.priority} size="sm" />
      </Table.Td>
      {showAssignee ? (
        <Table.Td>
          <Text size="sm">{task.assigneeName ?? "unassigned"}</Text>
        </Table.Td>
      ) : null}
      <Table.Td>
        <StatusBadge task={task} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {task.canSetStatus ? <TaskStatusMenu task={task} onDrop={onDrop} /> : null}
          {task.canEdit ? <EditTaskButton task={task} onEdit={onEdit} /> : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The list view: overdue, due this week, later (and finished, when shown), each sorted by the URL's column. */
export function TaskTable({
  tasks,
  today,
  showAssignee,
  sorting,
  onDrop,
  onEdit,
}: {
  tasks: TaskItem[];
  today: string;
  showAssignee: boolean;
  sorting: Sorting;
  onDrop: (task: TaskItem) => void;
  onEdit: (task: TaskItem) => void;
}) {
  return (
    <Stack gap="lg" data-testid="task-list">
      {groupByDue(tasks, today).map((g) => (
        <section key={g.group} data-testid={`group-${g.group}`}>
          <Group gap="xs" mb={4}>
            <Title order={4} c={g.group === "overdue" ? "red" : undefined}>
              {DUE_GROUP_LABELS[g.group]}
            </Title>
            <Badge variant="light" color={g.group === "overdue" ? "red" : "gray"}>
              {g.tasks.length}
            </Badge>
          </Group>
          <Table.ScrollContainer minWidth={800} type="native">
            <Table verticalSpacing="xs" highlightOnHover layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label="Task" column="title" sorting={sorting} />
                  <SortHeader label="Affiliate" column="affiliate" sorting={sorting} w={160} />
                  <SortHeader label="Due" column="due" sorting={sorting} w={140} />
                  <SortHeader label="Priority" column="priority" sorting={sorting} w={110} />
                  {showAssignee ? <Table.Th w={130}>Assignee</Table.Th> : null}
                  <Table.Th w={105}>Status</Table.Th>
                  <Table.Th w={140} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {g.tasks.map((t) => (
                  <TaskRow key={t.id} task={t} showAssignee={showAssignee} onDrop={() => onDrop(t)} onEdit={() => onEdit(t)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      ))}
    </Stack>
  );
}
