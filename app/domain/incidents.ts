import { z } from "zod";
import type { Role } from "../../db/schema/users";
import { can, canWriteAffiliate } from "../auth/permissions";
import { median } from "./affiliate-360";
import { isInvalid, parseCountry } from "./csv";
import { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "./enums";
import { TASK_PRIORITIES, type FieldErrors } from "./tasks";

/**
 * Crisis incidents: the lifecycle rules, the forms and the response-time figures. Pure: `now` is
 * always a parameter.
 *
 * Lifecycle: reported → investigating → mitigating → resolved → closed, forward one step at a
 * time. A resolved incident may be reopened (back to investigating, with a reason) when the
 * problem comes back; a closed one is final. Reopening keeps the reported and investigating
 * times (the first acknowledgement stands) and forgets the mitigating and resolved times, so
 * the time to resolve counts to the final resolution.
 */

export { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_STATUSES };
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_PRODUCTS = ["spot", "futures", "options", "earn", "web3_wallet", "fiat"] as const;

export type StatusTimes = Partial<Record<IncidentStatus, number>>;

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: "Reported",
  investigating: "Investigating",
  mitigating: "Mitigating",
  resolved: "Resolved",
  closed: "Closed",
};

export const CATEGORY_LABELS: Record<IncidentCategory, string> = {
  commission_dispute: "Commission or payout dispute",
  account_kyc: "Account or KYC problem",
  product_outage: "Product outage",
  public_complaint: "Public complaint or social-media crisis",
  compliance: "Compliance",
  other: "Other",
};

export const PRODUCT_LABELS: Record<(typeof INCIDENT_PRODUCTS)[number], string> = {
  spot: "Spot",
  futures: "Futures",
  options: "Options",
  earn: "Earn",
  web3_wallet: "Web3 Wallet",
  fiat: "Fiat",
};

/** What each severity means for an affiliate program: shown in the form beside the choice. */
export const SEVERITY_CRITERIA: Record<IncidentSeverity, { label: string; criteria: string; respond: string }> = {
  SEV1: {
    label: "SEV1 · Critical",
    criteria:
      "Commission payouts failing or wrong for many partners; a public crisis with a top-tier partner (a KOL or network turning their audience against us); a data or funds exposure; a regulator or legal threat in motion.",
    respond: "Acknowledge within 1 hour, the lead informed at once, updates to the partners at least daily.",
  },
  SEV2: {
    label: "SEV2 · Major",
    criteria:
      "A top partner's payouts or account blocked; a product outage stopping a partner's invitees from trading; a negative public post from a large partner gaining traction; a dispute over a large commission amount.",
    respond: "Acknowledge within 4 hours, the owner works it the same day.",
  },
  SEV3: {
    label: "SEV3 · Moderate",
    criteria:
      "One partner's commission dispute or KYC case; a partial outage with a workaround; a complaint in a partner's community that has not spread; a referral link or tracking problem.",
    respond: "Acknowledge within 1 business day.",
  },
  SEV4: {
    label: "SEV4 · Minor",
    criteria: "A question or irritation with no money or reputation at stake yet: a report delayed, a wrong banner, a slow answer from support.",
    respond: "Acknowledge within 3 business days.",
  },
};

export const SEVERITY_COLORS: Record<IncidentSeverity, "red" | "orange" | "yellow" | "gray"> = { SEV1: "red", SEV2: "orange", SEV3: "yellow", SEV4: "gray" };

export function isOpen(status: IncidentStatus): boolean {
  return status !== "resolved" && status !== "closed";
}

export interface Postmortem {
  whatHappened: string;
  impact: string;
  actions: string;
}

/** A stored postmortem (JSON) as a Postmortem, or null when absent or incomplete. */
export function asPostmortem(value: unknown): Postmortem | null {
  const p = PostmortemShape.safeParse(value);
  return p.success ? p.data : null;
}

const PostmortemShape = z.object({ whatHappened: z.string(), impact: z.string(), actions: z.string() });

export function postmortemComplete(p: Partial<Postmortem> | null | undefined): boolean {
  return !!p && [p.whatHappened, p.impact, p.actions].every((s) => typeof s === "string" && s.trim().length > 0);
}

/** The statuses an incident may move to next: one step forward; from resolved, also back to investigating. */
export function allowedTransitions(status: IncidentStatus): IncidentStatus[] {
  const i = INCIDENT_STATUSES.indexOf(status);
  const next = INCIDENT_STATUSES[i + 1];
  const out: IncidentStatus[] = next ? [next] : [];
  if (status === "resolved") out.push("investigating");
  return out;
}

export function isReopen(from: IncidentStatus, to: IncidentStatus): boolean {
  return from === "resolved" && to === "investigating";
}

