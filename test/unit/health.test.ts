import { describe, expect, it } from "vitest";
import {
  bandOf,
  decodeMeasures,
  encodeMeasures,
  DEFAULT_HEALTH_SETTINGS,
  engagementScore,
  evaluateAlerts,
  type HealthHistoryEntry,
  type HealthInputs,
  type HealthSettings,
  type MeasureKey,
  medianRatioScore,
  previewBandChanges,
  scoreHealth,
  trendScore,
  validateHealthSettings,
} from "../../app/domain/health";

const flat = (n: number, v: number) => Array.from({ length: n }, () => v);
/** 8 base weeks at `base`, then 4 recent weeks at `recent`. */
const series = (base: number, recent: number) => [...flat(8, base), ...flat(4, recent)];

/** Every measure has data: volume and traded flat (70 each), funnel and breadth at the median (75 each), engaged 5 days ago and no incidents (100 each). */
function inputs(over: Partial<HealthInputs> = {}): HealthInputs {
  return {
    volumeByWeek: series(10_000_00, 10_000_00),
    tradedByWeek: series(5, 5),
    funnel: { referrals: 20, firstTrades: 4, peerMedian: 0.2 },
    breadth: { products: 4, teamMedian: 4 },
    daysSinceEngagement: 5,
    openIncidents: {},
    ...over,
  };
}

const S = DEFAULT_HEALTH_SETTINGS;
const withWeights = (weights: Partial<Record<MeasureKey, number>>): HealthSettings => ({
  ...S,
  weights: { volumeTrend: 0, tradedTrend: 0, funnel: 0, breadth: 0, engagement: 0, incidents: 0, ...weights },
});
const measureOf = (i: HealthInputs, key: MeasureKey, settings: HealthSettings = S) => {
  const m = scoreHealth(i, settings).measures.find((x) => x.key === key);
  if (!m) throw new Error(`no measure ${key}`);
  return m;
};

describe("curves", () => {
  it("scores a trend: −50 % or worse 0, flat 70, +25 % or better 100, linear between", () => {
    expect(trendScore(-1)).toBe(0);
    expect(trendScore(-0.6)).toBe(0);
    expect(trendScore(-0.5)).toBe(0);
    expect(trendScore(-0.25)).toBeCloseTo(35);
    expect(trendScore(0)).toBe(70);
    expect(trendScore(0.125)).toBeCloseTo(85);
    expect(trendScore(0.25)).toBe(100);
    expect(trendScore(3)).toBe(100);
  });

  it("scores against a median: 0 → 0, at the median 75, 1.5× or more 100", () => {
    expect(medianRatioScore(0, 4)).toBe(0);
    expect(medianRatioScore(2, 4)).toBeCloseTo(37.5);
    expect(medianRatioScore(4, 4)).toBe(75);
    expect(medianRatioScore(5, 4)).toBeCloseTo(87.5);
    expect(medianRatioScore(6, 4)).toBe(100);
    expect(medianRatioScore(9, 4)).toBe(100);
    expect(medianRatioScore(0, 0)).toBe(75);
    expect(medianRatioScore(1, 0)).toBe(100);
  });

  it("scores engagement: ≤ 14 days 100, ≥ 60 days or never 0, linear between", () => {
    expect(engagementScore(0)).toBe(100);
    expect(engagementScore(14)).toBe(100);
    expect(engagementScore(37)).toBeCloseTo(50);
    expect(engagementScore(60)).toBe(0);
    expect(engagementScore(400)).toBe(0);
    expect(engagementScore(null)).toBe(0);
  });
});

