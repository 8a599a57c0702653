import { addDays, differenceInCalendarDays, format } from "date-fns";
import { calendarDate } from "./tenure";

/** Weeks are named by their Monday (UTC), `YYYY-MM-DD`. */
export type Week = string;

const EPOCH_MONDAY = "1970-01-05";
/** Bits per block of the per-invitee week masks: 52 keeps every mask a safe JavaScript integer. */
export const WEEKS_PER_BLOCK = 52;

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

/** Weeks since the Monday 1970-01-05. */
export function weekIndex(week: Week): number {
  return Math.floor(differenceInCalendarDays(calendarDate(week), calendarDate(EPOCH_MONDAY)) / 7);
}

export function weekOfIndex(index: number): Week {
  return addWeeks(EPOCH_MONDAY, index);
}

/** The block of the week masks a week falls in, and its bit. */
export function weekBlock(week: Week): { block: number; bit: number } {
  const i = weekIndex(week);
  return { block: Math.floor(i / WEEKS_PER_BLOCK), bit: i % WEEKS_PER_BLOCK };
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
