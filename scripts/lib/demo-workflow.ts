import type { RosterAffiliate } from "./dataset";
import { Rng } from "./dataset";

/**
 * The demo's relationship work: engagement notes, tasks and incidents that match each
 * affiliate's story in the generated data. Deterministic for a given roster and anchor.
 */
export interface DemoNote {
  affiliateUid: string;
  authorEmail: string;
  kind: "call" | "meeting" | "email" | "chat" | "event" | "other";
  occurredAt: number;
  participants: string;
  summary: string;
  sentiment: "positive" | "neutral" | "negative";
  topics: string[];
  followUpDate: string | null;
}

export interface DemoTask {
  affiliateUid: string;
  assigneeEmail: string;
  title: string;
  kind: "upsell" | "follow_up" | "risk" | "onboarding" | "other";
  product: string | null;
  expectedUplift: number | null;
  dueDate: string;
  priority: "low" | "medium" | "high";
  status: "open" | "in_progress" | "done" | "dropped";
  dropReason: string | null;
  createdAt: number;
}

export interface DemoIncident {
  title: string;
  severity: "SEV1" | "SEV2" | "SEV3" | "SEV4";
  category: "commission_dispute" | "account_kyc" | "product_outage" | "public_complaint" | "compliance" | "other";
  products: string[];
  countries: string[];
  affiliateUids: string[];
  ownerEmail: string;
  status: "reported" | "investigating" | "mitigating" | "resolved" | "closed";
  statusTimes: Record<string, number>;
  updates: { at: number; kind: "update" | "communication" | "status"; text: string; audience?: string; channel?: string }[];
  resolution: string | null;
}

