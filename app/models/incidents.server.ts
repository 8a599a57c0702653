import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { prepared } from "./statements.server";
import { incidentAffiliates, incidents, incidentUpdates } from "../../db/schema";
import {
  asPostmortem,
  isReopen,
  STATUS_LABELS,
  transition,
  type IncidentCategory,
  type IncidentSeverity,
  type IncidentStatus,
  type Postmortem,
  type StatusTimes,
  type TimedIncident,
  type TransitionResult,
} from "../domain/incidents";
import { recordAudit } from "./audit.server";

export type Incident = typeof incidents.$inferSelect;
export type NewIncident = Omit<typeof incidents.$inferInsert, "id" | "createdAt" | "updatedAt"> & { affiliateUids: string[] };

export function createIncident(database: AppDatabase, input: NewIncident, actorId: number | null, now = Date.now()): Incident {
  const { affiliateUids, ...fields } = input;
  return database.sqlite.transaction(() => {
    const incident = database.db
      .insert(incidents)
      .values({ ...fields, statusTimes: fields.statusTimes ?? { reported: now }, createdBy: actorId, createdAt: now, updatedAt: now })
      .returning()
      .get();
    for (const uid of affiliateUids) database.db.insert(incidentAffiliates).values({ incidentId: incident.id, affiliateUid: uid }).run();
    recordAudit(database, { userId: actorId, action: "incident.create", entityType: "incident", entityId: incident.id, after: { ...incident, affiliateUids }, at: now });
    return incident;
  })();
}

export function addIncidentUpdate(
  database: AppDatabase,
  input: { incidentId: number; authorId: number | null; at: number; kind: "update" | "communication" | "status"; text: string; audience?: string | null; channel?: string | null },
) {
  return database.sqlite.transaction(() => {
    const row = database.db.insert(incidentUpdates).values(input).returning().get();
    touch(database, input.incidentId, input.at);
    recordAudit(database, { userId: input.authorId, action: "incident.update", entityType: "incident", entityId: input.incidentId, after: row, at: input.at });
    return row;
  })();
}

/** Moves `updated_at` (the work version the portfolio's cache watches) without ever going back. */
function touch({ sqlite }: AppDatabase, id: number, now: number) {
  sqlite.prepare("UPDATE incidents SET updated_at = max(updated_at + 1, ?) WHERE id = ?").run(now, id);
}

export interface IncidentAffiliate {
  uid: string;
  name: string;
  managerId: number | null;
  managerName: string | null;
}

export interface IncidentDetail extends Omit<Incident, "status" | "severity" | "category" | "statusTimes"> {
  status: IncidentStatus;
  severity: IncidentSeverity;
  category: IncidentCategory;
  statusTimes: StatusTimes;
  ownerName: string | null;
  affiliates: IncidentAffiliate[];
}

export function getIncident(database: AppDatabase, id: number): IncidentDetail | undefined {
  const row = database.db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) return undefined;
  const owner = row.ownerId == null ? undefined : (database.sqlite.prepare("SELECT name FROM users WHERE id = ?").get(row.ownerId) as { name: string } | undefined);
  return { ...(row as IncidentDetail), ownerName: owner?.name ?? null, affiliates: affiliatesOf(database, [id]).get(id) ?? [] };
}

function affiliatesOf({ sqlite }: AppDatabase, ids: number[]): Map<number, IncidentAffiliate[]> {
  const out = new Map<number, IncidentAffiliate[]>();
  if (ids.length === 0) return out;
  const rows = sqlite
    .prepare(
      `SELECT x.incident_id AS id, a.uid, a.name, a.manager_id AS managerId, u.name AS managerName
       FROM incident_affiliates x JOIN affiliates a ON a.uid = x.affiliate_uid LEFT JOIN users u ON u.id = a.manager_id
       WHERE x.incident_id IN (SELECT value FROM json_each(?)) ORDER BY a.name`,
    )
    .all(JSON.stringify(ids)) as (IncidentAffiliate & { id: number })[];
  for (const { id, ...a } of rows) {
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push(a);
  }
  return out;
}

export interface IncidentListRow {
  id: number;
  title: string;
  severity: IncidentSeverity;
  category: IncidentCategory;
  status: IncidentStatus;
  statusTimes: StatusTimes;
  ownerId: number | null;
  ownerName: string | null;
  createdAt: number;
  updatedAt: number;
  affiliates: { uid: string; name: string }[];
}

