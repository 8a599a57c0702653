import { addDays, differenceInCalendarDays } from "date-fns";
import type { MeasureResult } from "./health";
import { calendarDate } from "./tenure";

/** Scores are stale when the newest imported week ended more than 8 days ago. */
export const STALE_AFTER_DAYS = 8;

export function isStale(latestWeek: string | null, today: string): boolean {
  if (!latestWeek) return false;
  const weekEnd = addDays(calendarDate(latestWeek), 6);
  return differenceInCalendarDays(calendarDate(today), weekEnd) > STALE_AFTER_DAYS;
}

/** What moved the score: each measure's change in points against an earlier snapshot, largest first. */
export function whatMoved(now: MeasureResult[], earlier: MeasureResult[] | null) {
  if (!earlier) return [];
  const before = new Map(earlier.filter((m) => !m.missing).map((m) => [m.key, m]));
  return now
    .filter((m) => !m.missing && before.has(m.key))
    .map((m) => ({ key: m.key, label: m.label, change: m.score - before.get(m.key)!.score, reason: m.reason, earlierReason: before.get(m.key)!.reason }))
    .filter((m) => m.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
}
