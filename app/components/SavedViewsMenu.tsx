import { ActionIcon, Badge, Button, Checkbox, Group, Menu, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useFetcher, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { canEditView, normalizeViewQuery } from "~/domain/saved-views";
import type { action as viewsAction } from "~/routes/portfolio.views";
import type { SavedView } from "~/models/saved-views.server";
import { useFetcherSuccess } from "./fetcher-success";
import { AfterHydration, HydratedModal } from "./Hydrated";
import { SmallButton } from "./LiteInputs";
import { Icon } from "./Icon";

/** A saved view as the menu receives it (the loader leaves out its columns and dates). */
export type ViewItem = Pick<SavedView, "id" | "ownerId" | "ownerName" | "name" | "shared" | "query">;

/**
 * The portfolio's saved views: open one (its filters, sort, period and columns), save the current
 * one under a name (private or shared with the team), rename, share or delete your own.
 */
export function SavedViewsMenu({ views, user, search, visibleColumns }: { views: ViewItem[]; user: { id: number; role: string }; search: string; visibleColumns: string[] }) {
  const submit = useSubmit();
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const mine = views.filter((v) => v.ownerId === user.id);
  const shared = views.filter((v) => v.ownerId !== user.id);
  const editable = views.filter((v) => canEditView(user, v));
  const current = normalizeViewQuery(search);
  const active = views.find((v) => v.query === current && current !== "");
  const open = (id: number) => submit({ intent: "open", id: String(id) }, { method: "post", action: "/portfolio/views" });

  const target = (
    <SmallButton leftSection={<Icon name="file" size={14} />} data-testid="saved-views">
      {active ? `View: ${active.name}` : "Views"}
    </SmallButton>
  );

  const item = (v: ViewItem) => (
    <Menu.Item key={v.id} onClick={() => open(v.id)} rightSection={v.shared && v.ownerId === user.id ? <Badge size="xs" variant="light">shared</Badge> : null} data-testid="saved-view-item">
      {v.name}
      {v.ownerId !== user.id ? (
        <Text span size="xs" c="dimmed">
          {" "}
          · {v.ownerName}
        </Text>
      ) : null}
    </Menu.Item>
  );

  return (
    <>
      <AfterHydration before={target}>
        <Menu position="bottom-start" width={280}>
          <Menu.Target>{target}</Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Your views</Menu.Label>
            {mine.length ? mine.map(item) : <Menu.Item disabled>None yet: set the filters, then save them below</Menu.Item>}
            {shared.length ? (
              <>
                <Menu.Label>Shared by the team</Menu.Label>
                {shared.map(item)}
              </>
            ) : null}
            <Menu.Divider />
            <Menu.Item leftSection={<Icon name="check" size={14} />} onClick={() => setSaving(true)} data-testid="save-view">
              Save current view…
            </Menu.Item>
            {editable.length ? (
              <Menu.Item leftSection={<Icon name="settings" size={14} />} onClick={() => setManaging(true)}>
                Rename, share or delete…
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </AfterHydration>
      <SaveViewModal opened={saving} onClose={() => setSaving(false)} search={current} visibleColumns={visibleColumns} />
      <HydratedModal opened={managing} onClose={() => setManaging(false)} title="Saved views" size="lg">
        <Stack gap="xs">
          {editable.length === 0 ? <Text c="dimmed">No view of yours yet.</Text> : editable.map((v) => <EditViewRow key={v.id} view={v} own={v.ownerId === user.id} />)}
        </Stack>
      </HydratedModal>
    </>
  );
}

function SaveViewModal({ opened, onClose, search, visibleColumns }: { opened: boolean; onClose: () => void; search: string; visibleColumns: string[] }) {
  const fetcher = useFetcher<typeof viewsAction>();
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors as Record<string, string[] | undefined>) : undefined;
  useFetcherSuccess(fetcher, onClose);
  return (
    <HydratedModal opened={opened} onClose={onClose} title="Save this view">
      <fetcher.Form method="post" action="/portfolio/views">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="query" value={search} />
        <input type="hidden" name="columns" value={visibleColumns.join(",")} />
        <Stack gap="sm">
          <TextInput label="Name" name="name" required maxLength={60} data-autofocus placeholder="e.g. KOLs in Vietnam at risk" error={errors?.name?.[0] ?? errors?.query?.[0]} data-testid="view-name" />
          <Checkbox name="shared" label="Share with the team (everyone sees it in their Views menu)" data-testid="view-shared" />
          <Text size="xs" c="dimmed">
            Keeps the filters, sort, period and visible columns: {search ? search.slice(1).replace(/&/g, " · ") : "the default view"}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetcher.state !== "idle"} data-testid="view-save">
              Save view
            </Button>
          </Group>
        </Stack>
      </fetcher.Form>
    </HydratedModal>
  );
}

function EditViewRow({ view, own }: { view: ViewItem; own: boolean }) {
  const fetcher = useFetcher<typeof viewsAction>();
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors as Record<string, string[] | undefined>) : undefined;
  return (
    <fetcher.Form method="post" action="/portfolio/views">
      <input type="hidden" name="id" value={view.id} />
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <TextInput name="name" defaultValue={view.name} required maxLength={60} aria-label={`Name of ${view.name}`} error={errors?.name?.[0]} style={{ flex: 1 }} description={own ? undefined : `by ${view.ownerName}`} />
        <Checkbox name="shared" defaultChecked={view.shared} label="Shared" mt={8} />
        <Button type="submit" name="intent" value="update" size="sm" variant="default" loading={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "update"}>
          Save
        </Button>
        <Tooltip label={`Delete ${view.name}`}>
          <ActionIcon
            type="submit"
            name="intent"
            value="delete"
            size="lg"
            color="red"
            variant="light"
            aria-label={`Delete ${view.name}`}
            onClick={(e) => {
              if (!confirm(`Delete the view “${view.name}”?`)) e.preventDefault();
            }}
          >
            <Icon name="x" size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </fetcher.Form>
  );
}