/** Incidents, newest first; only those of one affiliate, or only open / closed-or-resolved ones, when asked. */
export function listIncidents(database: AppDatabase, filter: { affiliateUid?: string; open?: boolean } = {}): IncidentListRow[] {
  const conds: string[] = [];
  const args: unknown[] = [];
  if (filter.affiliateUid) {
    conds.push("i.id IN (SELECT incident_id FROM incident_affiliates WHERE affiliate_uid = ?)");
    args.push(filter.affiliateUid);
  }
  if (filter.open === true) conds.push("i.status NOT IN ('resolved', 'closed')");
  if (filter.open === false) conds.push("i.status IN ('resolved', 'closed')");
  const rows = prepared(
    database.sqlite,
    `SELECT i.id, i.title, i.severity, i.category, i.status, i.status_times AS statusTimes, i.owner_id AS ownerId, u.name AS ownerName,
         i.created_at AS createdAt, i.updated_at AS updatedAt
       FROM incidents i LEFT JOIN users u ON u.id = i.owner_id
       ${conds.length ? `WHERE ${conds.join(" AND ")}` : ""}
       ORDER BY i.created_at DESC, i.id DESC`,
  ).all(...args) as (Omit<IncidentListRow, "statusTimes" | "affiliates"> & { statusTimes: string })[];
  const affs = affiliatesOf(
    database,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, statusTimes: JSON.parse(r.statusTimes) as StatusTimes, affiliates: (affs.get(r.id) ?? []).map(({ uid, name }) => ({ uid, name })) }));
}

/** The open SEV1 and SEV2 incidents of an affiliate, most severe first (for its header). */
export function openSevereIncidents({ sqlite }: AppDatabase, affiliateUid: string) {
  return prepared(
    sqlite,
    `SELECT i.id, i.title, i.severity, i.status FROM incidents i JOIN incident_affiliates x ON x.incident_id = i.id
       WHERE x.affiliate_uid = ? AND i.status NOT IN ('resolved', 'closed') AND i.severity IN ('SEV1', 'SEV2')
       ORDER BY i.severity, i.created_at`,
  ).all(affiliateUid) as { id: number; title: string; severity: IncidentSeverity; status: IncidentStatus }[];
}

export interface IncidentUpdateRow {
  id: number;
  at: number;
  kind: "update" | "communication" | "status";
  text: string;
  audience: string | null;
  channel: string | null;
  authorId: number | null;
  authorName: string | null;
}

/** The incident's timeline, oldest first. */
export function listIncidentUpdates({ sqlite }: AppDatabase, incidentId: number): IncidentUpdateRow[] {
  return sqlite
    .prepare(
      `SELECT x.id, x.at, x.kind, x.text, x.audience, x.channel, x.author_id AS authorId, u.name AS authorName
       FROM incident_updates x LEFT JOIN users u ON u.id = x.author_id WHERE x.incident_id = ? ORDER BY x.at, x.id`,
    )
    .all(incidentId) as IncidentUpdateRow[];
}

/** Every incident's severity and transition times (for the response-time figures). */
export function incidentTimes({ sqlite }: AppDatabase, from: number, to: number): TimedIncident[] {
  return (
    sqlite
      .prepare("SELECT severity, status_times AS t FROM incidents WHERE json_extract(status_times, '$.reported') BETWEEN ? AND ?")
      .all(from, to) as { severity: IncidentSeverity; t: string }[]
  ).map((r) => ({ severity: r.severity, statusTimes: JSON.parse(r.t) as StatusTimes }));
}

/** The follow-up tasks created from an incident. */
export function tasksOfIncident({ sqlite }: AppDatabase, incidentId: number) {
  return sqlite
    .prepare(
      `SELECT t.id, t.title, t.status, t.priority, t.due_date AS dueDate, t.affiliate_uid AS affiliateUid, a.name AS affiliateName, u.name AS assigneeName
       FROM tasks t JOIN affiliates a ON a.uid = t.affiliate_uid LEFT JOIN users u ON u.id = t.assignee_id
       WHERE t.incident_id = ? ORDER BY t.created_at, t.id`,
    )
    .all(incidentId) as { id: number; title: string; status: string; priority: string; dueDate: string | null; affiliateUid: string; affiliateName: string; assigneeName: string | null }[];
}

function loadForWrite(database: AppDatabase, id: number): Incident {
  const row = database.db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) throw new Response("There is no incident with this id.", { status: 404 });
  return row;
}

/**
 * Moves an incident along its lifecycle (the domain's rules), appends a `status` entry to the
 * timeline and audits it, in one transaction; a refusal writes nothing.
 */
