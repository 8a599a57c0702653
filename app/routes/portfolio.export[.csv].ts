import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUserWithPermission } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { PeriodArgs } from "~/domain/period-args";
import { addWeeks } from "~/domain/weeks";
import { latestImportedWeek } from "~/models/imports.server";
import { PORTFOLIO_COLUMNS, portfolioExport, toCsv } from "~/services/export.server";

const Query = z.object({ manager: z.coerce.number().int().positive().optional() });

/** The portfolio export (the same CSV as `npm run export -- portfolio`), for leads and admins. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "team:read");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const database = getDatabase();
  const last = latestImportedWeek(database);
  const period = PeriodArgs.safeParse({ from: params.from ?? (last ? addWeeks(last, -11) : undefined), to: params.to ?? last ?? undefined });
  if (!period.success) throw new Response(period.error.issues.map((i) => i.message).join("; "), { status: 400 });
  const query = Query.safeParse(params);
  if (!query.success) throw new Response("manager must be a user id", { status: 400 });
  const csv = toCsv(PORTFOLIO_COLUMNS, portfolioExport(database, { ...period.data, managerId: query.data.manager }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="portfolio-${period.data.from}-${period.data.to}.csv"`,
    },
  });
}
