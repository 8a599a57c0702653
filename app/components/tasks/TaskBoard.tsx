import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { DragDropContext, Draggable, Droppable, type DropResult } from "@hello-pangea/dnd";
import { useSubmit } from "@remix-run/react";
import { useState } from "react";
import { canTransition, STATUS_COLORS, STATUS_LABELS, TASK_STATUSES, type TaskStatus } from "~/domain/tasks";
import { statusFetcherKey, usePendingStatuses } from "./task-status";
import { TaskCard, type TaskItem } from "./TaskCard";

const EMPTY: Record<TaskStatus, string> = {
  open: "Nothing waiting. New tasks start here.",
  in_progress: "Drag a card here (or use “Move to…”) when you start on it.",
  done: "Finished tasks of the last 30 days.",
  dropped: "Dropped tasks of the last 30 days, with why.",
};

/**
 * The kanban board: one column per status. Drag a card with the mouse, or with the keyboard (focus
 * the grip, Space, arrow keys, Space); every card also has a "Move to…" menu. Moves are optimistic:
 * the card sits in its new column while the server saves it, and goes back if refused. Dropping
 * asks for a reason first.
 */
export function TaskBoard({ tasks, onDrop, onEdit }: { tasks: TaskItem[]; onDrop: (task: TaskItem) => void; onEdit: (task: TaskItem) => void }) {
  const pending = usePendingStatuses();
  const submit = useSubmit();
  const [dragFrom, setDragFrom] = useState<TaskStatus | null>(null);
  const statusOf = (t: TaskItem) => pending.get(t.id) ?? t.status;
  const columns = TASK_STATUSES.map((status) => ({ status, tasks: tasks.filter((t) => statusOf(t) === status) }));

  const onDragEnd = (result: DropResult) => {
    setDragFrom(null);
    const to = result.destination?.droppableId as TaskStatus | undefined;
    const task = tasks.find((t) => String(t.id) === result.draggableId);
    if (!to || !task || to === statusOf(task) || !canTransition(statusOf(task), to)) return;
    if (to === "dropped") return onDrop(task);
    submit(
      { intent: "status", taskId: String(task.id), status: to },
      { method: "post", action: `/tasks/${task.id}`, navigate: false, fetcherKey: statusFetcherKey(task.id) },
    );
  };

  return (
    <DragDropContext onDragStart={(s) => setDragFrom(s.source.droppableId as TaskStatus)} onDragEnd={onDragEnd}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" data-testid="task-board">
        {columns.map((col) => (
          <Paper
            key={col.status}
            withBorder
            radius="lg"
            p="xs"
            bg="var(--mantine-color-default-hover)"
            style={{ display: "flex", flexDirection: "column" }}
            data-testid={`column-${col.status}`}
          >
            <Group justify="space-between" mb="xs" px={4}>
              <Text fw={600} size="sm">
                {STATUS_LABELS[col.status]}
              </Text>
              <Badge size="sm" variant="light" color={STATUS_COLORS[col.status]}>
                {col.tasks.length}
              </Badge>
            </Group>
            <Droppable droppableId={col.status} isDropDisabled={dragFrom !== null && dragFrom !== col.status && !canTransition(dragFrom, col.status)}>
              {(provided, snapshot) => (
                <Stack
                  gap="xs"
                  ref={provided.innerRef}
                  {...provided.droppableProps}
                  mih={120}
                  p={2}
                  // Each column scrolls by itself, so that every column's top stays in view: the
                  // keyboard can only move a card to a place it can show.
                  style={{
                    flex: 1,
                    maxHeight: "calc(100dvh - 290px)",
                    overflowY: "auto",
                    borderRadius: 8,
                    outline: snapshot.isDraggingOver ? "2px dashed var(--mantine-color-blue-5)" : undefined,
                  }}
                >
                  {col.tasks.map((task, index) => (
                    <Draggable key={task.id} draggableId={String(task.id)} index={index} isDragDisabled={!task.canSetStatus}>
                      {(drag) => (
                        <div ref={drag.innerRef} {...drag.draggableProps}>
                          <TaskCard
                            task={task}
                            onDrop={() => onDrop(task)}
                            onEdit={() => onEdit(task)}
                            dragHandle={
                              task.canSetStatus ? (
                                <Box
                                  {...drag.dragHandleProps}
                                  aria-label={`Drag “${task.title}” to another column`}
                                  data-testid="drag-handle"
                                  c="dimmed"
                                  style={{ cursor: "grab", lineHeight: 1, padding: "2px 2px", borderRadius: 4, userSelect: "none" }}
                                >
                                  ⠿
                                </Box>
                              ) : null
                            }
                          />
                        </div>
                      )}
                    </Draggable>
                  ))}
                  {provided.placeholder}
                  {col.tasks.length === 0 ? (
                    <Text size="xs" c="dimmed" ta="center" py="md" px="xs">
                      {EMPTY[col.status]}
                    </Text>
                  ) : null}
                </Stack>
              )}
            </Droppable>
          </Paper>
        ))}
      </SimpleGrid>
    </DragDropContext>
  );
}
