import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { baseUrl, hydrated, newPage, pageForTests } from "./browser";

let browser: Browser;
let page: Page;
pageForTests({ signInAs: "lena.novak@desk.test" }, (p, b) => ((page = p), (browser = b)));

const rowUids = (p: Page) => p.locator("[data-testid=portfolio-table] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-uid")));

describe("team actions", () => {
  it("a lead reassigns two unassigned affiliates to Omar, who then finds them in his portfolio", async () => {
    await page.goto(baseUrl("/portfolio?manager=none&maturity=all&size=100"));
    await page.getByTestId("portfolio-table").waitFor();
    await hydrated(page);
    const uids = (await rowUids(page)).slice(0, 2) as string[];
    expect(uids).toHaveLength(2);
    const rows = page.locator("[data-testid=portfolio-table] tbody tr");
    await rows.nth(0).getByTestId("select-row").check();
    await rows.nth(1).getByTestId("select-row").press("Space"); // the keyboard works too
    await page.getByTestId("reassign-open").click();
    const dialog = page.getByRole("dialog", { name: "Reassign 2 affiliates" });
    await dialog.getByTestId("reassign-manager").click();
    // The dialog's manager list (the portfolio's Manager filter, a native select, has the same names).
    await page.getByRole("listbox", { name: "New manager" }).getByRole("option", { name: "Omar Haddad" }).click();
    await dialog.getByTestId("reassign-reason").fill("Covering the unassigned partners");
    await dialog.getByTestId("reassign-submit").click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("2 affiliates reassigned to Omar Haddad").waitFor();

    const omar = await newPage(browser, { signInAs: "omar.haddad@desk.test" });
    await omar.goto(baseUrl("/portfolio?maturity=all&size=100"));
    await omar.getByTestId("portfolio-table").waitFor();
    expect(await rowUids(omar)).toEqual(expect.arrayContaining(uids));
    expect(await omar.getByTestId("select-row").count()).toBe(0); // managers do not reassign
    await omar.context().close();
  });

  it("Ctrl+K finds an affiliate by uid and by referral code", async () => {
    const db = new Database(inject("databaseUrl").replace(/^file:/, ""), { readonly: true });
    const { uid, code } = db.prepare("SELECT affiliate_uid AS uid, code FROM referral_codes ORDER BY code LIMIT 1").get() as { uid: string; code: string };
    db.close();
    await page.goto(baseUrl("/tasks"));
    await hydrated(page);

    await page.keyboard.press("Control+k");
    await page.getByTestId("spotlight-search").fill(uid);
    await page.locator(`[data-testid=spotlight-affiliate][data-uid="${uid}"]`).waitFor();
    await page.keyboard.press("Escape");

    await page.getByTestId("search-button").click();
    await page.getByTestId("spotlight-search").fill(code.toLowerCase());
    // The result says why it matched.
    const hit = page.locator(`[data-testid=spotlight-affiliate][data-uid="${uid}"]`, { hasText: `referral code ${code}` });
    await hit.waitFor();
    await hit.click();
    await page.waitForURL(new RegExp(`/affiliates/${uid}`));
  });

  it("a saved view brings back its filters and columns", async () => {
    await page.goto(baseUrl("/portfolio?maturity=all&type=kol&sort=name&dir=asc"));
    await page.getByTestId("portfolio-table").waitFor();
    await hydrated(page);
    const tierHeader = page.locator("[data-testid=portfolio-table] thead").getByRole("button", { name: "Sort by Tier" });
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("checkbox", { name: "tier" }).uncheck();
    await page.keyboard.press("Escape");
    await tierHeader.waitFor({ state: "detached" });

    await page.getByTestId("saved-views").click();
    await page.getByTestId("save-view").click();
    await page.getByTestId("view-name").fill("KOLs A to Z");
    await page.getByTestId("view-shared").check();
    await page.getByTestId("view-save").click();
    await page.getByText("View “KOLs A to Z” saved and shared with the team").waitFor();

    // Elsewhere, with the tier column back…
    await page.goto(baseUrl("/portfolio?maturity=all"));
    await page.getByTestId("portfolio-table").waitFor();
    await hydrated(page);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("checkbox", { name: "tier" }).check();
    await page.keyboard.press("Escape");
    await tierHeader.waitFor();

    // …opening the view restores its filters, sort and columns.
    await page.getByTestId("saved-views").click();
    await page.getByRole("menuitem", { name: /KOLs A to Z/ }).click();
    await page.waitForURL(/type=kol/);
    expect(new URL(page.url()).search).toBe("?maturity=all&type=kol&sort=name&dir=asc");
    await expect.poll(() => page.getByTestId("filter-type").inputValue()).toBe("kol");
    await tierHeader.waitFor({ state: "detached" });
    expect(await page.getByTestId("saved-views").textContent()).toContain("KOLs A to Z");
  });
});