describe("volume trend", () => {
  it("compares the last 4 weeks' average with the 8 before", () => {
    const m = measureOf(inputs({ volumeByWeek: series(100_00, 62_00) }), "volumeTrend");
    expect(m.missing).toBe(false);
    expect(m.score).toBe(17); // −38 % → 70 × 12/50 = 16.8
    expect(m.reason).toBe("Volume −38 % over the last 4 weeks against the 8 before ($62 a week vs $100)");
  });

  it("gives 70 when flat and 100 from +25 %, 0 from −50 %", () => {
    expect(measureOf(inputs({ volumeByWeek: series(100_00, 100_00) }), "volumeTrend")).toMatchObject({ score: 70, reason: expect.stringContaining("Volume 0 %") });
    expect(measureOf(inputs({ volumeByWeek: series(100_00, 125_00) }), "volumeTrend")).toMatchObject({ score: 100, reason: expect.stringContaining("Volume +25 %") });
    expect(measureOf(inputs({ volumeByWeek: series(100_00, 50_00) }), "volumeTrend").score).toBe(0);
    expect(measureOf(inputs({ volumeByWeek: series(100_00, 0) }), "volumeTrend")).toMatchObject({ score: 0, reason: expect.stringContaining("Volume −100 %") });
  });

  it("averages weeks, so one big week counts for its share", () => {
    // base: seven weeks of 0 and one of 800 → 100 a week; recent: 100 a week → flat
    const m = measureOf(inputs({ volumeByWeek: [800_00, ...flat(7, 0), ...flat(4, 100_00)] }), "volumeTrend");
    expect(m.score).toBe(70);
  });

  it("uses compact dollars for large amounts", () => {
    const m = measureOf(inputs({ volumeByWeek: series(2_000_000_00, 1_500_000_00) }), "volumeTrend");
    expect(m.reason).toBe("Volume −25 % over the last 4 weeks against the 8 before ($1.5M a week vs $2M)");
    expect(m.score).toBe(35);
  });

  it("is missing without volume in either window", () => {
    const m = measureOf(inputs({ volumeByWeek: flat(12, 0) }), "volumeTrend");
    expect(m).toMatchObject({ missing: true, weight: 0, reason: "No volume in the last 12 weeks" });
  });

  it("scores volume that starts in the last 4 weeks 100", () => {
    const m = measureOf(inputs({ volumeByWeek: series(0, 50_00) }), "volumeTrend");
    expect(m).toMatchObject({ missing: false, score: 100 });
    expect(m.reason).toBe("Volume started over the last 4 weeks against the 8 before ($50 a week, none before)");
  });

  it("compares a young affiliate with the weeks it has, and needs at least one base week", () => {
    const m = measureOf(inputs({ volumeByWeek: [100_00, 100_00, 80_00, 80_00, 80_00, 80_00] }), "volumeTrend");
    expect(m.reason).toBe("Volume −20 % over the last 4 weeks against the 2 before ($80 a week vs $100)");
    expect(m.score).toBe(42); // 70 × 30/50
    expect(measureOf(inputs({ volumeByWeek: flat(4, 100_00) }), "volumeTrend")).toMatchObject({
      missing: true,
      reason: "Not enough history: fewer than 5 weeks",
    });
    expect(measureOf(inputs({ volumeByWeek: [] }), "volumeTrend").missing).toBe(true);
  });

  it("reads only the last 12 weeks", () => {
    const m = measureOf(inputs({ volumeByWeek: [1_000_000_00, ...series(100_00, 100_00)] }), "volumeTrend");
    expect(m.score).toBe(70);
    expect(m.reason).toContain("against the 8 before");
  });
});

describe("traded-invitee trend", () => {
  it("scores the change in traded invitees a week", () => {
    const up = measureOf(inputs({ tradedByWeek: series(4, 5) }), "tradedTrend");
    expect(up).toMatchObject({ score: 100, missing: false });
    expect(up.reason).toBe("Traded invitees +25 % over the last 4 weeks against the 8 before (5 a week vs 4)");
    const down = measureOf(inputs({ tradedByWeek: [...flat(8, 4), 3, 3, 3, 2] }), "tradedTrend");
    expect(down.reason).toBe("Traded invitees −31 % over the last 4 weeks against the 8 before (2.8 a week vs 4)");
    expect(down.score).toBe(26); // 70 × (50 − 31.25)/50 = 26.25
  });

  it("is missing without traded invitees in either window", () => {
    expect(measureOf(inputs({ tradedByWeek: flat(12, 0) }), "tradedTrend")).toMatchObject({
      missing: true,
      reason: "No traded invitees in the last 12 weeks",
    });
  });
});

