import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { getEnv } from "../auth/env.server";
import { dataPath } from "./data-dir.server";

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the upload limit of ${formatBytes(limit)}.`);
    this.name = "UploadTooLarge";
  }
}

export interface StoredUpload {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function uploadsDir() {
  return dataPath("uploads");
}

/**
 * Reads a multipart form whose `file` part streams to disk (never whole in memory), hashing it on
 * the way and stopping at the size limit. Other fields come back as strings.
 */
export async function receiveUpload(request: Request, maxBytes = getEnv().IMPORT_MAX_BYTES): Promise<{ upload: StoredUpload | null; form: FormData }> {
  let upload: StoredUpload | null = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "file" || !filename) {
      let text = "";
      const decoder = new TextDecoder();
      for await (const chunk of data) text += decoder.decode(chunk, { stream: true });
      return text;
    }
    fs.mkdirSync(uploadsDir(), { recursive: true });
    const target = path.join(uploadsDir(), `${Date.now()}-${crypto.randomBytes(6).toString("hex")}.csv`);
    const out = fs.createWriteStream(target);
    const hash = crypto.createHash("sha256");
    let size = 0;
    try {
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new UploadTooLarge(maxBytes);
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (error) {
      out.destroy();
      fs.rmSync(target, { force: true });
      throw error;
    }
    upload = { path: target, fileName: path.basename(filename), size, sha256: hash.digest("hex") };
    return target;
  };
  const form = await unstable_parseMultipartFormData(request, handler);
  return { upload, form };
}
