import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { flashToast, requireUserWithPermission } from "~/auth/session.server";
import { getDatabase } from "~/db.server";
import { createImportRecord } from "~/models/imports.server";
import { startImportJob } from "~/services/import-jobs.server";
import { receiveUpload, UploadTooLarge } from "~/services/uploads.server";

export async function loader() {
  throw redirect("/imports");
}

const UploadFields = z.object({
  kind: z.enum(["auto", "referrals", "affiliates"]).default("auto"),
  skipInvalid: z.literal("on").optional(),
});

/**
 * POST /imports/upload. The file streams to disk, then validation starts in a worker and the
 * browser follows it on the import's page: JSON `{id}` for the drag-and-drop upload, a redirect
 * for the plain form.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "import:write");
  const wantsJson = request.headers.get("Accept")?.includes("application/json");
  const fail = async (error: string, status: number) =>
    wantsJson
      ? Response.json({ error }, { status })
      : redirect("/imports", { headers: await flashToast(request, { title: "Upload refused", message: error, color: "red" }) });
  let received;
  try {
    received = await receiveUpload(request);
  } catch (error) {
    if (error instanceof UploadTooLarge) return fail(error.message, 413);
    throw error;
  }
  const { upload, form } = received;
  if (!upload || upload.size === 0) return fail("Choose a CSV file to upload (the one sent was empty).", 400);
  const fields = UploadFields.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k !== "file")));
  if (!fields.success) return fail("The kind of file must be referrals or affiliates.", 400);
  const kind = fields.data.kind === "auto" ? undefined : fields.data.kind;
  const database = getDatabase();
  const record = createImportRecord(database, {
    kind: kind ?? "referrals",
    fileName: upload.fileName,
    sha256: upload.sha256,
    userId: user.id,
    status: "validating",
    skipInvalid: fields.data.skipInvalid === "on",
    filePath: upload.path,
  });
  startImportJob(record.id, "validate", { file: upload.path, fileName: upload.fileName, kind, skipInvalid: fields.data.skipInvalid === "on", userId: user.id, sha256: upload.sha256 });
  if (wantsJson) return Response.json({ id: record.id });
  throw redirect(`/imports/${record.id}`);
}

