import { Typography } from "@mantine/core";
import Markdown, { defaultUrlTransform, type Components } from "react-markdown";

/** Only these link schemes survive; anything else (javascript:, data:, vbscript: …) becomes no link at all. */
const SAFE_URL = /^(https?:|mailto:|tel:|#|\/(?!\/))/i;

export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return cleaned && SAFE_URL.test(cleaned.trim()) ? cleaned : "";
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // Images would load third-party content on every view: shown as their alt text and link.
  img: ({ alt, src }) => (typeof src === "string" && src ? <a href={src} target="_blank" rel="noopener noreferrer nofollow">{alt || "image"}</a> : <span>{alt}</span>),
};

/**
 * Markdown written by users (note summaries, incident updates), rendered safely. Raw HTML is
 * never enabled (react-markdown puts nothing into the DOM that it did not build itself: HTML in
 * the text is dropped), and link targets are limited to http(s), mail and phone.
 */
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <Typography fz="sm" className="note-markdown">
      <Markdown skipHtml urlTransform={safeUrl} components={components}>
        {children}
      </Markdown>
    </Typography>
  );
}
