import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../app/models/audit.server";
import { SEARCH_SQL } from "../../app/models/search.server";
import { action as reassignAction, loader as reassignLoader } from "../../app/routes/affiliates.reassign";
import { action as viewsAction } from "../../app/routes/portfolio.views";
import { loader as portfolioLoader } from "../../app/routes/_app.portfolio";
import { loader as searchLoader } from "../../app/routes/search";
import { loader as pickerLoader } from "../../app/routes/incidents.affiliate-search";
import { createTestDatabase } from "../support/db";
import { makeUser, request, sessionCookie } from "../support/users";

let database: ReturnType<typeof createTestDatabase>;
const u = { maya: 0, omar: 0, lead: 0, admin: 0, kenji: 0 };
const cookie: Record<string, string> = {};

/** What a route returned: data() results carry `data` and `init`; thrown Responses are caught. */
async function call<T>(fn: () => Promise<T> | T): Promise<{ status: number; body: unknown; location: string | null }> {
  try {
    const out = (await fn()) as unknown;
    if (out instanceof Response) return { status: out.status, body: out.status < 300 ? await out.json().catch(() => null) : null, location: out.headers.get("Location") };
    const d = out as { type?: string; data?: unknown; init?: { status?: number } | null };
    if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data, location: null };
    return { status: 200, body: out, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const args = (req: Request) => ({ request: req, params: {}, context: { clientIp: "127.0.0.1" } });
const post = (path: string, fields: Record<string, string | string[]>, who: string) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return request(path, { method: "POST", cookie: cookie[who], headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
};
const ownerOf = (uid: string) => (database.sqlite.prepare("SELECT manager_id AS m FROM affiliates WHERE uid = ?").get(uid) as { m: number | null }).m;
const assigneeOf = (id: number) => (database.sqlite.prepare("SELECT assignee_id AS a FROM tasks WHERE id = ?").get(id) as { a: number | null }).a;

function addAffiliate(uid: string, name: string, managerId: number | null) {
  const now = Date.now();
  database.sqlite.prepare("INSERT INTO affiliates (uid, name, manager_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(uid, name, managerId, now, now);
}
function addTask(uid: string, assigneeId: number | null, status: string) {
  const now = Date.now();
  return Number(
    database.sqlite
      .prepare("INSERT INTO tasks (affiliate_uid, title, kind, assignee_id, status, created_at, updated_at) VALUES (?, 'Call', 'follow_up', ?, ?, ?, ?)")
      .run(uid, assigneeId, status, now, now).lastInsertRowid,
  );
}

beforeAll(async () => {
  database = createTestDatabase();
  u.maya = (await makeUser(database, "manager", "Maya Test")).id;
  u.omar = (await makeUser(database, "manager", "Omar Test")).id;
  u.kenji = (await makeUser(database, "manager", "Kenji Test")).id;
  u.lead = (await makeUser(database, "lead", "Lena Test")).id;
  u.admin = (await makeUser(database, "admin", "Alex Test")).id;
  for (const [k, id] of Object.entries(u)) cookie[k] = await sessionCookie(id);
  addAffiliate("1001", "Dunia Kripto", u.maya);
  addAffiliate("1002", "Kripto Harian", u.maya);
  addAffiliate("1003", "EnzoCharts", u.omar);
  database.sqlite.prepare("UPDATE affiliates SET country = 'VN' WHERE uid = '1003'").run();
  addAffiliate("2001", "Lonely Partner", null);
  addAffiliate("1004", "100% Crypto_Club", u.omar);
  database.sqlite.prepare("INSERT INTO referral_codes (code, affiliate_uid, first_seen_week) VALUES ('ENZO7', '1003', '2026-01-05'), ('Q9E8BCE', '1002', '2026-01-05')").run();
  database.sqlite
    .prepare("INSERT INTO invitees (uid, affiliate_uid, registered_at, latest_week, import_id) VALUES ('555000111', '1003', '2026-01-06', '2026-01-05', 1)")
    .run();
});
afterAll(() => database.close());

describe("reassigning affiliates", () => {
  it("is for leads and admins only (403 for a manager, on the preview and the action)", async () => {
    expect((await call(() => reassignLoader(args(request("/affiliates/reassign?uid=1001", { cookie: cookie.maya }))))).status).toBe(403);
    const r = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: "1003", managerId: String(u.maya), reason: "I want it" }, "maya"))));
    expect(r.status).toBe(403);
    expect(ownerOf("1003")).toBe(u.omar);
    expect(listAudit(database, { action: "affiliate.reassign" })).toHaveLength(0);
  });

  it("previews each affiliate's owner and the tasks that would follow", async () => {
    const t1 = addTask("1001", u.maya, "open");
    addTask("1001", u.maya, "done");
    addTask("1001", u.kenji, "open");
    const r = await call(() => reassignLoader(args(request("/affiliates/reassign?uid=1001&uid=2001", { cookie: cookie.lead }))));
    const body = r.body as { affiliates: { uid: string; managerName: string | null; tasksToMove: number }[]; managers: { id: number }[] };
    expect(body.affiliates.map((a) => [a.uid, a.managerName, a.tasksToMove])).toEqual([
      ["1001", "Maya Test", 1],
      ["2001", null, 0],
    ]);
    expect(body.managers.map((m) => m.id)).toEqual(expect.arrayContaining([u.maya, u.omar, u.kenji, u.lead]));
    expect(body.managers.map((m) => m.id)).not.toContain(u.admin);
    database.sqlite.prepare("DELETE FROM tasks WHERE id >= ?").run(t1);
  });

  it("requires a reason and a manager, and keeps everything as it was", async () => {
    const r = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: "1001", reason: " " }, "lead"))));
    expect(r.status).toBe(400);
    const errors = (r.body as { errors: Record<string, string[]> }).errors;
    expect(errors.reason?.[0]).toMatch(/why/);
    expect(errors.managerId?.[0]).toMatch(/manager/);
    expect(ownerOf("1001")).toBe(u.maya);
  });

  it("moves two affiliates with the old owner's open tasks: one audit row each, before and after", async () => {
    const open = addTask("1001", u.maya, "open");
    const inProgress = addTask("1002", u.maya, "in_progress");
    const done = addTask("1001", u.maya, "done");
    const someoneElses = addTask("1001", u.kenji, "open");
    const r = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: ["1001", "1002"], managerId: String(u.omar), reason: "Maya is on leave", moveTasks: "on" }, "lead"))));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, moved: 2, tasksMoved: 2 });
    expect([ownerOf("1001"), ownerOf("1002")]).toEqual([u.omar, u.omar]);
    expect([assigneeOf(open), assigneeOf(inProgress), assigneeOf(done), assigneeOf(someoneElses)]).toEqual([u.omar, u.omar, u.maya, u.kenji]);
    const audit = listAudit(database, { action: "affiliate.reassign" });
    expect(audit).toHaveLength(2);
    const of1001 = audit.find((a) => a.entityId === "1001")!;
    expect(of1001.userId).toBe(u.lead);
    expect(of1001.before).toEqual({ managerId: u.maya, managerName: "Maya Test" });
    expect(of1001.after).toEqual({ managerId: u.omar, managerName: "Omar Test", reason: "Maya is on leave", tasksMoved: [open] });
  });

  it("leaves the tasks with the old owner when told so, and assigns an unassigned affiliate", async () => {
    const open = addTask("1003", u.omar, "open");
    const r = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: ["1003", "2001"], managerId: String(u.kenji), reason: "Rebalancing" }, "admin"))));
    expect(r.body).toMatchObject({ ok: true, moved: 2, tasksMoved: 0 });
    expect([ownerOf("1003"), ownerOf("2001")]).toEqual([u.kenji, u.kenji]);
    expect(assigneeOf(open)).toBe(u.omar);
    const unassigned = listAudit(database, { action: "affiliate.reassign", entityId: "2001" });
    expect(unassigned[0].before).toEqual({ managerId: null, managerName: null });
  });

  it("is one transaction: an unknown affiliate or manager changes nothing at all", async () => {
    const before = listAudit(database, { action: "affiliate.reassign" }).length;
    const unknownUid = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: ["1003", "9999"], managerId: String(u.maya), reason: "Rebalancing", moveTasks: "on" }, "lead"))));
    expect(unknownUid.status).toBe(404);
    const admin = await call(() => reassignAction(args(post("/affiliates/reassign", { uid: "1003", managerId: String(u.admin), reason: "Rebalancing" }, "lead"))));
    expect(admin.status).toBe(400);
    expect(ownerOf("1003")).toBe(u.kenji);
    expect(listAudit(database, { action: "affiliate.reassign" })).toHaveLength(before);
  });

  it("the new manager sees them in their portfolio; the Unassigned filter lists affiliates without an owner", async () => {
    const mine = await call(() => portfolioLoader(args(request("/portfolio?maturity=all&scope=mine", { cookie: cookie.omar }))));
    expect((mine.body as { rows: { uid: string }[] }).rows.map((r) => r.uid).sort()).toEqual(["1001", "1002", "1004"]);
    addAffiliate("2002", "Another Orphan", null);
    const none = await call(() => portfolioLoader(args(request("/portfolio?maturity=all&manager=none", { cookie: cookie.lead }))));
    expect((none.body as { rows: { uid: string }[] }).rows.map((r) => r.uid)).toEqual(["2002"]);
  });
});

