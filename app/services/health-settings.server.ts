import type { AppDatabase } from "../../db";
import { previewBandChanges, type HealthSettings } from "../domain/health";
import { snapshotsOfWeek } from "../models/health.server";
import { latestImportedWeek } from "../models/imports.server";
import { computeHealth } from "./health.server";

/** How many affiliates would change band under other settings (nothing written). */
export function previewSettings(database: AppDatabase, settings: HealthSettings, now = Date.now()) {
  const week = latestImportedWeek(database);
  if (!week) return { changed: 0, transitions: [], week: null };
  const current = [...snapshotsOfWeek(database, week)].map(([uid, s]) => ({ uid, band: s.band }));
  const next = computeHealth(database, week, now, settings).map((s) => ({ uid: s.uid, band: s.score.band }));
  return { ...previewBandChanges(current, next), week };
}

/** Form fields named `a.b.c` → a nested object. */
export function unflatten(form: Record<string, FormDataEntryValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const parts = key.split(".");
    let node = out;
    parts.slice(0, -1).forEach((p) => (node = (node[p] ??= {}) as Record<string, unknown>));
    node[parts.at(-1)!] = value;
  }
  return out;
}
