import type { FieldErrors } from "~/domain/tasks";
import type { IncidentCategory, IncidentSeverity, IncidentStatus, Postmortem, StatusTimes } from "~/domain/incidents";

/** The incident as the detail page's components receive it (serialised from the loader). */
export interface IncidentView {
  id: number;
  title: string;
  severity: IncidentSeverity;
  category: IncidentCategory;
  status: IncidentStatus;
  statusTimes: StatusTimes;
  products: string[];
  countries: string[];
  ownerId: number | null;
  ownerName: string | null;
  resolution: string | null;
  postmortem: Postmortem | null;
  affiliates: { uid: string; name: string; managerId: number | null; managerName: string | null }[];
}

export interface UpdateView {
  id: number;
  at: number;
  kind: "update" | "communication" | "status";
  text: string;
  audience: string | null;
  channel: string | null;
  authorName: string | null;
}

export type ActionResult = { intent: string | null; errors: FieldErrors; values: Record<string, string | string[]>; picked?: { uid: string; name: string }[] } | undefined;
