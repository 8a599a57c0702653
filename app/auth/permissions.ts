import type { Role } from "../../db/schema/users";

/**
 * Who may do what. Managers work on their own affiliates and read the others'; leads do
 * everything of the team (reassigning, health settings, imports); admins also manage users.
 */
export const PERMISSIONS = {
  "affiliate:read": ["manager", "lead", "admin"],
  "affiliate:write-own": ["manager", "lead", "admin"],
  "affiliate:write-any": ["lead", "admin"],
  "affiliate:reassign": ["lead", "admin"],
  "import:read": ["manager", "lead", "admin"],
  "import:write": ["lead", "admin"],
  "team:read": ["lead", "admin"],
  "health:configure": ["lead", "admin"],
  "report:read": ["lead", "admin"],
  "user:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The owner of an affiliate, a lead or an admin may change its profile, notes, tasks and incidents. */
export function canWriteAffiliate(user: { id: number; role: Role }, affiliate: { managerId: number | null }): boolean {
  return can(user.role, "affiliate:write-any") || (affiliate.managerId != null && affiliate.managerId === user.id);
}

export const ROLE_LABELS: Record<Role, string> = { manager: "Relationship manager", lead: "Team lead", admin: "Admin" };
