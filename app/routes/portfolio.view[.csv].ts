import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { resolvePeriod } from "~/domain/period";
import { PortfolioQuery } from "~/domain/portfolio";
import { latestImportedWeek } from "~/models/imports.server";
import { portfolioViewCsv } from "~/services/portfolio.server";

/** The portfolio as the user sees it (same filters, sort and period), every page, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const query = PortfolioQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const period = resolvePeriod(query, latestImportedWeek(database), new Date().toISOString().slice(0, 10));
  return new Response(portfolioViewCsv(database, period, query, user), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="portfolio-${period.from}-${period.to}.csv"` },
  });
}
