import { Badge, Button, Group, Paper, SegmentedControl, Select, Text, TextInput } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";
import { TaskBoard } from "~/components/tasks/TaskBoard";
import { useTaskDialogs } from "~/components/tasks/TaskDialogs";
import { TaskTable } from "~/components/tasks/TaskTable";
import { getDatabase } from "~/db.server";
import { KIND_LABELS, PRIORITY_LABELS, SORT_LABELS, STATUS_LABELS, TASK_KINDS, TASK_PRIORITIES, TASK_SORTS, TASK_STATUSES, TaskQuery, type TaskSort } from "~/domain/tasks";
import { loadTaskList } from "~/services/tasks.server";

export const meta: MetaFunction = () => [{ title: "Tasks · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = TaskQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, userId: user.id, ...loadTaskList(getDatabase(), user, query, Date.now()) };
}

export default function Tasks() {
  const d = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const { onDrop, onEdit, dialogs } = useTaskDialogs(d.assignees);
  const q = d.query;
  const setParam = (key: string, value: string | null, defaultValue?: string) => {
    const next = new URLSearchParams(params);
    if (value && value !== defaultValue) next.set(key, value);
    else next.delete(key);
    setParams(next, { preventScrollReset: true, replace: key === "q" });
  };
  const onSort = (column: TaskSort) => {
    const next = new URLSearchParams(params);
    const dir = q.sort === column && q.dir === "asc" ? "desc" : "asc";
    next.set("sort", column);
    next.set("dir", dir);
    setParams(next, { preventScrollReset: true });
  };
  const whose = q.assignee === "me" || !d.seesTeam ? "your" : q.assignee === "team" ? "the team's" : `${d.assignees.find((a) => String(a.id) === q.assignee)?.name ?? "their"}'s`;
  const filtered = Boolean(q.kind || q.priority || q.q || (q.view === "list" && q.status !== "active"));

  return (
    <>
      <PageHeader title="Tasks" description="Upsell, follow-up, risk and onboarding tasks: overdue first, then this week, then later." />
      <Paper withBorder radius="lg" p="sm" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={q.view}
            onChange={(v) => setParam("view", v, "list")}
            data={[
              { value: "list", label: "List" },
              { value: "board", label: "Board" },
            ]}
            aria-label="View"
            data-testid="view-toggle"
          />
          {d.seesTeam ? (
            <Select
              label="Assignee"
              size="xs"
              w={170}
              value={q.assignee}
              allowDeselect={false}
              onChange={(v) => setParam("assignee", v, "me")}
              data={[
                { value: "me", label: "Me" },
                { value: "team", label: "Everyone" },
                ...d.assignees.filter((a) => a.id !== d.userId).map((a) => ({ value: String(a.id), label: a.name })),
              ]}
              data-testid="filter-assignee"
            />
          ) : null}
          {q.view === "list" ? (
            <Select
              label="Status"
              size="xs"
              w={140}
              value={q.status}
              allowDeselect={false}
              onChange={(v) => setParam("status", v, "active")}
              data={[{ value: "active", label: "Open work" }, ...TASK_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })), { value: "all", label: "All" }]}
              data-testid="filter-status"
            />
          ) : null}
          <Select label="Kind" size="xs" w={160} clearable placeholder="Any" value={q.kind ?? null} onChange={(v) => setParam("kind", v)} data={TASK_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          <Select label="Priority" size="xs" w={110} clearable placeholder="Any" value={q.priority ?? null} onChange={(v) => setParam("priority", v)} data={TASK_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))} />
          <Form
            method="get"
            onSubmit={(e) => {
              e.preventDefault();
              setParam("q", String(new FormData(e.currentTarget).get("q") ?? "").trim() || null);
            }}
          >
            <TextInput name="q" label="Search" size="xs" w={200} placeholder="Title or affiliate, then Enter" defaultValue={q.q ?? ""} key={q.q ?? ""} />
          </Form>
          <Select
            label="Sort by"
            size="xs"
            w={130}
            value={q.sort}
            allowDeselect={false}
            onChange={(v) => setParam("sort", v, "due")}
            data={TASK_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          />
          <SegmentedControl
            size="xs"
            value={q.dir}
            onChange={(v) => setParam("dir", v, "asc")}
            data={[
              { value: "asc", label: "Asc" },
              { value: "desc", label: "Desc" },
            ]}
            aria-label="Sort direction"
          />
        </Group>
      </Paper>

      {q.view === "board" ? (
        <>
          <Text size="xs" c="dimmed" mb="xs">
            Drag a card to another column — with the mouse, or with the keyboard: Tab to its grip (⠿), Space, the arrow keys, Space. Or use “Move to…”.
          </Text>
          <TaskBoard tasks={d.tasks} onDrop={onDrop} onEdit={onEdit} />
        </>
      ) : d.tasks.length ? (
        <TaskTable tasks={d.tasks} today={d.today} showAssignee={q.assignee !== "me" && d.seesTeam} sorting={{ sort: q.sort, dir: q.dir, onSort }} onDrop={onDrop} onEdit={onEdit} />
      ) : (
        <Paper withBorder radius="lg" p="xl" ta="center" data-testid="tasks-empty">
          <Text fw={600}>{filtered ? "No task matches these filters." : `Nothing on ${whose} list.`}</Text>
          <Text size="sm" c="dimmed" mt={4}>
            {filtered
              ? "Clear a filter, or show all statuses."
              : "Create tasks from an affiliate's page: its Tasks tab, or “Create upsell task” beside a cross-product gap on the overview."}
          </Text>
          {!filtered && d.seesTeam && q.assignee === "me" ? (
            <Button component={Link} to="?assignee=team" variant="light" size="xs" mt="sm" data-testid="tasks-show-team">
              Show everyone's tasks
            </Button>
          ) : null}
        </Paper>
      )}
      {q.view === "list" && d.tasks.length ? (
        <Group gap="xs" mt="md">
          {TASK_STATUSES.filter((s) => d.counts[s] > 0).map((s) => (
            <Badge key={s} variant="light" color="gray">
              {STATUS_LABELS[s]}: {d.counts[s]}
            </Badge>
          ))}
        </Group>
      ) : null}
      {dialogs}
    </>
  );
}

export const ErrorBoundary = ErrorPage;
