import { openDatabase, type AppDatabase } from "../db";

// One connection per server process, kept across dev-server reloads.
const g = globalThis as unknown as { __affiliateDeskDb?: AppDatabase };

export function getDatabase(): AppDatabase {
  if (!g.__affiliateDeskDb) g.__affiliateDeskDb = openDatabase();
  return g.__affiliateDeskDb;
}
