import { z } from "zod";

const monday = (label: string) =>
  z
    .string({ required_error: `${label} is required (YYYY-MM-DD, a Monday)` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date YYYY-MM-DD`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), `${label} is not a real date`)
    .refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, `${label} must be a Monday: periods are whole weeks, named by their Monday`);

/** A period of whole weeks: `from` and `to` are the Mondays of its first and last week. */
export const PeriodArgs = z
  .object({ from: monday("from"), to: monday("to") })
  .refine((p) => p.from <= p.to, { message: "from must not be after to", path: ["to"] });
