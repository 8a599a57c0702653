import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
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

export interface PageOptions {
  /** Sign in as this user first (and wait for the portfolio, where signing in lands). */
  signInAs?: string;
  viewport?: { width: number; height: number };
}

/** A new page in a context of its own (1400×900 unless told; downloads accepted), signed in when asked. */
export async function newPage(browser: Browser, { signInAs, viewport = { width: 1400, height: 900 } }: PageOptions = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  if (signInAs) {
    await signIn(page, signInAs);
    await page.waitForURL(/\/portfolio$/, { waitUntil: "commit" });
  }
  return page;
}

/**
 * A test file's browser: Chromium launched before its tests and closed after them, with one page
 * for all of them (`newPage`) — or, with `perTest`, a fresh page in a fresh context for each test,
 * closed after it. `ready` receives the page (and the browser) when it is opened:
 *
 *     let page: Page;
 *     pageForTests({ signInAs: "lena.novak@desk.test" }, (p) => (page = p));
 */
export function pageForTests(options: PageOptions & { perTest?: boolean }, ready: (page: Page, browser: Browser) => void) {
  let browser: Browser | undefined;
  let page: Page | undefined;
  const open = async () => {
    page = await newPage(browser!, options);
    ready(page, browser!);
  };
  beforeAll(async () => {
    browser = await launchBrowser();
    if (!options.perTest) await open();
  });
  afterAll(async () => {
    await browser?.close();
  });
  if (options.perTest) {
    beforeEach(open);
    afterEach(async () => {
      await page?.context().close();
    });
  }
}
