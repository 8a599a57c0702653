import { describe, expect, it } from "vitest";
import type { ReferralRow } from "../../app/domain/csv";
import { forEachFact, MEASURES_PER_ROW, packFacts } from "../../app/domain/row-codec";

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

  it("packs an empty batch", () => {
    let calls = 0;
    forEachFact(packFacts([]), () => calls++);
    expect(calls).toBe(0);
  });
});
