import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MantineProvider } from "@mantine/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeMarkdown } from "../../app/components/SafeMarkdown";
import { decodeMeasures, DEFAULT_HEALTH_SETTINGS, engagementMeasure, rescoreMeasures } from "../../app/domain/health";
import { PortfolioQuery } from "../../app/domain/portfolio";
import { resolvePeriod } from "../../app/domain/period";
import { TimelineQuery } from "../../app/domain/timeline";
import { addIncidentUpdate, createIncident } from "../../app/models/incidents.server";
import { latestImportedWeek } from "../../app/models/imports.server";
import { workVersion } from "../../app/models/kpis.server";
import { lastEngagements, listNotesForTab } from "../../app/models/notes.server";
import { updateAffiliateProfile } from "../../app/models/affiliates.server";
import { action } from "../../app/routes/affiliates.$uid.notes";
import { runImport } from "../../app/services/import.server";
import { refreshWorkMeasures } from "../../app/services/health.server";
import { loadNotesTab } from "../../app/services/notes.server";
import { loadPortfolio } from "../../app/services/portfolio.server";
import { loadTimeline } from "../../app/services/timeline.server";
import { importGenerated, readCsv, type Row } from "../support/dataset";
import { createTestDatabase } from "../support/db";
import { formRequest, makeUser, sessionCookie } from "../support/users";

let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let rows: Row[];
let uid: string;
let other: string;
const users = {} as Record<"owner" | "stranger" | "lead" | "admin", { id: number; cookie: string }>;

beforeAll(async () => {
  database = createTestDatabase();
  ({ weeks, rows } = await importGenerated(database, "notes-test"));
  for (const [key, role] of [["owner", "manager"], ["stranger", "manager"], ["lead", "lead"], ["admin", "admin"]] as const) {
    const u = await makeUser(database, role, `Notes ${key}`);
    users[key] = { id: u.id, cookie: await sessionCookie(u.id) };
  }
  // The affiliate with the most rows in the newest week, owned by the test owner; another one for contrast.
  const counts = new Map<string, number>();
  for (const r of rows.filter((r) => r.week_start === weeks.at(-1))) counts.set(r.affiliate_uid, (counts.get(r.affiliate_uid) ?? 0) + 1);
  [uid, other] = [...counts].sort((a, b) => b[1] - a[1]).map(([u]) => u);
  database.sqlite.prepare("UPDATE affiliates SET manager_id = ? WHERE uid = ?").run(users.owner.id, uid);
  database.sqlite.prepare("UPDATE affiliates SET manager_id = ? WHERE uid = ?").run(users.stranger.id, other);
}, 90_000);
afterAll(() => database.close());

const post = (who: keyof typeof users, fields: Record<string, string>, affiliate = uid) =>
  action({ request: formRequest(`/affiliates/${affiliate}/notes`, fields, users[who].cookie), params: { uid: affiliate }, context: {} });

