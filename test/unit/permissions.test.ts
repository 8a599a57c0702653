import { describe, expect, it } from "vitest";
import { can, canWriteAffiliate } from "../../app/auth/permissions";

describe("roles and permissions", () => {
  it("lets managers read and work on their own affiliates only", () => {
    expect(can("manager", "affiliate:read")).toBe(true);
    expect(can("manager", "affiliate:write-any")).toBe(false);
    expect(can("manager", "import:write")).toBe(false);
    expect(can("manager", "team:read")).toBe(false);
    expect(canWriteAffiliate({ id: 7, role: "manager" }, { managerId: 7 })).toBe(true);
    expect(canWriteAffiliate({ id: 7, role: "manager" }, { managerId: 8 })).toBe(false);
    expect(canWriteAffiliate({ id: 7, role: "manager" }, { managerId: null })).toBe(false);
  });

  it("gives leads the team, imports and health settings, and admins users too", () => {
    for (const p of ["affiliate:reassign", "import:write", "team:read", "health:configure"] as const) {
      expect(can("lead", p)).toBe(true);
      expect(can("admin", p)).toBe(true);
    }
    expect(can("lead", "user:manage")).toBe(false);
    expect(can("admin", "user:manage")).toBe(true);
    expect(canWriteAffiliate({ id: 1, role: "lead" }, { managerId: 9 })).toBe(true);
  });
});