describe("funnel conversion", () => {
  it("compares first trades ÷ referrals with the peer median", () => {
    const m = measureOf(inputs({ funnel: { referrals: 75, firstTrades: 9, peerMedian: 0.2 } }), "funnel");
    expect(m.score).toBe(45); // 12 % ÷ 20 % = 0.6 → 45
    expect(m.reason).toBe("First-trade conversion 12 % (9 of 75 referrals); peers of similar tenure 20 %");
  });

  it("gives 75 at the median and 100 at 1.5× it, 0 with no first trade", () => {
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 4, peerMedian: 0.2 } }), "funnel").score).toBe(75);
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 5, peerMedian: 0.2 } }), "funnel").score).toBe(88); // 1.25× → 87.5
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 6, peerMedian: 0.2 } }), "funnel").score).toBe(100);
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 20, peerMedian: 0.2 } }), "funnel").score).toBe(100);
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 0, peerMedian: 0.2 } }), "funnel").score).toBe(0);
  });

  it("is missing without a peer median or with fewer than 5 referrals", () => {
    expect(measureOf(inputs({ funnel: { referrals: 20, firstTrades: 4, peerMedian: null } }), "funnel")).toMatchObject({
      missing: true,
      reason: "No peer median for this tenure",
    });
    expect(measureOf(inputs({ funnel: { referrals: 4, firstTrades: 4, peerMedian: 0.2 } }), "funnel")).toMatchObject({
      missing: true,
      reason: "Fewer than 5 referrals in the period (4)",
    });
    expect(measureOf(inputs({ funnel: { referrals: 5, firstTrades: 1, peerMedian: 0.2 } }), "funnel")).toMatchObject({ missing: false, score: 75 });
  });
});

describe("cross-product breadth", () => {
  it("compares products adopted with the team median", () => {
    const m = measureOf(inputs({ breadth: { products: 3, teamMedian: 4 } }), "breadth");
    expect(m.score).toBe(56); // 0.75 → 56.25
    expect(m.reason).toBe("3 of 5 products adopted; team median 4");
    expect(measureOf(inputs({ breadth: { products: 5, teamMedian: 4 } }), "breadth").score).toBe(88); // 1.25× → 87.5
    expect(measureOf(inputs({ breadth: { products: 0, teamMedian: 4 } }), "breadth").score).toBe(0);
    expect(measureOf(inputs({ breadth: { products: 3, teamMedian: 2 } }), "breadth").score).toBe(100);
    expect(measureOf(inputs({ breadth: { products: 2, teamMedian: 2.5 } }), "breadth").reason).toBe("2 of 5 products adopted; team median 2.5");
  });

  it("is missing without a team median", () => {
    expect(measureOf(inputs({ breadth: { products: 3, teamMedian: null } }), "breadth")).toMatchObject({ missing: true, reason: "No team median" });
  });
});

describe("engagement recency", () => {
  it("says how long ago the last engagement was", () => {
    expect(measureOf(inputs({ daysSinceEngagement: 41 }), "engagement")).toMatchObject({ score: 41, reason: "Last engagement 41 days ago" });
    expect(measureOf(inputs({ daysSinceEngagement: 14 }), "engagement")).toMatchObject({ score: 100, reason: "Last engagement 14 days ago" });
    expect(measureOf(inputs({ daysSinceEngagement: 1 }), "engagement").reason).toBe("Last engagement 1 day ago");
    expect(measureOf(inputs({ daysSinceEngagement: 0 }), "engagement").reason).toBe("Last engagement today");
    expect(measureOf(inputs({ daysSinceEngagement: 90 }), "engagement").score).toBe(0);
  });

  it("counts never engaged as data: 0, not missing", () => {
    expect(measureOf(inputs({ daysSinceEngagement: null }), "engagement")).toMatchObject({ score: 0, missing: false, reason: "No engagement logged" });
  });
});

describe("open incidents", () => {
  it("scores the worst open incident", () => {
    expect(measureOf(inputs({ openIncidents: {} }), "incidents")).toMatchObject({ score: 100, reason: "No open incidents" });
    expect(measureOf(inputs({ openIncidents: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 } }), "incidents").score).toBe(100);
    expect(measureOf(inputs({ openIncidents: { SEV4: 2 } }), "incidents")).toMatchObject({ score: 85, reason: "2 open SEV4 incidents" });
    expect(measureOf(inputs({ openIncidents: { SEV3: 1 } }), "incidents")).toMatchObject({ score: 60, reason: "1 open SEV3 incident" });
    expect(measureOf(inputs({ openIncidents: { SEV2: 1 } }), "incidents")).toMatchObject({ score: 25, reason: "1 open SEV2 incident" });
    expect(measureOf(inputs({ openIncidents: { SEV1: 1, SEV4: 2 } }), "incidents")).toMatchObject({ score: 0, reason: "3 open incidents: 1 SEV1, 2 SEV4" });
    expect(measureOf(inputs({ openIncidents: { SEV4: 1, SEV2: 1 } }), "incidents").score).toBe(25);
  });
});

