import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { createImportRecord } from "../../app/models/imports.server";
import { createTask } from "../../app/models/tasks.server";
import { createIncident } from "../../app/models/incidents.server";
import { createTestDatabase } from "../support/db";
import { formRequest, makeUser, request, sessionCookie } from "../support/users";

type Who = Role | "anonymous";
type Expect = "ok" | "login" | 400 | 403 | 404 | 409;
type RouteModule = { loader?: (a: LoaderFunctionArgs) => unknown; action?: (a: ActionFunctionArgs) => unknown };

interface Case {
  file: string;
  path: string;
  method?: "GET" | "POST";
  form?: Record<string, string>;
  params?: Record<string, string>;
  expect: Record<Who, Expect>;
}

const signedIn: Record<Who, Expect> = { anonymous: "login", manager: "ok", lead: "ok", admin: "ok" };
const leadsOnly: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: "ok", admin: "ok" };
const adminOnly: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: 403, admin: "ok" };
const everyone: Record<Who, Expect> = { anonymous: "ok", manager: "ok", lead: "ok", admin: "ok" };
// Allowed, but the request itself is refused for what it is (409, 400, 404): the check that matters is the role's.
const leadsOnlyConflict: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: 409, admin: 409 };
// Allowed, but the empty form is refused with messages.
const leadsOnlyBad: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: 400, admin: 400 };
const leadsOnlyNotFound: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: 404, admin: 404 };
const signedInNotFound: Record<Who, Expect> = { anonymous: "login", manager: 404, lead: 404, admin: 404 };
// The affiliate belongs to another manager: the test manager may read it but not change it.
const ownerLeadsAdmins: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: "ok", admin: "ok" };
// …and the form is refused with messages for those allowed.
const ownerLeadsAdminsBad: Record<Who, Expect> = { anonymous: "login", manager: 403, lead: 400, admin: 400 };

