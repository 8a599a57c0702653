// npm run digest -- [--week YYYY-MM-DD] [--format md|html]
// Writes the weekly report (the same as /reports/weekly) to stdout; the newest imported week by
// default. DATABASE_URL chooses the database. Exit 2 on a bad week or option.
import { parseArgs } from "node:util";
import { openDatabase } from "../db";
import { renderReportHtml, renderReportMarkdown } from "../app/domain/weekly-report";
import { buildWeeklyReport, resolveReportWeek } from "../app/services/weekly-report.server";

const USAGE = "usage: npm run digest -- [--week YYYY-MM-DD] [--format md|html]";

function usage(message: string): never {
  console.error(`digest: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: false, options: { week: { type: "string" }, format: { type: "string", default: "md" } } });
} catch (error) {
  usage((error as Error).message);
}
const { week, format } = parsed.values;
if (format !== "md" && format !== "html") usage(`--format is md or html, not "${format}"`);
const database = openDatabase();
const resolved = resolveReportWeek(database, week);
if ("error" in resolved) usage(resolved.error);
const report = buildWeeklyReport(database, resolved.week);
process.stdout.write(format === "html" ? renderReportHtml(report) : renderReportMarkdown(report));
database.sqlite.close();
