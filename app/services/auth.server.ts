import type { AppDatabase } from "../../db";
import { dummyPasswordHash, verifyPassword } from "../auth/password.server";
import { countActionsFromIp, recordAudit } from "../models/audit.server";
import { findUserByEmail, type PublicUser } from "../models/users.server";

export const LOGIN_FAILURES_PER_MINUTE = 10;

export type LoginResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" | "rate_limited" | "disabled" };

/**
 * Checks a sign-in attempt. Failures are counted per address from the audit log: the 11th
 * failed attempt within a minute from one address is refused without looking at the password.
 */
export async function attemptLogin(
  database: AppDatabase,
  input: { email: string; password: string; ip: string; now?: number },
): Promise<LoginResult> {
  const now = input.now ?? Date.now();
  const email = input.email.trim().toLowerCase();
  const recentFailures = countActionsFromIp(database, "auth.login_failed", input.ip, now - 60_000);
  if (recentFailures >= LOGIN_FAILURES_PER_MINUTE) {
    recordAudit(database, { action: "auth.login_rate_limited", entityType: "user", entityId: email, ip: input.ip, at: now });
    return { ok: false, reason: "rate_limited" };
  }
  const user = findUserByEmail(database, email);
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyPasswordHash()), false);
  if (!user || !valid || user.disabledAt) {
    recordAudit(database, {
      userId: user?.id ?? null,
      action: "auth.login_failed",
      entityType: "user",
      entityId: email,
      after: { reason: !user ? "unknown email" : !valid ? "wrong password" : "disabled" },
      ip: input.ip,
      at: now,
    });
    return { ok: false, reason: user && valid ? "disabled" : "invalid" };
  }
  recordAudit(database, { userId: user.id, action: "auth.login", entityType: "user", entityId: user.id, ip: input.ip, at: now });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

export function recordLogout(database: AppDatabase, userId: number | null, ip: string) {
  recordAudit(database, { userId, action: "auth.logout", entityType: "user", entityId: userId, ip });
}
