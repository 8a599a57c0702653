import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import { E2E_PASSWORD } from "./users";

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export function baseUrl(path = "/") {
  return new URL(path, inject("baseUrl")).href;
}

export async function signIn(page: Page, email: string, password = E2E_PASSWORD) {
  await page.goto(baseUrl("/login"));
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Waits until the client has hydrated (Remix's scripts ran), so that clicks reach React handlers. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
  await page.waitForLoadState("networkidle");
}
