/**
 * Generates a realistic, deterministic referral dataset in the import contract
 * (`../shared/data-format.md`): `affiliates.csv` plus the referral activity.
 *
 *   npx tsx scripts/generate-dataset.ts --out DIR [--profile demo|scale] [--affiliates N]
 *     [--weeks N] [--rows N] [--invitees N] [--end-week YYYY-MM-DD] [--seed S]
 *     [--single-file | --per-week]
 *
 * demo (default): 150 affiliates, 26 weekly files, ~40k invitees.
 * scale: 2,400 affiliates, 52 weeks, 1,000,000 rows in one `referrals.csv`.
 * --end-week defaults to the Monday of the last complete week before today (UTC).
 */
import { parseArgs } from "node:util";
import { defaultEndWeek, generateDataset, type DatasetProfile } from "./lib/dataset";
import { progressBar } from "./lib/progress";

const USAGE =
  "usage: npx tsx scripts/generate-dataset.ts --out DIR [--profile demo|scale] [--affiliates N] [--weeks N] " +
  "[--rows N] [--invitees N] [--end-week YYYY-MM-DD] [--seed S] [--single-file | --per-week]";

function fail(message: string): never {
  process.stderr.write(`generate-dataset: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer (got "${v}")`);
  return n;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        profile: { type: "string" },
        affiliates: { type: "string" },
        weeks: { type: "string" },
        rows: { type: "string" },
        invitees: { type: "string" },
        "end-week": { type: "string" },
        seed: { type: "string" },
        "single-file": { type: "boolean" },
        "per-week": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.out) fail("--out DIR is required");
  const profile = (values.profile ?? "demo") as DatasetProfile;
  if (profile !== "demo" && profile !== "scale") fail(`--profile must be demo or scale (got "${values.profile}")`);
  if (values["single-file"] && values["per-week"]) fail("--single-file and --per-week exclude each other");
  const endWeek = values["end-week"] ?? defaultEndWeek(new Date());

  const started = performance.now();
  const bar = progressBar(`generate-dataset ${profile}`);
  const summary = await generateDataset({
    outDir: values.out,
    profile,
    affiliates: int("affiliates", values.affiliates),
    weeks: int("weeks", values.weeks),
    rows: int("rows", values.rows),
    invitees: int("invitees", values.invitees),
    endWeek,
    seed: values.seed,
    singleFile: values["single-file"] ? true : values["per-week"] ? false : undefined,
    onProgress: (done, total, rows) => bar.update(done, total, `${rows.toLocaleString("en-US")} rows`),
  });
  bar.done();
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const n = (x: number) => x.toLocaleString("en-US");
  process.stderr.write(
    `generate-dataset: ${profile} → ${values.out}: ${summary.files.length} files, ${n(summary.rows)} rows, ` +
      `${n(summary.invitees)} invitees, ${n(summary.affiliates)} affiliates, weeks ${summary.weeks[0]}..${summary.endWeek} (${secs}s)\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`generate-dataset: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
