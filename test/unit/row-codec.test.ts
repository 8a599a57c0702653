import { describe, expect, it } from "vitest";
import type { ReferralRow } from "../../app/domain/csv";
import { FactPacker, FactReader, forEachFact, MEASURES_PER_ROW, packFacts } from "../../app/domain/row-codec";

const row = (over: Partial<ReferralRow>): ReferralRow => ({
  weekStart: "2026-11-02",
  affiliateUid: "0012",
  inviteeUid: "99",
  registeredAt: "2026-11-03",
  referralCode: null,
  verifiedAt: null,
  firstDepositAt: null,
  firstTradeAt: null,
  country: "VN",
  vipLevel: null,
  commissionType: "futures",
  rebateRate: 0.125,
  spotVolumeCents: 123456789012,
  futuresVolumeCents: 0,
  optionsVolumeCents: 5,
  fiatVolumeCents: 6,
  earnBalanceCents: 1,
  web3WalletActive: 1,
  spotCommissionCents: 2,
  futuresCommissionCents: 3,
  feesCents: 4,
  ...over,
});

describe("packing referral facts for the writing thread", () => {
  it("round-trips the keys and the nine measures, an unknown country as null", () => {
    const rows = [row({}), row({ inviteeUid: "007", country: null, spotVolumeCents: 0, web3WalletActive: 0 })];
    const seen: unknown[] = [];
    forEachFact(packFacts(rows), (week, invitee, affiliate, country, m, o) => seen.push([week, invitee, affiliate, country, Array.from(m.subarray(o, o + MEASURES_PER_ROW))]));
    expect(seen).toEqual([
      ["2026-11-02", "99", "0012", "VN", [123456789012, 0, 5, 6, 1, 1, 2, 3, 4]],
      ["2026-11-02", "007", "0012", null, [0, 0, 5, 6, 1, 0, 2, 3, 4]],
    ]);
  });

  it("sends each week, affiliate and country once across the batches of a file, a skipped batch's included", () => {
    const packer = new FactPacker();
    const reader = new FactReader();
    const a = packer.pack([row({}), row({ inviteeUid: "100", affiliateUid: "0013", country: "DE" })]);
    const b = packer.pack([row({ inviteeUid: "101", weekStart: "2026-11-09", affiliateUid: "0013", country: "BR" })]);
    const c = packer.pack([row({ inviteeUid: "102", weekStart: "2026-11-09", affiliateUid: "0012", country: "VN" }), row({ inviteeUid: "103", weekStart: "2026-11-16", country: "BR" })]);
    expect([a.newWeeks, a.newAffiliates, a.newCountries]).toEqual([["2026-11-02"], ["0012", "0013"], ["VN", "DE"]]);
    expect([b.newWeeks, b.newAffiliates, b.newCountries]).toEqual([["2026-11-09"], [], ["BR"]]);
    expect([c.newWeeks, c.newAffiliates, c.newCountries]).toEqual([["2026-11-16"], [], []]);
    const seen: unknown[] = [];
    reader.forEach(a, (week, invitee, affiliate, country) => seen.push([week, invitee, affiliate, country]));
    reader.skip(b);
    reader.forEach(c, (week, invitee, affiliate, country) => seen.push([week, invitee, affiliate, country]));
    expect(seen).toEqual([
      ["2026-11-02", "99", "0012", "VN"],
      ["2026-11-02", "100", "0013", "DE"],
      ["2026-11-09", "102", "0012", "VN"],
      ["2026-11-16", "103", "0012", "BR"],
    ]);
  });

  it("packs an empty batch", () => {
    let calls = 0;
    forEachFact(packFacts([]), () => calls++);
    expect(calls).toBe(0);
  });
});