/** The label of the button that moves an incident to `to`. */
export function transitionLabel(from: IncidentStatus, to: IncidentStatus): string {
  if (isReopen(from, to)) return "Reopen";
  return { reported: "Report", investigating: "Acknowledge — start investigating", mitigating: "Start mitigating", resolved: "Resolve", closed: "Close" }[to];
}

export interface TransitionInput {
  status: IncidentStatus;
  statusTimes: StatusTimes;
  resolution: string | null;
  postmortem: unknown;
}

/** A refusal names the field it is about: the transition itself, the resolution, the postmortem or the reason to reopen. */
export type TransitionResult = { ok: true; status: IncidentStatus; statusTimes: StatusTimes } | { ok: false; field: "transition" | "resolution" | "postmortem" | "reason"; error: string };

/**
 * Moves an incident to `to` at `now`, or says why it may not. The new time is never earlier
 * than the last one recorded (an edited time in the future of the clock cannot make the
 * lifecycle go backwards).
 */
export function transition(incident: TransitionInput, to: IncidentStatus, now: number, opts: { reason?: string | null } = {}): TransitionResult {
  const from = incident.status;
  if (!allowedTransitions(from).includes(to)) {
    if (from === "closed") return { ok: false, field: "transition", error: "This incident is closed; a closed incident cannot change any more." };
    if (from === to) return { ok: false, field: "transition", error: `The incident is already ${STATUS_LABELS[to].toLowerCase()}.` };
    return { ok: false, field: "transition", error: `An incident that is ${STATUS_LABELS[from].toLowerCase()} cannot move to ${STATUS_LABELS[to].toLowerCase()}: statuses go forward one step at a time.` };
  }
  if (to === "resolved" && !incident.resolution?.trim()) {
    return { ok: false, field: "resolution", error: "Write the resolution first: how it was fixed, and what the partner was told." };
  }
  if (to === "closed" && !postmortemComplete(asPostmortem(incident.postmortem))) {
    return { ok: false, field: "postmortem", error: "Closing needs the postmortem: what happened, the impact, and the actions taken." };
  }
  if (isReopen(from, to)) {
    if (!opts.reason?.trim()) return { ok: false, field: "reason", error: "Say why the incident is reopened." };
    const times: StatusTimes = { reported: incident.statusTimes.reported, investigating: incident.statusTimes.investigating };
    return { ok: true, status: to, statusTimes: times };
  }
  const last = lastTime(incident.statusTimes);
  return { ok: true, status: to, statusTimes: { ...incident.statusTimes, [to]: Math.max(now, last ?? now) } };
}

function lastTime(times: StatusTimes): number | null {
  let last: number | null = null;
  for (const s of INCIDENT_STATUSES) if (times[s] != null) last = times[s]!;
  return last;
}

/** The statuses an incident in `status` has been through (and is in), in lifecycle order. */
export function passedStatuses(status: IncidentStatus): IncidentStatus[] {
  return INCIDENT_STATUSES.slice(0, INCIDENT_STATUSES.indexOf(status) + 1);
}

/**
 * Checks edited transition times: every status passed has a time, none is in the future, and
 * the times never decrease along the lifecycle. Errors are keyed by status.
 */
