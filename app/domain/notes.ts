import { z } from "zod";
import { SENTIMENTS } from "./enums";

/**
 * Engagement notes: what an RM did with a partner (a call, a meeting, a chat …), with a Markdown
 * summary, a sentiment, topics and an optional follow-up date that becomes a task. Pure: the
 * clock is a parameter.
 */

export const NOTE_KIND_LABELS = {
  call: "Call",
  meeting: "Meeting",
  email: "E-mail",
  chat: "Chat / Telegram",
  event: "Event",
  other: "Other",
} as const;
export type NoteKind = keyof typeof NOTE_KIND_LABELS;
export const NOTE_KIND_VALUES = Object.keys(NOTE_KIND_LABELS) as NoteKind[];

export const SENTIMENT_LABELS = { positive: "Positive", neutral: "Neutral", negative: "Negative" } as const;
export type Sentiment = keyof typeof SENTIMENT_LABELS;
export const SENTIMENT_COLORS: Record<Sentiment, string> = { positive: "teal", neutral: "gray", negative: "red" };

/** Offered in the topics input; any other topic may be typed. */
export const TOPIC_SUGGESTIONS = [
  "commission",
  "product feedback",
  "complaint",
  "campaign",
  "compliance",
  "payout",
  "KYC",
  "futures",
  "earn",
  "options",
  "web3 wallet",
  "fiat",
  "event",
  "content",
] as const;

export const SUMMARY_MAX = 10_000;
export const TOPICS_MAX = 10;

/** The fields a note's form edits (and an edit's revision keeps as they were). */
export const NOTE_FIELDS = ["kind", "occurredAt", "participants", "summary", "sentiment", "topics", "followUpDate"] as const;
export type NoteFields = {
  kind: NoteKind;
  occurredAt: number;
  participants: string | null;
  summary: string;
  sentiment: Sentiment;
  topics: string[];
  followUpDate: string | null;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2})?$/;

/** `YYYY-MM-DDTHH:mm` (a datetime-local value, read as UTC like every instant here) → ms; NaN when malformed. */
export function parseWhen(value: string): number {
  const m = DATETIME.exec(value.trim());
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}T${m[2]}:${m[3]}${m[4] ?? ":00"}Z`);
}

/** ms → the `YYYY-MM-DDTHH:mm` value of a datetime-local input (UTC). */
export function whenValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/**
 * The note form as posted (all strings): validated, with a message per field. `now` bounds the
 * dates: an engagement happened already (up to a day ahead is tolerated for time zones), and a
 * follow-up is not before the engagement's day nor more than a year out.
 */
export function noteForm(now: number) {
  return z
    .object({
      kind: z.enum(NOTE_KIND_VALUES as [NoteKind, ...NoteKind[]], { errorMap: () => ({ message: "Choose what kind of engagement it was." }) }),
      occurredAt: z
        .string({ required_error: "Say when it happened." })
        .trim()
        .min(1, "Say when it happened.")
        .transform((s, ctx) => {
          const ms = parseWhen(s);
          if (Number.isNaN(ms)) {
            ctx.addIssue({ code: "custom", message: "A date and time, such as 2026-11-20 14:30." });
            return z.NEVER;
          }
          if (ms > now + 86_400_000) {
            ctx.addIssue({ code: "custom", message: "An engagement is logged once it happened: this is in the future." });
            return z.NEVER;
          }
          if (ms < Date.UTC(2000, 0, 1)) {
            ctx.addIssue({ code: "custom", message: "That date is too far in the past." });
            return z.NEVER;
          }
          return ms;
        }),
      participants: z
        .string()
        .trim()
        .max(300, "300 characters at most.")
        .default("")
        .transform((s): string | null => (s === "" ? null : s)),
      summary: z.string({ required_error: "Write what was discussed." }).trim().min(3, "Write what was discussed.").max(SUMMARY_MAX, `${SUMMARY_MAX.toLocaleString("en-US")} characters at most.`),
      sentiment: z.enum(SENTIMENTS, { errorMap: () => ({ message: "Choose a sentiment." }) }),
      topics: z
        .string()
        .default("")
        .transform((s) => [...new Map(s.split(",").map((t) => t.trim()).filter(Boolean).map((t) => [t.toLowerCase(), t])).values()])
        .refine((t) => t.length <= TOPICS_MAX, `${TOPICS_MAX} topics at most.`)
        .refine((t) => t.every((x) => x.length <= 40), "A topic is 40 characters at most."),
      followUpDate: z
        .string()
        .trim()
        .default("")
        .refine((s) => s === "" || (DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))), "A date, such as 2026-11-27.")
        .transform((s): string | null => (s === "" ? null : s)),
    })
    .superRefine((v, ctx) => {
      if (!v.followUpDate || typeof v.occurredAt !== "number") return;
      const day = new Date(v.occurredAt).toISOString().slice(0, 10);
      if (v.followUpDate < day) ctx.addIssue({ code: "custom", path: ["followUpDate"], message: "The follow-up cannot be before the engagement." });
      else if (Date.parse(`${v.followUpDate}T00:00:00Z`) > now + 366 * 86_400_000) ctx.addIssue({ code: "custom", path: ["followUpDate"], message: "A year ahead at most." });
    });
}

export type NoteInput = z.output<ReturnType<typeof noteForm>>;

/** The fields of a note that an edit changes, as they were (for the revision), or null when nothing changed. */
export function changedFields(before: NoteFields, after: NoteFields): Partial<NoteFields> | null {
  const changed: Partial<NoteFields> = {};
  for (const f of NOTE_FIELDS) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) (changed as Record<string, unknown>)[f] = before[f];
  }
  return Object.keys(changed).length ? changed : null;
}

/** The follow-up task's title for a note. */
export function followUpTitle(kind: NoteKind, affiliateName: string): string {
  return `Follow up on the ${NOTE_KIND_LABELS[kind].toLowerCase()} with ${affiliateName}`;
}

/** The first line of a Markdown summary as plain text, shortened (for the timeline and the task list). */
export function summaryExcerpt(markdown: string, max = 140): string {
  const line = markdown
    .split("\n")
    .map((l) => l.replace(/^\s*(#+|[-*+]|\d+\.|>)\s*/, "").trim())
    .find((l) => l.length > 0) ?? "";
  const plain = line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`~]/g, "")
    .replace(/<[^>]*>/g, "");
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

export const NOTES_PAGE = 20;

/** The Notes tab's `nlimit` URL parameter: how many notes to show (20, then 20 more per "show more"). */
export function notesLimit(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= NOTES_PAGE ? Math.min(n, 500) : NOTES_PAGE;
}