const DAY = 86_400_000;
import { PRODUCTS } from "../../app/domain/enums";
const PRODUCT_LABEL: Record<string, string> = { futures: "Futures", earn: "Earn", options: "Options", web3_wallet: "Web3 Wallet", fiat: "Fiat" };

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function demoWorkflow(roster: RosterAffiliate[], now: number, seed = "affiliate-desk-workflow") {
  const rng = new Rng(seed);
  const notes: DemoNote[] = [];
  const tasks: DemoTask[] = [];
  const incidents: DemoIncident[] = [];
  const owned = roster.filter((a) => a.managerEmail);

  for (const a of owned) {
    const rm = a.managerEmail!;
    const contact = a.telegram ?? a.email ?? a.name;
    // Most partners had a few touches over the last months; some have gone uncontacted for a while.
    const touches = a.story.kind === "steady" ? rng.int(0, 4) : rng.int(2, 5);
    let at = now - rng.int(2, 50) * DAY;
    for (let i = 0; i < touches; i++) {
      const kind = rng.pick(["call", "meeting", "email", "chat", "chat", "event"] as const);
      const negative = (a.story.kind === "declining" || a.story.kind === "quiet") && i === 0;
      const positive = a.story.kind === "growing" && i === 0;
      notes.push({
        affiliateUid: a.uid,
        authorEmail: rm,
        kind,
        occurredAt: at,
        participants: `${contact}; ${rm.split("@")[0].replace(".", " ")}`,
        summary: negative
          ? `**Check-in on the drop.** ${a.story.summary}\n\n- They mention a competitor's higher rebate\n- Asked for a custom code for their next campaign`
          : positive
            ? `**Growth call.** ${a.story.summary}\n\n- Planning a new campaign next month\n- Interested in a tier review`
            : rng.pick([
                "Monthly sync: volumes stable, no open issues. Shared the new referral dashboard guide.",
                "Talked through the Q4 campaign calendar and co-marketing assets.",
                "Quick Telegram check-in; they asked about the commission payout schedule.",
                "Walked them through Earn products for their community's idle balances.",
                "Met at the regional meetup; introduced the Web3 Wallet team.",
              ]),
        sentiment: negative ? "negative" : positive ? "positive" : rng.pick(["neutral", "neutral", "positive"] as const),
        topics: negative ? ["complaint", "commission"] : positive ? ["campaign"] : [rng.pick(["campaign", "product feedback", "commission"])],
        followUpDate: negative ? isoDay(now + rng.int(2, 10) * DAY) : null,
      });
      at -= rng.int(10, 40) * DAY;
    }

    if (a.story.kind === "declining" || a.story.kind === "quiet") {
      tasks.push({
        affiliateUid: a.uid,
        assigneeEmail: rm,
        title: `Win back ${a.name}: review their last weeks and call`,
        kind: "risk",
        product: null,
        expectedUplift: null,
        dueDate: isoDay(now + rng.int(-5, 7) * DAY),
        priority: "high",
        status: rng.pick(["open", "in_progress"] as const),
        dropReason: null,
        createdAt: now - rng.int(3, 12) * DAY,
      });
    }
    if (a.story.kind === "futures-drop" || rng.next() < 0.18) {
      const product = a.story.kind === "futures-drop" ? "futures" : rng.pick(PRODUCTS);
      const status = a.story.kind === "futures-drop" ? "open" : rng.pick(["open", "open", "in_progress", "done", "dropped"] as const);
      tasks.push({
        affiliateUid: a.uid,
        assigneeEmail: rm,
        title: `Upsell ${PRODUCT_LABEL[product]} to ${a.name}'s invitees`,
        kind: "upsell",
        product,
        expectedUplift: rng.int(5, 80) * 100_00,
        dueDate: isoDay(now + rng.int(-10, 30) * DAY),
        priority: rng.pick(["low", "medium", "medium", "high"] as const),
        status,
        dropReason: status === "dropped" ? "Partner's audience is not eligible in their market" : null,
        createdAt: now - rng.int(10, 60) * DAY,
      });
    }
    if (rng.next() < 0.12) {
      tasks.push({
        affiliateUid: a.uid,
        assigneeEmail: rm,
        title: `Send ${a.name} the new campaign kit`,
        kind: "follow_up",
        product: null,
        expectedUplift: null,
        dueDate: isoDay(now + rng.int(-3, 14) * DAY),
        priority: "medium",
        status: rng.pick(["open", "done"] as const),
        dropReason: null,
        createdAt: now - rng.int(5, 20) * DAY,
      });
    }
  }

  const quiet = owned.filter((a) => a.story.kind === "quiet");
  const declining = owned.filter((a) => a.story.kind === "declining");
  if (quiet[0]) {
    const t0 = now - 6 * DAY;
    incidents.push({
      title: `Commission payout delayed for ${quiet[0].name}`,
      severity: "SEV2",
      category: "commission_dispute",
      products: ["futures"],
      countries: [quiet[0].country],
      affiliateUids: [quiet[0].uid],
      ownerEmail: quiet[0].managerEmail!,
      status: "investigating",
      statusTimes: { reported: t0, investigating: t0 + 3 * 3600_000 },
      updates: [
        { at: t0, kind: "update", text: "Partner reports two weeks of futures commission missing from their dashboard." },
        { at: t0 + 3 * 3600_000, kind: "status", text: "Investigating with the commissions team." },
        { at: t0 + 5 * 3600_000, kind: "communication", text: "Acknowledged the issue and promised an update within 48 hours.", audience: quiet[0].name, channel: "Telegram" },
      ],
      resolution: null,
    });
  }
  if (declining.length >= 2) {
    const t0 = now - 20 * DAY;
    incidents.push({
      title: "KYC verification backlog in two markets",
      severity: "SEV3",
      category: "account_kyc",
      products: [],
      countries: [...new Set(declining.slice(0, 2).map((a) => a.country))],
      affiliateUids: declining.slice(0, 2).map((a) => a.uid),
      ownerEmail: declining[0].managerEmail!,
      status: "resolved",
      statusTimes: { reported: t0, investigating: t0 + 2 * 3600_000, mitigating: t0 + 26 * 3600_000, resolved: t0 + 5 * DAY },
      updates: [
        { at: t0, kind: "update", text: "Invitees of two partners stuck in KYC review for over 72 hours." },
        { at: t0 + 26 * 3600_000, kind: "status", text: "Extra reviewers assigned; backlog shrinking." },
        { at: t0 + 5 * DAY, kind: "status", text: "Backlog cleared." },
      ],
      resolution: "Review capacity added for the two markets; queue time back under 24 h.",
    });
  }
  const big = [...owned].sort((x, y) => y.sizeWeight - x.sizeWeight)[0];
  if (big) {
    const t0 = now - 2 * DAY;
    incidents.push({
      title: `Negative thread about rebates on ${big.name}'s channel`,
      severity: "SEV4",
      category: "public_complaint",
      products: [],
      countries: [big.country],
      affiliateUids: [big.uid],
      ownerEmail: big.managerEmail!,
      status: "reported",
      statusTimes: { reported: t0 },
      updates: [{ at: t0, kind: "update", text: "Community members compare our rebate rate with a competitor's promotion." }],
      resolution: null,
    });
  }
  return { notes, tasks, incidents };
}