export function transitionIncident(database: AppDatabase, id: number, to: IncidentStatus, actorId: number, now = Date.now(), reason: string | null = null): TransitionResult {
  return database.sqlite
    .transaction((): TransitionResult => {
      const before = loadForWrite(database, id);
      const result = transition({ ...before, status: before.status, statusTimes: before.statusTimes as StatusTimes }, to, now, { reason });
      if (!result.ok) return result;
      database.db.update(incidents).set({ status: result.status, statusTimes: result.statusTimes, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(incidents.id, id)).run();
      const text = isReopen(before.status, to) ? `Reopened: ${reason?.trim()}` : `${STATUS_LABELS[before.status]} → ${STATUS_LABELS[to]}${reason?.trim() ? `: ${reason.trim()}` : ""}`;
      database.db.insert(incidentUpdates).values({ incidentId: id, authorId: actorId, at: now, kind: "status", text }).run();
      recordAudit(database, {
        userId: actorId,
        action: "incident.status",
        entityType: "incident",
        entityId: id,
        before: { status: before.status, statusTimes: before.statusTimes },
        after: { status: result.status, statusTimes: result.statusTimes, reason },
        at: now,
      });
      return result;
    })
    .immediate();
}

/** Saves the resolution and the postmortem (either may be partial until the incident is closed). */
export function saveResolution(database: AppDatabase, id: number, input: { resolution: string; postmortem: Postmortem }, actorId: number, now = Date.now()) {
  database.sqlite
    .transaction(() => {
      const before = loadForWrite(database, id);
      const resolution = input.resolution.trim() || null;
      const empty = !input.postmortem.whatHappened && !input.postmortem.impact && !input.postmortem.actions;
      const postmortem = empty ? null : input.postmortem;
      database.db.update(incidents).set({ resolution, postmortem, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(incidents.id, id)).run();
      recordAudit(database, {
        userId: actorId,
        action: "incident.resolution",
        entityType: "incident",
        entityId: id,
        before: { resolution: before.resolution, postmortem: asPostmortem(before.postmortem) },
        after: { resolution, postmortem },
        at: now,
      });
    })
    .immediate();
}

/** Replaces the transition times (already checked for order by the domain); noted on the timeline. */
export function editStatusTimes(database: AppDatabase, id: number, times: StatusTimes, actorId: number, now = Date.now()) {
  database.sqlite
    .transaction(() => {
      const before = loadForWrite(database, id);
      database.db.update(incidents).set({ statusTimes: times, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(incidents.id, id)).run();
      database.db.insert(incidentUpdates).values({ incidentId: id, authorId: actorId, at: now, kind: "status", text: "Transition times corrected" }).run();
      recordAudit(database, { userId: actorId, action: "incident.times", entityType: "incident", entityId: id, before: { statusTimes: before.statusTimes }, after: { statusTimes: times }, at: now });
    })
    .immediate();
}

/** Changes the incident's details and its affected affiliates. */
export function updateIncidentDetails(
  database: AppDatabase,
  id: number,
  input: { title: string; severity: IncidentSeverity; category: IncidentCategory; products: string[]; countries: string[]; ownerId: number; affiliateUids: string[] },
  actorId: number,
  now = Date.now(),
) {
  database.sqlite
    .transaction(() => {
      const before = loadForWrite(database, id);
      const beforeUids = affiliateUidsOf(database, id);
      const { affiliateUids, ...fields } = input;
      database.db.update(incidents).set({ ...fields, updatedAt: Math.max(now, before.updatedAt + 1) }).where(eq(incidents.id, id)).run();
      database.db.delete(incidentAffiliates).where(eq(incidentAffiliates.incidentId, id)).run();
      for (const uid of affiliateUids) database.db.insert(incidentAffiliates).values({ incidentId: id, affiliateUid: uid }).run();
      if (before.severity !== input.severity) {
        database.db.insert(incidentUpdates).values({ incidentId: id, authorId: actorId, at: now, kind: "status", text: `Severity ${before.severity} → ${input.severity}` }).run();
      }
      recordAudit(database, {
        userId: actorId,
        action: "incident.edit",
        entityType: "incident",
        entityId: id,
        before: { title: before.title, severity: before.severity, category: before.category, products: before.products, countries: before.countries, ownerId: before.ownerId, affiliateUids: beforeUids },
        after: input,
        at: now,
      });
    })
    .immediate();
}

/** The uids of the affiliates an incident concerns, in uid order. */
export function affiliateUidsOf({ sqlite }: AppDatabase, incidentId: number): string[] {
  return (sqlite.prepare("SELECT affiliate_uid AS uid FROM incident_affiliates WHERE incident_id = ? ORDER BY affiliate_uid").all(incidentId) as { uid: string }[]).map((r) => r.uid);
}
