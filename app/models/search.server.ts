import type { AppDatabase } from "../../db";
import { classifyQuery } from "../domain/search";

export interface AffiliateHit {
  uid: string;
  name: string;
  country: string | null;
  managerId: number | null;
  managerName: string | null;
  /** How the text matched: the affiliate's uid, one of its referral codes, one of its invitees, its name. */
  matched: "uid" | "code" | "invitee" | "name";
  /** The code or invitee uid that matched, for the result's description. */
  via: string | null;
}

const SELECT = `SELECT a.uid, a.name, a.country, a.manager_id AS managerId, u.name AS managerName FROM affiliates a LEFT JOIN users u ON u.id = a.manager_id`;

/**
 * The statements global search runs, each answered from an index (EXPLAIN QUERY PLAN in
 * test/integration/search.test.ts): the uid prefix and the invitee uid by primary key, the
 * referral code by the codes' primary key. Names are matched anywhere in the name (case
 * insensitively), which reads the affiliates table: a few thousand rows, well under a millisecond.
 */
export const SEARCH_SQL = {
  // uids are digits: every uid starting with p lies in [p, p + ':') (':' follows '9'), and p itself sorts first.
  byUidPrefix: `${SELECT} WHERE a.uid >= ? AND a.uid < ? || ':' ORDER BY a.uid LIMIT ?`,
  byCode: `SELECT a.uid, a.name, a.country, a.manager_id AS managerId, u.name AS managerName, c.code AS via
    FROM referral_codes c JOIN affiliates a ON a.uid = c.affiliate_uid LEFT JOIN users u ON u.id = a.manager_id
    WHERE c.code IN (?, upper(?)) ORDER BY a.name LIMIT ?`,
  byInvitee: `${SELECT} JOIN invitees i ON i.affiliate_uid = a.uid WHERE i.uid = ?`,
  byName: `${SELECT} WHERE a.name LIKE '%' || ? || '%' ESCAPE '\\' ORDER BY (a.name LIKE ? || '%' ESCAPE '\\') DESC, a.name LIMIT ?`,
} as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type Row = Omit<AffiliateHit, "matched" | "via"> & { via?: string };

/**
 * Affiliates by uid (exact or prefix), referral code, invitee uid, or name: for global search and
 * for the incident form's affiliate picker (each route applies its own permission rules).
 */
export function searchAffiliates({ sqlite }: AppDatabase, raw: string, limit = 8): AffiliateHit[] {
  const q = classifyQuery(raw);
  if (q.text.length === 0) return [];
  const out = new Map<string, AffiliateHit>();
  const add = (rows: Row[], matched: AffiliateHit["matched"], via: string | null) => {
    for (const r of rows) if (!out.has(r.uid) && out.size < limit) out.set(r.uid, { ...r, matched, via: r.via ?? via });
  };
  if (q.uid) {
    add(sqlite.prepare(SEARCH_SQL.byUidPrefix).all(q.uid, q.uid, limit) as Row[], "uid", null);
    add(sqlite.prepare(SEARCH_SQL.byInvitee).all(q.uid) as Row[], "invitee", q.uid);
  }
  if (q.code) add(sqlite.prepare(SEARCH_SQL.byCode).all(q.code, q.code, limit) as Row[], "code", q.code);
  if (q.text.length >= 2 || out.size === 0) {
    const needle = escapeLike(q.text);
    add(sqlite.prepare(SEARCH_SQL.byName).all(needle, needle, limit) as Row[], "name", null);
  }
  return [...out.values()];
}
