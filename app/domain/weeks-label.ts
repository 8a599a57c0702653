import { formatDate } from "./format";

/** `week of 16 Nov 2026` for one week, `5 Oct – 16 Nov 2026 (7 weeks)` for several. */
export function weeksLabel(weeks: readonly string[] | null | undefined): string {
  if (!weeks || weeks.length === 0) return "—";
  if (weeks.length === 1) return `week of ${formatDate(weeks[0])}`;
  return `${formatDate(weeks[0])} – ${formatDate(weeks[weeks.length - 1])} (${weeks.length} weeks)`;
}
