import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, hydrated, pageForTests } from "./browser";

let page: Page;
pageForTests({ signInAs: "lena.novak@desk.test" }, (p) => (page = p));

describe("the team page", () => {
  it("shows a row per manager, the movers and the matrix; a row opens that manager's portfolio", async () => {
    await page.goto(baseUrl("/team"));
    await page.getByTestId("team-table").waitFor();
    const names = await page.locator("[data-testid=team-table] tbody tr td:first-child").allTextContents();
    // The e2e managers (users.ts), in name order.
    expect(names).toEqual(expect.arrayContaining(["Maya Chen", "Omar Haddad"]));
    expect([...names].sort()).toEqual(names);
    expect(await page.getByTestId("health-bar").count()).toBeGreaterThanOrEqual(2);
    // Six movers lists, and the matrix's median row with rows below it.
    expect(await page.locator("[data-testid^=movers-]").count()).toBe(6);
    await page.getByTestId("matrix-median").waitFor();
    expect(await page.locator("[data-testid=matrix-table] tbody tr[data-uid]").count()).toBeGreaterThan(0);

    await hydrated(page);
    const omar = page.locator("[data-testid=team-table] tbody tr", { hasText: "Omar Haddad" });
    const managerId = await omar.getAttribute("data-manager");
    await omar.locator("td").nth(1).click();
    await page.waitForURL(new RegExp(`/portfolio\\?manager=${managerId}`));
    await page.getByTestId("portfolio-table").waitFor();
    const owners = await page.locator("[data-testid=portfolio-table] tbody tr td[data-col=name]").allTextContents();
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((t) => t.includes("Omar Haddad"))).toBe(true);
  });
});

describe("the weekly report", () => {
  it("renders the team and each manager, downloads as CSV, and prints without the navigation", async () => {
    await page.goto(baseUrl("/team"));
    await page.getByTestId("team-table").waitFor();
    const managers = await page.locator("[data-testid=team-table] tbody tr[data-manager]").count();
    await page.getByRole("main").getByRole("link", { name: "Weekly report" }).click();
    await page.waitForURL(/\/reports\/weekly\?week=\d{4}-\d{2}-\d{2}$/);
    await page.getByTestId("report-team").waitFor();
    expect(managers).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("report-manager").count()).toBe(managers);
    expect(await page.getByTestId("report-freshness").textContent()).toMatch(/Newest imported week: \d+ \w+ \d{4}/);
    const week = new URL(page.url()).searchParams.get("week");

    await hydrated(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`weekly-report-${week}.csv`);

    const nav = page.locator(".mantine-AppShell-navbar");
    expect(await nav.isVisible()).toBe(true);
    await page.emulateMedia({ media: "print" });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
    expect(await page.getByTestId("report-team").isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: "screen" });
  });

  it("answers 404 with a message for a week without data", async () => {
    const res = await page.goto(baseUrl("/reports/weekly?week=2001-01-01"));
    expect(res?.status()).toBe(404);
    expect(await page.getByTestId("error-page").textContent()).toContain("No data for the week of 2001-01-01");
  });
});
