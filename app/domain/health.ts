import { z } from "zod";
import { formatInt, formatUsd } from "./format";
import { PRODUCT_KEYS } from "./kpis";
import { BANDS, INCIDENT_SEVERITIES, type Band } from "./enums";
import { addWeeks, type Week } from "./weeks";

/**
 * Affiliate health: a 0–100 score an RM can explain. Pure and deterministic: every date and
 * count is a parameter; nothing here reads the clock, the database or the network.
 *
 * The score is the weighted mean of six measures, each scored 0–100 on a documented curve with a
 * plain-English reason. A measure without data is left out and the remaining weights are
 * renormalised. Sub-scores and the total are whole numbers (rounded half up): the total is the
 * weighted mean of the sub-scores shown, so the card adds up.
 */

// ---------------------------------------------------------------------------------------------
// Types

export const MEASURE_KEYS = ["volumeTrend", "tradedTrend", "funnel", "breadth", "engagement", "incidents"] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export const MEASURE_LABELS: Record<MeasureKey, string> = {
  volumeTrend: "Volume trend",
  tradedTrend: "Traded-invitee trend",
  funnel: "Funnel conversion",
  breadth: "Cross-product breadth",
  engagement: "Engagement recency",
  incidents: "Open incidents",
};

export type { Band };

export const BAND_LABELS: Record<Band, string> = { healthy: "Healthy", watch: "Watch", at_risk: "At risk" };
export const BAND_COLORS: Record<Band, "teal" | "yellow" | "red"> = { healthy: "teal", watch: "yellow", at_risk: "red" };

export const SEVERITIES = INCIDENT_SEVERITIES;
export type Severity = (typeof SEVERITIES)[number];

/** What one affiliate's score is computed from (the caller gathers it; this module never queries). */
export interface HealthInputs {
  /**
   * Total trading volume (spot + futures + options, cents) per week, oldest first, ending with the
   * scoring week: normally 12 entries. Only the last 12 are read. Weeks before the affiliate's data
   * begins are left out (not zeros), so a young affiliate compares against the weeks it has.
   */
  volumeByWeek: number[];
  /** Traded invitees per week, oldest first, ending with the scoring week (same rules as volume). */
  tradedByWeek: number[];
  /**
   * The funnel of the invitees registered in the period: referrals and first trades
   * (conversion = firstTrades ÷ referrals), and the median of that conversion among the
   * affiliates of similar tenure (null when there are no such peers).
   */
  funnel: { referrals: number; firstTrades: number; peerMedian: number | null };
  /** Products (of the five) with at least one adopter, and the team median of that count (null: no team). */
  breadth: { products: number; teamMedian: number | null };
  /** Whole days from the last logged engagement to the scoring date; null = never engaged. */
  daysSinceEngagement: number | null;
  /** Open incidents counted by severity (absent severities count as 0). */
  openIncidents: Partial<Record<Severity, number>>;
}

export interface AlertSettings {
  /** The score fell by ≥ `points` against its highest value in the previous `weeks` weeks. */
  scoreDrop: { enabled: boolean; points: number; weeks: number };
  /** The band became "at risk" this week. */
  enteredAtRisk: { enabled: boolean };
  /** No traded invitee in each of the last `weeks` weeks (after having had some before). */
  noTradedInvitee: { enabled: boolean; weeks: number };
  /** A product's adopters fell to ≤ 50 % of the previous period, from at least `minPrevious`. */
  adoptersHalving: { enabled: boolean; minPrevious: number };
}

export interface HealthSettings {
  /** Whole-number weights per measure, summing to 100. */
  weights: Record<MeasureKey, number>;
  /** Scores ≥ healthyMin are healthy. */
  healthyMin: number;
  /** Scores ≥ watchMin (and < healthyMin) are to watch; below is at risk. */
  watchMin: number;
  alerts: AlertSettings;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  weights: { volumeTrend: 25, tradedTrend: 20, funnel: 15, breadth: 10, engagement: 15, incidents: 15 },
  healthyMin: 75,
  watchMin: 50,
  alerts: {
    scoreDrop: { enabled: true, points: 15, weeks: 4 },
    enteredAtRisk: { enabled: true },
    noTradedInvitee: { enabled: true, weeks: 2 },
    adoptersHalving: { enabled: true, minPrevious: 4 },
  },
};

