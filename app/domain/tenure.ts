
export const MATURED_MONTHS = 6;
export const MATURE_MONTHS = 12;

/** A calendar date `YYYY-MM-DD` as a local Date at midnight (both ends of a difference alike, so time zones cancel). */
export function calendarDate(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/**
 * Whole months from `joinedAt` to `asOf` (both `YYYY-MM-DD`): the calendar months between them,
 * less one while `asOf`'s day of the month has not reached the join day (joined on the 31st, a
 * month is complete on the next 31st, or on the 1st after a shorter month). Null when the join
 * date is unknown. Plain arithmetic: it runs for every affiliate of every scored week.
 */
export function tenureMonths(joinedAt: string | null | undefined, asOf: string): number | null {
  if (!joinedAt) return null;
  const months = (+asOf.slice(0, 4) - +joinedAt.slice(0, 4)) * 12 + (+asOf.slice(5, 7) - +joinedAt.slice(5, 7));
  return Math.max(0, +asOf.slice(8, 10) < +joinedAt.slice(8, 10) ? months - 1 : months);
}

export type Maturity = "new" | "maturing" | "mature";

/** new < 6 months, maturing 6–12, mature 12+. An affiliate is *matured* at 6 months or more. */
export function maturity(months: number | null): Maturity | null {
  if (months == null) return null;
  if (months < MATURED_MONTHS) return "new";
  if (months < MATURE_MONTHS) return "maturing";
  return "mature";
}

export const MATURITY_LABELS: Record<Maturity, string> = { new: "New", maturing: "Maturing", mature: "Mature" };
