import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { affiliates } from "./affiliates";
import { users } from "./users";
import { tasks } from "./work";
import { BANDS } from "../../app/domain/enums";

/** Application settings by key (the health model's weights, thresholds and rules), as JSON. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
});

/** A manager's temporary band for an affiliate, with a reason; it lapses at `expires_at`. */
export const healthOverrides = sqliteTable(
  "health_overrides",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    band: text("band", { enum: BANDS }).notNull(),
    reason: text("reason").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    clearedAt: integer("cleared_at"),
  },
  (t) => [index("health_overrides_affiliate_idx").on(t.affiliateUid, t.expiresAt)],
);

/** Early-warning alerts raised on an affiliate (at most once per affiliate, rule and 4 weeks). */
export const healthAlerts = sqliteTable(
  "health_alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    rule: text("rule").notNull(),
    weekStart: text("week_start").notNull(),
    reason: text("reason").notNull(),
    taskId: integer("task_id").references(() => tasks.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("health_alerts_affiliate_idx").on(t.affiliateUid, t.rule, t.weekStart)],
);
