import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";

export const streamTimeout = 5_000;

/**
 * The document, rendered to one string and sent whole. No route defers data (no `defer`, no
 * `<Await>`): the only Suspense boundary is Remix's own, which puts the loader data into the page;
 * `handOffLoaderData` reads that data first, so nothing suspends. React's string renderer appends
 * each of a page's ~9,000 small strings to an array; its stream renderer encodes each one into a
 * byte buffer (a TextEncoder call and a buffer view apiece), ~12 % of a portfolio request's CPU
 * (docs/decisions/0011, fifth round). A route that starts deferring slow data should bring back
 * streaming (`renderToPipeableStream` with `onShellReady`) here.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  await handOffLoaderData(remixContext);
  const html = renderDocument(<RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} />);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  responseHeaders.set("Referrer-Policy", "same-origin");
  responseHeaders.set("X-Frame-Options", "DENY");
  // Bytes, not the string: undici checks a string body for lone surrogates first (~0.5 ms for a page).
  // A Buffer is a Uint8Array; @types/node types its memory as ArrayBufferLike, which BodyInit does not accept.
  return new Response(Buffer.from(html) as Uint8Array<ArrayBuffer>, { headers: responseHeaders, status: responseStatusCode });
}

/** A whole document (its root element is `<html>`) as text, with the doctype. */
export function renderDocument(document: ReactElement): string {
  return `<!DOCTYPE html>${renderToString(document)}`;
}

/**
 * Remix sends the loader data to the browser in `<script>` tags that its StreamTransfer component
 * renders from `serverHandoffStream`, one chunk at a time, suspending while each is read. A string
 * renderer does not wait for a suspended component: it would leave the data out, and the page would
 * not hydrate. So the stream is read whole here, before rendering, and handed to StreamTransfer
 * through `renderMeta.streamCache` — the cache of chunks already read that Remix's EntryContext
 * type declares for it — as one chunk followed by the end: StreamTransfer then renders the same
 * script tags at once, without suspending.
 */
export async function handOffLoaderData(context: Pick<EntryContext, "serverHandoffStream" | "renderMeta">): Promise<void> {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta) return;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  text += decoder.decode();
  // Released, not cancelled: RemixServer takes a reader of its own (it reads nothing from it).
  reader.releaseLock();
  const read = (result: { done: boolean; value: string }) => Object.assign(Promise.resolve(), { result });
  context.renderMeta.streamCache = { 0: read({ done: false, value: text }), 1: read({ done: true, value: "" }) };
}
