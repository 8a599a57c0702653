export const E2E_PASSWORD = "e2e-password-123";

export const E2E_USERS = [
  { email: "maya@e2e.test", name: "Maya Chen", role: "manager" },
  { email: "lena@e2e.test", name: "Lena Novak", role: "lead" },
  { email: "alex@e2e.test", name: "Alex Admin", role: "admin" },
] as const;
