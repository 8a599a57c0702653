import { useFetcher, useFetchers } from "@remix-run/react";
import type { TaskStatus } from "~/domain/tasks";

export type TaskActionResult = { ok: true; id?: number } | { ok: false; errors: Partial<Record<string, string[]>>; values: Record<string, string> };

/** One fetcher per task for its status, shared by the card, its "Move to" menu and the drop dialog. */
export const statusFetcherKey = (taskId: number) => `task-status-${taskId}`;

/**
 * A task's status, optimistic: while a change is on its way the new status is shown; if the
 * server refuses it, the old one comes back with the message.
 */
export function useTaskStatus(task: { id: number; status: TaskStatus }) {
  const fetcher = useFetcher<TaskActionResult>({ key: statusFetcherKey(task.id) });
  const pending = fetcher.formData?.get("status") as TaskStatus | null | undefined;
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  return {
    status: pending ?? task.status,
    busy: fetcher.state !== "idle",
    errors: result && !result.ok ? result.errors : null,
    fetcher,
    move(to: TaskStatus, dropReason?: string) {
      const form: Record<string, string> = { intent: "status", taskId: String(task.id), status: to };
      if (dropReason !== undefined) form.dropReason = dropReason;
      fetcher.submit(form, { method: "post", action: `/tasks/${task.id}` });
    },
  };
}

/** Status changes on their way, by task id (the board places cards by them). */
export function usePendingStatuses(): Map<number, TaskStatus> {
  const fetchers = useFetchers();
  const pending = new Map<number, TaskStatus>();
  for (const f of fetchers) {
    if (f.state === "idle" || !f.formData || f.formData.get("intent") !== "status") continue;
    const id = Number(f.formData.get("taskId"));
    const status = f.formData.get("status") as TaskStatus | null;
    if (id && status) pending.set(id, status);
  }
  return pending;
}
