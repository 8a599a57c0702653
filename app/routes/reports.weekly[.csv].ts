import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { renderReportCsv } from "~/domain/weekly-report";
import { buildWeeklyReport, resolveReportWeek } from "~/services/weekly-report.server";

/** The weekly report (the same data as /reports/weekly) as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "team:read");
  const database = getDatabase();
  const resolved = resolveReportWeek(database, new URL(request.url).searchParams.get("week"));
  if ("error" in resolved) throw new Response(resolved.error, { status: 404 });
  return new Response(renderReportCsv(buildWeeklyReport(database, resolved.week)), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="weekly-report-${resolved.week}.csv"` },
  });
}
