import type { AppDatabase } from "../../db";
import type { Role } from "../../db/schema";
import { commitSession, sessionStorage } from "../../app/auth/session.server";
import { createUser } from "../../app/models/users.server";

export const TEST_PASSWORD = "correct horse battery";

export async function makeUser(database: AppDatabase, role: Role, name = `Test ${role}`) {
  return createUser(database, { email: `${name.toLowerCase().replace(/\s+/g, ".")}@test.local`, name, role, password: TEST_PASSWORD });
}

/** A Cookie header of a live session for `userId`, made through the real session storage. */
export async function sessionCookie(userId: number): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  const setCookie = await commitSession(session);
  return setCookie.split(";")[0];
}

export function request(url: string, init: RequestInit & { cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(url, "http://localhost").href, { ...init, headers });
}

export function formRequest(url: string, fields: Record<string, string>, cookie?: string) {
  return request(url, {
    method: "POST",
    cookie,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}
