import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, hydrated, pageForTests } from "./browser";

let page: Page;
pageForTests({ signInAs: "lena.novak@desk.test" }, (p) => (page = p));

const firstUid = () => page.locator("[data-testid=portfolio-table] tbody tr").first().getAttribute("data-uid");

describe("the portfolio", () => {
  it("filters, sorts and pages on the server, and the URL brings the same view back", async () => {
    await page.goto(baseUrl("/portfolio?scope=all&maturity=all&size=25"));
    await page.getByTestId("portfolio-table").waitFor();
    const count = Number((await page.getByTestId("portfolio-count").textContent())!.replace(/\D/g, ""));
    expect(count).toBeGreaterThan(25);

    await page.getByRole("button", { name: "Sort by Affiliate" }).click();
    await page.waitForURL(/sort=name&dir=asc/);
    await expect.poll(() => page.getByRole("button", { name: "Sort by Affiliate" }).textContent()).toContain("↑");
    const names = await page.locator("[data-testid=portfolio-table] tbody tr td a").allTextContents();
    expect(names.length).toBe(25);
    expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);

    await page.getByTestId("portfolio-pagination").getByRole("button", { name: "2" }).click();
    await page.waitForURL(/page=2/);
    const firstName = () => page.locator("[data-testid=portfolio-table] tbody tr td a").first().textContent();
    await expect.poll(firstName).not.toBe(names[0]);
    expect(names).not.toContain(await firstName());
    const onPage2 = await firstUid();

    const search = page.getByTestId("portfolio-search");
    const uid = onPage2!;
    await search.fill(uid);
    await search.press("Enter");
    await page.waitForURL(new RegExp(`q=${uid}`));
    await expect.poll(() => page.locator("[data-testid=portfolio-table] tbody tr").count()).toBe(1);

    const url = page.url();
    await page.reload();
    await page.getByTestId("portfolio-table").waitFor();
    expect(page.url()).toBe(url);
    expect(await firstUid()).toBe(uid);
    expect(await page.locator("[data-testid=portfolio-table] tbody tr").count()).toBe(1);
  });

  it("keeps the affiliate's name in view when the table scrolls sideways", async () => {
    await page.goto(baseUrl("/portfolio?scope=all&maturity=all"));
    await page.getByTestId("portfolio-table").waitFor();
    const name = page.locator("[data-testid=portfolio-table] tbody tr").first().locator("td[data-col=name]");
    const before = (await name.boundingBox())!;
    // At 1,400 px the table is wider than its container: scrolled to the far right, the name stays at its left edge.
    const scrolled = await page.getByTestId("portfolio-table").evaluate((table) => {
      let box = table.parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
      if (!box || box.scrollWidth <= box.clientWidth) return null;
      box.scrollLeft = box.scrollWidth;
      return { left: box.getBoundingClientRect().left, by: box.scrollLeft };
    });
    expect(scrolled).not.toBeNull();
    expect(scrolled!.by).toBeGreaterThan(before.width);
    await expect.poll(async () => Math.round((await name.boundingBox())!.x - scrolled!.left)).toBe(0);
    expect(await name.locator("a").isVisible()).toBe(true);
  });

  it("is sent whole, its loader data in the page, and hydrates", async () => {
    // The server renders to one string after reading the loader data (app/entry.server.tsx): the
    // data must be in the document, once, or the page would not hydrate.
    const html = await (await page.request.get(baseUrl("/portfolio?sort=name&dir=asc"))).text();
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    expect(html.split("window.__remixContext.streamController.enqueue(").length).toBe(2);
    expect(html).toContain("window.__remixContext.streamController.close();");
    expect(html.includes("\u0000")).toBe(false);
    await page.goto(baseUrl("/portfolio?sort=name&dir=asc"));
    await hydrated(page);
    // A client-side navigation reads the loader data the page was hydrated with, then fetches the next.
    await page.getByRole("button", { name: "Sort by Affiliate" }).click();
    await page.waitForURL(/sort=name&dir=desc/);
    await expect.poll(() => page.getByRole("button", { name: "Sort by Affiliate" }).textContent()).toContain("↓");
  });

  it("the filter bar's selects drive the URL, by label and from the keyboard", async () => {
    await page.goto(baseUrl("/portfolio?scope=all&maturity=all"));
    await page.getByTestId("portfolio-table").waitFor();
    await hydrated(page);
    await page.getByLabel("Type", { exact: true }).selectOption("kol");
    await page.waitForURL(/type=kol/);
    await expect.poll(() => page.getByTestId("filter-type").inputValue()).toBe("kol");
    const kols = Number((await page.getByTestId("portfolio-count").textContent())!.replace(/\D/g, ""));
    // Back to "Any" from the keyboard: the filter leaves the URL.
    await page.getByTestId("filter-type").focus();
    await page.keyboard.press("Home");
    await page.waitForURL((url) => !url.searchParams.has("type"));
    await expect.poll(async () => Number((await page.getByTestId("portfolio-count").textContent())!.replace(/\D/g, ""))).toBeGreaterThan(kols);
    // The open-incident checkbox, by its label: on, then off again (it shows the URL's filter, so
    // it turns once the page has navigated).
    const openIncident = page.getByLabel("Open incident", { exact: true });
    await openIncident.click();
    await page.waitForURL(/incident=open/);
    await expect.poll(() => openIncident.isChecked()).toBe(true);
    await openIncident.click();
    await page.waitForURL((url) => !url.searchParams.has("incident"));
    await expect.poll(() => openIncident.isChecked()).toBe(false);
  });

  it("opens an affiliate, changes the period, draws the charts and exports its invitees", async () => {
    await page.goto(baseUrl("/portfolio?maturity=all"));
    await page.getByTestId("portfolio-table").waitFor();
    const link = page.locator("[data-testid=portfolio-table] tbody tr td a").first();
    const name = await link.textContent();
    await link.click();
    await page.waitForURL(/\/affiliates\/\d+/);
    await page.getByTestId("affiliate-name").waitFor();
    expect(await page.getByTestId("affiliate-name").textContent()).toBe(name);

    await page.getByTestId("period-picker").getByRole("button", { name: "Last 4 weeks" }).click();
    await page.waitForURL(/period=4w/);
    await expect.poll(() => page.getByTestId("period-label").textContent()).toContain("(4 weeks)");
    // The charts are drawn: bars in the volume chart, a line in the rewards chart.
    await expect.poll(() => page.locator("[data-testid=chart-volume] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=chart-rewards] .recharts-line-curve").count()).toBe(1);
    expect(await page.getByTestId("kpi-overview").textContent()).toContain("Total rewards");

    await page.getByRole("tab", { name: /Invitees/ }).click();
    await page.getByTestId("invitees-table").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
    const file = await download.path();
    const text = (await import("node:fs")).readFileSync(file!, "utf8");
    expect(text.split("\n")[0]).toBe("invitee_uid,registered_at,referral_code,verified_at,first_deposit_at,first_trade_at,country,vip_level,commission_type,rebate_rate,volume_usd,commission_usd");
    expect(text.trim().split("\n").length).toBeGreaterThan(1);
  });

  it("shows the chosen preset's weeks in the custom period fields", async () => {
    await page.goto(baseUrl("/portfolio?maturity=all&period=4w"));
    await page.getByTestId("portfolio-table").waitFor();
    await hydrated(page);
    const picker = page.getByTestId("period-picker");
    const customButton = picker.getByRole("button", { name: "Custom…" });
    const fromField = page.getByRole("textbox", { name: "From the week of" });
    const fields = async () => {
      await customButton.click();
      await fromField.waitFor();
      const values = { from: await fromField.inputValue(), to: await page.getByRole("textbox", { name: "To the week of" }).inputValue() };
      await customButton.click();
      await fromField.waitFor({ state: "hidden" });
      return values;
    };
    const days = (v: { from: string; to: string }) => (Date.parse(`${v.to.replace("Week of ", "")} UTC`) - Date.parse(`${v.from.replace("Week of ", "")} UTC`)) / 86_400_000;
    const four = await fields();
    expect(days(four)).toBe(21);

    // A custom period from the earliest week with data (the list is newest first)…
    await customButton.click();
    await fromField.click();
    const earliest = page.getByRole("option").last();
    const earliestLabel = (await earliest.textContent())!;
    await earliest.click();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/period=custom/);
    const custom = await fields();
    expect(custom).toEqual({ from: earliestLabel, to: four.to });
    expect(days(custom)).toBeGreaterThan(21);

    // …then a preset: the custom fields show the preset's weeks, not the old custom ones.
    await picker.getByRole("button", { name: "Last 4 weeks" }).click();
    await page.waitForURL(/period=4w/);
    expect(await fields()).toEqual(four);
  });

  it("answers an unknown affiliate with a 404 page", async () => {
    const res = await page.goto(baseUrl("/affiliates/999999999999"));
    expect(res?.status()).toBe(404);
    expect(await page.getByTestId("error-page").getAttribute("data-status")).toBe("404");
  });
});
