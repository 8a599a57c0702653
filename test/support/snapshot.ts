import type { AppDatabase } from "../../db";

const TABLES = [
  "activity",
  "invitees",
  "affiliates",
  "referral_codes",
  "rebindings",
  "rollup_affiliate_week",
  "rollup_affiliate_country_week",
  "rollup_funnel_week",
  "rollup_invitee_flags",
  "import_activity_before",
  "import_invitee_before",
  "import_affiliate_before",
];

/** Every row of the data tables, in a stable order: two snapshots are equal when the data is. */
export function snapshot({ sqlite }: AppDatabase): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const rows = sqlite.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(t === "rebindings" ? { ...r, id: undefined } : r)).sort();
  }
  return out;
}