/** Every route module and what each role gets from it. A new route must be added here. */
const CASES: Case[] = [
  { file: "_index.tsx", path: "/", expect: { anonymous: "login", manager: "ok", lead: "ok", admin: "ok" } },
  { file: "_app.tsx", path: "/portfolio", expect: signedIn },
  { file: "_app.portfolio.tsx", path: "/portfolio", expect: signedIn },
  { file: "_app.tasks.tsx", path: "/tasks", expect: signedIn },
  { file: "_app.tasks.tsx", path: "/tasks?view=board&assignee=team", expect: signedIn },
  { file: "affiliates.$uid.tasks.ts", path: "/affiliates/{aff}/tasks", params: { uid: "{aff}" }, method: "POST", form: { title: "Call them", kind: "follow_up" }, expect: ownerLeadsAdmins },
  { file: "affiliates.$uid.tasks.ts", path: "/affiliates/424242/tasks", params: { uid: "424242" }, method: "POST", form: { title: "Call them", kind: "follow_up" }, expect: signedInNotFound },
  { file: "tasks.$id.ts", path: "/tasks/{task}", params: { id: "{task}" }, method: "POST", form: { intent: "status", status: "dropped", dropReason: "" }, expect: ownerLeadsAdminsBad },
  { file: "tasks.$id.ts", path: "/tasks/{task}", params: { id: "{task}" }, method: "POST", form: { intent: "update", title: "" }, expect: ownerLeadsAdminsBad },
  { file: "tasks.$id.ts", path: "/tasks/424242", params: { id: "424242" }, method: "POST", form: { intent: "status", status: "done" }, expect: signedInNotFound },
  { file: "_app.incidents.tsx", path: "/incidents", expect: signedIn },
  { file: "_app.imports._index.tsx", path: "/imports", expect: signedIn },
  { file: "_app.imports.$id.tsx", path: "/imports/{import}", params: { id: "{import}" }, expect: signedIn },
  { file: "_app.imports.$id.tsx", path: "/imports/{import}", params: { id: "{import}" }, method: "POST", form: { intent: "cancel" }, expect: leadsOnlyConflict },
  { file: "imports.upload.ts", path: "/imports/upload", method: "POST", form: {}, expect: leadsOnly },
  { file: "imports.$id.rejected[.csv].ts", path: "/imports/{import}/rejected.csv", params: { id: "{import}" }, expect: signedInNotFound },
  { file: "_app.team.tsx", path: "/team", expect: leadsOnly },
  // No imported week in this database: leads get the report's 404 ("no week to report on"), managers still 403.
  { file: "_app.reports.weekly.tsx", path: "/reports/weekly", expect: leadsOnlyNotFound },
  { file: "reports.weekly[.csv].ts", path: "/reports/weekly.csv?week=2026-10-05", expect: leadsOnlyNotFound },
  { file: "_app.settings.tsx", path: "/settings", expect: signedIn },
  { file: "_app.settings.tsx", path: "/settings", method: "POST", form: { intent: "disable", userId: "{target}" }, expect: adminOnly },
  { file: "healthz.ts", path: "/healthz", expect: everyone },
  { file: "_app.settings_.health.tsx", path: "/settings/health", expect: leadsOnly },
  { file: "_app.settings_.health.tsx", path: "/settings/health", method: "POST", form: { intent: "preview" }, expect: leadsOnlyBad },
  { file: "_app.affiliates.$uid.tsx", path: "/affiliates/424242", params: { uid: "424242" }, expect: signedInNotFound },
  { file: "_app.affiliates.$uid.tsx", path: "/affiliates/{aff}", params: { uid: "{aff}" }, expect: signedIn },
  { file: "_app.affiliates.$uid.tsx", path: "/affiliates/{aff}", params: { uid: "{aff}" }, method: "POST", form: { name: "Renamed", type: "kol", status: "active" }, expect: ownerLeadsAdmins },
  { file: "_app.affiliates.$uid.tsx", path: "/affiliates/{aff}?tab=activity&akind=note,task", params: { uid: "{aff}" }, expect: signedIn },
  { file: "affiliates.$uid.notes.ts", path: "/affiliates/{aff}/notes", params: { uid: "{aff}" }, expect: signedIn },
  { file: "affiliates.$uid.notes.ts", path: "/affiliates/424242/notes", params: { uid: "424242" }, method: "POST", form: { intent: "create" }, expect: signedInNotFound },
  { file: "affiliates.$uid.notes.ts", path: "/affiliates/{aff}/notes", params: { uid: "{aff}" }, method: "POST", form: { intent: "create", kind: "call", occurredAt: "2026-01-05T10:00", summary: "A call", sentiment: "neutral" }, expect: ownerLeadsAdmins },
  { file: "affiliates.$uid.notes.ts", path: "/affiliates/{aff}/notes", params: { uid: "{aff}" }, method: "POST", form: { intent: "create" }, expect: { anonymous: "login", manager: 403, lead: 400, admin: 400 } },
  { file: "affiliates.$uid.invitees[.csv].ts", path: "/affiliates/{aff}/invitees.csv", params: { uid: "{aff}" }, expect: signedIn },
  { file: "portfolio.view[.csv].ts", path: "/portfolio/view.csv?maturity=all", expect: signedIn },
  { file: "_app.portfolio.tsx", path: "/portfolio", method: "POST", form: { hidden: "tier" }, expect: signedIn },
  { file: "portfolio.export[.csv].ts", path: "/portfolio/export.csv?from=2026-10-05&to=2026-10-26", expect: leadsOnly },
  { file: "affiliates.reassign.ts", path: "/affiliates/reassign?uid={aff}", expect: leadsOnly },
  { file: "affiliates.reassign.ts", path: "/affiliates/reassign", method: "POST", form: {}, expect: leadsOnlyBad },
  { file: "search.ts", path: "/search?q=someone", expect: signedIn },
  { file: "portfolio.views.ts", path: "/portfolio/views", method: "POST", form: { intent: "create" }, expect: { anonymous: "login", manager: 400, lead: 400, admin: 400 } },
  { file: "_app.incidents_.new.tsx", path: "/incidents/new?affiliate={aff}", expect: signedIn },
  { file: "_app.incidents_.new.tsx", path: "/incidents/new", method: "POST", form: {}, expect: { anonymous: "login", manager: 400, lead: 400, admin: 400 } },
  { file: "_app.incidents_.$id.tsx", path: "/incidents/{incident}", params: { id: "{incident}" }, expect: signedIn },
  { file: "_app.incidents_.$id.tsx", path: "/incidents/424242", params: { id: "424242" }, expect: signedInNotFound },
  { file: "_app.incidents_.$id.tsx", path: "/incidents/{incident}", params: { id: "{incident}" }, method: "POST", form: { intent: "update", text: "Checked" }, expect: ownerLeadsAdmins },
  { file: "incidents.affiliate-search.ts", path: "/incidents/affiliate-search?q=some", expect: signedIn },
  { file: "login.tsx", path: "/login", expect: everyone },
  { file: "logout.tsx", path: "/logout", method: "POST", expect: everyone },
];

