import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, signIn, pageForTests } from "./browser";
import { E2E_USERS } from "./users";

let page: Page;
// A fresh context (no session) for every test.
pageForTests({ perTest: true, viewport: { width: 1280, height: 800 } }, (p) => (page = p));

const ROLE_LABEL = { manager: "Relationship manager", lead: "Team lead", admin: "Admin" } as const;

describe("signing in and out", () => {
  for (const user of E2E_USERS) {
    it(`signs in as ${user.role}, sees the shell, and signs out`, async () => {
      await signIn(page, user.email);
      await page.waitForURL(/\/portfolio$/, { waitUntil: "commit" });
      await page.getByTestId("user-name").waitFor();
      await expect(page.getByTestId("user-name").textContent()).resolves.toBe(user.name);
      await expect(page.getByTestId("user-role").textContent()).resolves.toBe(ROLE_LABEL[user.role]);
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const label of ["Portfolio", "Tasks", "Incidents", "Imports", "Settings"]) {
        expect(await nav.getByRole("link", { name: label }).count()).toBe(1);
      }
      expect(await nav.getByRole("link", { name: "Team" }).count()).toBe(user.role === "manager" ? 0 : 1);
      await page.getByTestId("sign-out").click();
      await page.waitForURL(/\/login$/, { waitUntil: "commit" });
      // The old session is gone: a protected page sends us back to sign-in.
      await page.goto(baseUrl("/tasks"));
      await page.waitForURL(/\/login\?redirectTo=%2Ftasks$/, { waitUntil: "commit" });
    });
  }

  it("refuses a wrong password with a message", async () => {
    await signIn(page, E2E_USERS[0].email, "definitely-wrong");
    await page.getByTestId("login-error").waitFor();
    expect(await page.getByTestId("login-error").textContent()).toContain("Wrong e-mail or password");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("refuses a manager a lead-only page with a 403 page", async () => {
    await signIn(page, E2E_USERS[0].email);
    await page.waitForURL(/\/portfolio$/, { waitUntil: "commit" });
    const response = await page.goto(baseUrl("/team"));
    expect(response?.status()).toBe(403);
    expect(await page.getByTestId("error-page").getAttribute("data-status")).toBe("403");
    expect(await page.getByText("You don't have access to this page").count()).toBe(1);
  });

  it("redirects an anonymous visit to sign-in and comes back after", async () => {
    await page.goto(baseUrl("/incidents"));
    await page.waitForURL(/\/login\?redirectTo=%2Fincidents$/, { waitUntil: "commit" });
    await page.getByLabel("E-mail").fill(E2E_USERS[1].email);
    await page.getByLabel("Password").fill("e2e-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/incidents$/, { waitUntil: "commit" });
    await page.getByRole("heading", { name: "Incidents" }).waitFor();
  });

  it("switches between light and dark", async () => {
    await signIn(page, E2E_USERS[2].email);
    await page.waitForURL(/\/portfolio$/, { waitUntil: "commit" });
    const before = await page.locator("html").getAttribute("data-mantine-color-scheme");
    await page.getByTestId("color-scheme-toggle").click();
    await expect.poll(() => page.locator("html").getAttribute("data-mantine-color-scheme")).not.toBe(before);
  });
});
