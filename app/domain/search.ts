import type { Role } from "../../db/schema/users";
import { can } from "../auth/permissions";

/** What global search offers besides affiliates: the pages a role may open, and actions. Pure. */
export interface SearchPage {
  id: string;
  label: string;
  description: string;
  to: string;
  keywords: string[];
}

const PAGES: (SearchPage & { allowed: (role: Role) => boolean })[] = [
  { id: "page-portfolio", label: "Portfolio", description: "Your affiliates and their KPIs", to: "/portfolio", keywords: ["affiliates", "kpis", "home"], allowed: () => true },
  { id: "page-tasks", label: "Tasks", description: "Upsell, follow-up and risk tasks", to: "/tasks", keywords: ["todo", "upsell"], allowed: () => true },
  { id: "page-incidents", label: "Incidents", description: "Open and past incidents", to: "/incidents", keywords: ["sev", "outage", "dispute"], allowed: () => true },
  { id: "page-team", label: "Team", description: "Managers, workload and movers", to: "/team", keywords: ["managers", "workload", "reassign", "movers"], allowed: (r) => can(r, "team:read") },
  { id: "page-imports", label: "Imports", description: "Weekly data imports", to: "/imports", keywords: ["csv", "upload", "data"], allowed: (r) => can(r, "import:read") },
  { id: "page-health-settings", label: "Health settings", description: "Health score weights and thresholds", to: "/settings/health", keywords: ["score", "weights", "thresholds"], allowed: (r) => can(r, "health:configure") },
];

/** The pages this role may open. */
export function pagesFor(role: Role): SearchPage[] {
  return PAGES.filter((p) => p.allowed(role)).map(({ allowed: _allowed, ...p }) => p);
}

/** The entries matching the typed text: every word found in the label, description or keywords (all of them when empty). */
function matching(entries: SearchPage[], text: string): SearchPage[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((p) => {
    const hay = [p.label, p.description, ...p.keywords].join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The pages this role may open matching the typed text. */
export function matchPages(role: Role, text: string): SearchPage[] {
  return matching(pagesFor(role), text);
}

/** What the search box typed means for the lookups: a uid (digits), a code-like token, free text. */
export function classifyQuery(raw: string) {
  const text = raw.trim().slice(0, 100);
  return {
    text,
    /** Digits only: may be an affiliate uid (exact or prefix) or an invitee uid (exact). */
    uid: /^\d{1,20}$/.test(text) ? text : null,
    /** A single token of letters and digits: may be a referral code. */
    code: /^[A-Za-z0-9_-]{2,40}$/.test(text) ? text : null,
  };
}

const STATIC_ACTIONS: SearchPage[] = [{ id: "action-new-incident", label: "New incident", description: "Report an incident", to: "/incidents/new", keywords: ["create", "report", "sev", "complaint"] }];

/** The actions that do not depend on an affiliate, matching the typed text (all of them when empty). */
export function matchActions(text: string): SearchPage[] {
  return matching(STATIC_ACTIONS, text);
}