export interface MeasureResult {
  key: MeasureKey;
  label: string;
  /** 0–100, a whole number; 0 (and meaningless) when `missing`. */
  score: number;
  /** Effective weight in percent after renormalisation (the present measures' weights sum to 100); 0 when missing. */
  weight: number;
  reason: string;
  missing: boolean;
}

export interface HealthScore {
  /** 0–100, a whole number; null when no weighted measure has data. */
  score: number | null;
  band: Band | null;
  /** Every measure, in MEASURE_KEYS order, the missing ones included (flagged). */
  measures: MeasureResult[];
  /** Labels of the measures left out for lack of data. */
  missing: string[];
  /** Says what was left out and that the weights were renormalised, or why there is no score. */
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Curves

const clamp = (v: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, v));
/** Linear interpolation of x from [x0, x1] onto [y0, y1]. */
const lerp = (x: number, x0: number, x1: number, y0: number, y1: number) => y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);

/** Weeks in the recent window and (at most) in the base window of the trends. */
export const TREND_RECENT_WEEKS = 4;
export const TREND_BASE_WEEKS = 8;

/**
 * Trend curve, on the change c = recent average ÷ base average − 1:
 * c ≤ −50 % → 0; −50 % … 0 → 0 … 70 (linear); flat → 70; 0 … +25 % → 70 … 100; ≥ +25 % → 100.
 */
export function trendScore(change: number): number {
  if (change <= -0.5) return 0;
  if (change <= 0) return lerp(change, -0.5, 0, 0, 70);
  if (change >= 0.25) return 100;
  return lerp(change, 0, 0.25, 70, 100);
}

/**
 * Against-a-median curve, on r = own ÷ median: 0 → 0; 0 … 1 → 0 … 75; at the median → 75;
 * 1 … 1.5 → 75 … 100; ≥ 1.5× the median → 100. A median of 0: own 0 is "at the median" (75),
 * anything above it 100.
 */
export function medianRatioScore(own: number, med: number): number {
  if (med <= 0) return own > 0 ? 100 : 75;
  const r = own / med;
  if (r >= 1.5) return 100;
  if (r <= 1) return clamp(lerp(r, 0, 1, 0, 75));
  return lerp(r, 1, 1.5, 75, 100);
}

export const ENGAGEMENT_FRESH_DAYS = 14;
export const ENGAGEMENT_STALE_DAYS = 60;

/** Engagement curve: ≤ 14 days → 100; 14 … 60 → 100 … 0 (linear); ≥ 60 days or never → 0. */
export function engagementScore(days: number | null): number {
  if (days === null) return 0;
  if (days <= ENGAGEMENT_FRESH_DAYS) return 100;
  if (days >= ENGAGEMENT_STALE_DAYS) return 0;
  return lerp(days, ENGAGEMENT_FRESH_DAYS, ENGAGEMENT_STALE_DAYS, 100, 0);
}

/** The worst open incident sets the score: none 100, SEV4 85, SEV3 60, SEV2 25, SEV1 0. */
export const INCIDENT_SCORES: Record<Severity, number> = { SEV1: 0, SEV2: 25, SEV3: 60, SEV4: 85 };

// ---------------------------------------------------------------------------------------------
// Measures

export type Measured = { score: number; reason: string } | { missing: string };

