import { Alert, Button, Checkbox, Group, Loader, Select, Stack, Text, Textarea } from "@mantine/core";
import { HydratedModal } from "./Hydrated";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useFetcherSuccess } from "./fetcher-success";
import type { action as reassignAction, loader as reassignLoader } from "~/routes/affiliates.reassign";

/**
 * Moves the selected affiliates to another manager, with a reason; the old owner's open and
 * in-progress tasks follow by default. Used by the portfolio and the team page: give it the uids.
 */
export function ReassignDialog({ uids, opened, onClose, onDone }: { uids: string[]; opened: boolean; onClose: () => void; onDone?: () => void }) {
  const preview = useFetcher<typeof reassignLoader>();
  const submit = useFetcher<typeof reassignAction>();
  const [managerId, setManagerId] = useState<string | null>(null);
  const [moveTasks, setMoveTasks] = useState(true);
  const key = uids.join(",");

  useEffect(() => {
    if (!opened || uids.length === 0) return;
    preview.load(`/affiliates/reassign?${new URLSearchParams(uids.map((u) => ["uid", u]))}`);
    setManagerId(null);
    setMoveTasks(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the selection or the opening changes
  }, [opened, key]);

  useFetcherSuccess(submit, () => {
    onDone?.();
    onClose();
  });

  const affiliates = preview.data?.affiliates ?? [];
  const target = managerId ? Number(managerId) : null;
  const moving = affiliates.filter((a) => a.managerId !== target);
  const tasks = moving.reduce((s, a) => s + a.tasksToMove, 0);
  const owners = [...new Set(affiliates.map((a) => a.managerName ?? null))];
  const errors = submit.data && !submit.data.ok ? submit.data.errors : undefined;
  const n = uids.length;

  return (
    <HydratedModal opened={opened} onClose={onClose} title={`Reassign ${n} affiliate${n === 1 ? "" : "s"}`} size="lg" data-testid="reassign-dialog">
      {preview.state === "loading" && !preview.data ? (
        <Group justify="center" p="lg">
          <Loader size="sm" />
        </Group>
      ) : (
        <submit.Form method="post" action="/affiliates/reassign">
          {uids.map((u) => (
            <input key={u} type="hidden" name="uid" value={u} />
          ))}
          <Stack gap="sm">
            <Text size="sm">
              {affiliates
                .slice(0, 5)
                .map((a) => a.name)
                .join(", ")}
              {affiliates.length > 5 ? ` and ${affiliates.length - 5} more` : ""}
              <Text span c="dimmed">
                {" "}
                — {owners.length === 1 && owners[0] === null ? "no owner yet" : `now with ${owners.map((o) => o ?? "no owner").join(", ")}`}
              </Text>
            </Text>
            <Select
              label="New manager"
              name="managerId"
              required
              searchable
              data-autofocus
              placeholder="Choose a manager"
              value={managerId}
              onChange={setManagerId}
              data={(preview.data?.managers ?? []).map((m) => ({ value: String(m.id), label: m.role === "lead" ? `${m.name} (lead)` : m.name }))}
              error={errors?.managerId?.[0]}
              data-testid="reassign-manager"
            />
            <Textarea label="Reason" name="reason" required autosize minRows={2} maxLength={300} placeholder="e.g. rebalancing workloads; Maya is on leave" error={errors?.reason?.[0]} data-testid="reassign-reason" />
            {tasks === 0 && affiliates.length > 0 ? null : (
              <Checkbox
                name="moveTasks"
                checked={moveTasks}
                onChange={(e) => setMoveTasks(e.currentTarget.checked)}
                label={tasks === 1 ? "Move the 1 open task assigned to the old owner" : `Move the ${tasks} open tasks assigned to the old owners`}
                description="Open and in-progress tasks of these affiliates that their current manager holds; others' tasks stay where they are."
                data-testid="reassign-move-tasks"
              />
            )}
            {target != null && moving.length < affiliates.length ? (
              <Text size="xs" c="dimmed">
                {affiliates.length - moving.length} already with this manager: left as they are.
              </Text>
            ) : null}
            {errors?.uids ? <Alert color="red">{errors.uids[0]}</Alert> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={submit.state !== "idle"} disabled={n === 0} data-testid="reassign-submit">
                Reassign {n}
              </Button>
            </Group>
          </Stack>
        </submit.Form>
      )}
    </HydratedModal>
  );
}
