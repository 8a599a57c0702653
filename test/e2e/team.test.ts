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

describe("the movers", () => {
  it("show a long list's first entries, and the whole list from the server on request", async () => {
    await page.goto(baseUrl("/team"));
    await page.getByTestId("movers").waitFor();
    await hydrated(page);
    const long = page.locator("[data-testid^=movers-]", { has: page.getByRole("link", { name: /^Show all \d+$/ }) }).first();
    const list = page.getByTestId((await long.getAttribute("data-testid"))!);
    const total = Number((await list.getByRole("link", { name: /^Show all/ }).textContent())!.replace(/\D/g, ""));
    const entries = list.locator("a[href^='/affiliates/']");
    expect(await entries.count()).toBe(8);
    await list.getByRole("link", { name: /^Show all/ }).click();
    await page.waitForURL(/movers=/);
    await expect.poll(() => entries.count()).toBe(total);
    await list.getByRole("link", { name: "Show fewer" }).click();
    await page.waitForURL((url) => !url.searchParams.has("movers"));
    await expect.poll(() => entries.count()).toBe(8);
  });
});

describe("the cross-product matrix", () => {
  it("sorts, filters by manager and pages on the server, the view in the URL", async () => {
    await page.goto(baseUrl("/team"));
    await page.getByTestId("matrix-median").waitFor();
    await hydrated(page);
    const matrixRows = page.locator("[data-testid=matrix-table] tbody tr[data-uid]");
    const before = (await matrixRows.count()) > 0;
    expect(before).toBe(true);

    const sortedByName = async () => {
      const names = await matrixRows.locator("td:first-child a").allTextContents();
      return names.length > 1 && names.every((n, i) => i === 0 || n.localeCompare(names[i - 1]) >= 0);
    };
    await page.getByTestId("matrix-table").getByRole("button", { name: "Sort by Affiliate" }).click();
    await page.waitForURL(/msort=name/);
    await expect.poll(sortedByName).toBe(true);

    // A product column sorts largest first; a second click reverses it.
    const futures = page.getByTestId("matrix-table").getByRole("button", { name: "Sort by Futures" });
    await futures.click();
    await page.waitForURL((url) => url.searchParams.get("msort") === "futures" && !url.searchParams.has("mdir"));
    await futures.click();
    await page.waitForURL((url) => url.searchParams.get("msort") === "futures" && url.searchParams.get("mdir") === "asc");
    await page.getByTestId("matrix-table").getByRole("button", { name: "Sort by Affiliate" }).click();
    await page.waitForURL((url) => url.searchParams.get("msort") === "name" && !url.searchParams.has("mdir"));
    await expect.poll(sortedByName).toBe(true);

    // The second page: other affiliates, further down the alphabet.
    const lastOnFirst = (await matrixRows.locator("td:first-child a").allTextContents()).at(-1)!;
    await page.getByTestId("matrix-pagination").getByRole("button", { name: "2", exact: true }).click();
    await page.waitForURL(/mpage=2/);
    await expect.poll(async () => ((await matrixRows.locator("td:first-child a").first().textContent()) ?? "").localeCompare(lastOnFirst)).toBeGreaterThanOrEqual(0);

    await page.getByTestId("matrix-manager").click();
    await page.getByRole("option", { name: "Maya Chen" }).click();
    await page.waitForURL(/mmanager=\d+/);
    // A new filter starts at the first page and keeps the sort.
    expect(new URL(page.url()).searchParams.get("msort")).toBe("name");
    expect(new URL(page.url()).searchParams.has("mpage")).toBe(false);
    await expect.poll(async () => {
      const owners = await matrixRows.locator("td:first-child p").allTextContents();
      return owners.length > 0 && owners.every((o) => o === "Maya Chen");
    }).toBe(true);
    // The count says how many, and the page reloads to the same view.
    const count = await page.getByTestId("matrix-count").textContent();
    await page.reload();
    await page.getByTestId("matrix-median").waitFor();
    expect(await page.getByTestId("matrix-count").textContent()).toBe(count);
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
