import type { AppDatabase } from "../../db";
import { NOTE_KIND_LABELS, type NoteKind, summaryExcerpt } from "../domain/notes";
import { bandChanges, bursts, describeProfileChange, type TimelineEvent, type TimelineKind } from "../domain/timeline";
import { formatDate } from "../domain/format";

/**
 * The sources of an affiliate's timeline, each read newest first and capped at `limit` events
 * (the merge in app/domain/timeline.ts takes the newest `limit` of all of them, so `limit + 1`
 * from each tells whether there is more). Only the kinds asked for are read.
 */
export function timelineSources(database: AppDatabase, uid: string, kinds: readonly TimelineKind[], limit: number): TimelineEvent[][] {
  const want = new Set(kinds);
  const out: TimelineEvent[][] = [];
  if (want.has("note")) out.push(noteEvents(database, uid, limit));
  if (want.has("task")) out.push(taskEvents(database, uid, limit));
  if (want.has("incident")) out.push(incidentEvents(database, uid, limit));
  if (want.has("import")) out.push(importEvents(database, uid, limit));
  if (want.has("health")) out.push(healthEvents(database, uid, limit));
  if (want.has("profile")) out.push(profileEvents(database, uid, limit));
  return out;
}

const TASK_KIND_WORDS: Record<string, string> = { upsell: "Upsell", follow_up: "Follow-up", risk: "Risk", onboarding: "Onboarding", other: "Task" };

function noteEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  const rows = sqlite
    .prepare(
      `SELECT n.id, n.kind, n.occurred_at AS at, n.summary, n.sentiment, n.participants, u.name AS author,
         (SELECT count(*) FROM note_revisions r WHERE r.note_id = n.id) AS revisions
       FROM notes n LEFT JOIN users u ON u.id = n.author_id
       WHERE n.affiliate_uid = ? AND n.deleted_at IS NULL ORDER BY n.occurred_at DESC, n.id DESC LIMIT ?`,
    )
    .all(uid, limit) as { id: number; kind: NoteKind; at: number; summary: string; sentiment: string; participants: string | null; author: string | null; revisions: number }[];
  return rows.map((r) => ({
    kind: "note",
    at: r.at,
    key: `note:${r.id}`,
    title: `${NOTE_KIND_LABELS[r.kind] ?? r.kind} logged${r.participants ? ` · with ${r.participants}` : ""}${r.revisions ? " · edited" : ""}`,
    detail: summaryExcerpt(r.summary),
    actor: r.author,
    href: `?tab=notes#note-${r.id}`,
    tone: r.sentiment === "positive" ? "positive" : r.sentiment === "negative" ? "negative" : "neutral",
  }));
}

function taskEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  type Row = { id: number; title: string; kind: string; status: string; at: number; dueDate: string | null; dropReason: string | null; actor: string | null; assignee: string | null };
  const created = sqlite
    .prepare(
      `SELECT t.id, t.title, t.kind, t.status, t.created_at AS at, t.due_date AS dueDate, t.drop_reason AS dropReason, c.name AS actor, a.name AS assignee
       FROM tasks t LEFT JOIN users c ON c.id = t.created_by LEFT JOIN users a ON a.id = t.assignee_id
       WHERE t.affiliate_uid = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
    )
    .all(uid, limit) as Row[];
  const finished = sqlite
    .prepare(
      `SELECT t.id, t.title, t.kind, t.status, t.completed_at AS at, t.due_date AS dueDate, t.drop_reason AS dropReason, a.name AS actor, a.name AS assignee
       FROM tasks t LEFT JOIN users a ON a.id = t.assignee_id
       WHERE t.affiliate_uid = ? AND t.completed_at IS NOT NULL AND t.status IN ('done', 'dropped') ORDER BY t.completed_at DESC, t.id DESC LIMIT ?`,
    )
    .all(uid, limit) as Row[];
  return [
    ...created.map((t): TimelineEvent => ({
      kind: "task",
      at: t.at,
      key: `task:${t.id}`,
      title: `${TASK_KIND_WORDS[t.kind] ?? "Task"} task created: ${t.title}`,
      detail: [t.assignee ? `for ${t.assignee}` : "unassigned", t.dueDate ? `due ${formatDate(t.dueDate)}` : null].filter(Boolean).join(", "),
      actor: t.actor ?? "Health alerts",
      href: "?tab=tasks",
    })),
    ...finished.map((t): TimelineEvent => ({
      kind: "task",
      at: t.at,
      key: `task-${t.status}:${t.id}`,
      title: `${TASK_KIND_WORDS[t.kind] ?? "Task"} task ${t.status === "done" ? "done" : "dropped"}: ${t.title}`,
      detail: t.status === "dropped" && t.dropReason ? `Reason: ${t.dropReason}` : null,
      actor: t.actor,
      href: "?tab=tasks",
      tone: t.status === "done" ? "positive" : "neutral",
    })),
  ];
}

function incidentEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  const rows = sqlite
    .prepare(
      `SELECT u.id, u.at, u.kind, u.text, u.audience, u.channel, i.id AS incidentId, i.title, i.severity, a.name AS author
       FROM incident_affiliates x JOIN incident_updates u ON u.incident_id = x.incident_id JOIN incidents i ON i.id = x.incident_id
       LEFT JOIN users a ON a.id = u.author_id
       WHERE x.affiliate_uid = ? ORDER BY u.at DESC, u.id DESC LIMIT ?`,
    )
    .all(uid, limit) as { id: number; at: number; kind: string; text: string; audience: string | null; channel: string | null; incidentId: number; title: string; severity: string; author: string | null }[];
  return rows.map((r) => ({
    kind: "incident",
    at: r.at,
    key: `incident-update:${r.id}`,
    title: `${r.severity} ${r.title}: ${r.kind === "status" ? "status" : r.kind === "communication" ? "communication" : "update"}`,
    detail: r.kind === "communication" ? `${[r.audience ? `To ${r.audience}` : null, r.channel ? `via ${r.channel}` : null].filter(Boolean).join(" ")}${r.audience || r.channel ? ": " : ""}${r.text}` : r.text,
    actor: r.author,
    href: `/incidents/${r.incidentId}`,
    tone: r.severity === "SEV1" || r.severity === "SEV2" ? "negative" : "neutral",
  }));
}

/**
 * Applied imports (not rolled back) that changed the affiliate. A referral import changed it in
 * a week when it is the only applied import of that week and the affiliate has rollups there
 * (only imports write the facts the rollups come from); when several imports covered the same
 * week, each one counts for the affiliate only if it left a before-image of one of its rows or
 * still is the last writer of one. Imports that re-bound invitees to or from it count too. A
 * roster import changed it when it created or updated its row.
 */
function importEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  const candidates = sqlite
    .prepare(
      `SELECT i.id, w.value AS week FROM imports i, json_each(i.weeks) w
       JOIN rollup_affiliate_week r ON r.affiliate_uid = ? AND r.week_start = w.value
       WHERE i.kind = 'referrals' AND i.status = 'imported' AND i.inserted + i.updated > 0`,
    )
    .all(uid) as { id: number; week: string }[];
  const coverage = new Map<string, number>();
  for (const week of new Set(candidates.map((c) => c.week))) {
    coverage.set(
      week,
      (sqlite.prepare("SELECT count(*) AS n FROM imports i, json_each(i.weeks) w WHERE i.kind = 'referrals' AND i.status = 'imported' AND i.inserted + i.updated > 0 AND w.value = ?").get(week) as { n: number }).n,
    );
  }
  const beforeImage = sqlite.prepare("SELECT 1 FROM import_activity_before WHERE import_id = ? AND week_start = ? AND affiliate_uid = ? LIMIT 1");
  const lastWriter = sqlite.prepare("SELECT 1 FROM activity WHERE week_start = ? AND import_id = ? AND affiliate_uid = ? LIMIT 1");
  const weeksOf = new Map<number, Set<string>>();
  const add = (id: number, week: string | null) => {
    if (!weeksOf.has(id)) weeksOf.set(id, new Set());
    if (week) weeksOf.get(id)!.add(week);
  };
  for (const c of candidates) {
    if ((coverage.get(c.week) ?? 0) <= 1 || beforeImage.get(c.id, c.week, uid) || lastWriter.get(c.week, c.id, uid)) add(c.id, c.week);
  }
  const moved = sqlite
    .prepare(
      `SELECT r.import_id AS id, r.week_start AS week, sum(r.to_affiliate_uid = ?) AS gained, sum(r.from_affiliate_uid = ?) AS lost
       FROM rebindings r JOIN imports i ON i.id = r.import_id AND i.status = 'imported'
       WHERE r.from_affiliate_uid = ? OR r.to_affiliate_uid = ? GROUP BY 1, 2`,
    )
    .all(uid, uid, uid, uid) as { id: number; week: string; gained: number; lost: number }[];
  const rebound = new Map<number, { gained: number; lost: number }>();
  for (const m of moved) {
    add(m.id, m.week);
    const r = rebound.get(m.id) ?? { gained: 0, lost: 0 };
    rebound.set(m.id, { gained: r.gained + m.gained, lost: r.lost + m.lost });
  }
  const roster = sqlite
    .prepare(
      `SELECT b.import_id AS id, 'updated' AS how FROM import_affiliate_before b WHERE b.uid = ?
       UNION SELECT a.import_id, 'created' FROM affiliates a WHERE a.uid = ? AND a.import_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM import_affiliate_before b WHERE b.import_id = a.import_id AND b.uid = a.uid)`,
    )
    .all(uid, uid) as { id: number; how: "created" | "updated" }[];
  const rosterHow = new Map<number, "created" | "updated">();
  for (const r of roster) {
    add(r.id, null);
    rosterHow.set(r.id, r.how);
  }
  if (weeksOf.size === 0) return [];
  const ids = [...weeksOf.keys()];
  const imports = sqlite
    .prepare(
      `SELECT i.id, i.kind, i.file_name AS fileName, coalesce(i.finished_at, i.created_at) AS at, u.name AS actor FROM imports i LEFT JOIN users u ON u.id = i.user_id
       WHERE i.status = 'imported' AND i.id IN (${ids.map(() => "?").join(", ")}) ORDER BY at DESC, i.id DESC LIMIT ?`,
    )
    .all(...ids, limit) as { id: number; kind: string; fileName: string; at: number; actor: string | null }[];
  const single = (i: (typeof imports)[number]): TimelineEvent => {
    const weeks = [...(weeksOf.get(i.id) ?? [])].sort();
    const r = rebound.get(i.id);
    const parts = [
      weeks.length ? `${weeks.length === 1 ? "week" : "weeks"} of ${weeks.length > 3 ? `${formatDate(weeks[0])} … ${formatDate(weeks.at(-1))}` : weeks.map(formatDate).join(", ")}` : null,
      r?.gained ? `${r.gained} invitee${r.gained === 1 ? "" : "s"} re-bound here` : null,
      r?.lost ? `${r.lost} invitee${r.lost === 1 ? "" : "s"} re-bound away` : null,
      rosterHow.has(i.id) ? (rosterHow.get(i.id) === "created" ? "created the affiliate from the roster" : "updated the roster entry") : null,
    ].filter(Boolean);
    return {
      kind: "import" as const,
      at: i.at,
      key: `import:${i.id}`,
      title: `Import #${i.id} (${i.kind === "affiliates" ? "roster" : "referrals"}): ${i.fileName}`,
      detail: parts.join("; "),
      actor: i.actor,
      href: `/imports/${i.id}`,
    };
  };
  // Many imports run in one sitting (a backfill, a re-import) make one entry, not one each.
  return bursts(imports, (i) => i.at).map((run): TimelineEvent => {
    if (run.length === 1) return single(run[0]);
    const weeks = run.flatMap((i) => [...(weeksOf.get(i.id) ?? [])]).sort();
    const ids = run.map((i) => i.id).sort((a, b) => a - b);
    const actors = [...new Set(run.map((i) => i.actor).filter((a): a is string => a !== null))];
    return {
      kind: "import",
      at: run[0].at,
      key: `imports:${ids[0]}-${ids.at(-1)}`,
      title: `${run.length} imports (#${ids[0]} … #${ids.at(-1)}) changed this affiliate`,
      detail: weeks.length ? `weeks of ${formatDate(weeks[0])} … ${formatDate(weeks.at(-1))}` : null,
      actor: actors.length === 1 ? actors[0] : null,
      href: "/imports",
      members: run.map((i) => `import:${i.id}`),
    };
  });
}

function healthEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  const snapshots = sqlite.prepare("SELECT week_start AS week, band, score FROM health_snapshots WHERE affiliate_uid = ? ORDER BY week_start").all(uid) as { week: string; band: string | null; score: number | null }[];
  const overrides = sqlite
    .prepare(
      `SELECT a.id, a.at, a.action, a.after, a.before, u.name AS actor FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.entity_type = 'affiliate' AND a.entity_id = ? AND a.action IN ('health.override', 'health.override_cleared') ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    )
    .all(uid, limit) as { id: number; at: number; action: string; after: string | null; before: string | null; actor: string | null }[];
  const words: Record<string, string> = { healthy: "Healthy", watch: "Watch", at_risk: "At risk" };
  return [
    ...bandChanges(snapshots).sort((a, b) => b.at - a.at).slice(0, limit),
    ...overrides.map((o): TimelineEvent => {
      const v = JSON.parse((o.action === "health.override" ? o.after : o.before) ?? "null") as { band?: string; reason?: string; expiresAt?: number } | null;
      return {
        kind: "health",
        at: o.at,
        key: `audit:${o.id}`,
        title: o.action === "health.override" ? `Band set by hand to ${words[v?.band ?? ""] ?? v?.band ?? "?"}` : "Manual band removed",
        detail: v?.reason ? `“${v.reason}”${o.action === "health.override" && v.expiresAt ? ` until ${formatDate(new Date(v.expiresAt).toISOString().slice(0, 10))}` : ""}` : null,
        actor: o.actor,
        href: "?tab=health",
      };
    }),
  ];
}

function profileEvents({ sqlite }: AppDatabase, uid: string, limit: number): TimelineEvent[] {
  const rows = sqlite
    .prepare(
      `SELECT a.id, a.at, a.before, a.after, u.name AS actor FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.entity_type = 'affiliate' AND a.entity_id = ? AND a.action IN ('affiliate.profile', 'affiliate.reassign') ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    )
    .all(uid, limit) as { id: number; at: number; action: string; before: string | null; after: string | null; actor: string | null }[];
  return rows.map((r) => {
    if (r.action === "affiliate.reassign") {
      const before = JSON.parse(r.before ?? "null") as { managerName?: string | null } | null;
      const after = JSON.parse(r.after ?? "null") as { managerName?: string; reason?: string; tasksMoved?: number[] } | null;
      const tasks = after?.tasksMoved?.length ?? 0;
      return {
        kind: "profile" as const,
        at: r.at,
        key: `audit:${r.id}`,
        title: `Reassigned from ${before?.managerName ?? "no owner"} to ${after?.managerName ?? "?"}`,
        detail: [after?.reason ? `“${after.reason}”` : null, tasks ? `${tasks} task${tasks === 1 ? "" : "s"} moved with it` : null].filter(Boolean).join(" · ") || null,
        actor: r.actor,
      };
    }
    return {
      kind: "profile" as const,
      at: r.at,
      key: `audit:${r.id}`,
      title: "Profile edited",
      detail: describeProfileChange(JSON.parse(r.before ?? "null"), JSON.parse(r.after ?? "null")),
      actor: r.actor,
    };
  });
}
