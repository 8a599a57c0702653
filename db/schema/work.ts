import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { affiliates } from "./affiliates";
import { users } from "./users";
import { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_STATUSES, NOTE_KINDS, SENTIMENTS, TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES } from "../../app/domain/enums";

export { INCIDENT_CATEGORIES, INCIDENT_SEVERITIES, INCIDENT_STATUSES, NOTE_KINDS, SENTIMENTS, TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES };

/** Engagement notes: what an RM did with a partner. Soft-deleted. */
export const notes = sqliteTable(
  "notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    authorId: integer("author_id").notNull().references(() => users.id),
    kind: text("kind", { enum: NOTE_KINDS }).notNull(),
    occurredAt: integer("occurred_at").notNull(),
    participants: text("participants"),
    summary: text("summary").notNull(),
    sentiment: text("sentiment", { enum: SENTIMENTS }).notNull().default("neutral"),
    topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    followUpDate: text("follow_up_date"),
    deletedAt: integer("deleted_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("notes_affiliate_idx").on(t.affiliateUid, t.occurredAt)],
);

/** Each edit of a note keeps the text as it was before, newest last. */
export const noteRevisions = sqliteTable(
  "note_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    noteId: integer("note_id").notNull().references(() => notes.id),
    editorId: integer("editor_id").references(() => users.id),
    at: integer("at").notNull(),
    /** The note's fields before this edit. */
    before: text("before", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("note_revisions_note_idx").on(t.noteId, t.at)],
);

/** A named portfolio view (filters, sort, columns, period as a URL query), private or shared with the team. */
export const savedViews = sqliteTable(
  "saved_views",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ownerId: integer("owner_id").notNull().references(() => users.id),
    name: text("name").notNull(),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    /** The portfolio URL's search string, e.g. "?type=kol&sort=volume". */
    query: text("query").notNull(),
    /** Visible columns when the view was saved. */
    columns: text("columns", { mode: "json" }).$type<string[]>(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_views_owner_idx").on(t.ownerId, t.name)],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    title: text("title").notNull(),
    kind: text("kind", { enum: TASK_KINDS }).notNull(),
    product: text("product"),
    expectedUplift: integer("expected_uplift"),
    dueDate: text("due_date"),
    priority: text("priority", { enum: TASK_PRIORITIES }).notNull().default("medium"),
    assigneeId: integer("assignee_id").references(() => users.id),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("open"),
    dropReason: text("drop_reason"),
    noteId: integer("note_id").references(() => notes.id),
    incidentId: integer("incident_id"),
    /** For tasks raised by an early-warning rule: which rule, so it is raised at most once per window. */
    ruleKey: text("rule_key"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [
    index("tasks_assignee_idx").on(t.assigneeId, t.status, t.dueDate),
    index("tasks_affiliate_idx").on(t.affiliateUid, t.status),
  ],
);

export const incidents = sqliteTable(
  "incidents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
    category: text("category", { enum: INCIDENT_CATEGORIES }).notNull(),
    products: text("products", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    countries: text("countries", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    ownerId: integer("owner_id").references(() => users.id),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull().default("reported"),
    /** When each status was entered: {reported: ms, investigating: ms, …}. */
    statusTimes: text("status_times", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
    resolution: text("resolution"),
    postmortem: text("postmortem", { mode: "json" }),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("incidents_status_idx").on(t.status, t.severity)],
);

export const incidentAffiliates = sqliteTable(
  "incident_affiliates",
  {
    incidentId: integer("incident_id").notNull().references(() => incidents.id, { onDelete: "cascade" }),
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.affiliateUid] }), index("incident_affiliates_aff_idx").on(t.affiliateUid)],
);

/** The incident's append-only timeline: updates, communications and status changes. */
export const incidentUpdates = sqliteTable(
  "incident_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    incidentId: integer("incident_id").notNull().references(() => incidents.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id),
    at: integer("at").notNull(),
    kind: text("kind", { enum: ["update", "communication", "status"] }).notNull(),
    text: text("text").notNull(),
    audience: text("audience"),
    channel: text("channel"),
  },
  (t) => [index("incident_updates_idx").on(t.incidentId, t.at)],
);

/** A health score per affiliate per week, taken after each import and each recompute. */
export const healthSnapshots = sqliteTable(
  "health_snapshots",
  {
    affiliateUid: text("affiliate_uid").notNull().references(() => affiliates.uid),
    weekStart: text("week_start").notNull(),
    score: integer("score"),
    band: text("band"),
    measures: text("measures", { mode: "json" }),
    computedAt: integer("computed_at").notNull(),
  },
  // A rowid table on purpose: its rows carry the measures as JSON (~1 KB), too wide for WITHOUT ROWID.
  (t) => [primaryKey({ columns: [t.affiliateUid, t.weekStart] })],
);
