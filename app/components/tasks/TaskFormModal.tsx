import { Button, Group, Modal, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { KIND_LABELS, PRIORITY_LABELS, PRODUCTS, TASK_KINDS, TASK_PRIORITIES, type TaskKind } from "~/domain/tasks";
import { PRODUCT_LABELS } from "~/domain/upsell";
import { useFetcherSuccess } from "../fetcher-success";
import type { TaskActionResult } from "./task-status";

export interface TaskFormValues {
  title?: string;
  kind?: TaskKind;
  product?: string | null;
  /** In cents, as stored. */
  expectedUplift?: number | null;
  dueDate?: string | null;
  priority?: string;
  assigneeId?: number | null;
  noteId?: number | null;
  incidentId?: number | null;
}

export interface Assignee {
  id: number;
  name: string;
}

/**
 * The task form in a modal, for a new task (posted to the affiliate's tasks) or an edit (posted to
 * the task). Validated on the server; the messages show beside the fields and what was typed stays.
 */
export function TaskFormModal({
  opened,
  onClose,
  action,
  intent,
  initial,
  assignees,
  heading,
}: {
  opened: boolean;
  onClose: () => void;
  action: string;
  intent: "create" | "update";
  initial: TaskFormValues;
  assignees: Assignee[];
  heading: string;
}) {
  const fetcher = useFetcher<TaskActionResult>();
  const [kind, setKind] = useState<TaskKind>(initial.kind ?? "follow_up");
  useFetcherSuccess(fetcher, onClose);
  useEffect(() => {
    if (opened) setKind(initial.kind ?? "follow_up");
  }, [opened, initial.kind]);
  const result = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const errors = result?.errors ?? {};
  const err = (k: string) => errors[k]?.[0];
  return (
    <Modal opened={opened} onClose={onClose} title={heading} size="lg" data-testid="task-form">
      <fetcher.Form method="post" action={action}>
        {intent === "update" ? <input type="hidden" name="intent" value="update" /> : null}
        {initial.noteId ? <input type="hidden" name="noteId" value={initial.noteId} /> : null}
        {initial.incidentId ? <input type="hidden" name="incidentId" value={initial.incidentId} /> : null}
        <TextInput name="title" label="Title" defaultValue={initial.title ?? ""} error={err("title")} data-autofocus data-testid="task-title" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
          <Select
            name="kind"
            label="Kind"
            value={kind}
            onChange={(v) => v && setKind(v as TaskKind)}
            allowDeselect={false}
            data={TASK_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            error={err("kind")}
            data-testid="task-kind"
          />
          <Select
            name="priority"
            label="Priority"
            defaultValue={initial.priority ?? "medium"}
            allowDeselect={false}
            data={TASK_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            error={err("priority")}
          />
          {kind === "upsell" ? (
            <>
              <Select
                name="product"
                label="Product to sell"
                placeholder="Choose a product"
                defaultValue={initial.product ?? null}
                data={PRODUCTS.map((p) => ({ value: p, label: PRODUCT_LABELS[p] }))}
                error={err("product")}
                data-testid="task-product"
              />
              <TextInput
                name="expectedUplift"
                label="Expected uplift (USD)"
                description="Extra commission or fees a month, if it works"
                leftSection="$"
                inputMode="decimal"
                defaultValue={initial.expectedUplift != null ? String(initial.expectedUplift / 100) : ""}
                error={err("expectedUplift")}
              />
            </>
          ) : null}
          <TextInput name="dueDate" label="Due date" type="date" defaultValue={initial.dueDate ?? ""} error={err("dueDate")} data-testid="task-due" />
          <Select
            name="assigneeId"
            label="Assignee"
            defaultValue={initial.assigneeId != null ? String(initial.assigneeId) : null}
            allowDeselect={false}
            searchable
            data={assignees.map((a) => ({ value: String(a.id), label: a.name }))}
            error={err("assigneeId")}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={fetcher.state !== "idle"} data-testid="task-save">
            {intent === "create" ? "Create task" : "Save"}
          </Button>
        </Group>
      </fetcher.Form>
    </Modal>
  );
}
