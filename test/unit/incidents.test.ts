import { describe, expect, it } from "vitest";
import {
  allowedTransitions,
  canChangeIncident,
  checkStatusTimes,
  durationStats,
  formatDuration,
  formObject,
  IncidentForm,
  IncidentListQuery,
  parseStatusTimesForm,
  percentile,
  responseTimes,
  sortIncidents,
  transition,
  type TransitionInput,
} from "../../app/domain/incidents";

const H = 3_600_000;
const T0 = Date.parse("2026-11-02T09:00:00Z");
const pm = { whatHappened: "Payout job failed", impact: "40 partners paid late", actions: "Alerting on the job" };

const base = (over: Partial<TransitionInput> = {}): TransitionInput => ({ status: "reported", statusTimes: { reported: T0 }, resolution: null, postmortem: null, ...over });

describe("allowed transitions", () => {
  it("go forward one step, with a reopen from resolved, and nothing from closed", () => {
    expect(allowedTransitions("reported")).toEqual(["investigating"]);
    expect(allowedTransitions("investigating")).toEqual(["mitigating"]);
    expect(allowedTransitions("mitigating")).toEqual(["resolved"]);
    expect(allowedTransitions("resolved")).toEqual(["closed", "investigating"]);
    expect(allowedTransitions("closed")).toEqual([]);
  });

  it("refuses a skip, a step back and anything after closing", () => {
    const skip = transition(base(), "mitigating", T0 + H);
    expect(skip).toEqual({ ok: false, field: "transition", error: expect.stringContaining("one step at a time") });
    const back = transition(base({ status: "mitigating", statusTimes: { reported: T0, investigating: T0, mitigating: T0 } }), "investigating", T0 + H);
    expect(back.ok).toBe(false);
    const closed = transition(base({ status: "closed" }), "investigating", T0 + H);
    expect(closed).toEqual({ ok: false, field: "transition", error: expect.stringContaining("closed") });
  });

  it("stamps the time of the step", () => {
    const r = transition(base(), "investigating", T0 + 2 * H);
    expect(r).toEqual({ ok: true, status: "investigating", statusTimes: { reported: T0, investigating: T0 + 2 * H } });
  });

  it("never stamps a time earlier than the last one (an edited time ahead of the clock)", () => {
    const r = transition(base({ statusTimes: { reported: T0 + 5 * H } }), "investigating", T0 + H);
    expect(r.ok && r.statusTimes.investigating).toBe(T0 + 5 * H);
  });

  it("resolving requires a resolution", () => {
    const inc = base({ status: "mitigating", statusTimes: { reported: T0, investigating: T0 + H, mitigating: T0 + 2 * H } });
    expect(transition(inc, "resolved", T0 + 3 * H)).toEqual({ ok: false, field: "resolution", error: expect.stringContaining("resolution") });
    expect(transition({ ...inc, resolution: "   " }, "resolved", T0 + 3 * H).ok).toBe(false);
    expect(transition({ ...inc, resolution: "Paid manually" }, "resolved", T0 + 3 * H).ok).toBe(true);
  });

  it("closing requires the whole postmortem", () => {
    const inc = base({ status: "resolved", resolution: "Paid", statusTimes: { reported: T0, investigating: T0, mitigating: T0, resolved: T0 + H } });
    expect(transition(inc, "closed", T0 + 2 * H)).toEqual({ ok: false, field: "postmortem", error: expect.stringContaining("postmortem") });
    expect(transition({ ...inc, postmortem: { ...pm, impact: "" } }, "closed", T0 + 2 * H).ok).toBe(false);
    expect(transition({ ...inc, postmortem: { whatHappened: "x" } }, "closed", T0 + 2 * H).ok).toBe(false);
    expect(transition({ ...inc, postmortem: pm }, "closed", T0 + 2 * H)).toMatchObject({ ok: true, status: "closed" });
  });

  it("reopening needs a reason, keeps the acknowledgement and forgets the later times", () => {
    const inc = base({ status: "resolved", resolution: "Paid", statusTimes: { reported: T0, investigating: T0 + H, mitigating: T0 + 2 * H, resolved: T0 + 3 * H } });
    expect(transition(inc, "investigating", T0 + 4 * H).ok).toBe(false);
    expect(transition(inc, "investigating", T0 + 4 * H, { reason: "Payouts failed again" })).toEqual({
      ok: true,
      status: "investigating",
      statusTimes: { reported: T0, investigating: T0 + H },
    });
  });
});

