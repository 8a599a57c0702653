import { describe, expect, it } from "vitest";
import { REPORT_CSV_COLUMNS, renderReportCsv, renderReportHtml, renderReportMarkdown, type ReportMover, type ReportSection, type WeeklyReport } from "~/domain/weekly-report";

const mover = (o: Partial<ReportMover>): ReportMover => ({
  uid: "100",
  name: "Alpha",
  manager: "Maya Chen",
  scoreThen: 70,
  scoreNow: 40,
  scoreChange: -30,
  bandThen: "healthy",
  bandNow: "at_risk",
  volumeThen: 100_000,
  volumeNow: 25_000,
  volumeChange: -75_000,
  volumeChangePct: -0.75,
  ...o,
});

const empty = (managerId: number | null, title: string): ReportSection => ({
  managerId,
  title,
  affiliates: 0,
  newlyAtRisk: [],
  recovered: [],
  scoreDrops: [],
  scoreGains: [],
  volumeFalls: [],
  volumeRises: [],
  incidentsOpened: [],
  incidentsClosed: [],
  tasksDone: 0,
  tasksOverdue: 0,
  upsellsConverted: [],
});

const alpha = mover({});
const team: ReportSection = {
  ...empty(null, "Team"),
  affiliates: 2,
  newlyAtRisk: [alpha],
  scoreDrops: [alpha],
  volumeFalls: [alpha],
  incidentsOpened: [{ id: 7, title: "Payout <late> | again", severity: "SEV1" }],
  tasksDone: 4,
  tasksOverdue: 2,
  upsellsConverted: [{ taskId: 9, title: "=HYPERLINK(\"x\")", uid: "200", name: "Beta_*Crypto*", product: "futures", before: 3, latest: 5 }],
};
const report: WeeklyReport = {
  week: "2026-11-09",
  weekEnd: "2026-11-15",
  previousWeek: "2026-11-02",
  generatedAt: Date.parse("2026-11-18T08:00:00Z"),
  freshness: { newestWeek: "2026-11-09", importedAt: Date.parse("2026-11-17T09:30:00Z"), stale: false },
  team,
  managers: [{ ...team, managerId: 1, title: "Maya Chen", upsellsConverted: [] }, empty(2, "Omar Haddad")],
};

describe("the weekly report as Markdown", () => {
  const md = renderReportMarkdown(report);

  it("names the week, the comparison and the data's freshness", () => {
    expect(md.startsWith("# Weekly report: week of 9 Nov 2026\n")).toBe(true);
    expect(md).toContain("9 Nov 2026 – 15 Nov 2026, compared with the week of 2 Nov 2026.");
    expect(md).toContain("Newest imported week: 9 Nov 2026, imported 17 Nov 2026, 09:30 UTC.");
    expect(md).not.toContain("stale");
  });

  it("has the team's figures and lists, then one section per manager", () => {
    expect(md).toContain("| Tasks done | 4 |");
    expect(md).toContain("| Tasks overdue at the week's end | 2 |");
    expect(md).toContain("### Newly at risk\n\n- Alpha (100, Maya Chen): score 40, was healthy");
    expect(md).toContain("- Alpha (100, Maya Chen): 70 → 40 (-30)");
    expect(md).toContain("$1,000 → $250 (-75%)");
    expect(md.indexOf("## Team")).toBeLessThan(md.indexOf("## Maya Chen"));
    expect(md.indexOf("## Maya Chen")).toBeLessThan(md.indexOf("## Omar Haddad"));
    // Within a manager's own section the manager is not repeated beside each affiliate.
    expect(md.slice(md.indexOf("## Maya Chen"))).toContain("- Alpha (100): score 40, was healthy");
  });

  it("escapes what would be markup in names and titles", () => {
    expect(md).toContain("- SEV1 #7: Payout \\<late\\> \\| again");
    expect(md).toContain("Beta\\_\\*Crypto\\*");
    expect(md).toContain("Futures: 3 → 5 adopters");
  });

  it("warns when the data is stale", () => {
    expect(renderReportMarkdown({ ...report, freshness: { ...report.freshness, stale: true } })).toContain("The data is stale");
  });
});

describe("the weekly report as HTML", () => {
  it("escapes text and breaks pages between managers when printed", () => {
    const html = renderReportHtml(report);
    expect(html).toContain("Payout &lt;late&gt; | again");
    expect(html).not.toContain("<late>");
    expect(html.match(/<section class="page">/g)).toHaveLength(2);
  });
});

describe("the weekly report as CSV", () => {
  const lines = renderReportCsv(report).trimEnd().split("\n");

  it("starts with the header and the report's metadata", () => {
    expect(lines[0]).toBe(REPORT_CSV_COLUMNS.join(","));
    expect(lines[1]).toBe("report,,week,,,,2026-11-09,,");
    expect(lines).toContain("report,,imported_at,,,,2026-11-17T09:30:00.000Z,,");
  });

  it("has a row per figure and per listed item, money in dollars", () => {
    expect(lines).toContain("Team,,tasks_done,,,,4,,");
    expect(lines).toContain("Maya Chen,1,tasks_overdue,,,,2,,");
    expect(lines).toContain("Team,,newly_at_risk,100,Alpha,healthy,at_risk,-30,Maya Chen");
    expect(lines).toContain("Team,,volume_fall_usd,100,Alpha,1000.00,250.00,-750.00,Maya Chen");
    expect(lines).toContain('Team,,incident_opened,7,Payout <late> | again,,,,SEV1');
    expect(lines.filter((l) => l.startsWith("Omar Haddad,2,")).length).toBe(8);
  });

  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(lines).toContain(`Team,,upsell_converted,200,Beta_*Crypto*,3,5,2,"Futures: =HYPERLINK(""x"")"`);
    const withFormula = renderReportCsv({ ...report, team: { ...team, newlyAtRisk: [mover({ name: "=cmd|' /C calc'!A0" })] } });
    expect(withFormula).toContain(",'=cmd|' /C calc'!A0,");
  });
});