describe("bands", () => {
  it("puts 75 in healthy, 74 and 50 in watch, 49 at risk", () => {
    expect(bandOf(100, S)).toBe("healthy");
    expect(bandOf(75, S)).toBe("healthy");
    expect(bandOf(74, S)).toBe("watch");
    expect(bandOf(50, S)).toBe("watch");
    expect(bandOf(49, S)).toBe("at_risk");
    expect(bandOf(0, S)).toBe("at_risk");
    expect(bandOf(null, S)).toBeNull();
  });

  it("rounds the score to a whole number first", () => {
    expect(bandOf(74.5, S)).toBe("healthy");
    expect(bandOf(74.4, S)).toBe("watch");
    expect(bandOf(49.5, S)).toBe("watch");
    expect(bandOf(49.4, S)).toBe("at_risk");
  });

  it("follows changed thresholds", () => {
    const t = { healthyMin: 80, watchMin: 60 };
    expect(bandOf(79, t)).toBe("watch");
    expect(bandOf(80, t)).toBe("healthy");
    expect(bandOf(59, t)).toBe("at_risk");
  });

  it("bands a whole score at the boundaries", () => {
    // all the weight on the funnel: the score is the funnel's, set through the peer median
    const settings = withWeights({ funnel: 100 });
    const at = (sub: number) => scoreHealth(inputs({ funnel: { referrals: 75, firstTrades: 15, peerMedian: (0.2 * 75) / sub } }), settings);
    expect(at(75)).toMatchObject({ score: 75, band: "healthy" });
    expect(at(74)).toMatchObject({ score: 74, band: "watch" });
    expect(at(50)).toMatchObject({ score: 50, band: "watch" });
    expect(at(49)).toMatchObject({ score: 49, band: "at_risk" });
  });
});

