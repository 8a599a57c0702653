import { spreadsheetText, toCsvLine } from "./csv/reader";
import { centsToDecimal, formatDate, formatInstant, formatUsd } from "./format";
import { BAND_LABELS, type Band, type Severity } from "./health";
import type { Mover, Movers } from "./movers";
import { PRODUCT_LABELS } from "./upsell";

/**
 * The weekly report: what changed in a week, for the team and per manager. The service builds
 * one `WeeklyReport`; the page, the CSV and the digest (Markdown or HTML) only render it.
 */

export interface ReportMover {
  uid: string;
  name: string;
  manager: string | null;
  scoreThen: number | null;
  scoreNow: number | null;
  scoreChange: number | null;
  bandThen: Band | null;
  bandNow: Band | null;
  volumeThen: number;
  volumeNow: number;
  volumeChange: number;
  volumeChangePct: number | null;
}

export interface ReportIncident {
  id: number;
  title: string;
  severity: Severity;
}

export interface ReportUpsell {
  taskId: number;
  title: string;
  uid: string;
  name: string;
  product: string;
  /** The product's adopters in the week before the task, and in the newest week since. */
  before: number | null;
  latest: number | null;
}

export interface ReportSection {
  /** null for the team section; a manager's id otherwise. */
  managerId: number | null;
  title: string;
  affiliates: number;
  newlyAtRisk: ReportMover[];
  recovered: ReportMover[];
  scoreDrops: ReportMover[];
  scoreGains: ReportMover[];
  volumeFalls: ReportMover[];
  volumeRises: ReportMover[];
  incidentsOpened: ReportIncident[];
  incidentsClosed: ReportIncident[];
  tasksDone: number;
  tasksOverdue: number;
  upsellsConverted: ReportUpsell[];
}

export interface WeeklyReport {
  /** The week's Monday, its Sunday, and the Monday of the week it is compared with. */
  week: string;
  weekEnd: string;
  previousWeek: string;
  generatedAt: number;
  freshness: { newestWeek: string | null; importedAt: number | null; stale: boolean };
  team: ReportSection;
  managers: ReportSection[];
}

export function toReportMovers(movers: Movers, managerName: (id: number | null) => string | null) {
  const one = (m: Mover): ReportMover => ({
    uid: m.uid,
    name: m.name,
    manager: managerName(m.managerId),
    scoreThen: m.scoreThen,
    scoreNow: m.scoreNow,
    scoreChange: m.scoreChange,
    bandThen: m.bandThen,
    bandNow: m.bandNow,
    volumeThen: m.volumeThen,
    volumeNow: m.volumeNow,
    volumeChange: m.volumeChange,
    volumeChangePct: m.volumeChangePct,
  });
  return {
    newlyAtRisk: movers.newlyAtRisk.map(one),
    recovered: movers.recovered.map(one),
    scoreDrops: movers.scoreDrops.map(one),
    scoreGains: movers.scoreGains.map(one),
    volumeFalls: movers.volumeFalls.map(one),
    volumeRises: movers.volumeRises.map(one),
  };
}

// ---- Shared wording -------------------------------------------------------------------------

const band = (b: Band | null) => (b ? BAND_LABELS[b].toLowerCase() : "not scored");
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const pct = (p: number | null) => (p === null ? "new" : `${p > 0 ? "+" : ""}${Math.round(p * 100)}%`);
const productLabel = (p: string) => PRODUCT_LABELS[p as keyof typeof PRODUCT_LABELS] ?? p;

export const MOVER_LISTS = [
  { key: "newlyAtRisk", title: "Newly at risk", detail: (m: ReportMover) => `score ${m.scoreNow ?? "—"}, was ${band(m.bandThen)}` },
  { key: "recovered", title: "Recovered", detail: (m: ReportMover) => `score ${m.scoreNow ?? "—"}, now ${band(m.bandNow)}` },
  { key: "scoreDrops", title: "Score drops", detail: (m: ReportMover) => `${m.scoreThen} → ${m.scoreNow} (${signed(m.scoreChange ?? 0)})` },
  { key: "scoreGains", title: "Score gains", detail: (m: ReportMover) => `${m.scoreThen} → ${m.scoreNow} (${signed(m.scoreChange ?? 0)})` },
  { key: "volumeFalls", title: "Volume falls", detail: (m: ReportMover) => `${formatUsd(m.volumeThen, { compact: true })} → ${formatUsd(m.volumeNow, { compact: true })} (${pct(m.volumeChangePct)})` },
  { key: "volumeRises", title: "Volume rises", detail: (m: ReportMover) => `${formatUsd(m.volumeThen, { compact: true })} → ${formatUsd(m.volumeNow, { compact: true })} (${pct(m.volumeChangePct)})` },
] as const;