describe("global search", () => {
  const search = async (q: string, who = "maya") =>
    (await call(() => searchLoader(args(request(`/search?${new URLSearchParams({ q })}`, { cookie: cookie[who] }))))).body as {
      affiliates: { uid: string; matched: string; via: string | null }[];
      pages: { to: string }[];
      actions: { label: string; to: string }[];
    };

  it("finds affiliates by name (anywhere, any case, prefix matches first), uid, referral code and an invitee's uid", async () => {
    expect((await search("kripto")).affiliates.map((a) => a.uid)).toEqual(["1002", "1001"]);
    expect((await search("1003")).affiliates[0]).toMatchObject({ uid: "1003", matched: "uid" });
    expect((await search("100")).affiliates.map((a) => a.uid)).toEqual(["1001", "1002", "1003", "1004"]);
    expect((await search("enzo7")).affiliates[0]).toMatchObject({ uid: "1003", matched: "code", via: "ENZO7" });
    expect((await search("Q9E8BCE")).affiliates).toEqual([expect.objectContaining({ uid: "1002", matched: "code" })]);
    expect((await search("555000111")).affiliates).toEqual([expect.objectContaining({ uid: "1003", matched: "invitee", via: "555000111" })]);
    expect((await search("100%")).affiliates.map((a) => a.uid)).toEqual(["1004"]);
    expect((await search("nothing like this")).affiliates).toEqual([]);
  });

  it("offers only the pages the user may open, and engagement only for affiliates they may write", async () => {
    const manager = await search("");
    expect(manager.pages.map((p) => p.to)).toEqual(["/portfolio", "/tasks", "/incidents", "/imports"]);
    expect((await search("", "lead")).pages.map((p) => p.to)).toEqual(["/portfolio", "/tasks", "/incidents", "/team", "/imports", "/settings/health"]);
    expect((await search("health", "maya")).pages).toEqual([]);
    expect((await search("health", "admin")).pages.map((p) => p.to)).toEqual(["/settings/health"]);
    // Maya owns none of the Kripto affiliates any more (they moved to Omar): she reads them but logs nothing.
    expect((await search("kripto", "maya")).actions.filter((a) => a.label.startsWith("Log"))).toEqual([]);
    expect((await search("kripto", "omar")).actions.map((a) => a.to)).toEqual(["/affiliates/1002?tab=notes", "/affiliates/1001?tab=notes"]);
    expect((await search("incident", "maya")).actions.map((a) => a.to)).toEqual(["/incidents/new"]);
  });

  it("answers the uid, invitee and code lookups from indexes", () => {
    const plan = (sql: string, ...p: unknown[]) => (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as { detail: string }[]).map((r) => r.detail).join(" | ");
    expect(plan(SEARCH_SQL.byUidPrefix, "100", "100", 8)).toMatch(/SEARCH a USING INDEX sqlite_autoindex_affiliates_1 \(uid>\? AND uid<\?\)/);
    expect(plan(SEARCH_SQL.byInvitee, "555000111")).toMatch(/SEARCH i USING (PRIMARY KEY|INDEX sqlite_autoindex_invitees_1) \(uid=\?\)/);
    expect(plan(SEARCH_SQL.byCode, "x", "x", 8)).toMatch(/SEARCH c USING COVERING INDEX sqlite_autoindex_referral_codes_1 \(code=\?\)/);
  });

  it("serves the incident form's affiliate picker too: the same affiliates, from 2 characters, for anyone signed in", async () => {
    const pick = async (q: string, who = "maya") =>
      (await call(() => pickerLoader(args(request(`/incidents/affiliate-search?${new URLSearchParams({ q })}`, { cookie: cookie[who] }))))).body as {
        matches: { uid: string; name: string; country: string | null; managerName: string | null }[];
      };
    for (const q of ["kripto", "100", "1003", "enzo7", "555000111", "100%", "nothing like this"]) {
      expect({ q, uids: (await pick(q)).matches.map((m) => m.uid) }).toEqual({ q, uids: (await search(q)).affiliates.map((a) => a.uid) });
    }
    // A manager picks affiliates they do not own (opening the incident checks that), with owner and country.
    const owner = ownerOf("1003");
    const notOwner = (["maya", "omar", "kenji"] as const).find((k) => u[k] !== owner)!;
    const ownerName = (database.sqlite.prepare("SELECT name FROM users WHERE id = ?").get(owner) as { name: string }).name;
    expect((await pick("enzo", notOwner)).matches).toEqual([{ uid: "1003", name: "EnzoCharts", country: "VN", managerName: ownerName }]);
    expect((await pick("k")).matches).toEqual([]);
    expect((await call(() => pickerLoader(args(request("/incidents/affiliate-search?q=kripto"))))).location).toMatch(/^\/login/);
  });

  it("needs a signed-in user", async () => {
    const r = await call(() => searchLoader(args(request("/search?q=kripto"))));
    expect(r.location).toMatch(/^\/login/);
  });
});