/** The outcome of an action: its status and body, a thrown Response included. */
async function outcome(p: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> | null }> {
  let r: unknown;
  try {
    r = await p;
  } catch (thrown) {
    r = thrown;
  }
  if (r instanceof Response) return { status: r.status, body: null };
  const d = r as { init?: { status?: number } | null; data: Record<string, unknown> };
  return { status: d.init?.status ?? 200, body: d.data };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();
const form = (over: Record<string, string> = {}) => ({
  intent: "create",
  kind: "meeting",
  occurredAt: day(-1).slice(0, 16),
  participants: "Partner team",
  summary: "Discussed the **futures** campaign.",
  sentiment: "positive",
  topics: "campaign,commission",
  followUpDate: "",
  ...over,
});
const audit = (action: string) =>
  database.sqlite.prepare("SELECT user_id AS userId, entity_id AS entityId, before, after FROM audit_log WHERE action = ? ORDER BY id").all(action) as { userId: number; entityId: string; before: string | null; after: string | null }[];
const snapshot = (affiliate: string) =>
  database.sqlite.prepare("SELECT week_start AS week, score, band, measures FROM health_snapshots WHERE affiliate_uid = ? AND week_start = (SELECT max(week_start) FROM health_snapshots)").get(affiliate) as { week: string; score: number; band: string; measures: string };
const engagementOf = (affiliate: string) => decodeMeasures(snapshot(affiliate).measures, snapshot(affiliate).score)!.measures.find((m) => m.key === "engagement")!;

describe("who may log, edit and delete notes", () => {
  it("logs: the owner, a lead and an admin; a manager who does not own the affiliate gets 403", async () => {
    expect((await outcome(post("stranger", form()))).status).toBe(403);
    for (const who of ["owner", "lead", "admin"] as const) {
      const r = await outcome(post(who, form({ summary: `Logged by ${who}` })));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, intent: "create" });
    }
    expect(listNotesForTab(database, uid, 50).notes.map((n) => n.summary).sort()).toEqual(["Logged by admin", "Logged by lead", "Logged by owner"]);
    expect(audit("note.create").filter((a) => a.entityId === uid).map((a) => a.userId)).toEqual([users.owner.id, users.lead.id, users.admin.id]);
  });

  it("edits and deletes: the author, a lead, an admin — not the owner on someone else's note, not a stranger", async () => {
    const byLead = listNotesForTab(database, uid, 50).notes.find((n) => n.summary === "Logged by lead")!;
    const byOwner = listNotesForTab(database, uid, 50).notes.find((n) => n.summary === "Logged by owner")!;
    expect((await outcome(post("owner", form({ intent: "update", noteId: String(byLead.id), summary: "Changed by owner" })))).status).toBe(403);
    expect((await outcome(post("stranger", form({ intent: "update", noteId: String(byOwner.id), summary: "Changed" })))).status).toBe(403);
    expect((await outcome(post("stranger", { intent: "delete", noteId: String(byOwner.id) }))).status).toBe(403);
    expect((await outcome(post("owner", form({ intent: "update", noteId: String(byOwner.id), summary: "Changed by the author" })))).status).toBe(200);
    expect((await outcome(post("admin", form({ intent: "update", noteId: String(byLead.id), summary: "Changed by an admin" })))).status).toBe(200);
    // A note of another affiliate, or none, is not found through this affiliate.
    expect((await outcome(post("lead", { intent: "delete", noteId: String(byOwner.id) }, other))).status).toBe(404);
    expect((await outcome(post("lead", { intent: "delete", noteId: "999999" }))).status).toBe(404);
    expect((await outcome(post("lead", form(), "424242"))).status).toBe(404);
  });

  it("refuses an invalid form with messages per field and keeps what was typed", async () => {
    const r = await outcome(post("owner", form({ kind: "lunch", summary: "", followUpDate: "someday", participants: "Kept as typed" })));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ ok: false, values: { participants: "Kept as typed", kind: "lunch", followUpDate: "someday" } });
    const errors = r.body!.errors as Record<string, string[]>;
    expect(Object.keys(errors).sort()).toEqual(["followUpDate", "kind", "summary"]);
    const before = await outcome(post("owner", form({ followUpDate: "2001-01-01" })));
    expect(before.status).toBe(400);
    expect(before.body!.errors).toEqual({ followUpDate: ["The follow-up cannot be before the engagement."] });
  });
});

