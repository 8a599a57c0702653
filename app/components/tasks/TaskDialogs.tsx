import { useCallback, useState, type ReactNode } from "react";
import { DropTaskModal } from "./TaskStatusMenu";
import { TaskFormModal, type Assignee } from "./TaskFormModal";
import type { TaskItem } from "./TaskCard";

/** The drop-reason and edit dialogs of a list of tasks, opened from any card or row. */
export function useTaskDialogs(assignees: Assignee[]): { onDrop: (t: TaskItem) => void; onEdit: (t: TaskItem) => void; dialogs: ReactNode } {
  const [dropping, setDropping] = useState<TaskItem | null>(null);
  const [editing, setEditing] = useState<TaskItem | null>(null);
  const closeDrop = useCallback(() => setDropping(null), []);
  const closeEdit = useCallback(() => setEditing(null), []);
  const dialogs = (
    <>
      {dropping ? <DropTaskModal key={`drop-${dropping.id}`} task={dropping} opened onClose={closeDrop} /> : null}
      {editing ? (
        <TaskFormModal
          key={`edit-${editing.id}`}
          opened
          onClose={closeEdit}
          action={`/tasks/${editing.id}`}
          intent="update"
          heading="Edit task"
          assignees={assignees.some((a) => a.id === editing.assigneeId) || editing.assigneeId === null ? assignees : [...assignees, { id: editing.assigneeId, name: editing.assigneeName ?? "—" }]}
          initial={editing}
        />
      ) : null}
    </>
  );
  return { onDrop: setDropping, onEdit: setEditing, dialogs };
}
