import type { AppDatabase } from "../../db";
import { incidentAffiliates, incidents, incidentUpdates } from "../../db/schema";
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
    recordAudit(database, { userId: input.authorId, action: "incident.update", entityType: "incident", entityId: input.incidentId, after: row, at: input.at });
    return row;
  })();
}

