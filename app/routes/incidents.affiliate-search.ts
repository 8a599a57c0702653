import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { searchAffiliates } from "~/models/search.server";

/**
 * The affected-affiliates picker's search: global search's affiliate lookup (name, uid, referral
 * code, invitee uid), from 2 characters. Any signed-in user may search; opening or editing the
 * incident checks who may write the affiliates picked.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const q = z.string().trim().max(100).catch("").parse(new URL(request.url).searchParams.get("q") ?? "");
  const matches = q.length < 2 ? [] : searchAffiliates(getDatabase(), q, 12);
  return { matches: matches.map(({ uid, name, country, managerName }) => ({ uid, name, country, managerName })) };
}