describe("a note's life", () => {
  let noteId: number;

  it("a follow-up date becomes a follow-up task for the owner, linked to the note, audited", async () => {
    const followUp = day(7).slice(0, 10);
    const r = await outcome(post("owner", form({ summary: "With a follow-up", followUpDate: followUp })));
    noteId = r.body!.noteId as number;
    const task = database.sqlite.prepare("SELECT * FROM tasks WHERE note_id = ?").get(noteId) as Record<string, unknown>;
    expect(task).toMatchObject({ affiliate_uid: uid, kind: "follow_up", due_date: followUp, assignee_id: users.owner.id, status: "open", created_by: users.owner.id });
    expect(audit("task.create").some((a) => JSON.parse(a.after!).id === task.id && a.userId === users.owner.id)).toBe(true);
  });

  it("an edit keeps the fields as they were in a revision, shows as edited, and moves the follow-up's due date", async () => {
    const moved = day(10).slice(0, 10);
    await post("owner", form({ intent: "update", noteId: String(noteId), summary: "With a follow-up (edited)", sentiment: "negative", followUpDate: moved }));
    await post("admin", form({ intent: "update", noteId: String(noteId), summary: "Edited twice", sentiment: "negative", followUpDate: moved }));
    const revisions = database.sqlite.prepare("SELECT editor_id AS editorId, before FROM note_revisions WHERE note_id = ? ORDER BY id").all(noteId) as { editorId: number; before: string }[];
    expect(revisions.map((r) => r.editorId)).toEqual([users.owner.id, users.admin.id]);
    expect(JSON.parse(revisions[0].before)).toMatchObject({ summary: "With a follow-up", sentiment: "positive", kind: "meeting" });
    expect(JSON.parse(revisions[1].before)).toMatchObject({ summary: "With a follow-up (edited)", sentiment: "negative" });
    const updates = audit("note.update").filter((a) => JSON.parse(a.before!).id === noteId);
    expect(updates.map((u) => JSON.parse(u.before!))).toEqual([
      { id: noteId, summary: "With a follow-up", sentiment: "positive", followUpDate: day(7).slice(0, 10) },
      { id: noteId, summary: "With a follow-up (edited)" },
    ]);
    expect((database.sqlite.prepare("SELECT due_date AS d FROM tasks WHERE note_id = ?").get(noteId) as { d: string }).d).toBe(moved);
    expect(audit("task.update").at(-1)).toMatchObject({ userId: users.owner.id });
    const tab = loadNotesTab(database, { id: users.owner.id, role: "manager" }, { uid, managerId: users.owner.id }, 50);
    const shown = tab.notes.find((n) => n.id === noteId)!;
    expect(shown).toMatchObject({ revisions: 2, summary: "Edited twice", canEdit: true, followUpTask: { dueDate: moved, status: "open" } });
    const asStranger = loadNotesTab(database, { id: users.stranger.id, role: "manager" }, { uid, managerId: users.owner.id }, 50);
    expect(asStranger.canLog).toBe(false);
    expect(asStranger.notes.every((n) => !n.canEdit)).toBe(true);
    expect(shown.history.map((h) => (h.before as { summary: string }).summary)).toEqual(["With a follow-up", "With a follow-up (edited)"]);
    // Saving the same values again is no edit.
    await post("admin", form({ intent: "update", noteId: String(noteId), summary: "Edited twice", sentiment: "negative", followUpDate: moved }));
    expect((database.sqlite.prepare("SELECT count(*) AS n FROM note_revisions WHERE note_id = ?").get(noteId) as { n: number }).n).toBe(2);
  });

  it("deleting is soft and audited: the row stays, the page, the portfolio and the engagement recency forget it", async () => {
    const before = workVersion(database);
    const r = await outcome(post("lead", { intent: "delete", noteId: String(noteId) }));
    expect(r.status).toBe(200);
    const row = database.sqlite.prepare("SELECT deleted_at AS d FROM notes WHERE id = ?").get(noteId) as { d: number | null };
    expect(row.d).toBeTypeOf("number");
    expect(listNotesForTab(database, uid, 50).notes.some((n) => n.id === noteId)).toBe(false);
    expect(audit("note.delete").at(-1)).toMatchObject({ userId: users.lead.id, entityId: uid });
    expect(workVersion(database)).not.toBe(before);
    // Deleted already: nothing to delete.
    expect((await outcome(post("lead", { intent: "delete", noteId: String(noteId) }))).status).toBe(404);
  });
});

