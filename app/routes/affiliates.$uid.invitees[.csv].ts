import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { spreadsheetText } from "~/domain/csv";
import { centsToDecimal } from "~/domain/format";
import { InviteeQuery } from "~/domain/invitee-query";
import { PeriodQuery, resolvePeriod } from "~/domain/period";
import { listInvitees } from "~/models/affiliate-detail.server";
import { getAffiliate } from "~/models/affiliates.server";
import { latestImportedWeek } from "~/models/imports.server";
import { toCsv } from "~/services/export.server";

/** The affiliate's invitees with the page's filters, every page, as CSV (text cells guarded against formulas, as every download is). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const uid = z.string().regex(/^\d{1,20}$/).safeParse(params.uid);
  const database = getDatabase();
  if (!uid.success || !getAffiliate(database, uid.data)) throw new Response("There is no affiliate with this uid.", { status: 404 });
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const period = resolvePeriod(PeriodQuery.parse(search), latestImportedWeek(database), new Date().toISOString().slice(0, 10));
  const { rows } = listInvitees(database, uid.data, InviteeQuery.parse(search), period, null);
  const csv = toCsv(
    ["invitee_uid", "registered_at", "referral_code", "verified_at", "first_deposit_at", "first_trade_at", "country", "vip_level", "commission_type", "rebate_rate", "volume_usd", "commission_usd"],
    rows.map((r) => [r.uid, r.registeredAt, spreadsheetText(r.referralCode ?? ""), r.verifiedAt ?? "", r.firstDepositAt ?? "", r.firstTradeAt ?? "", r.country ?? "", r.vipLevel == null ? "" : String(r.vipLevel), r.commissionType ?? "", r.rebateRate == null ? "" : String(r.rebateRate), centsToDecimal(r.volume), centsToDecimal(r.commission)]),
  );
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="invitees-${uid.data}-${period.from}-${period.to}.csv"` } });
}