describe("scoreHealth", () => {
  it("takes the weighted mean of the sub-scores", () => {
    const h = scoreHealth(inputs(), S);
    // 25×70 + 20×70 + 15×75 + 10×75 + 15×100 + 15×100 = 8025
    expect(h.score).toBe(80);
    expect(h.band).toBe("healthy");
    expect(h.missing).toEqual([]);
    expect(h.note).toBeUndefined();
    expect(h.measures.map((m) => [m.key, m.score, m.weight])).toEqual([
      ["volumeTrend", 70, 25],
      ["tradedTrend", 70, 20],
      ["funnel", 75, 15],
      ["breadth", 75, 10],
      ["engagement", 100, 15],
      ["incidents", 100, 15],
    ]);
  });

  it("leaves out measures without data and renormalises the other weights", () => {
    const h = scoreHealth(inputs({ funnel: { referrals: 20, firstTrades: 4, peerMedian: null }, breadth: { products: 2, teamMedian: null } }), S);
    expect(h.missing).toEqual(["Funnel conversion", "Cross-product breadth"]);
    expect(h.note).toBe("Left out for lack of data: Funnel conversion, Cross-product breadth; the other weights were renormalised.");
    const w = Object.fromEntries(h.measures.map((m) => [m.key, m.weight]));
    expect(w.volumeTrend).toBeCloseTo(100 / 3);
    expect(w.tradedTrend).toBeCloseTo(80 / 3);
    expect(w.engagement).toBeCloseTo(20);
    expect(w.incidents).toBeCloseTo(20);
    expect(w.funnel).toBe(0);
    expect(w.breadth).toBe(0);
    expect(h.measures.filter((m) => !m.missing).reduce((s, m) => s + m.weight, 0)).toBeCloseTo(100);
    // (25×70 + 20×70 + 15×100 + 15×100) / 75 = 82
    expect(h.score).toBe(82);
    expect(h.band).toBe("healthy");
  });

  it("can change band when a measure goes missing", () => {
    // weak trends, strong funnel: without the funnel the score falls
    const i = inputs({ volumeByWeek: series(100, 70), tradedByWeek: series(10, 7), funnel: { referrals: 20, firstTrades: 6, peerMedian: 0.2 } });
    const full = scoreHealth(i, S);
    const without = scoreHealth({ ...i, funnel: { ...i.funnel, peerMedian: null } }, S);
    // trends −30 % → 28 each; 25×28 + 20×28 + 15×100 + 10×75 + 15×100 + 15×100 = 6510
    expect(full.score).toBe(65);
    // (25×28 + 20×28 + 10×75 + 15×100 + 15×100) / 85 = 5010 / 85 = 58.9
    expect(without.score).toBe(59);
  });

  it("gives no score when every weighted measure is missing", () => {
    const none = inputs({
      volumeByWeek: flat(12, 0),
      tradedByWeek: flat(12, 0),
      funnel: { referrals: 0, firstTrades: 0, peerMedian: null },
      breadth: { products: 0, teamMedian: null },
    });
    const h = scoreHealth(none, withWeights({ volumeTrend: 40, tradedTrend: 30, funnel: 20, breadth: 10 }));
    expect(h.score).toBeNull();
    expect(h.band).toBeNull();
    expect(h.missing).toHaveLength(4);
    expect(h.note).toBe("None of the weighted measures has data, so there is no score.");
    expect(h.measures.every((m) => m.weight === 0)).toBe(true);
    // with the default weights, engagement and incidents still score
    expect(scoreHealth(none, S).score).toBe(100);
  });

  it("follows changed weights", () => {
    const i = inputs({ daysSinceEngagement: 41 });
    const engagementOnly = scoreHealth(i, withWeights({ engagement: 100 }));
    expect(engagementOnly.score).toBe(41);
    expect(engagementOnly.band).toBe("at_risk");
    expect(engagementOnly.missing).toEqual([]); // weight 0 is not missing
    expect(engagementOnly.measures.find((m) => m.key === "volumeTrend")).toMatchObject({ weight: 0, missing: false, score: 70 });
    expect(scoreHealth(i, withWeights({ incidents: 100 })).score).toBe(100);
    // half engagement, half volume trend: (41 + 70) / 2 = 55.5 → 56
    expect(scoreHealth(i, withWeights({ engagement: 50, volumeTrend: 50 })).score).toBe(56);
    expect(scoreHealth(i, S).score).toBe(71); // (8025 − 15×59) / 100 = 71.4
  });

  it("is deterministic and leaves its inputs alone", () => {
    const i = inputs({ openIncidents: { SEV3: 1 } });
    const copy = structuredClone(i);
    expect(scoreHealth(i, S)).toEqual(scoreHealth(i, S));
    expect(i).toEqual(copy);
  });
});