describe("the last engagement feeds the portfolio and the health score", () => {
  it("the newest snapshot's engagement recency follows a new, an edited and a deleted note", async () => {
    const affiliate = other;
    expect(engagementOf(affiliate)).toMatchObject({ score: 0, reason: "No engagement logged" });
    const stored = decodeMeasures(snapshot(affiliate).measures, snapshot(affiliate).score)!.measures;

    const r = await outcome(post("stranger", form({ occurredAt: day(-3).slice(0, 16), summary: "Three days ago" }), affiliate));
    const id = r.body!.noteId as number;
    expect(engagementOf(affiliate)).toMatchObject({ score: 100, reason: "Last engagement 3 days ago" });
    // The total is what scoring with the new recency gives (the other measures as they were).
    expect(snapshot(affiliate).score).toBe(rescoreMeasures(stored, { engagement: engagementMeasure(3) }, DEFAULT_HEALTH_SETTINGS).score);

    await post("stranger", form({ intent: "update", noteId: String(id), occurredAt: day(-40).slice(0, 16), summary: "Forty days ago" }), affiliate);
    expect(engagementOf(affiliate)).toMatchObject({ reason: "Last engagement 40 days ago", score: Math.round(((60 - 40) / (60 - 14)) * 100) });

    const period = resolvePeriod(PortfolioQuery.parse({}), latestImportedWeek(database), new Date().toISOString().slice(0, 10));
    const lastOf = () => loadPortfolio(database, period, PortfolioQuery.parse({ scope: "all", maturity: "all", q: affiliate }), { id: users.lead.id, role: "lead" }).rows.find((x) => x.uid === affiliate);
    const row = lastOf();
    expect(row?.lastEngagementAt).toBe(lastEngagements(database).get(affiliate));
    expect(row?.healthScore ?? null).toBe(snapshot(affiliate).score);

    await post("stranger", { intent: "delete", noteId: String(id) }, affiliate);
    expect(engagementOf(affiliate)).toMatchObject({ score: 0, reason: "No engagement logged" });
    expect(lastOf()?.lastEngagementAt ?? null).toBeNull();
    expect(lastOf()?.healthScore ?? null).toBe(snapshot(affiliate).score);
  });

  it("does nothing without a snapshot", () => {
    database.sqlite.prepare("INSERT INTO affiliates (uid, name, created_at, updated_at) VALUES ('555', 'Unscored', 0, 0)").run();
    expect(refreshWorkMeasures(database, ["555"])).toBe(0);
  });
});

