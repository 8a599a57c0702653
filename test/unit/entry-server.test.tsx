import { describe, expect, it } from "vitest";
import { renderDocument } from "~/entry.server";

describe("the document renderer", () => {
  it("never sends NUL bytes where a multi-byte character meets the end of React's 2 KB buffer", async () => {
    // React 18 pads the buffer it flushes with zero bytes when a string's last character does not
    // fit: shift a "▲ 12%" across the buffer's end, one byte at a time.
    // Short strings go through the buffer (long ones are encoded apart): 19 cells of 100
    // characters fill ~2,040 bytes, then the figure, shifted by `n`, crosses the 2,048th.
    const cells = Array.from({ length: 19 }, (_, i) => `${i}`.padEnd(100, "a"));
    for (let n = 0; n < 60; n++) {
      const figure = `${"b".repeat(n)}▲\u00a012% — Zoë`;
      const { html } = await renderDocument(
        <div>
          {cells.map((c) => (
            <i key={c}>{c}</i>
          ))}
          <b>{figure}</b>
        </div>,
      );
      expect(html.includes(0)).toBe(false);
      expect(html.toString("utf8")).toBe(`<div>${cells.map((c) => `<i>${c}</i>`).join("")}<b>${figure}</b></div>`);
    }
  });

  it("keeps the status Remix gives", async () => {
    expect((await renderDocument(<p>ok</p>, 404)).status).toBe(404);
  });
});