export const upsellDetail = (u: ReportUpsell) => `${productLabel(u.product)}: ${u.before ?? 0} → ${u.latest ?? 0} adopters`;

/** The section's headline figures, in the order every rendering shows them. */
export function sectionCounts(s: ReportSection) {
  return [
    { key: "newly_at_risk", label: "Newly at risk", value: s.newlyAtRisk.length },
    { key: "recovered", label: "Recovered", value: s.recovered.length },
    { key: "incidents_opened", label: "Incidents opened", value: s.incidentsOpened.length },
    { key: "incidents_closed", label: "Incidents closed", value: s.incidentsClosed.length },
    { key: "tasks_done", label: "Tasks done", value: s.tasksDone },
    { key: "tasks_overdue", label: "Tasks overdue at the week's end", value: s.tasksOverdue },
    { key: "upsells_converted", label: "Upsells converted", value: s.upsellsConverted.length },
  ];
}

export function reportTitle(r: WeeklyReport) {
  return `Weekly report: week of ${formatDate(r.week)}`;
}

/** The freshness line: newest imported week, when it was imported, and a warning when stale. */
export function freshnessLine(r: WeeklyReport) {
  const f = r.freshness;
  if (!f.newestWeek) return "No referral data has been imported yet.";
  const imported = f.importedAt ? `, imported ${formatInstant(f.importedAt)}` : "";
  return `Newest imported week: ${formatDate(f.newestWeek)}${imported}.${f.stale ? " The data is stale: import the latest weekly file." : ""}`;
}

// ---- Markdown ---------------------------------------------------------------------------------

