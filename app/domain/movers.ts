import type { Band } from "./health";

/** One affiliate at the two ends of a comparison (a period against the one before, or a week against the week before). */
export interface MoverInput {
  uid: string;
  name: string;
  managerId: number | null;
  scoreThen: number | null;
  scoreNow: number | null;
  bandThen: Band | null;
  bandNow: Band | null;
  /** Total volume in the earlier and the later window, in cents. */
  volumeThen: number;
  volumeNow: number;
}

export interface Mover extends MoverInput {
  /** scoreNow − scoreThen (null when either is missing). */
  scoreChange: number | null;
  volumeChange: number;
  /** volumeChange ÷ volumeThen (null when volumeThen is 0). */
  volumeChangePct: number | null;
}

export interface Movers {
  scoreDrops: Mover[];
  scoreGains: Mover[];
  volumeFalls: Mover[];
  volumeRises: Mover[];
  /** Now at risk, and not at risk before (including affiliates with no band before). */
  newlyAtRisk: Mover[];
  /** At risk before and no longer at risk now. */
  recovered: Mover[];
}

const byName = (a: Mover, b: Mover) => a.name.localeCompare(b.name) || a.uid.localeCompare(b.uid);

/**
 * The movers between two moments: the `limit` largest score drops and gains, volume falls
 * and rises (by absolute change), and every affiliate that entered or left "at risk".
 * Ties break by name, so the lists are stable.
 */
export function findMovers(rows: readonly MoverInput[], limit = 10): Movers {
  const all: Mover[] = rows.map((r) => {
    const volumeChange = r.volumeNow - r.volumeThen;
    return {
      ...r,
      scoreChange: r.scoreNow !== null && r.scoreThen !== null ? r.scoreNow - r.scoreThen : null,
      volumeChange,
      volumeChangePct: r.volumeThen > 0 ? volumeChange / r.volumeThen : null,
    };
  });
  const scored = all.filter((m) => m.scoreChange !== null);
  const top = (list: Mover[], key: (m: Mover) => number) =>
    list
      .filter((m) => key(m) > 0)
      .sort((a, b) => key(b) - key(a) || byName(a, b))
      .slice(0, limit);
  return {
    scoreDrops: top(scored, (m) => -(m.scoreChange as number)),
    scoreGains: top(scored, (m) => m.scoreChange as number),
    volumeFalls: top(all, (m) => -m.volumeChange),
    volumeRises: top(all, (m) => m.volumeChange),
    newlyAtRisk: all.filter((m) => m.bandNow === "at_risk" && m.bandThen !== "at_risk").sort(byName),
    recovered: all.filter((m) => m.bandThen === "at_risk" && m.bandNow !== null && m.bandNow !== "at_risk").sort(byName),
  };
}

/**
 * The movers' input: each affiliate's snapshot (score and band) at two weeks and its volume in
 * two windows. Affiliates with neither a snapshot nor any volume in either window are left out.
 */
export function moverInputs(
  affiliates: readonly { uid: string; name: string; managerId: number | null }[],
  then: Map<string, { score: number | null; band: Band | null }>,
  now: Map<string, { score: number | null; band: Band | null }>,
  volumes: Map<string, { then: number; now: number }>,
): MoverInput[] {
  const out: MoverInput[] = [];
  for (const a of affiliates) {
    const t = then.get(a.uid);
    const n = now.get(a.uid);
    const v = volumes.get(a.uid) ?? { then: 0, now: 0 };
    if (!t && !n && v.then === 0 && v.now === 0) continue;
    out.push({
      uid: a.uid,
      name: a.name,
      managerId: a.managerId,
      scoreThen: t?.score ?? null,
      scoreNow: n?.score ?? null,
      bandThen: t?.band ?? null,
      bandNow: n?.band ?? null,
      volumeThen: v.then,
      volumeNow: v.now,
    });
  }
  return out;
}

/** Lists longer than this show their first entries and a way to see the rest. */
export const MOVERS_SHOWN = 8;

export const MOVER_KEYS = ["scoreDrops", "scoreGains", "volumeFalls", "volumeRises", "newlyAtRisk", "recovered"] as const satisfies readonly (keyof Movers)[];

/** The lists a page shows whole (`movers=` in its URL, repeated); unknown names are left out. */
export function expandedMovers(values: readonly string[]): Set<keyof Movers> {
  return new Set(MOVER_KEYS.filter((k) => values.includes(k)));
}

/**
 * What a page sends of the movers: each list's first MOVERS_SHOWN entries, or all of it for the
 * lists in `expanded`, and every list's length (on a large team "newly at risk" can hold hundreds).
 */
export function moversToShow(movers: Movers, expanded: ReadonlySet<keyof Movers>): { lists: Movers; counts: Record<keyof Movers, number> } {
  const lists = { ...movers };
  const counts = {} as Record<keyof Movers, number>;
  for (const k of MOVER_KEYS) {
    counts[k] = movers[k].length;
    if (!expanded.has(k)) lists[k] = movers[k].slice(0, MOVERS_SHOWN);
  }
  return { lists, counts };
}
