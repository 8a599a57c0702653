import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { searchAffiliates } from "~/models/incidents.server";

/** The affected-affiliates picker's search: affiliates whose name or uid contains `q`. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const q = z.string().trim().max(100).catch("").parse(new URL(request.url).searchParams.get("q") ?? "");
  return { matches: q.length < 2 ? [] : searchAffiliates(getDatabase(), q, 12) };
}