/** Text safe inside Markdown: the characters that would start markup are escaped. */
export function mdText(s: string) {
  return s.replace(/([\\`*_{}[\]()#+!|<>~])/g, "\\$1").replace(/\r?\n/g, " ");
}

function mdSection(s: ReportSection, heading: string): string[] {
  const out = [`${heading} ${mdText(s.title)}`, "", `${s.affiliates} affiliate${s.affiliates === 1 ? "" : "s"}.`, "", "| | |", "|---|---:|"];
  for (const c of sectionCounts(s)) out.push(`| ${c.label} | ${c.value} |`);
  out.push("");
  const sub = `${heading}#`;
  for (const l of MOVER_LISTS) {
    const list = s[l.key];
    if (list.length === 0) continue;
    out.push(`${sub} ${l.title}`, "");
    for (const m of list) out.push(`- ${mdText(m.name)} (${m.uid}${m.manager && s.managerId === null ? `, ${mdText(m.manager)}` : ""}): ${l.detail(m)}`);
    out.push("");
  }
  for (const [title, list] of [
    ["Incidents opened", s.incidentsOpened],
    ["Incidents closed", s.incidentsClosed],
  ] as const) {
    if (list.length === 0) continue;
    out.push(`${sub} ${title}`, "");
    for (const i of list) out.push(`- ${i.severity} #${i.id}: ${mdText(i.title)}`);
    out.push("");
  }
  if (s.upsellsConverted.length) {
    out.push(`${sub} Upsells converted`, "");
    for (const u of s.upsellsConverted) out.push(`- ${mdText(u.name)} (${u.uid}): ${mdText(u.title)}, ${upsellDetail(u)}`);
    out.push("");
  }
  return out;
}

export function renderReportMarkdown(r: WeeklyReport): string {
  const out = [
    `# ${reportTitle(r)}`,
    "",
    `${formatDate(r.week)} – ${formatDate(r.weekEnd)}, compared with the week of ${formatDate(r.previousWeek)}.`,
    "",
    freshnessLine(r),
    "",
    ...mdSection(r.team, "##"),
  ];
  for (const m of r.managers) out.push(...mdSection(m, "##"));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

// ---- HTML (the digest's e-mailable form) -------------------------------------------------------

export function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function htmlSection(s: ReportSection, first: boolean): string {
  const parts = [`<section${first ? "" : ' class="page"'}>`, `<h2>${escapeHtml(s.title)}</h2>`, `<p>${s.affiliates} affiliate${s.affiliates === 1 ? "" : "s"}.</p>`, "<table>"];
  for (const c of sectionCounts(s)) parts.push(`<tr><th>${c.label}</th><td>${c.value}</td></tr>`);
  parts.push("</table>");
  const list = (title: string, items: string[]) => (items.length ? parts.push(`<h3>${title}</h3>`, `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`) : 0);
  for (const l of MOVER_LISTS)
    list(
      l.title,
      s[l.key].map((m) => `${escapeHtml(m.name)} <small>(${escapeHtml(m.uid)}${m.manager && s.managerId === null ? `, ${escapeHtml(m.manager)}` : ""})</small>: ${escapeHtml(l.detail(m))}`),
    );
  list("Incidents opened", s.incidentsOpened.map((i) => `${i.severity} #${i.id}: ${escapeHtml(i.title)}`));
  list("Incidents closed", s.incidentsClosed.map((i) => `${i.severity} #${i.id}: ${escapeHtml(i.title)}`));
  list("Upsells converted", s.upsellsConverted.map((u) => `${escapeHtml(u.name)} (${escapeHtml(u.uid)}): ${escapeHtml(u.title)}, ${escapeHtml(upsellDetail(u))}`));
  parts.push("</section>");
  return parts.join("\n");
}

export function renderReportHtml(r: WeeklyReport): string {
  const title = escapeHtml(reportTitle(r));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}td{text-align:right}
small{color:#666}@media print{.page{break-before:page}}
</style></head><body>
<h1>${title}</h1>
<p>${escapeHtml(`${formatDate(r.week)} – ${formatDate(r.weekEnd)}, compared with the week of ${formatDate(r.previousWeek)}.`)}</p>
<p>${escapeHtml(freshnessLine(r))}</p>
${[r.team, ...r.managers].map((s, i) => htmlSection(s, i === 0)).join("\n")}
</body></html>
`;
}

// ---- CSV ------------------------------------------------------------------------------------

export const REPORT_CSV_COLUMNS = ["section", "manager_id", "item", "id", "name", "before", "after", "change", "detail"] as const;

export function renderReportCsv(r: WeeklyReport): string {
  const lines: string[][] = [];
  const row = (s: ReportSection | null, item: string, cells: { id?: string | number; name?: string; before?: string | number | null; after?: string | number | null; change?: string | number | null; detail?: string } = {}) =>
    lines.push([
      s ? spreadsheetText(s.title) : "report",
      s?.managerId == null ? "" : String(s.managerId),
      item,
      cells.id == null ? "" : String(cells.id),
      spreadsheetText(cells.name ?? ""),
      cells.before == null ? "" : String(cells.before),
      cells.after == null ? "" : String(cells.after),
      cells.change == null ? "" : String(cells.change),
      spreadsheetText(cells.detail ?? ""),
    ]);
  row(null, "week", { after: r.week });
  row(null, "compared_with_week", { after: r.previousWeek });
  row(null, "newest_imported_week", { after: r.freshness.newestWeek ?? "" });
  row(null, "imported_at", { after: r.freshness.importedAt ? new Date(r.freshness.importedAt).toISOString() : "" });
  row(null, "stale", { after: r.freshness.stale ? "yes" : "no" });
  for (const s of [r.team, ...r.managers]) {
    row(s, "affiliates", { after: s.affiliates });
    for (const c of sectionCounts(s)) row(s, c.key, { after: c.value });
    for (const m of s.newlyAtRisk) row(s, "newly_at_risk", { id: m.uid, name: m.name, before: m.bandThen, after: m.bandNow, change: m.scoreChange, detail: m.manager ?? "" });
    for (const m of s.recovered) row(s, "recovered", { id: m.uid, name: m.name, before: m.bandThen, after: m.bandNow, change: m.scoreChange, detail: m.manager ?? "" });
    for (const m of s.scoreDrops) row(s, "score_drop", { id: m.uid, name: m.name, before: m.scoreThen, after: m.scoreNow, change: m.scoreChange, detail: m.manager ?? "" });
    for (const m of s.scoreGains) row(s, "score_gain", { id: m.uid, name: m.name, before: m.scoreThen, after: m.scoreNow, change: m.scoreChange, detail: m.manager ?? "" });
    for (const m of s.volumeFalls)
      row(s, "volume_fall_usd", { id: m.uid, name: m.name, before: centsToDecimal(m.volumeThen), after: centsToDecimal(m.volumeNow), change: centsToDecimal(m.volumeChange), detail: m.manager ?? "" });
    for (const m of s.volumeRises)
      row(s, "volume_rise_usd", { id: m.uid, name: m.name, before: centsToDecimal(m.volumeThen), after: centsToDecimal(m.volumeNow), change: centsToDecimal(m.volumeChange), detail: m.manager ?? "" });
    for (const i of s.incidentsOpened) row(s, "incident_opened", { id: i.id, name: i.title, detail: i.severity });
    for (const i of s.incidentsClosed) row(s, "incident_closed", { id: i.id, name: i.title, detail: i.severity });
    for (const u of s.upsellsConverted)
      row(s, "upsell_converted", { id: u.uid, name: u.name, before: u.before, after: u.latest, change: u.before != null && u.latest != null ? u.latest - u.before : null, detail: `${productLabel(u.product)}: ${u.title}` });
  }
  return [toCsvLine([...REPORT_CSV_COLUMNS]), ...lines.map((l) => toCsvLine(l))].join("\n") + "\n";
}
