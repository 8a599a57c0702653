import { z } from "zod";
import { formatDate } from "./format";

/**
 * The affiliate's one timeline: notes, tasks created and finished, incident updates, imports that
 * changed it, health band changes and profile edits, newest first. The models read each source
 * (newest `limit + 1` of each); this module merges and orders them. Pure.
 */

export const TIMELINE_KINDS = ["note", "task", "incident", "import", "health", "profile"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  note: "Notes",
  task: "Tasks",
  incident: "Incidents",
  import: "Imports",
  health: "Health",
  profile: "Profile edits",
};

export interface TimelineEvent {
  kind: TimelineKind;
  /** When it happened (ms, UTC). */
  at: number;
  /** Unique within the timeline, stable ("note:12", "task-done:4"). */
  key: string;
  title: string;
  detail?: string | null;
  /** Who did it, when known. */
  actor?: string | null;
  /** Where to read more. */
  href?: string | null;
  /** For an entry standing for several (a burst of imports): their keys, newest first. */
  members?: string[];
  /** A colour hint for the badge (band, sentiment, severity). */
  tone?: "positive" | "negative" | "neutral" | null;
}

export const TIMELINE_PAGE = 30;
export const TIMELINE_MAX = 600;

/** The Activity tab's URL parameters: `akind` (comma list of kinds; all when absent) and `alimit`. */
export const TimelineQuery = z.object({
  akind: z
    .string()
    .optional()
    .transform((s) => {
      const kinds = (s ?? "").split(",").filter((k): k is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(k));
      return kinds.length ? [...new Set(kinds)] : [...TIMELINE_KINDS];
    }),
  alimit: z.coerce.number().int().min(1).max(TIMELINE_MAX).catch(TIMELINE_PAGE).default(TIMELINE_PAGE),
});
export type TimelineQuery = z.output<typeof TimelineQuery>;

/**
 * Merges the sources into one list of the kinds asked for, newest first (ties: the key, so the
 * order is stable), capped at `limit`; `hasMore` when something was left out. Each source must
 * hold at least its newest `limit + 1` events for `hasMore` to be right.
 */
export function mergeTimeline(sources: TimelineEvent[][], opts: { kinds?: readonly TimelineKind[]; limit: number }): { events: TimelineEvent[]; hasMore: boolean } {
  const kinds = new Set(opts.kinds ?? TIMELINE_KINDS);
  const seen = new Set<string>();
  const all: TimelineEvent[] = [];
  for (const source of sources) {
    for (const e of source) {
      if (!kinds.has(e.kind) || seen.has(e.key)) continue;
      seen.add(e.key);
      all.push(e);
    }
  }
  all.sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return { events: all.slice(0, Math.max(0, opts.limit)), hasMore: all.length > opts.limit };
}

export type BandName = "healthy" | "watch" | "at_risk";
const BAND_WORDS: Record<BandName, string> = { healthy: "Healthy", watch: "Watch", at_risk: "At risk" };
const BAND_RANK: Record<BandName, number> = { at_risk: 0, watch: 1, healthy: 2 };

/**
 * Health band changes week over week, from an affiliate's snapshots (any order): one event per
 * snapshot whose band differs from the one of the snapshot before it. Weeks without a band are
 * skipped (they neither start nor end a change). `at` is the Monday of the week (UTC).
 */
export function bandChanges(snapshots: { week: string; band: string | null; score: number | null }[]): TimelineEvent[] {
  const sorted = snapshots.filter((s): s is { week: string; band: BandName; score: number | null } => s.band != null && s.band in BAND_WORDS).sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const out: TimelineEvent[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev.band === cur.band) continue;
    out.push({
      kind: "health",
      at: Date.parse(`${cur.week}T00:00:00Z`),
      key: `band:${cur.week}`,
      title: `Health band ${BAND_WORDS[prev.band]} → ${BAND_WORDS[cur.band]}`,
      detail: `Week of ${formatDate(cur.week)}${cur.score != null ? `: score ${cur.score}${prev.score != null ? ` (was ${prev.score})` : ""}` : ""}`,
      tone: BAND_RANK[cur.band] > BAND_RANK[prev.band] ? "positive" : "negative",
    });
  }
  return out;
}

/** "name: Old → New; tier: — → Gold" from an audit row's before and after of a profile edit. */
export function describeProfileChange(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (v: unknown) => (v == null || v === "" ? "—" : Array.isArray(v) ? (v.length ? v.join(", ") : "—") : String(v));
  return fields.map((f) => `${f}: ${show(before?.[f])} → ${show(after?.[f])}`).join("; ") || "No field changed";
}

/**
 * Splits items (newest first) into bursts: runs whose consecutive times are at most `gapMs`
 * apart. A backfill of many weekly files in one sitting is one burst, shown as one entry.
 */
export function bursts<T>(items: readonly T[], at: (item: T) => number, gapMs = 3_600_000): T[][] {
  const out: T[][] = [];
  for (const item of items) {
    const run = out.at(-1);
    if (run && Math.abs(at(run[run.length - 1]) - at(item)) <= gapMs) run.push(item);
    else out.push([item]);
  }
  return out;
}
