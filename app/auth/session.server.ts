import crypto from "node:crypto";
import { createCookie, createSessionStorage, redirect, type Session } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { getDatabase } from "../db.server";
import { createSessionRow, deleteSessionRow, getSessionUser, readSessionRow, updateSessionRow, type PublicUser } from "../models/users.server";
import { getEnv } from "./env.server";
import { can, type Permission } from "./permissions";

export const SESSION_MAX_AGE_S = 60 * 60 * 24 * 14;

type SessionData = { userId: number };
type FlashData = { toast: { title?: string; message: string; color?: "green" | "red" | "blue" | "yellow" } };

let storage: ReturnType<typeof makeStorage> | undefined;

function makeStorage() {
  const env = getEnv();
  const cookie = createCookie("__session", {
    secrets: env.sessionSecrets,
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production" && process.env.COOKIE_INSECURE !== "1",
    path: "/",
    maxAge: SESSION_MAX_AGE_S,
  });
  // The cookie holds only a random id, signed; the row in `sessions` holds the data, so deleting
  // the row (sign-out, a disabled user) ends the session at once.
  return createSessionStorage<SessionData, FlashData>({
    cookie,
    async createData(data, expires) {
      const id = crypto.randomBytes(24).toString("base64url");
      createSessionRow(getDatabase(), id, data as Record<string, unknown>, expiresAt(expires));
      return id;
    },
    async readData(id) {
      const row = readSessionRow(getDatabase(), id);
      return (row?.data as Partial<SessionData & FlashData>) ?? null;
    },
    async updateData(id, data, expires) {
      updateSessionRow(getDatabase(), id, data as Record<string, unknown>, expiresAt(expires));
    },
    async deleteData(id) {
      deleteSessionRow(getDatabase(), id);
    },
  });
}

function expiresAt(expires: Date | undefined) {
  return expires ? expires.getTime() : Date.now() + SESSION_MAX_AGE_S * 1000;
}

export function sessionStorage() {
  storage ??= makeStorage();
  return storage;
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export function commitSession(session: Session<SessionData, FlashData>) {
  return sessionStorage().commitSession(session);
}

export function destroySession(session: Session<SessionData, FlashData>) {
  return sessionStorage().destroySession(session);
}

export async function getUser(request: Request): Promise<PublicUser | null> {
  return userOf(await getSession(request));
}

function userOf(session: Session<SessionData, FlashData>): PublicUser | null {
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  return getSessionUser(getDatabase(), userId) ?? null;
}

/** Only same-site paths are followed after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/portfolio"): string {
  if (!to || typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (to.startsWith("/login") || to.startsWith("/logout")) return fallback;
  return to;
}

/** The signed-in user, or a redirect to /login that comes back here after sign-in. */
export async function requireUser(request: Request): Promise<PublicUser> {
  return (await requireUserSession(request)).user;
}

/** requireUser, with the session the user was read from (for its flash message, read once). */
export async function requireUserSession(request: Request): Promise<{ user: PublicUser; session: Session<SessionData, FlashData> }> {
  const session = await getSession(request);
  const user = userOf(session);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return { user, session };
}

export function forbidden(message = "You do not have permission to do this."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function requireUserWithPermission(request: Request, permission: Permission): Promise<PublicUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) throw forbidden();
  return user;
}

export async function requireRole(request: Request, roles: Role[]): Promise<PublicUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/** A one-time message shown as a toast on the next page. */
export async function flashToast(request: Request, toast: FlashData["toast"]): Promise<Record<string, string>> {
  const session = await getSession(request);
  session.flash("toast", toast);
  return { "Set-Cookie": await commitSession(session) };
}
