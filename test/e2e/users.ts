export const E2E_PASSWORD = "e2e-password-123";

/** The demo dataset's manager e-mails, so that the generated roster assigns affiliates to them. */
export const E2E_USERS = [
  { email: "maya.chen@desk.test", name: "Maya Chen", role: "manager" },
  { email: "lena.novak@desk.test", name: "Lena Novak", role: "lead" },
  { email: "alex.admin@desk.test", name: "Alex Admin", role: "admin" },
  { email: "omar.haddad@desk.test", name: "Omar Haddad", role: "manager" },
] as const;
