import type { AppDatabase } from "../../db";
import { prepared } from "./statements.server";
import { recordAudit } from "./audit.server";

export interface SavedView {
  id: number;
  ownerId: number;
  ownerName: string;
  name: string;
  shared: boolean;
  query: string;
  columns: string[] | null;
  updatedAt: number;
}

type RawView = Omit<SavedView, "shared" | "columns"> & { shared: number; columns: string | null };
const toView = (r: RawView): SavedView => ({ ...r, shared: !!r.shared, columns: r.columns ? (JSON.parse(r.columns) as string[]) : null });
const SELECT = `SELECT v.id, v.owner_id AS ownerId, u.name AS ownerName, v.name, v.shared, v.query, v.columns, v.updated_at AS updatedAt
  FROM saved_views v JOIN users u ON u.id = v.owner_id`;

/** The views a user sees: their own (private or shared) and the ones others share with the team. */
export function listViews({ sqlite }: AppDatabase, userId: number): SavedView[] {
  return (prepared(sqlite, `${SELECT} WHERE v.owner_id = ? OR v.shared = 1 ORDER BY v.owner_id <> ?, v.name COLLATE NOCASE`).all(userId, userId) as RawView[]).map(toView);
}

export function getView({ sqlite }: AppDatabase, id: number): SavedView | undefined {
  const r = sqlite.prepare(`${SELECT} WHERE v.id = ?`).get(id) as RawView | undefined;
  return r ? toView(r) : undefined;
}

export type ViewResult = { ok: true; view: SavedView } | { ok: false; errors: { name?: string[] } };

const nameTaken = ({ sqlite }: AppDatabase, ownerId: number, name: string, exceptId = 0) =>
  !!sqlite.prepare("SELECT 1 FROM saved_views WHERE owner_id = ? AND name = ? COLLATE NOCASE AND id <> ?").get(ownerId, name, exceptId);

const TAKEN = { ok: false as const, errors: { name: ["You already have a view with this name."] } };

export function createView(database: AppDatabase, input: { ownerId: number; name: string; shared: boolean; query: string; columns: string[] }, now = Date.now()): ViewResult {
  const { sqlite } = database;
  return sqlite
    .transaction((): ViewResult => {
      if (nameTaken(database, input.ownerId, input.name)) return TAKEN;
      const id = Number(
        sqlite
          .prepare("INSERT INTO saved_views (owner_id, name, shared, query, columns, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .run(input.ownerId, input.name, input.shared ? 1 : 0, input.query, JSON.stringify(input.columns), now, now).lastInsertRowid,
      );
      const view = getView(database, id)!;
      recordAudit(database, { userId: input.ownerId, action: "saved_view.create", entityType: "saved_view", entityId: id, after: { name: view.name, shared: view.shared, query: view.query, columns: view.columns }, at: now });
      return { ok: true, view };
    })
    .immediate();
}

/** Renames a view or changes whether it is shared; the name stays unique among its owner's views. */
export function updateView(database: AppDatabase, id: number, patch: { name: string; shared: boolean }, actorId: number, now = Date.now()): ViewResult {
  const { sqlite } = database;
  return sqlite
    .transaction((): ViewResult => {
      const before = getView(database, id);
      if (!before) throw new Response("No such view", { status: 404 });
      if (nameTaken(database, before.ownerId, patch.name, id)) return before.ownerId === actorId ? TAKEN : { ok: false, errors: { name: ["Its owner already has a view with this name."] } };
      sqlite.prepare("UPDATE saved_views SET name = ?, shared = ?, updated_at = ? WHERE id = ?").run(patch.name, patch.shared ? 1 : 0, now, id);
      recordAudit(database, { userId: actorId, action: "saved_view.update", entityType: "saved_view", entityId: id, before: { name: before.name, shared: before.shared }, after: patch, at: now });
      return { ok: true, view: getView(database, id)! };
    })
    .immediate();
}

export function deleteView(database: AppDatabase, id: number, actorId: number, now = Date.now()) {
  database.sqlite
    .transaction(() => {
      const before = getView(database, id);
      if (!before) throw new Response("No such view", { status: 404 });
      database.sqlite.prepare("DELETE FROM saved_views WHERE id = ?").run(id);
      recordAudit(database, { userId: actorId, action: "saved_view.delete", entityType: "saved_view", entityId: id, before: { name: before.name, ownerId: before.ownerId, shared: before.shared, query: before.query, columns: before.columns }, at: now });
    })
    .immediate();
}
