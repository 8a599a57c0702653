import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import type { ReactElement } from "react";
import { renderToPipeableStream } from "react-dom/server";

export const streamTimeout = 5_000;

/**
 * The document, sent whole once React has rendered all of it. No route defers data (no `defer`,
 * no `<Await>`): the only Suspense boundaries are Remix's own, which stream the loader data into
 * the page and resolve at once. Collecting React's ~2 KB chunks into one buffer and sending it
 * with one write costs less than passing each chunk through a Node stream, a web stream and the
 * response (docs/decisions/0011, third round). A route that starts deferring slow data should
 * bring back streaming (`onShellReady` and a PassThrough) here.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const { html, status } = await renderDocument(<RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} />, responseStatusCode);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  responseHeaders.set("Referrer-Policy", "same-origin");
  responseHeaders.set("X-Frame-Options", "DENY");
  // A Buffer is a Uint8Array; @types/node types its memory as ArrayBufferLike, which BodyInit does not accept.
  return new Response(html as Uint8Array<ArrayBuffer>, { headers: responseHeaders, status });
}

/**
 * Renders `element` to one buffer. React 18's server renderer writes its whole 2 KB buffer when a
 * string's last character does not fit in what is left of it, unused zero bytes included (its
 * `writeStringChunk` writes `currentView` instead of the bytes written): the page then has NUL
 * characters wherever a multi-byte character (▲, ·, —, an accented name) fell on a buffer's end.
 * HTML never contains NUL, so a chunk's trailing zero bytes are that padding: dropped here.
 */
export function renderDocument(element: ReactElement, status = 200): Promise<{ html: Buffer; status: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let shellRendered = false;
    const body = new Writable({
      write(chunk: Uint8Array, _encoding, done) {
        let end = chunk.length;
        while (end > 0 && chunk[end - 1] === 0) end--;
        chunks.push(end === chunk.length ? chunk : chunk.subarray(0, end));
        done();
      },
      final(done) {
        clearTimeout(timer);
        resolve({ html: Buffer.concat(chunks), status });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(element, {
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        pipe(body);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        status = 500;
        // Before the shell, onShellError reports it (Remix renders the error boundary).
        if (shellRendered) console.error(error);
      },
    });
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}
