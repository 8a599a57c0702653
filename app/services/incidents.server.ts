import type { AppDatabase } from "../../db";
import type { Role } from "../../db/schema/users";
import { canChangeIncident, isOpen, type IncidentFormValues, type IncidentStatus, type Postmortem, type StatusTimes, type TransitionResult } from "../domain/incidents";
import {
  addIncidentUpdate,
  affiliateUidsOf,
  createIncident,
  editStatusTimes,
  getIncident,
  saveResolution,
  transitionIncident,
  updateIncidentDetails,
  type IncidentDetail,
} from "../models/incidents.server";
import type { TaskPriority } from "../domain/tasks";
import { createTask } from "../models/tasks.server";
import { refreshWorkMeasures } from "./health.server";

/** The incident with what the user may do with it; a 404 when there is none. */
export function loadIncident(database: AppDatabase, id: number, user: { id: number; role: Role }): { incident: IncidentDetail; canChange: boolean } {
  const incident = getIncident(database, id);
  if (!incident) throw new Response("There is no incident with this id.", { status: 404 });
  return { incident, canChange: canChangeIncident(user, { ownerId: incident.ownerId, affiliateManagerIds: incident.affiliates.map((a) => a.managerId) }) };
}

/** Opens an incident; what was reported (when given) is the first entry of its timeline. */
export function openIncident(database: AppDatabase, values: IncidentFormValues, actorId: number, now = Date.now()) {
  const { description, ...fields } = values;
  const incident = database.sqlite.transaction(() => {
    const created = createIncident(database, { ...fields, status: "reported", statusTimes: { reported: now } }, actorId, now);
    if (description) addIncidentUpdate(database, { incidentId: created.id, authorId: actorId, at: now, kind: "update", text: description });
    return created;
  })();
  refreshWorkMeasures(database, values.affiliateUids, now);
  return incident;
}

/**
 * A transition; the health of the affected affiliates is scored again only when the incident
 * stops or starts counting as open (resolving, reopening): between open statuses, or from
 * resolved to closed, the open-incidents measure cannot move.
 */
export function changeStatus(database: AppDatabase, id: number, to: IncidentStatus, actorId: number, reason: string | null, now = Date.now()): TransitionResult {
  const before = getIncident(database, id)?.status;
  const result = transitionIncident(database, id, to, actorId, now, reason);
  if (result.ok && before && isOpen(before) !== isOpen(result.status)) refreshWorkMeasures(database, affiliateUidsOf(database, id), now);
  return result;
}

export function changeDetails(database: AppDatabase, id: number, values: Omit<IncidentFormValues, "description">, actorId: number, now = Date.now()) {
  const before = affiliateUidsOf(database, id);
  updateIncidentDetails(database, id, values, actorId, now);
  refreshWorkMeasures(database, [...new Set([...before, ...values.affiliateUids])], now);
}

export function changeResolution(database: AppDatabase, id: number, input: { resolution: string; postmortem: Postmortem }, actorId: number, now = Date.now()) {
  saveResolution(database, id, input, actorId, now);
}

export function changeStatusTimes(database: AppDatabase, id: number, times: StatusTimes, actorId: number, now = Date.now()) {
  editStatusTimes(database, id, times, actorId, now);
}

/** A follow-up task from the incident (kind follow_up), noted on the incident's timeline. */
export function createFollowUp(
  database: AppDatabase,
  incidentId: number,
  input: { title: string; affiliateUid: string; assigneeId: number; dueDate: string | null; priority: TaskPriority },
  actorId: number,
  now = Date.now(),
) {
  return database.sqlite.transaction(() => {
    const task = createTask(database, { ...input, kind: "follow_up", status: "open", incidentId }, actorId, now);
    addIncidentUpdate(database, { incidentId, authorId: actorId, at: now, kind: "update", text: `Follow-up task created: ${input.title}` });
    return task;
  })();
}
