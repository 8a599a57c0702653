import { format, formatDistanceStrict } from "date-fns";
import { calendarDate } from "./tenure";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US");

/** Money is stored as integer cents and formatted only here, at the edge. */
export function formatUsd(cents: number, opts: { cents?: boolean; compact?: boolean } = {}): string {
  const dollars = cents / 100;
  if (opts.compact && Math.abs(dollars) >= 10_000) return "$" + compact.format(dollars);
  return (opts.cents ? usdCents : usd).format(dollars);
}

export function formatInt(n: number): string {
  return integer.format(n);
}

/** `2026-11-16` → `16 Nov 2026`. */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  // date-fns's `format(date, "d MMM yyyy")` written out: a page formats a hundred dates (the
  // invitees table), and format parses its pattern on every call (~2 µs each).
  const date = calendarDate(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${String(date.getFullYear()).padStart(4, "0")}`;
}

/** An instant (ms) → `16 Nov 2026, 14:05` (UTC). */
export function formatInstant(ms: number | null | undefined): string {
  if (ms == null) return "—";
  const d = new Date(ms);
  return `${format(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()), "d MMM yyyy, HH:mm")} UTC`;
}

/** `3 days ago`, `in 2 weeks`, relative to `now`. */
export function formatRelative(ms: number | null | undefined, now: number): string {
  if (ms == null) return "never";
  return formatDistanceStrict(ms, now, { addSuffix: true });
}

/** Money cents as a CSV number with 2 decimals, no grouping. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
