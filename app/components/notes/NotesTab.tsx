import { Anchor, Badge, Button, Card, Collapse, Group, Modal, Paper, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, useFetcher, useLocation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { formatDate, formatInstant, formatRelative } from "~/domain/format";
import { NOTE_KIND_LABELS, NOTE_KIND_VALUES, SENTIMENT_COLORS, SENTIMENT_LABELS, type NoteKind, type Sentiment, whenValue } from "~/domain/notes";
import type { NoteActionResult } from "~/routes/affiliates.$uid.notes";
import type { loadNotesTab } from "~/services/notes.server";
import { SafeMarkdown } from "~/components/SafeMarkdown";
import { useFetcherSuccess } from "~/components/fetcher-success";

type NotesData = ReturnType<typeof loadNotesTab>;
type NoteRow = NotesData["notes"][number];

const KIND_OPTIONS = NOTE_KIND_VALUES.map((k) => ({ value: k, label: NOTE_KIND_LABELS[k] }));
const SENTIMENT_OPTIONS = (Object.keys(SENTIMENT_LABELS) as Sentiment[]).map((s) => ({ value: s, label: SENTIMENT_LABELS[s] }));

/** The Notes tab: log an engagement, and the notes, newest first, with their edit history. */
export function NotesTab({ uid, data, now }: { uid: string; data: NotesData; now: number }) {
  const [logging, { toggle, close }] = useDisclosure(false);
  const [params, setParams] = useSearchParams();
  const more = () => {
    const next = new URLSearchParams(params);
    next.set("nlimit", String(data.limit + 20));
    setParams(next, { preventScrollReset: true });
  };
  return (
    <Stack data-testid="notes-tab">
      {data.canLog ? (
        <div>
          <Button size="sm" onClick={toggle} variant={logging ? "default" : "filled"} data-testid="log-engagement" aria-expanded={logging}>
            {logging ? "Cancel" : "Log an engagement"}
          </Button>
          <Collapse in={logging}>
            <Paper withBorder radius="lg" p="md" mt="sm">
              <NoteFormFields uid={uid} topics={data.topics} onDone={close} />
            </Paper>
          </Collapse>
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          The affiliate's owner, a lead or an admin logs engagements here.
        </Text>
      )}
      {data.notes.length === 0 ? (
        <Text c="dimmed" data-testid="notes-empty">
          No engagement logged yet.{data.canLog ? " Log the last call, meeting or chat with this affiliate: it feeds the engagement recency of its health score." : ""}
        </Text>
      ) : null}
      {data.notes.map((n) => (
        <NoteCard key={n.id} uid={uid} note={n} topics={data.topics} now={now} />
      ))}
      {data.total > data.notes.length ? (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={more}>
            Show more ({data.total - data.notes.length} older)
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

const FIELD_LABELS: Record<string, string> = { kind: "Kind", occurredAt: "When", participants: "Participants", summary: "Summary", sentiment: "Sentiment", topics: "Topics", followUpDate: "Follow-up" };

function showField(field: string, value: unknown): string {
  if (value == null || value === "" || (Array.isArray(value) && value.length === 0)) return "—";
  if (field === "occurredAt" && typeof value === "number") return formatInstant(value);
  if (field === "followUpDate" && typeof value === "string") return formatDate(value);
  if (field === "kind") return NOTE_KIND_LABELS[value as NoteKind] ?? String(value);
  if (field === "sentiment") return SENTIMENT_LABELS[value as Sentiment] ?? String(value);
  return Array.isArray(value) ? value.join(", ") : String(value);
}

type FormValues = { kind: NoteKind; occurredAt: string; participants: string; summary: string; sentiment: Sentiment; topics: string[]; followUpDate: string };

function NoteFormFields({ uid, topics, note, onDone }: { uid: string; topics: string[]; note?: NoteRow; onDone: () => void }) {
  const fetcher = useFetcher<NoteActionResult>();
  const initial = (): FormValues => ({
    kind: (note?.kind as NoteKind) ?? "call",
    occurredAt: whenValue(note?.occurredAt ?? Date.now()),
    participants: note?.participants ?? "",
    summary: note?.summary ?? "",
    sentiment: (note?.sentiment as Sentiment) ?? "neutral",
    topics: note?.topics ?? [],
    followUpDate: note?.followUpDate ?? "",
  });
  const [v, setV] = useState<FormValues>(initial);
  const set = <K extends keyof FormValues>(k: K, value: FormValues[K]) => setV((prev) => ({ ...prev, [k]: value }));
  const result = fetcher.data;
  const errors = result && !result.ok ? result.errors : {};
  useFetcherSuccess(fetcher, () => {
    if (!note) setV(initial());
    onDone();
  });
  const prefix = note ? `note-${note.id}-` : "new-note-";
  return (
    <fetcher.Form method="post" action={`/affiliates/${uid}/notes`} preventScrollReset data-testid={note ? "edit-note-form" : "note-form"}>
      <input type="hidden" name="intent" value={note ? "update" : "create"} />
      {note ? <input type="hidden" name="noteId" value={note.id} /> : null}
      <input type="hidden" name="sentiment" value={v.sentiment} />
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select id={`${prefix}kind`} name="kind" label="Kind" data={KIND_OPTIONS} value={v.kind} onChange={(k) => k && set("kind", k as NoteKind)} allowDeselect={false} error={errors.kind?.[0]} />
          <TextInput id={`${prefix}when`} name="occurredAt" label="When (UTC)" type="datetime-local" value={v.occurredAt} onChange={(e) => set("occurredAt", e.currentTarget.value)} error={errors.occurredAt?.[0]} required />
          <TextInput id={`${prefix}participants`} name="participants" label="Participants" placeholder="Who took part" value={v.participants} onChange={(e) => set("participants", e.currentTarget.value)} error={errors.participants?.[0]} />
        </SimpleGrid>
        <Textarea
          id={`${prefix}summary`}
          name="summary"
          label="Summary"
          description="Markdown: **bold**, lists, [links](https://…)."
          autosize
          minRows={3}
          maxRows={14}
          value={v.summary}
          onChange={(e) => set("summary", e.currentTarget.value)}
          error={errors.summary?.[0]}
          required
        />
        <div>
          <Text size="sm" fw={500} mb={4} id={`${prefix}sentiment-label`}>
            Sentiment
          </Text>
          <SegmentedControl aria-labelledby={`${prefix}sentiment-label`} data={SENTIMENT_OPTIONS} value={v.sentiment} onChange={(s) => set("sentiment", s as Sentiment)} />
          {errors.sentiment?.[0] ? (
            <Text size="xs" c="red">
              {errors.sentiment[0]}
            </Text>
          ) : null}
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput
            id={`${prefix}topics`}
            name="topics"
            label="Topics"
            placeholder="commission, campaign …"
            data={topics}
            value={v.topics}
            onChange={(t) => set("topics", t)}
            error={errors.topics?.[0]}
            clearable
            acceptValueOnBlur
          />
          <TextInput
            id={`${prefix}follow-up`}
            name="followUpDate"
            label="Follow up on"
            description={note?.followUpTask ? "Moves the open follow-up task's due date." : "Creates a follow-up task for the affiliate's owner."}
            type="date"
            value={v.followUpDate}
            onChange={(e) => set("followUpDate", e.currentTarget.value)}
            error={errors.followUpDate?.[0]}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          {note ? (
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={fetcher.state !== "idle"} data-testid="save-note">
            {note ? "Save changes" : "Log engagement"}
          </Button>
        </Group>
      </Stack>
    </fetcher.Form>
  );
}

function NoteCard({ uid, note, topics, now }: { uid: string; note: NoteRow; topics: string[]; now: number }) {
  const [editing, { open: edit, close: stopEditing }] = useDisclosure(false);
  const [history, { toggle: toggleHistory }] = useDisclosure(false);
  const [confirming, { open: confirm, close: cancelDelete }] = useDisclosure(false);
  const remover = useFetcher<NoteActionResult>();
  const kind = NOTE_KIND_LABELS[note.kind as NoteKind] ?? note.kind;
  // Marked when a link led here (a task's "from a note", the Activity tab).
  const linked = useLocation().hash === `#note-${note.id}`;
  return (
    <Card
      withBorder
      radius="md"
      id={`note-${note.id}`}
      data-testid="note"
      data-linked={linked || undefined}
      style={linked ? { borderColor: "var(--mantine-color-blue-5)", boxShadow: "0 0 0 1px var(--mantine-color-blue-5)" } : undefined}
    >
      <Group justify="space-between" align="flex-start" mb={4}>
        <div>
          <Text fw={600} size="sm">
            {kind} · {formatInstant(note.occurredAt)}{" "}
            <Text span c="dimmed" size="xs">
              ({formatRelative(note.occurredAt, now)})
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            by {note.authorName ?? "someone"}
            {note.participants ? ` · with ${note.participants}` : ""}
            {note.revisions ? (
              <>
                {" · "}
                <Anchor component="button" type="button" size="xs" onClick={toggleHistory} data-testid="note-edited" aria-expanded={history}>
                  edited{note.revisions > 1 ? ` ${note.revisions} times` : ""}
                </Anchor>
              </>
            ) : null}
          </Text>
        </div>
        <Group gap={6}>
          <Badge color={SENTIMENT_COLORS[note.sentiment as Sentiment] ?? "gray"} variant="light">
            {SENTIMENT_LABELS[note.sentiment as Sentiment] ?? note.sentiment}
          </Badge>
          {note.canEdit && !editing ? (
            <>
              <Button size="compact-xs" variant="subtle" onClick={edit} aria-label={`Edit the ${kind.toLowerCase()} of ${formatInstant(note.occurredAt)}`}>
                Edit
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" onClick={confirm}>
                Delete
              </Button>
            </>
          ) : null}
        </Group>
      </Group>
      {editing ? (
        <NoteFormFields uid={uid} topics={topics} note={note} onDone={stopEditing} />
      ) : (
        <>
          <SafeMarkdown>{note.summary}</SafeMarkdown>
          <Group gap={6} mt={6}>
            {note.topics.map((t) => (
              <Badge key={t} size="sm" variant="outline">
                {t}
              </Badge>
            ))}
            {note.followUpTask ? (
              <Text size="xs" c="dimmed">
                Follow-up task{" "}
                <Anchor component={Link} to={`/affiliates/${uid}?tab=tasks`} size="xs">
                  due {formatDate(note.followUpTask.dueDate)}
                </Anchor>{" "}
                · {note.followUpTask.status.replace("_", " ")}
                {note.followUpTask.assigneeName ? ` · for ${note.followUpTask.assigneeName}` : ""}
              </Text>
            ) : note.followUpDate ? (
              <Text size="xs" c="dimmed">
                Follow up on {formatDate(note.followUpDate)}
              </Text>
            ) : null}
          </Group>
        </>
      )}
      <Collapse in={history}>
        <Stack gap={6} mt="sm" data-testid="note-history">
          <Text size="xs" fw={600}>
            Edit history: what each edit changed, as it was before
          </Text>
          {note.history.map((h, i) => {
            const before = h.before as Record<string, unknown>;
            const after = (note.history[i + 1]?.before as Record<string, unknown> | undefined) ?? (note as unknown as Record<string, unknown>);
            const changed = Object.keys(FIELD_LABELS).filter((f) => f in before && JSON.stringify(before[f]) !== JSON.stringify(after[f]));
            return (
              <Paper key={h.id} withBorder p="xs" radius="sm">
                <Text size="xs" c="dimmed">
                  {formatInstant(h.at)} · edited by {h.editorName ?? "someone"}
                </Text>
                {changed.map((field) => (
                  <Text key={field} size="xs" style={{ whiteSpace: "pre-wrap" }}>
                    <b>{FIELD_LABELS[field]} was</b>: {showField(field, before[field])}
                  </Text>
                ))}
              </Paper>
            );
          })}
        </Stack>
      </Collapse>
      <Modal opened={confirming} onClose={cancelDelete} title="Delete this note?">
        <Text size="sm" mb="md">
          The note leaves the affiliate's page and its engagement recency; it stays in the audit log. Its follow-up task, if any, stays.
        </Text>
        <remover.Form method="post" action={`/affiliates/${uid}/notes`} preventScrollReset onSubmit={cancelDelete}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="noteId" value={note.id} />
          <Group justify="flex-end">
            <Button variant="default" onClick={cancelDelete}>
              Keep it
            </Button>
            <Button type="submit" color="red" data-testid="confirm-delete-note">
              Delete
            </Button>
          </Group>
        </remover.Form>
      </Modal>
    </Card>
  );
}
