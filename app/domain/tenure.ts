import { differenceInMonths } from "date-fns";

export const MATURED_MONTHS = 6;
export const MATURE_MONTHS = 12;

/** A calendar date `YYYY-MM-DD` as a local Date at midnight (both ends of a difference alike, so time zones cancel). */
export function calendarDate(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** Whole months from `joinedAt` to `asOf` (both `YYYY-MM-DD`); null when the join date is unknown. */
export function tenureMonths(joinedAt: string | null | undefined, asOf: string): number | null {
  if (!joinedAt) return null;
  return Math.max(0, differenceInMonths(calendarDate(asOf), calendarDate(joinedAt)));
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
