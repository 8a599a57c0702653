import { describe, expect, it } from "vitest";
import { ProfileForm } from "../../app/domain/affiliate-profile";

describe("the profile form", () => {
  it("normalises what is valid and empties to null", () => {
    const r = ProfileForm.parse({ name: " Alpha ", type: "kol", status: "active", country: "vn", language: "PT-br", email: "", tags: "vip, , latam,vip" });
    expect(r).toMatchObject({ name: "Alpha", country: "VN", language: "pt-BR", email: null, website: null, tags: ["vip", "latam"] });
  });

  it("says what is wrong beside each field", () => {
    const r = ProfileForm.safeParse({ name: "", type: "bank", status: "gone", country: "XX1", language: "??", email: "nope", website: "example.com" });
    expect(r.success).toBe(false);
    const errors = r.error!.flatten().fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(["country", "email", "language", "name", "status", "type", "website"]);
    expect(errors.country![0]).toMatch(/ISO country code/);
  });
});
