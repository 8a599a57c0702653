import { describe, expect, it } from "vitest";
import type { ReferralRow } from "../../app/domain/csv";
import { packRows, unpackRows } from "../../app/domain/row-codec";

const row = (over: Partial<ReferralRow>): ReferralRow => ({
  weekStart: "2026-11-02",
  affiliateUid: "0012",
  inviteeUid: "99",
  registeredAt: "2026-11-03",
  referralCode: null,
  verifiedAt: null,
  firstDepositAt: "2026-11-04",
  firstTradeAt: null,
  country: "VN",
  vipLevel: null,
  commissionType: "futures",
  rebateRate: 0.125,
  spotVolumeCents: 123456789012,
  futuresVolumeCents: 0,
  optionsVolumeCents: 5,
  fiatVolumeCents: 0,
  earnBalanceCents: 1,
  web3WalletActive: 1,
  spotCommissionCents: 2,
  futuresCommissionCents: 3,
  feesCents: 4,
  ...over,
});

describe("packing referral rows for another thread", () => {
  it("round-trips every field, nulls included, and free text holding reserved characters", () => {
    const rows = [row({}), row({ referralCode: "ALPHA", vipLevel: 0, rebateRate: null, country: null }), row({ referralCode: "odd\u001fcode\u001e\u0000\u0002x" })];
    expect(unpackRows(packRows(rows))).toEqual(rows);
  });

  it("packs an empty batch", () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});
