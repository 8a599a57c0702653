import { Button, Group, Menu, Modal, Text, Textarea } from "@mantine/core";
import { STATUS_LABELS, TRANSITIONS, type TaskStatus } from "~/domain/tasks";
import { useFetcherSuccess } from "../fetcher-success";
import { Icon } from "../Icon";
import { useTaskStatus } from "./task-status";

const MOVE_LABELS: Record<TaskStatus, string> = { open: "Open", in_progress: "In progress", done: "Done", dropped: "Drop…" };
const REOPEN_LABELS: Partial<Record<TaskStatus, string>> = { open: "Reopen", in_progress: "Reopen as in progress" };

/** "Move to": the statuses this task may go to, as a keyboard-friendly menu; dropping asks for a reason. */
export function TaskStatusMenu({ task, onDrop }: { task: { id: number; title: string; status: TaskStatus }; onDrop: () => void }) {
  const { status, move, busy } = useTaskStatus(task);
  const finished = status === "done" || status === "dropped";
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="default" loading={busy} aria-label={`Move “${task.title}” to another status`} data-testid="task-move">
          Move to…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{STATUS_LABELS[status]} → </Menu.Label>
        {TRANSITIONS[status].map((to) => (
          <Menu.Item key={to} data-testid={`move-${to}`} onClick={() => (to === "dropped" ? onDrop() : move(to))}>
            {finished ? (REOPEN_LABELS[to] ?? MOVE_LABELS[to]) : MOVE_LABELS[to]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Dropping a task: the reason is required (the server says so beside the field if it is missing). */
export function DropTaskModal({ task, opened, onClose }: { task: { id: number; title: string; status: TaskStatus }; opened: boolean; onClose: () => void }) {
  const { fetcher, errors } = useTaskStatus(task);
  useFetcherSuccess(fetcher, onClose);
  return (
    <Modal opened={opened} onClose={onClose} title="Drop this task" data-testid="drop-modal">
      <fetcher.Form method="post" action={`/tasks/${task.id}`}>
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="taskId" value={task.id} />
        <input type="hidden" name="status" value="dropped" />
        <Text size="sm" mb="sm">
          {task.title}
        </Text>
        <Textarea
          name="dropReason"
          label="Why is it dropped?"
          description="Kept with the task, so the team knows what happened."
          autosize
          minRows={2}
          data-autofocus
          error={errors?.dropReason?.[0] ?? errors?.status?.[0]}
          data-testid="drop-reason"
        />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="gray" leftSection={<Icon name="x" size={14} />} loading={fetcher.state !== "idle"} data-testid="drop-submit">
            Drop task
          </Button>
        </Group>
      </fetcher.Form>
    </Modal>
  );
}
