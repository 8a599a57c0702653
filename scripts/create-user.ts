// npm run user:create -- --email E --name N --role manager|lead|admin
// The password is read from standard input (one line), or asked for at a terminal.
import { parseArgs } from "node:util";
import readline from "node:readline";
import { z } from "zod";
import { openDatabase } from "../db";
import { ROLES } from "../db/schema";
import { PASSWORD_MIN_LENGTH } from "../app/auth/password.server";
import { createUser, findUserByEmail } from "../app/models/users.server";

const Args = z.object({
  email: z.string().trim().toLowerCase().email("--email must be an e-mail address"),
  name: z.string().trim().min(1, "--name is required"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "--role must be manager, lead or admin" }) }),
});

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(q);
      // Do not echo the password.
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      out._writeToOutput = () => {};
      rl.question("", (answer) => {
        process.stderr.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password: ");
  const second = await ask("Repeat it: ");
  rl.close();
  if (first !== second) fail("The two passwords differ.");
  return first;
}

function fail(message: string, code = 2): never {
  console.error(`user:create: ${message}`);
  process.exit(code);
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("; ") + "\nusage: npm run user:create -- --email E --name N --role manager|lead|admin");
  const password = await readPassword();
  if (password.length < PASSWORD_MIN_LENGTH) fail(`The password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
  const database = openDatabase();
  if (findUserByEmail(database, parsed.data.email)) fail(`A user with e-mail ${parsed.data.email} already exists.`, 1);
  const user = await createUser(database, { ...parsed.data, password });
  console.log(`Created ${user.role} ${user.name} <${user.email}> (id ${user.id}) in ${database.file}`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error), 1));
