import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** Every mutation and every sign-in event: who, what, when, before and after. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    userId: integer("user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    ip: text("ip"),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_action_ip_idx").on(t.action, t.ip, t.at),
    index("audit_at_idx").on(t.at),
  ],
);
