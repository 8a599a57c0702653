import { describe, expect, it } from "vitest";
import { bandChanges, bursts, describeProfileChange, mergeTimeline, TIMELINE_KINDS, TimelineQuery, type TimelineEvent, type TimelineKind } from "../../app/domain/timeline";

const ev = (kind: TimelineKind, at: number, key = `${kind}:${at}`): TimelineEvent => ({ kind, at, key, title: key });

describe("mergeTimeline", () => {
  const notes = [ev("note", 50), ev("note", 10)];
  const tasks = [ev("task", 40), ev("task", 30), ev("task", 5)];
  const imports = [ev("import", 45), ev("import", 20)];

  it("orders every source together, newest first", () => {
    const { events, hasMore } = mergeTimeline([notes, tasks, imports], { limit: 10 });
    expect(events.map((e) => e.at)).toEqual([50, 45, 40, 30, 20, 10, 5]);
    expect(hasMore).toBe(false);
  });

  it("caps at the limit and says there is more", () => {
    const { events, hasMore } = mergeTimeline([notes, tasks, imports], { limit: 3 });
    expect(events.map((e) => e.key)).toEqual(["note:50", "import:45", "task:40"]);
    expect(hasMore).toBe(true);
    expect(mergeTimeline([notes, tasks, imports], { limit: 7 }).hasMore).toBe(false);
  });

  it("filters by kind", () => {
    const { events } = mergeTimeline([notes, tasks, imports], { kinds: ["task", "import"], limit: 10 });
    expect(events.map((e) => e.kind)).toEqual(["import", "task", "task", "import", "task"]);
  });

  it("breaks ties by key (stable) and drops duplicates", () => {
    const a = ev("note", 7, "note:1");
    const b = ev("task", 7, "task:1");
    const { events } = mergeTimeline([[a, a], [b]], { limit: 10 });
    expect(events.map((e) => e.key)).toEqual(["task:1", "note:1"]);
    expect(mergeTimeline([[b], [a]], { limit: 10 }).events.map((e) => e.key)).toEqual(["task:1", "note:1"]);
  });

  it("an empty timeline", () => {
    expect(mergeTimeline([], { limit: 5 })).toEqual({ events: [], hasMore: false });
  });
});

describe("bandChanges", () => {
  it("one event per change of band week over week, skipping weeks without a band", () => {
    const got = bandChanges([
      { week: "2026-10-19", band: "watch", score: 60 },
      { week: "2026-10-05", band: "healthy", score: 80 },
      { week: "2026-10-12", band: "healthy", score: 78 },
      { week: "2026-10-26", band: null, score: null },
      { week: "2026-11-02", band: "watch", score: 55 },
      { week: "2026-11-09", band: "at_risk", score: 40 },
      { week: "2026-11-16", band: "healthy", score: 76 },
    ]);
    expect(got.map((e) => [e.key, e.title, e.tone])).toEqual([
      ["band:2026-10-19", "Health band Healthy → Watch", "negative"],
      ["band:2026-11-09", "Health band Watch → At risk", "negative"],
      ["band:2026-11-16", "Health band At risk → Healthy", "positive"],
    ]);
    expect(got[0]).toMatchObject({ kind: "health", at: Date.parse("2026-10-19T00:00:00Z"), detail: "Week of 19 Oct 2026: score 60 (was 78)" });
  });

  it("no change, no event", () => {
    expect(bandChanges([{ week: "2026-10-05", band: "watch", score: 60 }])).toEqual([]);
    expect(bandChanges([])).toEqual([]);
  });
});

describe("the Activity tab's query", () => {
  it("reads kinds and the limit from the URL, defaulting to everything and one page", () => {
    expect(TimelineQuery.parse({})).toEqual({ akind: [...TIMELINE_KINDS], alimit: 30 });
    expect(TimelineQuery.parse({ akind: "task,note,bogus,task", alimit: "60" })).toEqual({ akind: ["task", "note"], alimit: 60 });
    expect(TimelineQuery.parse({ akind: "bogus", alimit: "-3" })).toEqual({ akind: [...TIMELINE_KINDS], alimit: 30 });
  });
});

describe("describeProfileChange", () => {
  it("lists each changed field with its old and new value", () => {
    expect(describeProfileChange({ name: "A", tags: [], tier: null }, { name: "B", tags: ["vip"], tier: "Gold" })).toBe("name: A → B; tags: — → vip; tier: — → Gold");
    expect(describeProfileChange({}, {})).toBe("No field changed");
  });
});

describe("bursts", () => {
  const H = 3_600_000;
  it("groups items whose consecutive times are within the gap, newest first", () => {
    const times = [10 * H, 10 * H - 60_000, 9.5 * H, 5 * H, 4.9 * H, 1 * H];
    expect(bursts(times, (t) => t)).toEqual([[10 * H, 10 * H - 60_000, 9.5 * H], [5 * H, 4.9 * H], [1 * H]]);
  });
  it("keeps a chain together even when its ends are further apart than the gap", () => {
    expect(bursts([3 * H, 2.2 * H, 1.4 * H], (t) => t)).toHaveLength(1);
    expect(bursts([], (t: number) => t)).toEqual([]);
  });
});
