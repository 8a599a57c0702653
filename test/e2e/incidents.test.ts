import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, hydrated, pageForTests } from "./browser";

let page: Page;
pageForTests({ signInAs: "lena.novak@desk.test" }, (p) => (page = p));

describe("crisis incidents", () => {
  it("opens one from the affiliate, takes it from reported to closed, and shows the SEV badge while open", async () => {
    await page.goto(baseUrl("/portfolio?scope=all&maturity=all&sort=name&dir=asc"));
    await page.getByTestId("portfolio-table").waitFor();
    const rows = page.locator("[data-testid=portfolio-table] tbody tr");
    const uid = (await rows.nth(0).getAttribute("data-uid"))!;
    const otherName = (await rows.nth(1).locator("td[data-col=name] a").first().textContent())!.trim();

    // From the affiliate's Incidents tab to the new-incident form, the affiliate already picked.
    await page.goto(baseUrl(`/affiliates/${uid}?tab=incidents`));
    await hydrated(page);
    expect(await page.getByTestId("severe-incident-badge").count()).toBe(0);
    await page.getByTestId("affiliate-new-incident").click();
    await page.waitForURL(/\/incidents\/new\?affiliate=/);
    // The URL changes before the new page is drawn: wait for the form itself.
    await page.getByTestId("incident-form").waitFor();
    await hydrated(page);
    await expect.poll(() => page.getByTestId("picked-affiliate").count()).toBe(1);

    // A second affected affiliate, picked by search with the keyboard.
    await page.getByTestId("affiliate-search").fill(otherName.slice(0, 5));
    await page.getByRole("option", { name: new RegExp(otherName.slice(0, 5)) }).first().waitFor();
    await page.getByTestId("affiliate-search").press("ArrowDown");
    await page.getByTestId("affiliate-search").press("Enter");
    await expect.poll(() => page.getByTestId("picked-affiliate").count()).toBe(2);

    // A title too short is refused by the server with the message beside it; what was typed and picked is kept.
    await page.getByTestId("incident-title").fill("x");
    await page.getByTestId("severity-SEV1").check();
    await page.getByTestId("incident-category").click();
    await page.getByRole("option", { name: "Commission or payout dispute" }).click();
    await page.getByTestId("incident-submit").click();
    await page.getByTestId("form-errors").waitFor();
    expect(await page.getByText("A short title, 3 characters at least.").count()).toBe(1);
    expect(await page.getByTestId("picked-affiliate").count()).toBe(2);
    expect(await page.getByTestId("severity-SEV1").isChecked()).toBe(true);

    await page.getByTestId("incident-title").fill("Futures commission not paid");
    await page.getByLabel("What was reported").fill("The partner says October's futures commission is missing.");
    await page.getByTestId("incident-submit").click();
    await page.waitForURL(/\/incidents\/\d+$/);
    const incidentUrl = page.url();
    await hydrated(page);
    expect(await page.getByTestId("status-stepper").getAttribute("data-status")).toBe("reported");

    // While open, the affiliate's header shows a red SEV1 badge linking to the incident.
    await page.goto(baseUrl(`/affiliates/${uid}`));
    const badge = page.getByTestId("severe-incident-badge");
    await badge.waitFor();
    expect(await badge.textContent()).toContain("SEV1");
    expect(new URL(incidentUrl).pathname).toBe(await badge.getAttribute("href"));
    // … and the portfolio marks its row (among those with an open incident).
    await page.goto(baseUrl("/portfolio?scope=all&maturity=all&incident=open"));
    await page.locator(`[data-testid=portfolio-table] tbody tr[data-uid="${uid}"] [data-testid=severe-incident-marker]`).waitFor();
    await page.goto(baseUrl(`/affiliates/${uid}`));
    await badge.click();
    await page.waitForURL(incidentUrl);
    await hydrated(page);

    const stepper = page.getByTestId("status-stepper");
    const step = async (to: string) => {
      await page.getByTestId(`transition-${to}`).click();
      await expect.poll(() => stepper.getAttribute("data-status")).toBe(to);
    };
    await step("investigating");
    await step("mitigating");

    // Saving posts the form and reloads the page's data: wait for both before the next step.
    const saveResolution = async () => {
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(new URL(incidentUrl).pathname)),
        page.getByTestId("resolution-save").click(),
      ]);
      await page.waitForLoadState("networkidle");
    };
    // Resolving without the resolution is refused: the reason at the stepper and beside the Resolution field.
    await page.getByTestId("transition-resolved").click();
    await page.getByTestId("transition-error").waitFor();
    expect(await page.getByTestId("transition-error").textContent()).toContain("Write the resolution first");
    expect(await stepper.getAttribute("data-status")).toBe("mitigating");
    const resolutionText = page.getByTestId("resolution-text");
    expect(await resolutionText.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("resolution").textContent()).toContain("Write the resolution first");

    await resolutionText.fill("Paid by hand; the payout job is fixed.");
    await saveResolution();
    await page.getByText("Resolution and postmortem saved").first().waitFor();
    expect(await resolutionText.getAttribute("aria-invalid")).toBe("false");
    await step("resolved");

    // Closing without the postmortem is refused with the reason, and the incident stays resolved.
    await page.getByTestId("transition-closed").click();
    await page.getByTestId("transition-error").waitFor();
    expect(await page.getByTestId("transition-error").textContent()).toContain("postmortem");
    expect(await page.getByTestId("postmortem-error").textContent()).toContain("postmortem");
    expect(await stepper.getAttribute("data-status")).toBe("resolved");

    await page.getByTestId("pm-what").fill("The payout job skipped futures for one batch.");
    await page.getByTestId("pm-impact").fill("2 partners paid 5 days late.");
    await page.getByTestId("pm-actions").fill("Alert on skipped batches; weekly reconciliation.");
    await saveResolution();
    await step("closed");
    await page.reload();
    expect(await page.getByTestId("status-stepper").getAttribute("data-status")).toBe("closed");
    expect(await page.getByTestId("incident-timeline").textContent()).toContain("Resolved → Closed");

    // A message flashed before a page is loaded whole is a toast once the page hydrates (the
    // toasts' container mounts after hydration; the toast waits for it).
    const posted = await page.request.post(`${incidentUrl}.data`, { form: { intent: "update", text: "Both partners told the payout is fixed." } });
    expect(posted.status()).toBeLessThan(400);
    await page.goto(incidentUrl);
    await page.getByText("Update added").first().waitFor();

    // Closed: the badge is gone, the tab lists it.
    await page.goto(baseUrl(`/affiliates/${uid}?tab=incidents`));
    await page.getByTestId("affiliate-incidents").waitFor();
    expect(await page.getByTestId("severe-incident-badge").count()).toBe(0);
    expect(await page.getByTestId("affiliate-incidents").textContent()).toContain("Futures commission not paid");
  });
});
