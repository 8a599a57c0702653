import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_SETTINGS, engagementMeasure, type HealthInputs, rescoreMeasures, scoreHealth } from "../../app/domain/health";
import { changedFields, followUpTitle, noteForm, notesLimit, parseWhen, summaryExcerpt, whenValue, type NoteFields } from "../../app/domain/notes";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const valid = {
  kind: "call",
  occurredAt: "2026-11-19T15:30",
  participants: "  Dunia, Maya ",
  summary: "  Agreed a **campaign**.  ",
  sentiment: "positive",
  topics: "commission, Campaign,campaign, ,product feedback",
  followUpDate: "2026-11-27",
};
const parse = (over: Record<string, string | undefined> = {}) => noteForm(NOW).safeParse({ ...valid, ...over });
const errorsOf = (over: Record<string, string | undefined>) => {
  const r = parse(over);
  if (r.success) throw new Error("expected a validation error");
  return r.error.flatten().fieldErrors as Record<string, string[] | undefined>;
};

describe("the note form", () => {
  it("accepts a complete note: the time read as UTC, texts trimmed, topics de-duplicated (case-insensitively)", () => {
    const r = parse();
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toEqual({
      kind: "call",
      occurredAt: Date.parse("2026-11-19T15:30:00Z"),
      participants: "Dunia, Maya",
      summary: "Agreed a **campaign**.",
      sentiment: "positive",
      topics: ["commission", "campaign", "product feedback"],
      followUpDate: "2026-11-27",
    });
  });

  it("leaves participants, topics and the follow-up optional", () => {
    const r = parse({ participants: undefined, topics: "", followUpDate: "" });
    expect(r.success && r.data).toMatchObject({ participants: null, topics: [], followUpDate: null });
  });

  it("says what is wrong, per field", () => {
    expect(errorsOf({ kind: "lunch" }).kind).toEqual(["Choose what kind of engagement it was."]);
    expect(errorsOf({ occurredAt: "" }).occurredAt).toEqual(["Say when it happened."]);
    expect(errorsOf({ occurredAt: "yesterday" }).occurredAt?.[0]).toMatch(/A date and time/);
    expect(errorsOf({ occurredAt: "2026-11-23T09:00" }).occurredAt?.[0]).toMatch(/in the future/);
    expect(errorsOf({ summary: " a " }).summary).toEqual(["Write what was discussed."]);
    expect(errorsOf({ summary: "x".repeat(10_001) }).summary?.[0]).toMatch(/10,000 characters/);
    expect(errorsOf({ sentiment: "angry" }).sentiment).toEqual(["Choose a sentiment."]);
    expect(errorsOf({ topics: Array.from({ length: 11 }, (_, i) => `t${i}`).join(",") }).topics).toEqual(["10 topics at most."]);
    expect(errorsOf({ followUpDate: "27/11/2026" }).followUpDate?.[0]).toMatch(/A date/);
    expect(errorsOf({ followUpDate: "2026-11-18" }).followUpDate).toEqual(["The follow-up cannot be before the engagement."]);
    expect(errorsOf({ followUpDate: "2028-01-01" }).followUpDate).toEqual(["A year ahead at most."]);
    expect(errorsOf({ participants: "p".repeat(301) }).participants).toEqual(["300 characters at most."]);
  });

  it("tolerates a day ahead (time zones) and a follow-up on the engagement's day", () => {
    expect(parse({ occurredAt: "2026-11-21T11:00", followUpDate: "2026-11-21" }).success).toBe(true);
  });
});

describe("note helpers", () => {
  it("round-trips a datetime-local value through UTC", () => {
    const ms = parseWhen("2026-03-12T08:05");
    expect(ms).toBe(Date.UTC(2026, 2, 12, 8, 5));
    expect(whenValue(ms)).toBe("2026-03-12T08:05");
    expect(parseWhen("2026-03-12")).toBeNaN();
  });

  it("keeps only the fields an edit changed, as they were", () => {
    const before: NoteFields = { kind: "call", occurredAt: 1, participants: null, summary: "a", sentiment: "neutral", topics: ["x"], followUpDate: null };
    expect(changedFields(before, { ...before })).toBeNull();
    expect(changedFields(before, { ...before, summary: "b", topics: ["x", "y"] })).toEqual({ summary: "a", topics: ["x"] });
  });

  it("makes a plain, short excerpt of a Markdown summary", () => {
    expect(summaryExcerpt("\n## Call recap\nmore")).toBe("Call recap");
    expect(summaryExcerpt("- **Agreed** a [campaign](https://x.test) <b>now</b>")).toBe("Agreed a campaign now");
    expect(summaryExcerpt("x".repeat(200), 20)).toHaveLength(20);
  });

  it("names the follow-up task and pages the notes", () => {
    expect(followUpTitle("chat", "Dunia Kripto")).toBe("Follow up on the chat / telegram with Dunia Kripto");
    expect(notesLimit(undefined)).toBe(20);
    expect(notesLimit("40")).toBe(40);
    expect(notesLimit("7")).toBe(20);
    expect(notesLimit("99999")).toBe(500);
  });
});

describe("rescoring the engagement measure of a stored score", () => {
  const inputs: HealthInputs = {
    volumeByWeek: [...Array(8).fill(100_000), ...Array(4).fill(80_000)],
    tradedByWeek: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    funnel: { referrals: 2, firstTrades: 1, peerMedian: 0.3 },
    breadth: { products: 2, teamMedian: 3 },
    daysSinceEngagement: 40,
    openIncidents: { SEV3: 1 },
  };
  it("gives what scoring from the inputs gives, the missing measures still left out", () => {
    const stored = scoreHealth(inputs, DEFAULT_HEALTH_SETTINGS);
    expect(stored.missing).toEqual(["Funnel conversion"]);
    for (const days of [null, 0, 3, 20, 59, 90]) {
      const got = rescoreMeasures(stored.measures, { engagement: engagementMeasure(days) }, DEFAULT_HEALTH_SETTINGS);
      expect(got).toEqual(scoreHealth({ ...inputs, daysSinceEngagement: days }, DEFAULT_HEALTH_SETTINGS));
    }
  });

  it("moves the band when the engagement moves the total across a threshold", () => {
    const stored = scoreHealth(inputs, DEFAULT_HEALTH_SETTINGS);
    const fresh = rescoreMeasures(stored.measures, { engagement: engagementMeasure(0) }, DEFAULT_HEALTH_SETTINGS);
    expect(fresh.score!).toBeGreaterThan(stored.score!);
    expect(fresh.measures.find((m) => m.key === "engagement")).toMatchObject({ score: 100, reason: "Last engagement today" });
  });
});
