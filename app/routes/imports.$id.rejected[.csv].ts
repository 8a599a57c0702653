import fs from "node:fs";
import type { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { z } from "zod";
import { requireUserWithPermission } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { getImport } from "~/models/imports.server";

/** The rejected rows of an import: the original cells plus an `error` column. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "import:read");
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const found = id.success ? getImport(getDatabase(), id.data) : undefined;
  const file = found?.imp.rejectedPath;
  if (!file || !fs.existsSync(file)) throw new Response("No rejected rows for this import", { status: 404 });
  const stream = createReadableStreamFromReadable(fs.createReadStream(file) as unknown as Readable);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-${id.data}-rejected.csv"`,
    },
  });
}
