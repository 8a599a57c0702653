import { Anchor, Badge, Button, Chip, Group, Stack, Text, ThemeIcon, Timeline } from "@mantine/core";
import { Link, useSearchParams } from "@remix-run/react";
import { Icon, type IconName } from "~/components/Icon";
import { formatInstant, formatRelative } from "~/domain/format";
import { TIMELINE_KIND_LABELS, TIMELINE_KINDS, TIMELINE_PAGE, type TimelineEvent, type TimelineKind } from "~/domain/timeline";

const ICONS: Record<TimelineKind, IconName> = { note: "file", task: "check", incident: "alert", import: "upload", health: "info", profile: "users" };
const COLORS: Record<TimelineKind, string> = { note: "indigo", task: "teal", incident: "red", import: "gray", health: "yellow", profile: "grape" };
const TONE_COLORS = { positive: "teal", negative: "red", neutral: "gray" } as const;
/** What the tone means, said per kind: a note's sentiment, a health band's direction. Other kinds say it in their title. */
const TONE_WORDS: Partial<Record<TimelineKind, Record<"positive" | "negative", string>>> = {
  note: { positive: "positive", negative: "negative" },
  health: { positive: "better", negative: "worse" },
};

/** The Activity tab: every kind of event on the affiliate, newest first, filterable by kind, with "show more". */
export function ActivityTab({ data, now }: { data: { events: TimelineEvent[]; hasMore: boolean; kinds: TimelineKind[]; limit: number }; now: number }) {
  const [params, setParams] = useSearchParams();
  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { preventScrollReset: true });
  };
  const all = data.kinds.length === TIMELINE_KINDS.length;
  return (
    <Stack data-testid="activity-tab">
      <Chip.Group multiple value={data.kinds} onChange={(v) => update({ akind: v.length === 0 || v.length === TIMELINE_KINDS.length ? null : v.join(","), alimit: null })}>
        <Group gap="xs">
          {TIMELINE_KINDS.map((k) => (
            <Chip key={k} value={k} size="xs" color={COLORS[k]}>
              {TIMELINE_KIND_LABELS[k]}
            </Chip>
          ))}
          {!all ? (
            <Button size="compact-xs" variant="subtle" onClick={() => update({ akind: null, alimit: null })}>
              Show all kinds
            </Button>
          ) : null}
        </Group>
      </Chip.Group>
      {data.events.length === 0 ? (
        <Text c="dimmed" data-testid="activity-empty">
          Nothing here yet{all ? "" : " of these kinds"}. Log an engagement on the Notes tab, or create a task: everything done with this affiliate gathers here.
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} data-testid="activity-list">
          {data.events.map((e) => (
            <Timeline.Item
              key={e.key}
              data-kind={e.kind}
              bullet={
                <ThemeIcon size={24} radius="xl" color={COLORS[e.kind]} variant="light">
                  <Icon name={ICONS[e.kind]} size={14} />
                </ThemeIcon>
              }
              title={
                <Group gap={6} wrap="nowrap" align="baseline">
                  <Text size="sm" fw={600}>
                    {e.href ? (
                      <Anchor component={Link} to={e.href} inherit preventScrollReset>
                        {e.title}
                      </Anchor>
                    ) : (
                      e.title
                    )}
                  </Text>
                  {e.tone && e.tone !== "neutral" && TONE_WORDS[e.kind] ? (
                    <Badge size="xs" variant="dot" color={TONE_COLORS[e.tone]}>
                      {TONE_WORDS[e.kind]?.[e.tone]}
                    </Badge>
                  ) : null}
                </Group>
              }
            >
              {e.detail ? (
                <Text size="sm" c="dimmed" lineClamp={3}>
                  {e.detail}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed" mt={2}>
                {TIMELINE_KIND_LABELS[e.kind].replace(/s$/, "")} · {formatInstant(e.at)} ({formatRelative(e.at, now)}){e.actor ? ` · ${e.actor}` : ""}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {data.hasMore ? (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={() => update({ alimit: String(data.limit + TIMELINE_PAGE) })} data-testid="activity-more">
            Show more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
