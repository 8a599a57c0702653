// npm run export -- portfolio --from YYYY-MM-DD --to YYYY-MM-DD [--manager EMAIL]
// Writes CSV to stdout: one row per affiliate with its KPIs for the weeks from … to.
import { parseArgs } from "node:util";
import { openDatabase } from "../db";
import { PeriodArgs } from "../app/domain/period-args";
import { findUserByEmail } from "../app/models/users.server";
import { PORTFOLIO_COLUMNS, portfolioExport, toCsv } from "../app/services/export.server";

const USAGE = "usage: npm run export -- portfolio --from YYYY-MM-DD --to YYYY-MM-DD [--manager EMAIL]";

function usage(message: string): never {
  console.error(`export: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { from: { type: "string" }, to: { type: "string" }, manager: { type: "string" } } });
} catch (error) {
  usage((error as Error).message);
}
const { values, positionals } = parsed;
if (positionals[0] !== "portfolio" || positionals.length !== 1) usage("the one export is `portfolio`");
const period = PeriodArgs.safeParse(values);
if (!period.success) usage(period.error.issues.map((i) => i.message).join("; "));
const database = openDatabase();
let managerId: number | undefined;
if (values.manager) {
  const user = findUserByEmail(database, values.manager);
  if (!user) usage(`no user has the e-mail ${values.manager}`);
  managerId = user.id;
}
process.stdout.write(toCsv(PORTFOLIO_COLUMNS, portfolioExport(database, { ...period.data, managerId })));
