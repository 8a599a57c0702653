import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type AppDatabase } from "../../db";

const g = globalThis as unknown as { __affiliateDeskDb?: AppDatabase };

/**
 * A real SQLite file in a fresh temporary folder, migrated, and installed as the app's database
 * (what `getDatabase()` returns). Call `close()` in afterEach.
 */
export function createTestDatabase(): AppDatabase & { dir: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "affiliate-desk-test-"));
  const database = openDatabase(`file:${path.join(dir, "test.db")}`);
  process.env.DATA_DIR = dir;
  g.__affiliateDeskDb = database;
  return {
    ...database,
    dir,
    close() {
      database.sqlite.close();
      if (g.__affiliateDeskDb === database) g.__affiliateDeskDb = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
