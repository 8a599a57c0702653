import { and, count, desc, eq, gte } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { auditLog } from "../../db/schema";

export interface AuditEntry {
  userId?: number | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  at?: number;
}

/** Appends one entry to the audit log. Call it inside the same transaction as the change it records. */
export function recordAudit({ db }: AppDatabase, entry: AuditEntry) {
  db.insert(auditLog)
    .values({
      at: entry.at ?? Date.now(),
      userId: entry.userId ?? null,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: entry.ip ?? null,
    })
    .run();
}

export function countActionsFromIp({ db }: AppDatabase, action: string, ip: string, since: number): number {
  const row = db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.ip, ip), gte(auditLog.at, since)))
    .get();
  return row?.n ?? 0;
}

export function listAudit({ db }: AppDatabase, filter: { entityType?: string; entityId?: string; action?: string; limit?: number } = {}) {
  const conds = [];
  if (filter.entityType) conds.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) conds.push(eq(auditLog.action, filter.action));
  return db
    .select()
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 100)
    .all();
}
