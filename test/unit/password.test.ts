import { describe, expect, it } from "vitest";
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from "../../app/auth/password.server";

describe("password hashing", () => {
  it("uses scrypt at no less than OWASP's minimum cost and a random salt", async () => {
    const a = await hashPassword("s3cret-passphrase");
    const b = await hashPassword("s3cret-passphrase");
    const [scheme, N, r, p, salt] = a.split("$");
    expect(scheme).toBe("scrypt");
    expect(Number(N)).toBeGreaterThanOrEqual(2 ** 17);
    expect(Number(r)).toBeGreaterThanOrEqual(8);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(salt, "base64")).toHaveLength(16);
    expect(a).not.toBe(b);
    expect(SCRYPT_PARAMS.N).toBe(2 ** 17);
  });

  it("verifies the right password and refuses a wrong one or a malformed hash", async () => {
    const hash = await hashPassword("s3cret-passphrase");
    expect(await verifyPassword("s3cret-passphrase", hash)).toBe(true);
    expect(await verifyPassword("s3cret-passphrasE", hash)).toBe(false);
    expect(await verifyPassword("s3cret-passphrase", "plain")).toBe(false);
  });
});
