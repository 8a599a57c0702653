import { dateToDays } from "./csv/values";

/*
 * Week numbers and the blocks of the per-invitee week masks, by day arithmetic: no date library,
 * so that the import's parse worker (which places every week of a file in its block) does not load
 * one into its thread. weeks.ts re-exports these.
 */

/** Bits per block of the per-invitee week masks: 52 keeps every mask a safe JavaScript integer. */
export const WEEKS_PER_BLOCK = 52;

/** The Monday week indexes count from. */
export const EPOCH_MONDAY = "1970-01-05";
const EPOCH_MONDAY_DAYS = dateToDays(EPOCH_MONDAY);

/** Weeks since the Monday 1970-01-05 (of a `YYYY-MM-DD` date). */
export function weekIndex(week: string): number {
  return Math.floor((dateToDays(week) - EPOCH_MONDAY_DAYS) / 7);
}

/** The block of the week masks a week falls in, and its bit. */
export function weekBlock(week: string): { block: number; bit: number } {
  const i = weekIndex(week);
  return { block: Math.floor(i / WEEKS_PER_BLOCK), bit: i % WEEKS_PER_BLOCK };
}
