import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256File } from "../../app/services/import.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sha-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("sha256File", () => {
  it("is the SHA-256 of the whole file, across its chunks, and counts the bytes read", async () => {
    for (const size of [0, 5, 4 << 20, (9 << 20) + 3]) {
      const file = path.join(dir, `f${size}`);
      const bytes = randomBytes(size);
      fs.writeFileSync(file, bytes);
      const seen: number[] = [];
      expect(await sha256File(file, (n) => seen.push(n))).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(seen.at(-1) ?? 0).toBe(size);
    }
  });
});
