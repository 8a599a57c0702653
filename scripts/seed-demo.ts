// npm run seed:demo — a realistic, deterministic demo portfolio: 4 managers, a lead and an admin,
// ~150 affiliates, 26 weekly referral files written in the import contract and imported through
// the real import pipeline, plus engagement notes, tasks and incidents. Seeds once: a database
// that already holds the demo is left as it is; one that holds anything else is refused.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { databaseFile, openDatabase } from "../db";
import { addIncidentUpdate, createIncident } from "../app/models/incidents.server";
import { createNote } from "../app/models/notes.server";
import { createTask } from "../app/models/tasks.server";
import { createUser, findUserByEmail, listUsers } from "../app/models/users.server";
import { recomputeHealth } from "../app/services/health.server";
import { runImport } from "../app/services/import.server";
import { addWeeks } from "../app/domain/weeks";
import { DEMO_MANAGERS, defaultEndWeek, demoRoster, generateDataset } from "./lib/dataset";
import { demoWorkflow } from "./lib/demo-workflow";
import { progressBar } from "./lib/progress";

export const DEMO_PASSWORD = "demo-password-2026";
const DEMO_LEAD = { email: "lena.novak@desk.test", name: "Lena Novak", role: "lead" as const };
const DEMO_ADMIN = { email: "alex.admin@desk.test", name: "Alex Admin", role: "admin" as const };

async function main() {
  const { values } = parseArgs({ options: { "end-week": { type: "string" }, quiet: { type: "boolean" } } });
  const log = values.quiet ? () => {} : (s: string) => console.error(s);
  const database = openDatabase();
  const { sqlite } = database;

  const users = listUsers(database, { includeDisabled: true });
  const foreign = users.filter((u) => !u.isDemo);
  const importCount = (sqlite.prepare("SELECT count(*) AS n FROM imports").get() as { n: number }).n;
  if (foreign.length > 0 || (users.length === 0 && importCount > 0)) {
    console.error(
      `seed:demo: ${databaseFile()} holds data that is not the demo's (${foreign.length} other user(s), ${importCount} import(s)). ` +
        "Refusing to touch it: point DATABASE_URL at a new file to seed the demo.",
    );
    return 1;
  }
  if (users.length > 0 && importCount > 0) {
    log(`seed:demo: the demo is already in ${databaseFile()}; nothing to do.`);
    return 0;
  }

  const endWeek = values["end-week"] ?? defaultEndWeek(new Date());
  const anchor = Date.parse(`${addWeeks(endWeek, 1)}T10:00:00Z`);
  log(`Seeding the demo portfolio into ${databaseFile()} (weeks up to ${endWeek})…`);

  const people = [...DEMO_MANAGERS.map((m) => ({ email: m.email, name: m.name, role: "manager" as const })), DEMO_LEAD, DEMO_ADMIN];
  for (const p of people) {
    if (!findUserByEmail(database, p.email)) await createUser(database, { ...p, password: DEMO_PASSWORD, isDemo: true });
  }
  const ids = new Map(listUsers(database).map((u) => [u.email, u.id]));
  const lead = ids.get(DEMO_LEAD.email)!;

  const outDir = path.join(path.dirname(databaseFile()), "demo-dataset");
  fs.rmSync(outDir, { recursive: true, force: true });
  const summary = await generateDataset({ outDir, endWeek, profile: "demo" });
  log(`  generated ${summary.rows.toLocaleString("en-US")} rows for ${summary.invitees.toLocaleString("en-US")} invitees in ${summary.files.length} files`);

  const bar = progressBar("  importing");
  let done = 0;
  for (const file of summary.files) {
    const r = await runImport({ file, userId: lead });
    if (r.status !== "imported") throw new Error(`the demo file ${path.basename(file)} was ${r.status}: ${r.errors[0]?.message ?? ""}`);
    bar.update(++done, summary.files.length, path.basename(file));
  }
  bar.done();

  const roster = demoRoster({ endWeek, profile: "demo" });
  const { notes, tasks, incidents } = demoWorkflow(roster, anchor);
  for (const n of notes) {
    const { authorEmail, ...rest } = n;
    createNote(database, { ...rest, authorId: ids.get(authorEmail)! }, ids.get(authorEmail)!, n.occurredAt);
  }
  for (const t of tasks) {
    const { assigneeEmail, createdAt, ...rest } = t;
    const assignee = ids.get(assigneeEmail)!;
    createTask(
      database,
      { ...rest, assigneeId: assignee, completedAt: t.status === "done" ? createdAt + 5 * 86_400_000 : null },
      assignee,
      createdAt,
    );
  }
  for (const i of incidents) {
    const { ownerEmail, updates, ...rest } = i;
    const owner = ids.get(ownerEmail)!;
    const first = Math.min(...Object.values(i.statusTimes));
    const incident = createIncident(database, { ...rest, ownerId: owner }, owner, first);
    for (const u of updates) addIncidentUpdate(database, { incidentId: incident.id, authorId: owner, ...u });
  }
  log(`  ${notes.length} engagement notes, ${tasks.length} tasks, ${incidents.length} incidents`);
  // The imports scored health before the work above existed: score every week again, so that
  // engagement recency and open incidents count (as they do when the work is logged in the app).
  recomputeHealth(database, { history: true });
  log(`Done. Sign in as ${DEMO_LEAD.email} (lead), ${DEMO_ADMIN.email} (admin) or ${DEMO_MANAGERS[0].email} (manager), password ${DEMO_PASSWORD}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`seed:demo: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
