import { z } from "zod";
import { addWeeks, mondayOf, weekIndex } from "./weeks";
import { formatDate } from "./format";
import { periodEnd } from "./kpis";

/**
 * The reporting period: whole weeks named by their Mondays, `from` … `to` inclusive, chosen from
 * presets or set by hand, carried in the URL (`?period=12w`, or `?from=…&to=…`).
 * "Last N weeks" end with the newest week that has data, so a period is never mostly empty.
 */
export const PERIOD_PRESETS = [
  { key: "4w", label: "Last 4 weeks" },
  { key: "12w", label: "Last 12 weeks" },
  { key: "26w", label: "Last 26 weeks" },
  { key: "this-quarter", label: "This quarter" },
  { key: "last-quarter", label: "Last quarter" },
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]["key"];
export const DEFAULT_PERIOD: PeriodPreset = "12w";

const isoMonday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).getUTCDay() === 1);

/** The period part of any page's URL; invalid values fall back to the default rather than fail. */
export const PeriodQuery = z.object({
  period: z.enum(["4w", "12w", "26w", "this-quarter", "last-quarter", "custom"]).optional().catch(undefined),
  from: isoMonday.optional().catch(undefined),
  to: isoMonday.optional().catch(undefined),
});
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export interface Period {
  key: PeriodPreset | "custom";
  from: string;
  to: string;
  weeks: number;
  label: string;
  /** The period of the same length just before. */
  previous: { from: string; to: string };
}

function quarterStart(date: string, back = 0): string {
  const [y, m] = date.split("-").map(Number);
  let q = Math.floor((m - 1) / 3) - back;
  let year = y;
  while (q < 0) {
    q += 4;
    year -= 1;
  }
  return `${year}-${String(q * 3 + 1).padStart(2, "0")}-01`;
}

/** The first Monday on or after a date. */
function mondayOnOrAfter(date: string): string {
  const m = mondayOf(date);
  return m < date ? addWeeks(m, 1) : m;
}

/**
 * Resolves the URL's period. `latestWeek` is the newest week with data (null before any import);
 * `today` is `YYYY-MM-DD`.
 */
export function resolvePeriod(q: PeriodQuery, latestWeek: string | null, today: string): Period {
  const lastComplete = addWeeks(mondayOf(today), -1);
  const anchor = latestWeek ?? lastComplete;
  let key: Period["key"] = q.period ?? (q.from && q.to ? "custom" : DEFAULT_PERIOD);
  let from: string;
  let to: string;
  if (key === "custom" && q.from && q.to && q.from <= q.to) {
    from = q.from;
    to = q.to;
  } else {
    if (key === "custom") key = DEFAULT_PERIOD;
    if (key === "this-quarter" || key === "last-quarter") {
      const start = quarterStart(anchor, key === "last-quarter" ? 1 : 0);
      const next = quarterStart(addWeeks(start, 14), 0);
      from = mondayOnOrAfter(start);
      to = key === "this-quarter" ? anchor : addWeeks(mondayOnOrAfter(next), -1);
      if (to < from) to = from;
    } else {
      const n = Number(key.replace("w", ""));
      to = anchor;
      from = addWeeks(anchor, -(n - 1));
    }
  }
  const weeks = weekIndex(to) - weekIndex(from) + 1;
  const preset = PERIOD_PRESETS.find((p) => p.key === key);
  return {
    key,
    from,
    to,
    weeks,
    label: `${preset ? preset.label + ": " : ""}${formatDate(from)} – ${formatDate(periodEnd(to))} (${weeks} week${weeks === 1 ? "" : "s"})`,
    previous: { from: addWeeks(from, -weeks), to: addWeeks(from, -1) },
  };
}

/** The search params that carry a period from page to page. */
export function periodParams(p: Pick<Period, "key" | "from" | "to">): Record<string, string> {
  return p.key === "custom" ? { period: "custom", from: p.from, to: p.to } : p.key === DEFAULT_PERIOD ? {} : { period: p.key };
}

/** Δ and Δ% against the previous period (Δ% null when the previous value is 0). */
export function delta(current: number, previous: number): { abs: number; pct: number | null } {
  return { abs: current - previous, pct: previous === 0 ? null : (current - previous) / previous };
}