export function checkStatusTimes(times: StatusTimes, status: IncidentStatus, now: number): Partial<Record<IncidentStatus, string>> {
  const errors: Partial<Record<IncidentStatus, string>> = {};
  let previous: { status: IncidentStatus; at: number } | null = null;
  for (const s of passedStatuses(status)) {
    const at = times[s];
    if (at == null || !Number.isFinite(at)) {
      errors[s] = `Enter when the incident became ${STATUS_LABELS[s].toLowerCase()}.`;
      continue;
    }
    if (at > now + 60_000) errors[s] = "This time is in the future.";
    else if (previous && at < previous.at) errors[s] = `Must not be earlier than ${STATUS_LABELS[previous.status].toLowerCase()}: the times follow the lifecycle.`;
    previous = { status: s, at };
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Permissions

/**
 * Who may change an incident: the incident's owner, the owner of any affected affiliate, leads
 * and admins. Everyone else reads it.
 */
export function canChangeIncident(user: { id: number; role: Role }, incident: { ownerId: number | null; affiliateManagerIds: (number | null)[] }): boolean {
  if (can(user.role, "affiliate:write-any") || incident.ownerId === user.id) return true;
  return incident.affiliateManagerIds.some((managerId) => canWriteAffiliate(user, { managerId }));
}

// ---------------------------------------------------------------------------------------------
// Response times

export interface TimedIncident {
  severity: IncidentSeverity;
  statusTimes: StatusTimes;
}

export interface DurationStats {
  count: number;
  /** Milliseconds; null when count is 0. */
  median: number | null;
  p90: number | null;
  mean: number | null;
}

/** The 90th percentile by nearest rank: the smallest value with at least 90 % of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

export function durationStats(values: number[]): DurationStats {
  return {
    count: values.length,
    median: median(values),
    p90: percentile(values, 90),
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
  };
}

export interface ResponseTimes {
  severity: IncidentSeverity;
  /** Incidents reported in the period. */
  reported: number;
  /** Time to acknowledge: reported → investigating, over those acknowledged. */
  acknowledge: DurationStats;
  /** Time to resolve: reported → resolved, over those resolved. */
  resolve: DurationStats;
}

/**
 * Time to acknowledge and time to resolve per severity, over the incidents reported in
 * [from, to] (instants, ms). Incidents not yet acknowledged (resolved) are counted in `reported`
 * but not in the figures.
 */
export function responseTimes(incidents: TimedIncident[], from: number, to: number): ResponseTimes[] {
  return INCIDENT_SEVERITIES.map((severity) => {
    const inPeriod = incidents.filter((i) => i.severity === severity && i.statusTimes.reported != null && i.statusTimes.reported >= from && i.statusTimes.reported <= to);
    const span = (end: IncidentStatus) =>
      inPeriod.flatMap((i) => (i.statusTimes[end] != null ? [Math.max(0, i.statusTimes[end]! - i.statusTimes.reported!)] : []));
    return { severity, reported: inPeriod.length, acknowledge: durationStats(span("investigating")), resolve: durationStats(span("resolved")) };
  });
}

/** A duration for people: "45 min", "5.5 h", "3.2 days". */
export function formatDuration(ms: number | null): string {
  if (ms == null) return "—";
  const min = ms / 60_000;
  if (min < 60) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${h < 10 ? h.toFixed(1).replace(/\.0$/, "") : Math.round(h)} h`;
  const d = h / 24;
  return `${d < 10 ? d.toFixed(1).replace(/\.0$/, "") : Math.round(d)} days`;
}

// ---------------------------------------------------------------------------------------------
// Forms

/** `YYYY-MM-DDTHH:mm` (a datetime-local input, read as UTC) → ms. */
export function parseUtcDateTime(v: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** ms → `YYYY-MM-DDTHH:mm` in UTC, for a datetime-local input. */
export function toUtcDateTimeInput(ms: number | null | undefined): string {
  return ms == null ? "" : new Date(ms).toISOString().slice(0, 16);
}

/** A form field that may hold several values (checkboxes, a multi-select): always a list. */
const list = z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

export const IncidentForm = z.object({
  title: z.string().trim().min(3, "A short title, 3 characters at least.").max(160, "160 characters at most."),
  severity: z.enum(INCIDENT_SEVERITIES, { errorMap: () => ({ message: "Choose a severity." }) }),
  category: z.enum(INCIDENT_CATEGORIES, { errorMap: () => ({ message: "Choose a category." }) }),
  products: list.pipe(z.array(z.enum(INCIDENT_PRODUCTS, { errorMap: () => ({ message: "Unknown product." }) }))),
  countries: z
    .string()
    .default("")
    .transform((s) => [...new Set(s.split(/[,\s]+/).map((c) => c.trim()).filter(Boolean))])
    .superRefine((codes, ctx) => {
      const bad = codes.filter((c) => isInvalid(parseCountry(c)));
      if (bad.length) ctx.addIssue({ code: "custom", message: `Not a two-letter country code: ${bad.join(", ")}.` });
    })
    .transform((codes) => codes.map((c) => parseCountry(c) as string)),
  affiliateUids: list.pipe(z.array(z.string().regex(/^\d{1,20}$/)).min(1, "Pick at least one affected affiliate.").max(50, "50 affiliates at most.")),
  ownerId: z.coerce.number({ invalid_type_error: "Choose an owner." }).int().positive("Choose an owner."),
  description: z.string().trim().max(4000, "4,000 characters at most.").default(""),
});
export type IncidentFormValues = z.infer<typeof IncidentForm>;

export const UpdateForm = z.object({
  text: z.string().trim().min(1, "Write the update.").max(4000, "4,000 characters at most."),
});

export const COMMUNICATION_CHANNELS = ["email", "telegram", "call", "meeting", "chat", "social", "other"] as const;

export const CommunicationForm = z.object({
  audience: z.string().trim().min(1, "Say to whom (the partner, their community, support…).").max(200, "200 characters at most."),
  channel: z.enum(COMMUNICATION_CHANNELS, { errorMap: () => ({ message: "Choose a channel." }) }),
  text: z.string().trim().min(1, "Summarise what was said.").max(4000, "4,000 characters at most."),
});

export const ResolutionForm = z.object({
  resolution: z.string().trim().max(4000, "4,000 characters at most.").default(""),
  whatHappened: z.string().trim().max(8000, "8,000 characters at most.").default(""),
  impact: z.string().trim().max(4000, "4,000 characters at most.").default(""),
  actions: z.string().trim().max(4000, "4,000 characters at most.").default(""),
});

export const TransitionForm = z.object({
  to: z.enum(INCIDENT_STATUSES, { errorMap: () => ({ message: "Unknown status." }) }),
  reason: z.string().trim().max(1000).default(""),
});

export const FollowUpForm = z.object({
  title: z.string().trim().min(3, "A short title, 3 characters at least.").max(200, "200 characters at most."),
  affiliateUid: z.string().regex(/^\d{1,20}$/, "Choose the affiliate."),
  assigneeId: z.coerce.number({ invalid_type_error: "Choose an assignee." }).int().positive("Choose an assignee."),
  dueDate: z
    .string()
    .default("")
    .refine((d) => d === "" || /^\d{4}-\d{2}-\d{2}$/.test(d), "A date such as 2026-12-01.")
    .transform((d) => (d === "" ? null : d)),
  priority: z.enum(TASK_PRIORITIES, { errorMap: () => ({ message: "Choose a priority." }) }).default("medium"),
});

/** The times form: one datetime-local per status passed (`time_<status>`), errors beside each. */
export function parseStatusTimesForm(form: Record<string, unknown>, status: IncidentStatus, now: number): { ok: true; times: StatusTimes } | { ok: false; errors: FieldErrors } {
  const times: StatusTimes = {};
  const errors: Partial<Record<IncidentStatus, string>> = {};
  for (const s of passedStatuses(status)) {
    const raw = typeof form[`time_${s}`] === "string" ? (form[`time_${s}`] as string).trim() : "";
    const ms = parseUtcDateTime(raw);
    if (ms == null) errors[s] = raw ? "A date and time, such as 2026-11-20 14:30." : `Enter when the incident became ${STATUS_LABELS[s].toLowerCase()}.`;
    else times[s] = ms;
  }
  const order = checkStatusTimes(times, status, now);
  for (const [s, e] of Object.entries(order)) errors[s as IncidentStatus] ??= e;
  return Object.keys(errors).length ? { ok: false, errors: Object.fromEntries(Object.entries(errors).map(([s, e]) => [`time_${s}`, [e]])) } : { ok: true, times };
}

/** Field errors of a zod error: the messages of each field, the forms' one shape (as notes, tasks and the profile). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  return error.flatten().fieldErrors;
}

/** A submitted form as an object; the fields named in `multi` as lists (checkboxes, picks). */
export function formObject(formData: FormData, multi: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string" && !multi.includes(k)) out[k] = v;
  for (const k of multi) out[k] = formData.getAll(k).filter((v): v is string => typeof v === "string");
  return out;
}

// ---------------------------------------------------------------------------------------------
// The incident list

export const INCIDENT_SORTS = ["severity", "age", "owner", "status", "title"] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];
export const RESPONSE_PERIODS = [30, 90, 180, 365] as const;

/** The /incidents URL: the open table's sort, the closed table's filters and page, the figures' period. */
export const IncidentListQuery = z.object({
  sort: z.enum(INCIDENT_SORTS).catch("severity").default("severity"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  owner: z.string().regex(/^(me|\d+)$/).optional().catch(undefined),
  severity: z.enum(INCIDENT_SEVERITIES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  cpage: z.coerce.number().int().min(1).catch(1).default(1),
  days: z.coerce
    .number()
    .refine((n) => (RESPONSE_PERIODS as readonly number[]).includes(n))
    .catch(90)
    .default(90),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;

interface SortableIncident {
  id: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  statusTimes: StatusTimes;
  ownerName: string | null;
}

/**
 * Sorts the open incidents. "asc" means the natural first look: most severe first, oldest first
 * (age), A→Z (owner, title), earliest in the lifecycle first (status). Ties: most severe, then oldest.
 */
export function sortIncidents<T extends SortableIncident>(rows: readonly T[], sort: IncidentSort, dir: "asc" | "desc"): T[] {
  const reported = (r: T) => r.statusTimes.reported ?? 0;
  const tie = (a: T, b: T) => a.severity.localeCompare(b.severity) || reported(a) - reported(b) || a.id - b.id;
  const key: Record<IncidentSort, (a: T, b: T) => number> = {
    severity: (a, b) => a.severity.localeCompare(b.severity),
    age: (a, b) => reported(a) - reported(b),
    owner: (a, b) => (a.ownerName ?? "\uffff").localeCompare(b.ownerName ?? "\uffff"),
    status: (a, b) => INCIDENT_STATUSES.indexOf(a.status) - INCIDENT_STATUSES.indexOf(b.status),
    title: (a, b) => a.title.localeCompare(b.title),
  };
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * key[sort](a, b) || tie(a, b));
}