describe("edited transition times", () => {
  const now = T0 + 100 * H;
  it("accept non-decreasing times, equal ones included", () => {
    expect(checkStatusTimes({ reported: T0, investigating: T0, mitigating: T0 + H }, "mitigating", now)).toEqual({});
  });
  it("flag a time earlier than the step before, beside that step", () => {
    expect(checkStatusTimes({ reported: T0, investigating: T0 - H, mitigating: T0 + H }, "mitigating", now)).toEqual({
      investigating: expect.stringContaining("earlier than reported"),
    });
  });
  it("flag a missing time and one in the future; later statuses are not asked for", () => {
    const e = checkStatusTimes({ reported: T0, mitigating: now + 10 * H }, "mitigating", now);
    expect(Object.keys(e).sort()).toEqual(["investigating", "mitigating"]);
    expect(e.mitigating).toContain("future");
  });
  it("read from the form as UTC and report each field", () => {
    const ok = parseStatusTimesForm({ time_reported: "2026-11-02T09:00", time_investigating: "2026-11-02T10:30" }, "investigating", now);
    expect(ok).toEqual({ ok: true, times: { reported: T0, investigating: T0 + 1.5 * H } });
    const bad = parseStatusTimesForm({ time_reported: "2026-11-02T09:00", time_investigating: "2026-11-02T08:00" }, "investigating", now);
    expect(bad).toEqual({ ok: false, errors: { time_investigating: [expect.stringContaining("earlier")] } });
    const garbage = parseStatusTimesForm({ time_reported: "yesterday" }, "reported", now);
    expect(garbage.ok).toBe(false);
  });
});

describe("who may change an incident", () => {
  it("the owner, an affected affiliate's owner, leads and admins", () => {
    const inc = { ownerId: 5, affiliateManagerIds: [7, null] };
    expect(canChangeIncident({ id: 5, role: "manager" }, inc)).toBe(true);
    expect(canChangeIncident({ id: 7, role: "manager" }, inc)).toBe(true);
    expect(canChangeIncident({ id: 9, role: "manager" }, inc)).toBe(false);
    expect(canChangeIncident({ id: 9, role: "lead" }, inc)).toBe(true);
    expect(canChangeIncident({ id: 9, role: "admin" }, inc)).toBe(true);
    expect(canChangeIncident({ id: 9, role: "manager" }, { ownerId: null, affiliateManagerIds: [null] })).toBe(false);
  });
});

