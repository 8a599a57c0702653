import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { canWriteAffiliate } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { matchActions, matchPages } from "~/domain/search";
import { searchAffiliates } from "~/models/search.server";

/**
 * Global search (the Ctrl/Cmd+K box): affiliates by name, uid, referral code or an invitee's uid,
 * the pages this user may open, and actions. Everyone signed in may read affiliates.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const affiliates = searchAffiliates(getDatabase(), q);
  const actions = [
    ...affiliates
      .filter((a) => canWriteAffiliate(user, a))
      .slice(0, 3)
      .map((a) => ({ id: `log-${a.uid}`, label: `Log engagement for ${a.name}`, description: `Notes of ${a.uid}`, to: `/affiliates/${a.uid}?tab=notes` })),
    ...matchActions(q).map(({ id, label, description, to }) => ({ id, label, description, to })),
  ];
  return data(
    {
      q,
      affiliates: affiliates.map((a) => ({ uid: a.uid, name: a.name, managerName: a.managerName, matched: a.matched, via: a.via, to: `/affiliates/${a.uid}` })),
      pages: matchPages(user.role, q).map(({ id, label, description, to }) => ({ id, label, description, to })),
      actions,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
