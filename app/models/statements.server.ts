import type { Statement } from "better-sqlite3";
import type { AppDatabase } from "../../db";

/*
 * Statements prepared once per connection, by their SQL. Preparing parses and plans the SQL
 * (~20–50 µs for the small reads a page makes, more through the query builder); the 360° page
 * made a dozen of them on every request. Only for fixed SQL (or a few variants of it) read with
 * `get` or `all`: a statement is shared, so not for `iterate` (it stays busy until the loop
 * ends) nor `raw()` (which changes it for every caller).
 */

const MAX_PER_CONNECTION = 200;
const statements = new WeakMap<AppDatabase["sqlite"], Map<string, Statement>>();

export function prepared(sqlite: AppDatabase["sqlite"], sql: string): Statement {
  let bySql = statements.get(sqlite);
  if (!bySql) statements.set(sqlite, (bySql = new Map()));
  let s = bySql.get(sql);
  if (!s) {
    s = sqlite.prepare(sql);
    if (bySql.size >= MAX_PER_CONNECTION) bySql.delete(bySql.keys().next().value!);
    bySql.set(sql, s);
  }
  return s;
}
