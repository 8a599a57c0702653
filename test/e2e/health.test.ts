import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, pageForTests } from "./browser";

let page: Page;
pageForTests({ signInAs: "lena.novak@desk.test" }, (p) => (page = p));

const healthOfFirst = async () => {
  await page.goto(baseUrl("/portfolio?scope=all&maturity=all&sort=name&dir=asc"));
  await page.getByTestId("portfolio-table").waitFor();
  const row = page.locator("[data-testid=portfolio-table] tbody tr").first();
  // The cell is the score, then its trend against 4 weeks earlier (▲3, ▼12).
  return { uid: await row.getAttribute("data-uid"), health: (await row.locator("td[data-col=health]").textContent())?.trim().match(/^\d+/)?.[0] };
};

describe("the health model", () => {
  it("previews a change of weights, saves it, and the portfolio shows the new scores", async () => {
    const before = await healthOfFirst();
    expect(before.health).toMatch(/^\d+$/);

    await page.goto(baseUrl("/settings/health"));
    await page.getByTestId("settings-save").waitFor();
    // All the weight on engagement: the demo team has logged nothing, so every score becomes 0.
    for (const [key, value] of Object.entries({ volumeTrend: "0", tradedTrend: "0", funnel: "0", breadth: "0", engagement: "90", incidents: "0" })) {
      await page.getByTestId(`weight-${key}`).fill(value);
    }
    await page.getByTestId("settings-preview-button").click();
    await page.getByTestId("settings-errors").waitFor();
    expect(await page.getByTestId("settings-errors").textContent()).toContain("add up to 90");

    await page.getByTestId("weight-engagement").fill("100");
    await page.getByTestId("settings-preview-button").click();
    await expect.poll(() => page.getByTestId("settings-preview").textContent(), { timeout: 15_000 }).toMatch(/would change band|No affiliate would change/);

    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/settings/health")),
      page.getByTestId("settings-save").click(),
    ]);
    await page.getByText(/score recomputed/).waitFor();
    const after = await healthOfFirst();
    expect(after.uid).toBe(before.uid);
    expect(after.health).toBe("0");
    expect(after.health).not.toBe(before.health);
  });
});
