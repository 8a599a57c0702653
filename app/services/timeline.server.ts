import type { AppDatabase } from "../../db";
import { mergeTimeline, type TimelineQuery } from "../domain/timeline";
import { timelineSources } from "../models/timeline.server";

/** The Activity tab: the affiliate's events of the kinds asked for, newest first, the newest `alimit`. */
export function loadTimeline(database: AppDatabase, uid: string, q: TimelineQuery) {
  const { events, hasMore } = mergeTimeline(timelineSources(database, uid, q.akind, q.alimit + 1), { kinds: q.akind, limit: q.alimit });
  return { events, hasMore, kinds: q.akind, limit: q.alimit };
}
