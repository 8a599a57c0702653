import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { action as loginAction } from "../../app/routes/login";
import { action as logoutAction } from "../../app/routes/logout";
import { loader as appLoader } from "../../app/routes/_app";
import { listAudit } from "../../app/models/audit.server";
import { setUserDisabled, updateUserPreferences, userPreferences } from "../../app/models/users.server";
import { createTestDatabase } from "../support/db";
import { formRequest, makeUser, request, sessionCookie, TEST_PASSWORD } from "../support/users";

let database: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  database = createTestDatabase();
});
afterEach(() => database.close());

async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function login(fields: Record<string, string>, ip = "10.0.0.1") {
  return run(() => loginAction({ request: formRequest("/login", fields), context: { clientIp: ip }, params: {} }));
}

describe("sign-in", () => {
  it("signs a user in with a new session and follows a same-site redirectTo", async () => {
    const user = await makeUser(database, "manager", "Maya Chen");
    const res = (await login({ email: "MAYA.CHEN@test.local ", password: TEST_PASSWORD, redirectTo: "/tasks?x=1" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/tasks?x=1");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const result = await appLoader({ request: request("/portfolio", { cookie: cookie.split(";")[0] }), context: {}, params: {} });
    expect((result as unknown as { data: { user: { id: number } } }).data.user.id).toBe(user.id);
    expect(listAudit(database, { action: "auth.login" })).toHaveLength(1);
  });

  it("refuses an off-site redirectTo", async () => {
    await makeUser(database, "lead", "Lena Lead");
    const res = (await login({ email: "lena.lead@test.local", password: TEST_PASSWORD, redirectTo: "//evil.example/x" })) as Response;
    expect(res.headers.get("Location")).toBe("/portfolio");
  });

  it("refuses a wrong password with a message and audits the failure", async () => {
    await makeUser(database, "manager", "Omar Haddad");
    const res = (await login({ email: "omar.haddad@test.local", password: "wrong password" })) as unknown as {
      data: { formError: string };
      init: { status: number };
    };
    expect(res.init.status).toBe(400);
    expect(res.data.formError).toBe("Wrong e-mail or password.");
    const failures = listAudit(database, { action: "auth.login_failed" });
    expect(failures).toHaveLength(1);
    expect(failures[0].ip).toBe("10.0.0.1");
  });

  it("answers 429 to the 11th failed sign-in within a minute from one address, not to another address", async () => {
    await makeUser(database, "manager", "Sofia Reyes");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = (await login({ email: "sofia.reyes@test.local", password: `nope-${i}` }, "10.9.9.9")) as unknown as { init: { status: number } };
      statuses.push(res.init.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // The right password from the limited address is still refused for now …
    const limited = (await login({ email: "sofia.reyes@test.local", password: TEST_PASSWORD }, "10.9.9.9")) as unknown as { init: { status: number } };
    expect(limited.init.status).toBe(429);
    // … while another address signs in.
    const other = (await login({ email: "sofia.reyes@test.local", password: TEST_PASSWORD }, "10.1.1.1")) as Response;
    expect(other.status).toBe(302);
  });

  it("rejects a malformed form with messages beside the fields", async () => {
    const res = (await login({ email: "not-an-email", password: "" })) as unknown as { data: { fieldErrors: Record<string, string[]> } };
    expect(res.data.fieldErrors.email[0]).toMatch(/e-mail/);
    expect(res.data.fieldErrors.password[0]).toMatch(/password/);
  });
});

describe("sessions", () => {
  it("ends at sign-out: the same cookie no longer works", async () => {
    const user = await makeUser(database, "manager");
    const cookie = await sessionCookie(user.id);
    const out = (await run(() => logoutAction({ request: formRequest("/logout", {}, cookie), context: { clientIp: "1.2.3.4" }, params: {} }))) as Response;
    expect(out.headers.get("Location")).toBe("/login");
    const after = (await run(() => appLoader({ request: request("/portfolio", { cookie }), context: {}, params: {} }))) as Response;
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Fportfolio");
    expect(listAudit(database, { action: "auth.logout" })).toHaveLength(1);
  });

  it("ends at once when an admin disables the user", async () => {
    const admin = await makeUser(database, "admin");
    const user = await makeUser(database, "manager");
    const cookie = await sessionCookie(user.id);
    setUserDisabled(database, user.id, true, admin.id);
    const after = (await run(() => appLoader({ request: request("/tasks", { cookie }), context: {}, params: {} }))) as Response;
    expect(after.status).toBe(302);
    const row = database.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(user.id) as { n: number };
    expect(row.n).toBe(0);
  });

  it("ignores a tampered cookie", async () => {
    const user = await makeUser(database, "admin");
    const cookie = await sessionCookie(user.id);
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    const res = (await run(() => appLoader({ request: request("/portfolio", { cookie: tampered }), context: {}, params: {} }))) as Response;
    expect(res.status).toBe(302);
  });
});

describe("preferences", () => {
  it("are read back as saved, and are empty for a user who saved none", async () => {
    const a = await makeUser(database, "manager");
    const b = await makeUser(database, "lead");
    updateUserPreferences(database, a.id, { portfolioHiddenColumns: ["tier", "language"] });
    expect(userPreferences(database, a.id)).toEqual({ portfolioHiddenColumns: ["tier", "language"] });
    expect(userPreferences(database, b.id)).toEqual({});
  });
});