let database: ReturnType<typeof createTestDatabase>;
const cookies: Partial<Record<Who, string>> = {};
let targetId = 0;
let importId = 0;
let taskId = 0;
let incidentId = 0;

beforeAll(async () => {
  database = createTestDatabase();
  for (const role of ["manager", "lead", "admin"] as const) {
    const user = await makeUser(database, role);
    cookies[role] = await sessionCookie(user.id);
  }
  targetId = (await makeUser(database, "manager", "Target User")).id;
  const now = Date.now();
  database.sqlite
    .prepare("INSERT INTO affiliates (uid, name, manager_id, created_at, updated_at) VALUES ('777', 'Someone Else''s', ?, ?, ?)")
    .run(targetId, now, now);
  // A task of that affiliate, assigned to its owner: the test manager may neither move nor edit it.
  taskId = createTask(database, { affiliateUid: "777", title: "Their task", kind: "other", assigneeId: targetId, status: "open" }, targetId).id;
  incidentId = createIncident(database, { title: "Payout dispute", severity: "SEV2", category: "commission_dispute", ownerId: targetId, affiliateUids: ["777"] }, targetId).id;
  importId = createImportRecord(database, { kind: "referrals", fileName: "x.csv", sha256: "0".repeat(64), userId: null, status: "imported", skipInvalid: false }).id;
});
afterAll(() => database.close());

function fill(s: string) {
  return s.replace("{target}", String(targetId)).replace("{import}", String(importId)).replace("{aff}", "777").replace("{task}", String(taskId)).replace("{incident}", String(incidentId));
}

function withTarget(form: Record<string, string>) {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, fill(v)]));
}

function classify(outcome: unknown): Expect | string {
  const init = (outcome as { init?: { status?: number } } | null)?.init;
  if (init?.status && init.status >= 400) return init.status as Expect;
  if (outcome instanceof Response) {
    if ([400, 403, 404, 409].includes(outcome.status)) return outcome.status as Expect;
    if (outcome.status === 302 && outcome.headers.get("Location")?.startsWith("/login?redirectTo=")) return "login";
    if (outcome.status >= 200 && outcome.status < 400) return "ok";
    return `status ${outcome.status}`;
  }
  return "ok";
}

describe("every route checks access on the server, for every role", () => {
  it("lists every route module", () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f));
    const covered = new Set(CASES.map((c) => c.file));
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const c of CASES) {
    for (const who of ["anonymous", "manager", "lead", "admin"] as const) {
      it(`${c.method ?? "GET"} ${c.path} (${c.file}) as ${who} → ${c.expect[who]}`, async () => {
        const mod = (await import(`../../app/routes/${c.file}`)) as RouteModule;
        const cookie = who === "anonymous" ? undefined : cookies[who];
        // Fresh sessions for sign-out so that one case does not end the next one's session.
        const sessionForLogout = c.file === "logout.tsx" && who !== "anonymous";
        const req =
          c.method === "POST"
            ? formRequest(fill(c.path), withTarget(c.form ?? {}), sessionForLogout ? undefined : cookie)
            : request(fill(c.path), { cookie });
        const fn = c.method === "POST" ? mod.action : mod.loader;
        expect(fn, `${c.file} has no ${c.method === "POST" ? "action" : "loader"}`).toBeTypeOf("function");
        let outcome: unknown;
        try {
          outcome = await fn!({ request: req, params: withTarget(c.params ?? {}), context: { clientIp: "127.0.0.1" } });
        } catch (thrown) {
          outcome = thrown;
        }
        const expected = c.expect[who];
        const got = classify(outcome);
        // Redirects that are the page's own purpose (/ → /portfolio, /login when signed in) count as ok.
        expect(got === expected || (expected === "ok" && got === "ok")).toBe(true);
      });
    }
  }
});
