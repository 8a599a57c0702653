import { addDays } from "date-fns";
import { calendarDate } from "./tenure";
import { isoDate } from "./weeks";

/**
 * The KPIs of the affiliate referral dashboard, for a period of whole weeks `from` … `to`
 * (both Mondays, inclusive), as data-format.md defines them. Money in integer cents.
 */
export interface Kpis {
  referrals: number;
  verified: number;
  deposited: number;
  firstTrades: number;
  /** Distinct invitees with spot + futures + options volume > 0 in a week of the period. */
  traded: number;
  /** Distinct invitees with any volume, an Earn balance or Web3 Wallet use in a week of the period. */
  active: number;
  spotVolume: number;
  futuresVolume: number;
  optionsVolume: number;
  fiatVolume: number;
  spotCommission: number;
  futuresCommission: number;
  fees: number;
  futuresAdopters: number;
  earnAdopters: number;
  optionsAdopters: number;
  web3WalletAdopters: number;
  fiatAdopters: number;
}

export const EMPTY_KPIS: Kpis = {
  referrals: 0,
  verified: 0,
  deposited: 0,
  firstTrades: 0,
  traded: 0,
  active: 0,
  spotVolume: 0,
  futuresVolume: 0,
  optionsVolume: 0,
  fiatVolume: 0,
  spotCommission: 0,
  futuresCommission: 0,
  fees: 0,
  futuresAdopters: 0,
  earnAdopters: 0,
  optionsAdopters: 0,
  web3WalletAdopters: 0,
  fiatAdopters: 0,
};

/** Total volume: spot (with margin) + futures + options; fiat ramps are not trading volume. */
export function totalVolume(k: Pick<Kpis, "spotVolume" | "futuresVolume" | "optionsVolume">): number {
  return k.spotVolume + k.futuresVolume + k.optionsVolume;
}

/** Total rewards: spot + futures commission. */
export function totalRewards(k: Pick<Kpis, "spotCommission" | "futuresCommission">): number {
  return k.spotCommission + k.futuresCommission;
}

export const PRODUCT_KEYS = [
  { product: "futures", label: "Futures", adopters: "futuresAdopters" },
  { product: "earn", label: "Earn", adopters: "earnAdopters" },
  { product: "options", label: "Options", adopters: "optionsAdopters" },
  { product: "web3_wallet", label: "Web3 Wallet", adopters: "web3WalletAdopters" },
  { product: "fiat", label: "Fiat", adopters: "fiatAdopters" },
] as const;

/** Cross-product conversion of a product: its adopters ÷ active invitees (null with no active invitee). */
export function conversion(adopters: number, active: number): number | null {
  return active > 0 ? adopters / active : null;
}

/** How many of the five products have at least one adopter. */
export function productBreadth(k: Kpis): number {
  return PRODUCT_KEYS.filter((p) => k[p.adopters] > 0).length;
}

/** The last day (a Sunday) of a period whose last week starts on `to`. */
export function periodEnd(to: string): string {
  return isoDate(addDays(calendarDate(to), 6));
}
