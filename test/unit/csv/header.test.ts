import { describe, expect, it } from "vitest";
import { AFFILIATE_COLUMNS, REFERRAL_COLUMNS, detectDelimiter, detectKind, normalizeHeaderName, resolveHeader } from "~/domain/csv";
import { AFFILIATE_HEADER, REFERRAL_HEADER } from "./helpers";

describe("normalizeHeaderName", () => {
  it("matches case-insensitively, trimmed, with space, - and _ alike", () => {
    expect(normalizeHeaderName("Week Start")).toBe("week_start");
    expect(normalizeHeaderName("  WEEK-START ")).toBe("week_start");
    expect(normalizeHeaderName("week_start")).toBe("week_start");
    expect(normalizeHeaderName("Week  _ Start")).toBe("week_start");
    expect(normalizeHeaderName("Spot Volume USD")).toBe("spot_volume_usd");
    expect(normalizeHeaderName("web3-wallet-active")).toBe("web3_wallet_active");
    expect(normalizeHeaderName("_name_")).toBe("name");
    expect(normalizeHeaderName("")).toBe("");
  });
});

describe("detectDelimiter", () => {
  it("is a comma by default", () => {
    expect(detectDelimiter("week_start,affiliate_uid,invitee_uid")).toBe(",");
    expect(detectDelimiter("week_start")).toBe(",");
    expect(detectDelimiter("")).toBe(",");
  });
  it("is ; or tab when the header line splits on that instead", () => {
    expect(detectDelimiter("week_start;affiliate_uid;invitee_uid")).toBe(";");
    expect(detectDelimiter("week_start\taffiliate_uid\tinvitee_uid")).toBe("\t");
    expect(detectDelimiter("Week Start;Affiliate, Inc;Invitee")).toBe(";");
  });
  it("ignores delimiters inside quotes", () => {
    expect(detectDelimiter('"a;b;c",d')).toBe(",");
    expect(detectDelimiter('"a,b,c";d;e')).toBe(";");
  });
});

describe("detectKind", () => {
  it("recognises a referral file and a roster, whatever the spelling and order", () => {
    expect(detectKind(REFERRAL_HEADER)).toBe("referrals");
    expect(detectKind(["Invitee UID", "Week Start", "Affiliate UID", "Registered At"])).toBe("referrals");
    expect(detectKind(AFFILIATE_HEADER)).toBe("affiliates");
    expect(detectKind(["Affiliate UID", "Name", "Type"])).toBe("affiliates");
    // a referral file missing a required column is still a referral file (refused later, by name)
    expect(detectKind(["week_start", "affiliate_uid", "invitee_uid"])).toBe("referrals");
  });
  it("says null when it cannot tell", () => {
    expect(detectKind(["affiliate_uid", "country"])).toBeNull();
    expect(detectKind(["foo", "bar"])).toBeNull();
    expect(detectKind([])).toBeNull();
    expect(detectKind(["week_start", "name"])).toBeNull();
  });
});

describe("resolveHeader", () => {
  it("maps columns in any order, names as written", () => {
    const h = resolveHeader("referrals", ["Invitee UID", " Week Start ", "registered-at", "AFFILIATE_UID", "fees_usd"]);
    expect(h.ok).toBe(true);
    expect(h.width).toBe(5);
    expect(h.index.invitee_uid).toBe(0);
    expect(h.index.week_start).toBe(1);
    expect(h.index.registered_at).toBe(2);
    expect(h.index.affiliate_uid).toBe(3);
    expect(h.index.fees_usd).toBe(4);
    expect(h.index.country).toBe(-1);
    expect(h.names).toEqual(["Invitee UID", "Week Start", "registered-at", "AFFILIATE_UID", "fees_usd"]);
    expect(h.errors).toEqual([]);
    expect(h.warnings).toEqual([]);
  });
  it("refuses the file when a required column is missing, naming every one", () => {
    const h = resolveHeader("referrals", ["week_start", "affiliate_uid", "country"]);
    expect(h.ok).toBe(false);
    expect(h.missing).toEqual(["invitee_uid", "registered_at"]);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatchObject({ line: 1, column: null });
    expect(h.errors[0].message).toMatch(/refused/);
    expect(h.errors[0].message).toMatch(/invitee_uid, registered_at/);
    const a = resolveHeader("affiliates", ["affiliate_uid", "type"]);
    expect(a.ok).toBe(false);
    expect(a.missing).toEqual(["name"]);
  });
  it("warns about unknown and unnamed columns, which still count as cells", () => {
    const h = resolveHeader("affiliates", ["affiliate_uid", "Notes", "name", ""], 3);
    expect(h.ok).toBe(true);
    expect(h.width).toBe(4);
    expect(h.unknown).toEqual(["Notes"]);
    expect(h.warnings).toHaveLength(2);
    expect(h.warnings[0]).toMatchObject({ line: 3, column: "Notes" });
    expect(h.warnings[0].message).toMatch(/unknown column/);
    expect(h.warnings[1].message).toMatch(/column 4 has no name/);
  });
  it("refuses a column given twice", () => {
    const h = resolveHeader("referrals", ["week_start", "affiliate_uid", "invitee_uid", "registered_at", "Week Start"]);
    expect(h.ok).toBe(false);
    expect(h.duplicates).toEqual([{ name: "week_start", positions: [1, 5] }]);
    expect(h.errors[0]).toMatchObject({ column: "Week Start" });
    expect(h.errors[0].message).toMatch(/week_start appears more than once \(columns 1, 5\)/);
  });
  it("knows the contract's columns", () => {
    expect(REFERRAL_HEADER).toHaveLength(21);
    expect(REFERRAL_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual([
      "week_start",
      "affiliate_uid",
      "invitee_uid",
      "registered_at",
    ]);
    expect(AFFILIATE_HEADER).toEqual([
      "affiliate_uid",
      "name",
      "type",
      "country",
      "language",
      "joined_at",
      "tier",
      "manager_email",
      "email",
      "telegram",
      "website",
    ]);
    expect(AFFILIATE_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual(["affiliate_uid", "name"]);
  });
});
