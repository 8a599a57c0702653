import { addDays, format } from "date-fns";
import { calendarDate } from "./tenure";
import { EPOCH_MONDAY, weekBlock, WEEKS_PER_BLOCK } from "./week-blocks";

export { weekBlock, weekIndex, WEEKS_PER_BLOCK } from "./week-blocks";

/** Weeks are named by their Monday (UTC), `YYYY-MM-DD`. */
export type Week = string;

export function isoDate(d: Date): string {
  return format(d, "yyyy-MM-dd");
}

/** The Monday of the week holding `date` (`YYYY-MM-DD`). */
export function mondayOf(date: string): Week {
  const d = calendarDate(date);
  const back = (d.getDay() + 6) % 7;
  return isoDate(addDays(d, -back));
}

export function addWeeks(week: Week, n: number): Week {
  return isoDate(addDays(calendarDate(week), 7 * n));
}

export function weekOfIndex(index: number): Week {
  return addWeeks(EPOCH_MONDAY, index);
}

/** First and last week of a mask block. */
export function blockWeeks(block: number): { from: Week; to: Week } {
  return { from: weekOfIndex(block * WEEKS_PER_BLOCK), to: weekOfIndex(block * WEEKS_PER_BLOCK + WEEKS_PER_BLOCK - 1) };
}

/** Every week from `from` to `to` inclusive. */
export function weeksBetween(from: Week, to: Week): Week[] {
  const out: Week[] = [];
  for (let w = from; w <= to; w = addWeeks(w, 1)) out.push(w);
  return out;
}

/** Per block, the mask of the weeks of [from, to]: a period's distinct counts test `mask & flags`. */
export function periodMasks(from: Week, to: Week): Map<number, number> {
  const masks = new Map<number, number>();
  for (const w of weeksBetween(from, to)) {
    const { block, bit } = weekBlock(w);
    masks.set(block, (masks.get(block) ?? 0) + 2 ** bit);
  }
  return masks;
}

/** SQL for a week's mask bit, from a `week_start` column (the same arithmetic as weekBlock). */
export const SQL_WEEK_INDEX = (col: string) => `CAST((julianday(${col}) - 2440591.5) / 7 AS INTEGER)`;