describe("validateHealthSettings", () => {
  const form = (over: Record<string, unknown> = {}) => ({ ...structuredClone(S), ...over });

  it("accepts the defaults", () => {
    expect(validateHealthSettings(S)).toEqual({ ok: true, settings: S });
  });

  it("reads form strings and checkboxes", () => {
    const r = validateHealthSettings({
      weights: { volumeTrend: "30", tradedTrend: "20", funnel: "10", breadth: "10", engagement: "15", incidents: " 15 " },
      healthyMin: "80",
      watchMin: "55",
      alerts: {
        scoreDrop: { enabled: "on", points: "10", weeks: "4" },
        enteredAtRisk: {},
        noTradedInvitee: { enabled: "on", weeks: "3" },
        adoptersHalving: { enabled: "off", minPrevious: "5" },
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.weights.volumeTrend).toBe(30);
    expect(r.settings.weights.incidents).toBe(15);
    expect(r.settings.healthyMin).toBe(80);
    expect(r.settings.alerts.scoreDrop).toEqual({ enabled: true, points: 10, weeks: 4 });
    expect(r.settings.alerts.enteredAtRisk.enabled).toBe(false);
    expect(r.settings.alerts.adoptersHalving).toEqual({ enabled: false, minPrevious: 5 });
  });

  it("says what the weights add up to when it is not 100", () => {
    const r = validateHealthSettings(form({ weights: { ...S.weights, volumeTrend: 20 } }));
    expect(r).toEqual({ ok: false, fieldErrors: {}, formErrors: ["The weights add up to 95; they must add up to 100."] });
  });

  it("puts a bad weight's message beside its field", () => {
    const neg = validateHealthSettings(form({ weights: { ...S.weights, funnel: -5, breadth: 30 } }));
    expect(neg.ok).toBe(false);
    if (neg.ok) return;
    expect(neg.fieldErrors["weights.funnel"]).toBe("The weight of funnel conversion must be between 0 and 100.");

    const r = validateHealthSettings(form({ weights: { ...S.weights, volumeTrend: "", tradedTrend: "abc", breadth: 10.5 } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors).toEqual({
      "weights.volumeTrend": "Enter the weight of volume trend.",
      "weights.tradedTrend": "The weight of traded-invitee trend must be a number.",
      "weights.breadth": "The weight of cross-product breadth must be a whole number.",
    });
    expect(r.formErrors).toEqual([]); // no sum while a weight is unreadable
  });

  it("checks 0 < watchMin < healthyMin ≤ 100", () => {
    const errs = (over: Record<string, unknown>) => {
      const r = validateHealthSettings(form(over));
      return r.ok ? null : r.fieldErrors;
    };
    expect(errs({ watchMin: 75 })).toEqual({ watchMin: "The watch threshold must be below the healthy threshold (75)." });
    expect(errs({ watchMin: 80 })).toEqual({ watchMin: "The watch threshold must be below the healthy threshold (75)." });
    expect(errs({ watchMin: 0 })).toEqual({ watchMin: "The watch threshold must be between 1 and 100." });
    expect(errs({ healthyMin: 101 })).toEqual({ healthyMin: "The healthy threshold must be between 1 and 100." });
    expect(errs({ healthyMin: 100, watchMin: 99 })).toBeNull();
    expect(errs({ healthyMin: 2, watchMin: 1 })).toBeNull();
  });

  it("checks the alert thresholds", () => {
    const r = validateHealthSettings(form({ alerts: { ...S.alerts, scoreDrop: { enabled: true, points: 0, weeks: 4 }, noTradedInvitee: { enabled: true, weeks: 13 } } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors).toEqual({
      "alerts.scoreDrop.points": "The drop in points must be between 1 and 100.",
      "alerts.noTradedInvitee.weeks": "The number of weeks must be between 1 and 12.",
    });
  });
});

describe("previewBandChanges", () => {
  it("counts the affiliates changing band, in total and per transition", () => {
    const current = [
      { uid: "1", band: "healthy" as const },
      { uid: "2", band: "healthy" as const },
      { uid: "3", band: "watch" as const },
      { uid: "4", band: "watch" as const },
      { uid: "5", band: "at_risk" as const },
      { uid: "6", band: null },
      { uid: "9", band: "healthy" as const }, // not in the new bands: ignored
    ];
    const next = [
      { uid: "1", band: "watch" as const },
      { uid: "2", band: "watch" as const },
      { uid: "3", band: "watch" as const },
      { uid: "4", band: "at_risk" as const },
      { uid: "5", band: "at_risk" as const },
      { uid: "6", band: "healthy" as const },
      { uid: "7", band: "healthy" as const }, // not scored before
    ];
    expect(previewBandChanges(current, next)).toEqual({
      changed: 5,
      transitions: [
        { from: "healthy", to: "watch", count: 2 },
        { from: null, to: "healthy", count: 2 },
        { from: "watch", to: "at_risk", count: 1 },
      ],
    });
  });

  it("reports no change for identical bands", () => {
    const bands = [
      { uid: "1", band: "healthy" as const },
      { uid: "2", band: null },
    ];
    expect(previewBandChanges(bands, bands)).toEqual({ changed: 0, transitions: [] });
  });
});

describe("evaluateAlerts", () => {
  const entry = (week: string, score: number | null): HealthHistoryEntry => ({ week, score, band: bandOf(score, S) });
  const noTrades: number[] = [];
  const noAdopters = {};
  const rules = (alerts: { rule: string }[]) => alerts.map((a) => a.rule);

  describe("score drop", () => {
    const history = (scores: (number | null)[]) => {
      const weeks = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"];
      return scores.map((s, i) => entry(weeks[weeks.length - scores.length + i], s));
    };

    it("fires on a drop of 15 points or more within 4 weeks", () => {
      const alerts = evaluateAlerts(history([90, 85, 80, 78, 75]), noTrades, noAdopters, S);
      expect(alerts).toEqual([{ rule: "scoreDrop", reason: "Score fell 15 points within 4 weeks (from 90 to 75)" }]);
    });

    it("does not fire on a drop of 14, or on a peak more than 4 weeks back", () => {
      expect(rules(evaluateAlerts(history([89, 85, 80, 78, 75]), noTrades, noAdopters, S))).toEqual([]);
      // 95 is five weeks before the current week
      expect(rules(evaluateAlerts(history([95, 85, 80, 78, 76, 75]), noTrades, noAdopters, S))).toEqual([]);
    });

    it("skips unscored weeks and needs a current score", () => {
      expect(rules(evaluateAlerts(history([90, null, 75]), noTrades, noAdopters, S))).toEqual(["scoreDrop"]);
      expect(rules(evaluateAlerts(history([90, 80, null]), noTrades, noAdopters, S))).toEqual([]);
      expect(rules(evaluateAlerts(history([60]), noTrades, noAdopters, S))).toEqual([]);
    });

    it("follows its settings", () => {
      const tuned = { ...S, alerts: { ...S.alerts, scoreDrop: { enabled: true, points: 10, weeks: 2 } } };
      expect(rules(evaluateAlerts(history([90, 80, 80, 79]), noTrades, noAdopters, tuned))).toEqual([]); // 90 is 3 weeks back
      expect(rules(evaluateAlerts(history([90, 89, 80, 79]), noTrades, noAdopters, tuned))).toEqual(["scoreDrop"]);
      const off = { ...S, alerts: { ...S.alerts, scoreDrop: { ...S.alerts.scoreDrop, enabled: false } } };
      expect(rules(evaluateAlerts(history([90, 85, 80, 78, 75]), noTrades, noAdopters, off))).toEqual([]);
    });
  });

  describe("entering at risk", () => {
    it("fires when the band becomes at risk this week", () => {
      const alerts = evaluateAlerts([entry("2026-01-26", 55), entry("2026-02-02", 48)], noTrades, noAdopters, S);
      expect(alerts).toEqual([{ rule: "enteredAtRisk", reason: 'Entered "at risk" this week (score 48, was watch)' }]);
    });

    it("fires for a first score at risk", () => {
      expect(evaluateAlerts([entry("2026-02-02", 30)], noTrades, noAdopters, S)).toEqual([
        { rule: "enteredAtRisk", reason: 'Entered "at risk" this week (score 30)' },
      ]);
    });

    it("does not fire when already at risk, when not at risk, or when switched off", () => {
      expect(rules(evaluateAlerts([entry("2026-01-26", 45), entry("2026-02-02", 40)], noTrades, noAdopters, S))).toEqual([]);
      expect(rules(evaluateAlerts([entry("2026-01-26", 45), entry("2026-02-02", 50)], noTrades, noAdopters, S))).toEqual([]);
      const off = { ...S, alerts: { ...S.alerts, enteredAtRisk: { enabled: false } } };
      expect(rules(evaluateAlerts([entry("2026-01-26", 55), entry("2026-02-02", 48)], noTrades, noAdopters, off))).toEqual([]);
    });

    it("fires alongside a drop", () => {
      expect(rules(evaluateAlerts([entry("2026-01-26", 70), entry("2026-02-02", 45)], noTrades, noAdopters, S))).toEqual(["scoreDrop", "enteredAtRisk"]);
    });
  });

  describe("no traded invitee", () => {
    it("fires after 2 weeks without a traded invitee", () => {
      expect(evaluateAlerts([], [3, 2, 1, 0, 0], noAdopters, S)).toEqual([{ rule: "noTradedInvitee", reason: "No traded invitee in the last 2 weeks" }]);
    });

    it("does not fire after 1 quiet week, nor for an affiliate that never had one", () => {
      expect(rules(evaluateAlerts([], [3, 2, 1, 1, 0], noAdopters, S))).toEqual([]);
      expect(rules(evaluateAlerts([], [0, 0, 0, 0, 0], noAdopters, S))).toEqual([]);
      expect(rules(evaluateAlerts([], [0, 0], noAdopters, S))).toEqual([]);
    });

    it("follows its settings", () => {
      const three = { ...S, alerts: { ...S.alerts, noTradedInvitee: { enabled: true, weeks: 3 } } };
      expect(rules(evaluateAlerts([], [3, 1, 0, 0], noAdopters, three))).toEqual([]);
      expect(rules(evaluateAlerts([], [3, 0, 0, 0], noAdopters, three))).toEqual(["noTradedInvitee"]);
      const off = { ...S, alerts: { ...S.alerts, noTradedInvitee: { enabled: false, weeks: 2 } } };
      expect(rules(evaluateAlerts([], [3, 2, 1, 0, 0], noAdopters, off))).toEqual([]);
    });
  });

  describe("adopters halving", () => {
    it("fires when a product's adopters fall to half or less, from at least 4", () => {
      const alerts = evaluateAlerts([], noTrades, { futures: { previous: 8, current: 4 }, earn: { previous: 10, current: 6 } }, S);
      expect(alerts).toEqual([{ rule: "adoptersHalving", product: "futures", reason: "Futures adopters fell from 8 to 4 (−50 %)" }]);
      expect(evaluateAlerts([], noTrades, { web3_wallet: { previous: 4, current: 0 } }, S)).toEqual([
        { rule: "adoptersHalving", product: "web3_wallet", reason: "Web3 Wallet adopters fell from 4 to 0 (−100 %)" },
      ]);
    });

    it("does not fire above half, from fewer than 4, or when switched off", () => {
      expect(rules(evaluateAlerts([], noTrades, { futures: { previous: 9, current: 5 } }, S))).toEqual([]);
      expect(rules(evaluateAlerts([], noTrades, { futures: { previous: 3, current: 0 } }, S))).toEqual([]);
      expect(rules(evaluateAlerts([], noTrades, { futures: { previous: 0, current: 0 } }, S))).toEqual([]);
      const off = { ...S, alerts: { ...S.alerts, adoptersHalving: { enabled: false, minPrevious: 4 } } };
      expect(rules(evaluateAlerts([], noTrades, { futures: { previous: 8, current: 2 } }, off))).toEqual([]);
    });

    it("follows a changed minimum", () => {
      const min2 = { ...S, alerts: { ...S.alerts, adoptersHalving: { enabled: true, minPrevious: 2 } } };
      expect(rules(evaluateAlerts([], noTrades, { options: { previous: 2, current: 1 } }, min2))).toEqual(["adoptersHalving"]);
    });
  });
});

describe("stored measures", () => {
  it("come back as scored, labels, missing list and note included", () => {
    const withMissing = scoreHealth(inputs({ funnel: { referrals: 2, firstTrades: 0, peerMedian: 0.1 } }), S);
    expect(withMissing.missing).toEqual(["Funnel conversion"]);
    for (const h of [scoreHealth(inputs(), S), withMissing]) {
      const stored = encodeMeasures(h);
      const back = decodeMeasures(stored, h.score)!;
      expect(back.measures.map((m) => ({ ...m, weight: Math.round(m.weight * 100) / 100 }))).toEqual(h.measures.map((m) => ({ ...m, weight: Math.round(m.weight * 100) / 100 })));
      expect(back.missing).toEqual(h.missing);
      expect(back.note).toEqual(h.note ?? null);
      expect(stored.length).toBeLessThan(JSON.stringify(h).length / 2);
    }
  });

  it("say why there is no score", () => {
    const none = scoreHealth(inputs({ volumeByWeek: flat(12, 0), tradedByWeek: flat(12, 0) }), { ...S, weights: { ...S.weights, volumeTrend: 50, tradedTrend: 50, funnel: 0, breadth: 0, engagement: 0, incidents: 0 } });
    expect(none.score).toBeNull();
    expect(decodeMeasures(encodeMeasures(none), null)!.note).toBe(none.note);
  });

  it("read the full form older snapshots hold", () => {
    const h = scoreHealth(inputs(), S);
    expect(decodeMeasures({ measures: h.measures, missing: h.missing, note: null }, h.score)!.measures).toEqual(h.measures);
    expect(decodeMeasures(null, null)).toBeNull();
  });
});
