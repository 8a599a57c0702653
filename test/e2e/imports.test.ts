import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referral, referralCsv } from "../support/csv";
import { baseUrl, signIn, pageForTests } from "./browser";
import { E2E_USERS } from "./users";

let page: Page;
let dir: string;
pageForTests({}, (p) => (page = p));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "affiliate-desk-e2e-files-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const lead = E2E_USERS.find((u) => u.role === "lead")!;

describe("importing from the browser", () => {
  it("uploads a file, shows progress and a preview, imports on confirmation, and rolls back", async () => {
    // Big enough that validation takes a moment, small enough to stay quick.
    const rows = Array.from({ length: 40000 }, (_, i) =>
      // A week long before the portfolio's data, so that every row is new.
      referral({ week_start: "2024-01-01", registered_at: "2024-01-02", affiliate_uid: String(900 + (i % 7)), invitee_uid: String(7_000_000 + i), spot_volume_usd: String((i % 50) * 3) }),
    );
    const file = path.join(dir, "week-45.csv");
    fs.writeFileSync(file, referralCsv(rows));

    await signIn(page, lead.email);
    await page.waitForURL(/\/portfolio$/);
    await page.goto(baseUrl("/imports"));
    await page.getByTestId("import-dropzone").waitFor();
    await page.locator("[data-testid=import-dropzone] input[type=file]").setInputFiles(file);
    await page.waitForURL(/\/imports\/\d+$/, { waitUntil: "commit" });
    const importUrl = page.url();
    // Validation runs off the request path with a live progress bar, then the preview.
    await page.getByTestId("import-progress").waitFor();
    await page.getByTestId("import-preview").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-counts").textContent()).toContain("40,000");
    expect(await page.getByTestId("import-preview").textContent()).toContain("7 new affiliate(s) will be created");

    await page.getByTestId("confirm-import").click();
    await expect.poll(() => page.getByTestId("import-status").first().textContent(), { timeout: 30_000 }).toBe("Imported");

    await page.goto(baseUrl("/imports"));
    const row = page.getByTestId("imports-table").locator("tr", { hasText: "week-45.csv" });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("Imported");
    expect(await row.textContent()).toContain("Lena Novak");

    await page.goto(importUrl);
    await page.getByTestId("rollback-open").click();
    expect(await page.getByTestId("rollback-summary").textContent()).toContain("40,000 weekly row(s) it added are removed");
    await page.getByTestId("rollback-confirm").click();
    await expect.poll(() => page.getByTestId("import-status").first().textContent(), { timeout: 15_000 }).toBe("Rolled back");
  });

  it("shows a refused file's errors with line, column and value", async () => {
    const text = referralCsv([referral({ invitee_uid: "1" }), referral({ invitee_uid: "2", week_start: "2026-11-03" })]);
    const file = path.join(dir, "broken.csv");
    fs.writeFileSync(file, text);
    await page.goto(baseUrl("/imports"));
    await page.getByTestId("import-dropzone").waitFor();
    await page.locator("[data-testid=import-dropzone] input[type=file]").setInputFiles(file);
    await page.getByTestId("import-refused").waitFor({ timeout: 30_000 });
    const errors = await page.getByTestId("import-errors").textContent();
    expect(errors).toContain("3");
    expect(errors).toContain("week_start");
    expect(errors).toContain("2026-11-03");
    expect(errors).toMatch(/Monday/);
  });
});
