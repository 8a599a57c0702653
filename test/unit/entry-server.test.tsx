import { describe, expect, it } from "vitest";
import { handOffLoaderData, renderDocument } from "~/entry.server";

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

describe("the document renderer", () => {
  it("renders the document whole, with its doctype, multi-byte characters intact", () => {
    // React's stream renderer once padded a 2 KB buffer with NUL bytes where a multi-byte
    // character met its end; the string renderer has no buffer, and this keeps it so.
    const cells = Array.from({ length: 19 }, (_, i) => `${i}`.padEnd(100, "a"));
    for (let n = 0; n < 60; n++) {
      const figure = `${"b".repeat(n)}▲\u00a012% — Zoë`;
      const html = renderDocument(
        <html lang="en">
          <body>
            {cells.map((c) => (
              <i key={c}>{c}</i>
            ))}
            <b>{figure}</b>
          </body>
        </html>,
      );
      expect(html.includes("\u0000")).toBe(false);
      expect(html).toBe(`<!DOCTYPE html><html lang="en"><body>${cells.map((c) => `<i>${c}</i>`).join("")}<b>${figure}</b></body></html>`);
    }
  });
});

describe("handing the loader data to Remix's StreamTransfer", () => {
  it("reads the whole stream, a character split across chunks included, into one read chunk and the end", async () => {
    const bytes = new TextEncoder().encode('[{"name":"Zoë ▲"},"loaderData"]');
    const split = bytes.indexOf(0xe2) + 1; // inside the three bytes of ▲
    const context = { serverHandoffStream: streamOf([bytes.subarray(0, 5), bytes.subarray(5, split), bytes.subarray(split)]), renderMeta: {} };
    await handOffLoaderData(context);
    const cache = context.renderMeta as { streamCache: Record<number, { result?: { done: boolean; value: string }; error?: unknown }> };
    expect(cache.streamCache[0].result).toEqual({ done: false, value: '[{"name":"Zoë ▲"},"loaderData"]' });
    expect(cache.streamCache[1].result).toEqual({ done: true, value: "" });
    expect(cache.streamCache[0].error).toBeUndefined();
    // RemixServer takes a reader of its own afterwards: the stream is not locked.
    const again = await context.serverHandoffStream.getReader().read();
    expect(again.done).toBe(true);
  });

  it("leaves a context without a stream or render metadata as it is", async () => {
    const noStream = { renderMeta: {} };
    await handOffLoaderData(noStream);
    expect(noStream.renderMeta).toEqual({});
    const noMeta = { serverHandoffStream: streamOf([new Uint8Array([65])]) };
    await handOffLoaderData(noMeta);
    expect(noMeta).not.toHaveProperty("renderMeta");
  });
});
