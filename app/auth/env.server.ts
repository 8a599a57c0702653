import crypto from "node:crypto";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().default("file:./data/app.db"),
  SESSION_SECRET: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  DATA_DIR: z.string().default("./data"),
});
export type Env = z.infer<typeof EnvSchema> & { sessionSecrets: string[] };

let cached: Env | undefined;

/**
 * The environment, validated once. SESSION_SECRET is a comma-separated list (newest first, for
 * rotation). Production refuses to start without it; development generates one with a warning.
 */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const env = parsed.data;
  let secrets = (env.SESSION_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (secrets.length === 0) {
    if (env.NODE_ENV === "production") {
      throw new Error("SESSION_SECRET is required in production (a comma-separated list of long random strings).");
    }
    console.warn("[affiliate-desk] SESSION_SECRET is not set: using a random one for this process (sessions end on restart).");
    secrets = [crypto.randomBytes(32).toString("hex")];
  }
  cached = { ...env, sessionSecrets: secrets };
  return cached;
}

/** For tests that change the environment. */
export function resetEnvCache() {
  cached = undefined;
}