describe("Markdown summaries render inert", () => {
  const render = (md: string) => renderToStaticMarkup(createElement(MantineProvider, null, createElement(SafeMarkdown, null, md)));

  it("renders Markdown, drops raw HTML and script, and keeps no javascript: link", () => {
    const html = render(
      [
        "**Agreed** a [campaign](https://example.com/x) and [mail](mailto:a@b.test).",
        "",
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(2)"> <a href="javascript:alert(3)">raw link</a>',
        "",
        "[click](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox) [spaced]( JAVASCRIPT:alert(5))",
        "",
        "![pic](javascript:alert(6))",
      ].join("\n"),
    );
    expect(html).toContain("<strong>Agreed</strong>");
    expect(html).toContain('href="https://example.com/x"');
    expect(html).toContain('href="mailto:a@b.test"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html.toLowerCase()).not.toMatch(/<script|onerror|javascript:|vbscript:|data:text|<img/);
    expect(html).toContain("click");
  });
});

describe("the Activity timeline", () => {
  it("gathers notes, tasks created and finished, incident updates, imports, band changes and profile edits, newest first", async () => {
    const t0 = Date.now();
    const task = database.sqlite.prepare("SELECT id FROM tasks WHERE affiliate_uid = ? ORDER BY id DESC LIMIT 1").get(uid) as { id: number };
    database.sqlite.prepare("UPDATE tasks SET status = 'done', completed_at = ?, updated_at = ? WHERE id = ?").run(t0 + 1000, t0 + 1000, task.id);
    const incident = createIncident(database, { title: "Payout delayed", severity: "SEV2", category: "commission_dispute", affiliateUids: [uid] }, users.lead.id, t0 + 2000);
    addIncidentUpdate(database, { incidentId: incident.id, authorId: users.lead.id, at: t0 + 3000, kind: "communication", text: "Told them the ETA", audience: "Partner", channel: "Telegram" });
    updateAffiliateProfile(database, uid, { tier: "Test tier" }, users.admin.id);
    database.sqlite.prepare("INSERT INTO health_snapshots (affiliate_uid, week_start, score, band, measures, computed_at) VALUES (?, '2020-01-06', 90, 'healthy', NULL, 0), (?, '2020-01-13', 40, 'at_risk', NULL, 0)").run(uid, uid);

    const t = loadTimeline(database, uid, TimelineQuery.parse({ alimit: "200" }));
    const kinds = new Set(t.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(["health", "import", "incident", "note", "profile", "task"]);
    for (let i = 1; i < t.events.length; i++) expect(t.events[i - 1].at).toBeGreaterThanOrEqual(t.events[i].at);
    expect(t.events.find((e) => e.key === `task-done:${task.id}`)?.title).toMatch(/task done/);
    expect(t.events.find((e) => e.kind === "incident")).toMatchObject({ title: "SEV2 Payout delayed: communication", detail: "To Partner via Telegram: Told them the ETA" });
    expect(t.events.find((e) => e.kind === "profile")?.detail).toMatch(/^tier: .* → Test tier$/);
    expect(t.events.find((e) => e.key === "band:2020-01-13")?.title).toBe("Health band Healthy → At risk");
    expect(t.events.filter((e) => e.kind === "note").map((e) => e.detail)).not.toContain("Edited twice"); // deleted
    expect(t.events.some((e) => e.kind === "task" && /Follow-up task created/.test(e.title))).toBe(true);

    // The follow-up task, created and done: two task events; a page of one says there is more.
    const onlyTasks = loadTimeline(database, uid, TimelineQuery.parse({ akind: "task", alimit: "2" }));
    expect(onlyTasks.events.map((e) => e.key)).toEqual([`task-done:${task.id}`, `task:${task.id}`]);
    expect(onlyTasks.hasMore).toBe(false);
    const first = loadTimeline(database, uid, TimelineQuery.parse({ akind: "task", alimit: "1" }));
    expect(first.events.map((e) => e.key)).toEqual([`task-done:${task.id}`]);
    expect(first.hasMore).toBe(true);
  });

  it("lists each import that changed the affiliate, and a correction only for the affiliates it changed", async () => {
    // Imports run in one sitting are one entry (a burst); its members name each import.
    const importsOf = (affiliate: string) => loadTimeline(database, affiliate, TimelineQuery.parse({ akind: "import", alimit: "100" })).events.flatMap((e) => e.members ?? [e.key]);
    const weeksOf = (affiliate: string) => new Set(rows.filter((r) => r.affiliate_uid === affiliate).map((r) => r.week_start));
    const applied = database.sqlite.prepare("SELECT id, kind FROM imports WHERE status = 'imported' ORDER BY id").all() as { id: number; kind: string }[];
    // The roster import (it created the affiliate) and one import per week the affiliate has rows in.
    expect(importsOf(uid)).toHaveLength(1 + weeksOf(uid).size);
    expect(importsOf(uid)).toContain(`import:${applied.find((i) => i.kind === "affiliates")!.id}`);

    // A correction of the newest week that changes one row of `uid` only.
    const dir = path.join(database.dir, "ds");
    const week = weeks.at(-1)!;
    const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.includes(week) && readCsv(f)[0]?.week_start === week)!;
    const [head] = fs.readFileSync(file, "utf8").split("\n");
    const cols = head.split(",");
    const data = readCsv(file);
    const target = data.find((r) => r.affiliate_uid === uid)!;
    target.spot_volume_usd = (Number(target.spot_volume_usd) + 123.45).toFixed(2);
    const corrected = path.join(database.dir, "correction.csv");
    fs.writeFileSync(corrected, [head, ...data.map((r) => cols.map((c) => r[c]).join(","))].join("\n") + "\n");
    const result = await runImport({ file: corrected, databaseUrl: `file:${database.file}` });
    expect(result.status).toBe("imported");
    const correction = (database.sqlite.prepare("SELECT max(id) AS id FROM imports").get() as { id: number }).id;

    expect(importsOf(uid)[0]).toBe(`import:${correction}`);
    expect(importsOf(uid)).toHaveLength(2 + weeksOf(uid).size);
    expect(weeksOf(other).has(week)).toBe(true);
    expect(importsOf(other)).not.toContain(`import:${correction}`);
    expect(importsOf(other)).toHaveLength(1 + weeksOf(other).size);
    // All of them ran within the hour: the timeline shows them as one entry.
    const entries = loadTimeline(database, uid, TimelineQuery.parse({ akind: "import", alimit: "100" })).events;
    expect(entries).toHaveLength(1);
    expect(entries[0].title).toMatch(new RegExp(`^${2 + weeksOf(uid).size} imports `));
  }, 60_000);
});
