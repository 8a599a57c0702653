import { Alert, Button, Group, Select, Text } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { Icon } from "~/components/Icon";
import { PageHeader } from "~/components/PageHeader";
import { ReportSectionView } from "~/components/report/ReportSectionView";
import { getDatabase } from "~/db.server";
import { formatDate } from "~/domain/format";
import { freshnessLine, reportTitle } from "~/domain/weekly-report";
import { buildWeeklyReport, resolveReportWeek } from "~/services/weekly-report.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? reportTitle(data.report) : "Weekly report"} · Affiliate Desk` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "team:read");
  const database = getDatabase();
  const resolved = resolveReportWeek(database, new URL(request.url).searchParams.get("week"));
  if ("error" in resolved) throw new Response(resolved.error, { status: 404 });
  return { report: buildWeeklyReport(database, resolved.week), weeks: resolved.weeks };
}

export default function WeeklyReportPage() {
  const { report, weeks } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <div data-testid="weekly-report">
      <PageHeader
        title={reportTitle(report)}
        description={`${formatDate(report.week)} – ${formatDate(report.weekEnd)}, compared with the week of ${formatDate(report.previousWeek)}`}
        actions={
          <Group gap="xs" className="no-print">
            <Select
              aria-label="Week"
              size="xs"
              w={190}
              allowDeselect={false}
              value={report.week}
              data={weeks.map((w) => ({ value: w, label: `Week of ${formatDate(w)}` }))}
              onChange={(w) => w && navigate(`?week=${w}`)}
              data-testid="report-week"
            />
            <Button component="a" href={`/reports/weekly.csv?week=${report.week}`} variant="default" size="xs" leftSection={<Icon name="download" size={14} />}>
              CSV
            </Button>
            <Button size="xs" variant="default" leftSection={<Icon name="file" size={14} />} onClick={() => window.print()}>
              Print or save as PDF
            </Button>
          </Group>
        }
      />
      {report.freshness.stale ? (
        <Alert color="yellow" mb="md" data-testid="report-freshness">
          {freshnessLine(report)}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" mb="md" data-testid="report-freshness">
          {freshnessLine(report)}
        </Text>
      )}
      <ReportSectionView section={report.team} pageBreak={false} />
      {report.managers.map((m) => (
        <ReportSectionView key={m.managerId} section={m} pageBreak />
      ))}
    </div>
  );
}

export const ErrorBoundary = ErrorPage;
