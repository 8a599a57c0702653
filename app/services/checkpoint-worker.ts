// Copies the write-ahead log into the database file (a passive checkpoint) in a thread of its
// own, on a connection of its own: after a large import, while the import's thread scores health
// (decision 0018). Posts SQLite's answer: [{ busy, log, checkpointed }].
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file } = workerData as { file: string };
const db = new Database(file, { fileMustExist: true });
try {
  parentPort!.postMessage(db.pragma("wal_checkpoint(PASSIVE)"));
} finally {
  db.close();
}
