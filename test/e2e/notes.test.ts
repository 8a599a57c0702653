import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, hydrated, pageForTests } from "./browser";

let page: Page;
pageForTests({ signInAs: "maya.chen@desk.test" }, (p) => (page = p));

describe("engagement notes", () => {
  it("logs a note with a follow-up: shown as Markdown on the Notes tab, its follow-up task on the Activity tab", async () => {
    // One of Maya's own affiliates (the last by name, so the other browser tests' first rows stay untouched).
    await page.goto(baseUrl("/portfolio?scope=mine&maturity=all&sort=name&dir=desc"));
    await page.getByTestId("portfolio-table").waitFor();
    const uid = await page.locator("[data-testid=portfolio-table] tbody tr").first().getAttribute("data-uid");
    expect(uid).toMatch(/^\d+$/);

    await page.goto(baseUrl(`/affiliates/${uid}?tab=notes`));
    await hydrated(page);
    const name = (await page.getByTestId("affiliate-name").textContent())!.trim();
    await page.getByTestId("log-engagement").click();
    const form = page.getByTestId("note-form");
    await form.getByRole("textbox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Meeting" }).click();
    await form.getByLabel("Participants").fill("Their marketing lead");
    await form.getByLabel("Summary").fill("Agreed a **futures campaign** for December.\n\n- banner on their site\n- [brief](https://example.com/brief)\n\n<script>window.__xss = 1</script>");
    await form.getByText("Positive", { exact: true }).click();
    await form.getByLabel("Topics").fill("campaign");
    await form.getByLabel("Topics").press("Enter");
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel("Follow up on").fill(due);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/affiliates/${uid}/notes`)), form.getByTestId("save-note").click()]);

    const note = page.getByTestId("note").filter({ hasText: "Their marketing lead" });
    await note.waitFor();
    expect(await note.locator("strong").first().textContent()).toBe("futures campaign");
    expect(await note.locator("li").count()).toBe(2);
    expect(await note.getByRole("link", { name: "brief" }).getAttribute("href")).toBe("https://example.com/brief");
    expect(await note.innerHTML()).not.toContain("<script");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await note.textContent()).toMatch(/Follow-up task.*open/);
    expect(await note.textContent()).toContain("Positive");

    await page.getByRole("tab", { name: "Activity" }).click();
    await page.waitForURL(/tab=activity/);
    const activity = page.getByTestId("activity-list");
    await activity.waitFor();
    const task = activity.locator("[data-kind=task]").filter({ hasText: `Follow-up task created: Follow up on the meeting with ${name}` });
    await task.waitFor();
    expect(await task.textContent()).toContain("for Maya Chen");
    await activity.locator("[data-kind=note]").filter({ hasText: "Meeting logged · with Their marketing lead" }).waitFor();
    // Filtered to tasks only, through the URL.
    await page.getByText("Notes", { exact: true }).first().click();
    await page.waitForURL(/akind=/);
    await expect.poll(() => activity.locator("[data-kind=note]").count()).toBe(0);
    expect(await activity.locator("[data-kind=task]").count()).toBeGreaterThan(0);
  });
});
