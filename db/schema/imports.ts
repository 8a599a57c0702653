import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const IMPORT_KINDS = ["referrals", "affiliates"] as const;
export const IMPORT_STATUSES = [
  "validating",
  "ready",
  "importing",
  "imported",
  "rejected",
  "cancelled",
  "failed",
  "rolled_back",
] as const;

/** The import history: who imported what, when, the file's name and hash, counts and report. */
export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: IMPORT_KINDS }).notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull(),
    userId: integer("user_id").references(() => users.id),
    skipInvalid: integer("skip_invalid", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
    rows: integer("rows").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    weeks: text("weeks", { mode: "json" }).$type<string[]>(),
    report: text("report", { mode: "json" }),
    /** The uploaded file, kept until the import is applied or cancelled (web uploads). */
    filePath: text("file_path"),
    /** Where the rejected rows (original cells plus an `error` column) are kept as CSV. */
    rejectedPath: text("rejected_path"),
    rolledBackAt: integer("rolled_back_at"),
    rolledBackBy: integer("rolled_back_by").references(() => users.id),
  },
  (t) => [index("imports_sha_idx").on(t.sha256), index("imports_created_idx").on(t.createdAt)],
);

/** Named locks: one import writes at a time. `holder` says who (for the message to the next one). */
export const locks = sqliteTable("locks", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  pid: integer("pid").notNull(),
  acquiredAt: integer("acquired_at").notNull(),
});