describe("saved views", () => {
  const views = async (who: string) => ((await call(() => portfolioLoader(args(request("/portfolio", { cookie: cookie[who] }))))).body as { views: { id: number; name: string; shared: boolean }[] }).views;

  it("saves a private view and a shared one: the team sees only the shared one", async () => {
    const a = await call(() => viewsAction(args(post("/portfolio/views", { intent: "create", name: "My KOLs", query: "?type=kol&page=3&sort=name", columns: "type,health,bogus" }, "maya"))));
    expect(a.status).toBe(200);
    const b = await call(() => viewsAction(args(post("/portfolio/views", { intent: "create", name: "At risk in VN", shared: "on", query: "?band=at_risk&country=VN" }, "maya"))));
    expect(b.status).toBe(200);
    expect((await views("maya")).map((v) => [v.name, v.shared])).toEqual([
      ["At risk in VN", true],
      ["My KOLs", false],
    ]);
    expect((await views("omar")).map((v) => v.name)).toEqual(["At risk in VN"]);
    const row = database.sqlite.prepare("SELECT query, columns FROM saved_views WHERE name = 'My KOLs'").get() as { query: string; columns: string };
    expect(row).toEqual({ query: "?type=kol&sort=name", columns: '["type","health"]' });
    expect(listAudit(database, { action: "saved_view.create" })).toHaveLength(2);
  });

  it("requires a name, unique per owner (another owner may reuse it)", async () => {
    const empty = await call(() => viewsAction(args(post("/portfolio/views", { intent: "create", name: "  ", query: "" }, "maya"))));
    expect(empty.status).toBe(400);
    expect((empty.body as { errors: { name: string[] } }).errors.name[0]).toMatch(/required/);
    const dup = await call(() => viewsAction(args(post("/portfolio/views", { intent: "create", name: "my kols", query: "" }, "maya"))));
    expect(dup.status).toBe(400);
    expect((dup.body as { errors: { name: string[] } }).errors.name[0]).toMatch(/already/);
    const other = await call(() => viewsAction(args(post("/portfolio/views", { intent: "create", name: "My KOLs", query: "?type=kol" }, "omar"))));
    expect(other.status).toBe(200);
  });

  it("opens a view: its filters in the URL, its columns restored; a private view of someone else is not found", async () => {
    const mine = (await views("maya")).find((v) => v.name === "My KOLs")!;
    const r = await call(() => viewsAction(args(post("/portfolio/views", { intent: "open", id: String(mine.id) }, "maya"))));
    expect(r.status).toBe(302);
    expect(r.location).toBe("/portfolio?type=kol&sort=name");
    const hidden = ((await call(() => portfolioLoader(args(request("/portfolio", { cookie: cookie.maya }))))).body as { hidden: string[] }).hidden;
    expect(hidden).not.toContain("type");
    expect(hidden).not.toContain("health");
    expect(hidden).toContain("volume");
    const peek = await call(() => viewsAction(args(post("/portfolio/views", { intent: "open", id: String(mine.id) }, "omar"))));
    expect(peek.status).toBe(404);
  });

  it("only the owner or an admin renames, shares or deletes a view; each change is audited", async () => {
    const shared = (await views("omar")).find((v) => v.name === "At risk in VN")!;
    const byOther = await call(() => viewsAction(args(post("/portfolio/views", { intent: "update", id: String(shared.id), name: "Mine now" }, "omar"))));
    expect(byOther.status).toBe(403);
    const dup = await call(() => viewsAction(args(post("/portfolio/views", { intent: "update", id: String(shared.id), name: "My KOLs", shared: "on" }, "maya"))));
    expect(dup.status).toBe(400);
    const renamed = await call(() => viewsAction(args(post("/portfolio/views", { intent: "update", id: String(shared.id), name: "VN at risk" }, "maya"))));
    expect(renamed.status).toBe(200);
    expect((await views("omar")).map((v) => v.name)).not.toContain("VN at risk");
    expect(listAudit(database, { action: "saved_view.update" })[0]).toMatchObject({ before: { name: "At risk in VN", shared: true }, after: { name: "VN at risk", shared: false } });
    const del = await call(() => viewsAction(args(post("/portfolio/views", { intent: "delete", id: String(shared.id) }, "admin"))));
    expect(del.status).toBe(404); // private now: the admin does not see it
    const kols = (await views("maya")).find((v) => v.name === "My KOLs")!;
    await call(() => viewsAction(args(post("/portfolio/views", { intent: "update", id: String(kols.id), name: "My KOLs", shared: "on" }, "maya"))));
    const byAdmin = await call(() => viewsAction(args(post("/portfolio/views", { intent: "delete", id: String(kols.id) }, "admin"))));
    expect(byAdmin.status).toBe(200);
    expect((await views("maya")).map((v) => v.name)).toEqual(["VN at risk"]);
    expect(listAudit(database, { action: "saved_view.delete" })[0]).toMatchObject({ userId: u.admin, entityId: String(kols.id) });
  });
});