describe("response times", () => {
  it("median, p90 (nearest rank) and mean", () => {
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([3], 90)).toBe(3);
    expect(durationStats([1, 2, 3, 10])).toEqual({ count: 4, median: 2.5, p90: 10, mean: 4 });
    expect(durationStats([])).toEqual({ count: 0, median: null, p90: null, mean: null });
  });

  it("per severity over the incidents reported in the period", () => {
    const rows = responseTimes(
      [
        { severity: "SEV1", statusTimes: { reported: T0, investigating: T0 + H, resolved: T0 + 10 * H } },
        { severity: "SEV1", statusTimes: { reported: T0 + H, investigating: T0 + 4 * H } },
        { severity: "SEV1", statusTimes: { reported: T0 + 2 * H } },
        { severity: "SEV1", statusTimes: { reported: T0 - 100 * H, investigating: T0 } }, // before the period
        { severity: "SEV3", statusTimes: { reported: T0, investigating: T0 + 24 * H, resolved: T0 + 48 * H } },
      ],
      T0,
      T0 + 50 * H,
    );
    const sev1 = rows.find((r) => r.severity === "SEV1")!;
    expect(sev1.reported).toBe(3);
    expect(sev1.acknowledge).toEqual({ count: 2, median: 2 * H, p90: 3 * H, mean: 2 * H });
    expect(sev1.resolve).toEqual({ count: 1, median: 10 * H, p90: 10 * H, mean: 10 * H });
    expect(rows.find((r) => r.severity === "SEV2")).toMatchObject({ reported: 0, acknowledge: { count: 0, median: null } });
    expect(rows.find((r) => r.severity === "SEV3")!.resolve.median).toBe(48 * H);
  });

  it("reads durations for people", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(5.5 * H)).toBe("5.5 h");
    expect(formatDuration(3 * 24 * H)).toBe("3 days");
  });
});

describe("the incident form", () => {
  it("validates and normalises", () => {
    const ok = IncidentForm.safeParse({ title: "Payouts late", severity: "SEV2", category: "commission_dispute", products: "futures", countries: "vn, br", affiliateUids: ["1001"], ownerId: "3" });
    expect(ok.success && ok.data).toMatchObject({ products: ["futures"], countries: ["VN", "BR"], affiliateUids: ["1001"], ownerId: 3 });
    const bad = IncidentForm.safeParse({ title: "", severity: "SEV9", category: "", countries: "Narnia", ownerId: "" });
    expect(bad.success).toBe(false);
    const fields = Object.keys(bad.error!.flatten().fieldErrors).sort();
    expect(fields).toEqual(["affiliateUids", "category", "countries", "ownerId", "severity", "title"]);
  });
});

describe("sorting the open incidents", () => {
  const rows = [
    { id: 1, title: "b", severity: "SEV3" as const, status: "reported" as const, statusTimes: { reported: 300 }, ownerName: "Zoe" },
    { id: 2, title: "a", severity: "SEV1" as const, status: "mitigating" as const, statusTimes: { reported: 200 }, ownerName: null },
    { id: 3, title: "c", severity: "SEV1" as const, status: "investigating" as const, statusTimes: { reported: 100 }, ownerName: "Ann" },
  ];
  it("most severe first, oldest first among equals; reversed on desc", () => {
    expect(sortIncidents(rows, "severity", "asc").map((r) => r.id)).toEqual([3, 2, 1]);
    expect(sortIncidents(rows, "severity", "desc").map((r) => r.id)).toEqual([1, 3, 2]);
  });
  it("by age, owner (nobody last), status and title", () => {
    expect(sortIncidents(rows, "age", "asc").map((r) => r.id)).toEqual([3, 2, 1]);
    expect(sortIncidents(rows, "owner", "asc").map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortIncidents(rows, "status", "asc").map((r) => r.id)).toEqual([1, 3, 2]);
    expect(sortIncidents(rows, "title", "desc").map((r) => r.id)).toEqual([3, 1, 2]);
  });
  it("reads the URL with safe defaults", () => {
    expect(IncidentListQuery.parse({})).toMatchObject({ sort: "severity", dir: "asc", cpage: 1, days: 90 });
    expect(IncidentListQuery.parse({ sort: "nope", days: "7", cpage: "-2" })).toMatchObject({ sort: "severity", days: 90, cpage: 1 });
  });
});

describe("reading a submitted form", () => {
  it("keeps every value of the multi-value fields, the last of the others", () => {
    const f = new FormData();
    f.append("title", "A");
    f.append("products", "spot");
    f.append("products", "futures");
    expect(formObject(f, ["products", "affiliateUids"])).toEqual({ title: "A", products: ["spot", "futures"], affiliateUids: [] });
  });
});