const pct = (ratio: number) => `${Math.round(ratio * 100)} %`;
/** A signed whole percentage with a true minus sign: "−38 %", "+12 %", "0 %". */
function signedPct(change: number): string {
  const p = Math.round(change * 100);
  if (p === 0) return "0 %";
  return `${p < 0 ? "−" : "+"}${Math.abs(p)} %`;
}
const plural = (n: number, one: string, many: string) => `${formatInt(n)} ${n === 1 ? one : many}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** One decimal, without a trailing ".0": 2.5, 3. */
const oneDecimal = (n: number) => String(Math.round(n * 10) / 10);

function trendMeasure(series: number[], noun: string, fmt: (v: number) => string): Measured {
  const weeks = series.slice(-(TREND_RECENT_WEEKS + TREND_BASE_WEEKS));
  if (weeks.length <= TREND_RECENT_WEEKS) return { missing: `Not enough history: fewer than ${TREND_RECENT_WEEKS + 1} weeks` };
  const recent = mean(weeks.slice(-TREND_RECENT_WEEKS));
  const baseWeeks = weeks.slice(0, -TREND_RECENT_WEEKS);
  const base = mean(baseWeeks);
  const against = `over the last ${TREND_RECENT_WEEKS} weeks against the ${baseWeeks.length} before`;
  if (base === 0 && recent === 0) return { missing: `No ${noun.toLowerCase()} in the last ${weeks.length} weeks` };
  if (base === 0) return { score: 100, reason: `${noun} started ${against} (${fmt(recent)} a week, none before)` };
  const change = recent / base - 1;
  return { score: trendScore(change), reason: `${noun} ${signedPct(change)} ${against} (${fmt(recent)} a week vs ${fmt(base)})` };
}

/** Minimum referrals for the affiliate's own conversion to mean something. */
export const MIN_FUNNEL_REFERRALS = 5;

function funnelMeasure(f: HealthInputs["funnel"]): Measured {
  if (f.peerMedian === null) return { missing: "No peer median for this tenure" };
  if (f.referrals < MIN_FUNNEL_REFERRALS) return { missing: `Fewer than ${MIN_FUNNEL_REFERRALS} referrals in the period (${formatInt(f.referrals)})` };
  const own = f.firstTrades / f.referrals;
  return {
    score: medianRatioScore(own, f.peerMedian),
    reason: `First-trade conversion ${pct(own)} (${formatInt(f.firstTrades)} of ${plural(f.referrals, "referral", "referrals")}); peers of similar tenure ${pct(f.peerMedian)}`,
  };
}

function breadthMeasure(b: HealthInputs["breadth"]): Measured {
  if (b.teamMedian === null) return { missing: "No team median" };
  return {
    score: medianRatioScore(b.products, b.teamMedian),
    reason: `${b.products} of ${PRODUCT_KEYS.length} products adopted; team median ${oneDecimal(b.teamMedian)}`,
  };
}

/** The engagement-recency measure for whole days since the last engagement (null = never). */
export function engagementMeasure(days: number | null): Measured {
  if (days === null) return { score: 0, reason: "No engagement logged" };
  const d = Math.max(0, Math.floor(days));
  return { score: engagementScore(d), reason: d === 0 ? "Last engagement today" : `Last engagement ${plural(d, "day", "days")} ago` };
}

export function incidentsMeasure(open: HealthInputs["openIncidents"]): Measured {
  const present = SEVERITIES.filter((s) => (open[s] ?? 0) > 0);
  if (present.length === 0) return { score: 100, reason: "No open incidents" };
  const worst = present[0];
  const total = present.reduce((n, s) => n + (open[s] ?? 0), 0);
  const reason =
    present.length === 1
      ? `${formatInt(total)} open ${worst} ${total === 1 ? "incident" : "incidents"}`
      : `${formatInt(total)} open incidents: ${present.map((s) => `${formatInt(open[s] ?? 0)} ${s}`).join(", ")}`;
  return { score: INCIDENT_SCORES[worst], reason };
}

function measure(key: MeasureKey, inputs: HealthInputs): Measured {
  switch (key) {
    case "volumeTrend":
      return trendMeasure(inputs.volumeByWeek, "Volume", (c) => formatUsd(c, { compact: true }));
    case "tradedTrend":
      return trendMeasure(inputs.tradedByWeek, "Traded invitees", oneDecimal);
    case "funnel":
      return funnelMeasure(inputs.funnel);
    case "breadth":
      return breadthMeasure(inputs.breadth);
    case "engagement":
      return engagementMeasure(inputs.daysSinceEngagement);
    case "incidents":
      return incidentsMeasure(inputs.openIncidents);
  }
}

// ---------------------------------------------------------------------------------------------
// Score and band

/**
 * The band of a score: the score is rounded to a whole number first (74.5 → 75 → healthy,
 * 74.4 → 74 → watch), then ≥ healthyMin is healthy, ≥ watchMin watch, below at risk.
 */
export function bandOf(score: number | null, settings: Pick<HealthSettings, "healthyMin" | "watchMin">): Band | null {
  if (score === null || !Number.isFinite(score)) return null;
  const s = Math.round(score);
  if (s >= settings.healthyMin) return "healthy";
  if (s >= settings.watchMin) return "watch";
  return "at_risk";
}

/**
 * Scores one affiliate. Each measure is scored on its curve and rounded; measures without data are
 * left out and the weights of the others renormalised to 100. A measure with weight 0 is shown
 * (weight 0) but counts for nothing. When no measure with a weight has data, the score is null.
 * (Engagement and incidents always have data — never engaged scores 0 — so "all missing" means
 * every weight sits on measures without data.)
 */
export function scoreHealth(inputs: HealthInputs, settings: HealthSettings): HealthScore {
  return combineMeasures(MEASURE_KEYS.map((key) => ({ key, m: measure(key, inputs) })), settings);
}

/**
 * A stored score with some measures replaced (engagement recency and open incidents, when a note
 * or an incident changes): the other measures are kept as they were scored, the weights
 * renormalised and the total recomputed.
 */
export function rescoreMeasures(stored: MeasureResult[], replacements: Partial<Record<MeasureKey, Measured>>, settings: HealthSettings): HealthScore {
  const byKey = new Map(stored.map((m) => [m.key, m]));
  return combineMeasures(
    MEASURE_KEYS.map((k) => {
      const replacement = replacements[k];
      if (replacement) return { key: k, m: replacement };
      const m = byKey.get(k);
      return { key: k, m: !m || m.missing ? { missing: m?.reason ?? "No data" } : { score: m.score, reason: m.reason } };
    }),
    settings,
  );
}

/** The weighted mean of measured sub-scores (missing ones left out, weights renormalised), with its band. */
function combineMeasures(raw: { key: MeasureKey; m: Measured }[], settings: HealthSettings): HealthScore {
  const presentWeight = raw.reduce((sum, { key, m }) => sum + ("missing" in m ? 0 : Math.max(0, settings.weights[key])), 0);

  const measures: MeasureResult[] = raw.map(({ key, m }) => {
    const label = MEASURE_LABELS[key];
    if ("missing" in m) return { key, label, score: 0, weight: 0, reason: m.missing, missing: true };
    const weight = presentWeight > 0 ? (Math.max(0, settings.weights[key]) * 100) / presentWeight : 0;
    return { key, label, score: Math.round(clamp(m.score)), weight, reason: m.reason, missing: false };
  });
  const missing = measures.filter((m) => m.missing).map((m) => m.label);

  if (presentWeight === 0) return { score: null, band: null, measures, missing, note: scoreNote(null, missing) };

  const score = Math.round(measures.reduce((sum, m) => sum + (m.score * m.weight) / 100, 0));
  const result: HealthScore = { score, band: bandOf(score, settings), measures, missing };
  const note = scoreNote(score, missing);
  if (note) result.note = note;
  return result;
}

function scoreNote(score: number | null, missing: string[]): string | undefined {
  if (score === null) return "None of the weighted measures has data, so there is no score.";
  if (missing.length > 0) return `Left out for lack of data: ${missing.join(", ")}; the other weights were renormalised.`;
  return undefined;
}

/**
 * A snapshot's measures as stored: one entry per measure in MEASURE_KEYS order, `[score,
 * weight, reason]` or `[reason]` when missing — the labels, the missing list and the note are
 * derived again on reading. A third of the full form's size, which is what a snapshot write costs.
 */
export function encodeMeasures(score: HealthScore): string {
  // Built by hand: only the reasons need JSON escaping (this runs for every affiliate and week).
  let out = "[";
  for (let i = 0; i < score.measures.length; i++) {
    const m = score.measures[i];
    if (i > 0) out += ",";
    out += m.missing ? `[${JSON.stringify(m.reason)}]` : `[${m.score},${Math.round(m.weight * 100) / 100},${JSON.stringify(m.reason)}]`;
  }
  return out + "]";
}

export interface StoredMeasures {
  measures: MeasureResult[];
  missing: string[];
  note: string | null;
}

/** Reads what encodeMeasures wrote (or the full form older snapshots hold). */
export function decodeMeasures(stored: unknown, score: number | null): StoredMeasures | null {
  if (stored == null) return null;
  const value = typeof stored === "string" ? (JSON.parse(stored) as unknown) : stored;
  if (!Array.isArray(value)) {
    const full = value as Partial<StoredMeasures>;
    return { measures: full.measures ?? [], missing: full.missing ?? [], note: full.note ?? null };
  }
  const measures = MEASURE_KEYS.map((key, i): MeasureResult => {
    const entry = (value[i] ?? ["No data"]) as (number | string)[];
    const label = MEASURE_LABELS[key];
    if (entry.length === 1) return { key, label, score: 0, weight: 0, reason: String(entry[0]), missing: true };
    return { key, label, score: Number(entry[0]), weight: Number(entry[1]), reason: String(entry[2]), missing: false };
  });
  const missing = measures.filter((m) => m.missing).map((m) => m.label);
  return { measures, missing, note: scoreNote(score, missing) ?? null };
}

// ---------------------------------------------------------------------------------------------
// Settings form

/** A form value as a number: "" or absent → undefined (so "required" is reported), text → Number. */
const toNumber = (v: unknown) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v.trim() === "" ? undefined : Number(v);
  return v;
};
/** A checkbox: true, "on", "true", "1" are ticked; anything else (absent included) is not. */
const toBoolean = (v: unknown) => v === true || v === "on" || v === "true" || v === "1";

function wholeNumber(label: string, min: number, max: number) {
  const range = `${label} must be between ${min} and ${max}.`;
  return z.preprocess(
    toNumber,
    z
      .number({ required_error: `Enter ${label.toLowerCase()}.`, invalid_type_error: `${label} must be a number.` })
      .int(`${label} must be a whole number.`)
      .min(min, range)
      .max(max, range),
  );
}

const weightField = (key: MeasureKey) => wholeNumber(`The weight of ${MEASURE_LABELS[key].toLowerCase()}`, 0, 100);
const enabledField = z.preprocess(toBoolean, z.boolean());

/**
 * The lead's settings form. Accepts the nested shape of HealthSettings with numbers or form
 * strings. Field errors are keyed by dotted path (`weights.volumeTrend`, `watchMin`,
 * `alerts.scoreDrop.points`); the weights' sum is a form-level error.
 */
export const HealthSettingsForm = z
  .object({
    weights: z.object({
      volumeTrend: weightField("volumeTrend"),
      tradedTrend: weightField("tradedTrend"),
      funnel: weightField("funnel"),
      breadth: weightField("breadth"),
      engagement: weightField("engagement"),
      incidents: weightField("incidents"),
    }),
    healthyMin: wholeNumber("The healthy threshold", 1, 100),
    watchMin: wholeNumber("The watch threshold", 1, 100),
    alerts: z.object({
      scoreDrop: z.object({
        enabled: enabledField,
        points: wholeNumber("The drop in points", 1, 100),
        weeks: wholeNumber("The number of weeks", 1, 12),
      }),
      enteredAtRisk: z.object({ enabled: enabledField }),
      noTradedInvitee: z.object({ enabled: enabledField, weeks: wholeNumber("The number of weeks", 1, 12) }),
      adoptersHalving: z.object({ enabled: enabledField, minPrevious: wholeNumber("The minimum number of adopters", 1, 1_000_000) }),
    }),
  })
  .superRefine((s, ctx) => {
    const sum = MEASURE_KEYS.reduce((n, k) => n + s.weights[k], 0);
    if (sum !== 100) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: `The weights add up to ${sum}; they must add up to 100.` });
    }
    if (s.watchMin >= s.healthyMin) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["watchMin"],
        message: `The watch threshold must be below the healthy threshold (${s.healthyMin}).`,
      });
    }
  });

export type HealthSettingsValidation =
  | { ok: true; settings: HealthSettings }
  | { ok: false; fieldErrors: Record<string, string>; formErrors: string[] };

/** Validates a settings form: the first message per field (by dotted path), and the form-level messages. */
export function validateHealthSettings(input: unknown): HealthSettingsValidation {
  const parsed = HealthSettingsForm.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.path.length === 0) formErrors.push(issue.message);
    else fieldErrors[issue.path.join(".")] ??= issue.message;
  }
  return { ok: false, fieldErrors, formErrors };
}

// ---------------------------------------------------------------------------------------------
// Preview of a settings change

export interface BandChangePreview {
  /** Affiliates whose band would change. */
  changed: number;
  /** Per transition (from → to), how many; largest first, then healthy → watch → at risk → none order. */
  transitions: { from: Band | null; to: Band | null; count: number }[];
}

const BAND_ORDER: (Band | null)[] = [...BANDS, null];

/**
 * How many affiliates would change band. Every affiliate of `newBands` is compared with its band
 * in `currentScores`; one absent there counts as having had no band (null). Affiliates only in
 * `currentScores` are ignored.
 */
export function previewBandChanges(
  currentScores: { uid: string; band: Band | null }[],
  newBands: { uid: string; band: Band | null }[],
): BandChangePreview {
  const before = new Map(currentScores.map((c) => [c.uid, c.band]));
  const counts = new Map<string, { from: Band | null; to: Band | null; count: number }>();
  let changed = 0;
  for (const { uid, band: to } of newBands) {
    const from = before.get(uid) ?? null;
    if (from === to) continue;
    changed++;
    const key = `${from}>${to}`;
    const t = counts.get(key) ?? { from, to, count: 0 };
    t.count++;
    counts.set(key, t);
  }
  const transitions = [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      BAND_ORDER.indexOf(a.from) - BAND_ORDER.indexOf(b.from) ||
      BAND_ORDER.indexOf(a.to) - BAND_ORDER.indexOf(b.to),
  );
  return { changed, transitions };
}

// ---------------------------------------------------------------------------------------------
// Early warnings

export type AlertRule = keyof AlertSettings;

export interface HealthAlert {
  rule: AlertRule;
  reason: string;
  /** For adoptersHalving: the product key. */
  product?: string;
}

export interface HealthHistoryEntry {
  week: Week;
  score: number | null;
  band: Band | null;
}

/** A product key's label ("futures" → "Futures"); unknown keys are shown as given. */
function productLabel(product: string): string {
  return PRODUCT_KEYS.find((p) => p.product === product)?.label ?? product;
}

/**
 * The early warnings of the current week (the last `history` entry). Each rule is a state of the
 * current week, evaluated afresh every week; de-duplicating repeated warnings is the caller's job.
 *
 * - scoreDrop: the current score is ≥ `points` below the highest score of the `weeks` weeks
 *   before it (by week date, so gaps in the history are handled).
 * - enteredAtRisk: the current band is at risk and the previous entry's was not (an affiliate
 *   whose first score is at risk has entered it too).
 * - noTradedInvitee: each of the last `weeks` entries of `tradedByWeek` (oldest first) is 0,
 *   and an earlier entry had a traded invitee: an affiliate that never had one is dormant, not
 *   newly quiet, and would otherwise warn every week.
 * - adoptersHalving: per product, current ≤ 50 % of previous, with previous ≥ `minPrevious` (so
 *   2 → 1 is noise, not a warning). The periods compared are the caller's (e.g. last 4 weeks
 *   against the 4 before).
 */
export function evaluateAlerts(
  history: HealthHistoryEntry[],
  tradedByWeek: number[],
  adoptersByProduct: Record<string, { previous: number; current: number }>,
  settings: HealthSettings,
): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  const { scoreDrop, enteredAtRisk, noTradedInvitee, adoptersHalving } = settings.alerts;
  const current = history.at(-1);

  if (scoreDrop.enabled && current && current.score !== null) {
    const since = addWeeks(current.week, -scoreDrop.weeks);
    const earlier = history
      .slice(0, -1)
      .filter((h): h is HealthHistoryEntry & { score: number } => h.score !== null && h.week >= since && h.week < current.week);
    if (earlier.length > 0) {
      const peak = Math.max(...earlier.map((h) => h.score));
      const drop = peak - current.score;
      if (drop >= scoreDrop.points) {
        alerts.push({
          rule: "scoreDrop",
          reason: `Score fell ${plural(drop, "point", "points")} within ${plural(scoreDrop.weeks, "week", "weeks")} (from ${peak} to ${current.score})`,
        });
      }
    }
  }

  if (enteredAtRisk.enabled && current?.band === "at_risk") {
    const previous = history.at(-2);
    if (previous?.band !== "at_risk") {
      alerts.push({
        rule: "enteredAtRisk",
        reason: previous?.band
          ? `Entered "at risk" this week (score ${current.score ?? "—"}, was ${BAND_LABELS[previous.band].toLowerCase()})`
          : `Entered "at risk" this week (score ${current.score ?? "—"})`,
      });
    }
  }

  if (noTradedInvitee.enabled && tradedByWeek.length > noTradedInvitee.weeks) {
    const last = tradedByWeek.slice(-noTradedInvitee.weeks);
    const before = tradedByWeek.slice(0, -noTradedInvitee.weeks);
    if (last.every((n) => n === 0) && before.some((n) => n > 0)) {
      alerts.push({ rule: "noTradedInvitee", reason: `No traded invitee in the last ${plural(noTradedInvitee.weeks, "week", "weeks")}` });
    }
  }

  if (adoptersHalving.enabled) {
    for (const [product, { previous, current: now }] of Object.entries(adoptersByProduct)) {
      if (previous >= adoptersHalving.minPrevious && now <= previous / 2) {
        alerts.push({
          rule: "adoptersHalving",
          product,
          reason: `${productLabel(product)} adopters fell from ${formatInt(previous)} to ${formatInt(now)} (${signedPct(now / previous - 1)})`,
        });
      }
    }
  }

  return alerts;
}
