import { useNavigate } from "@remix-run/react";
import type { CSSProperties, MouseEvent, ReactNode } from "react";
import { cx, TEXT_CLASS, textStyle } from "./mantine-markup";

/**
 * Plain-element stand-ins for Mantine's Text, Group and Anchor, for the cells of long tables.
 * A Mantine component costs ~30–40 µs to render on the server (props, theme, style props); a
 * table of 25–100 rows × 14 cells has hundreds of them, which made the table most of a page's
 * server time. These render the same look from a few classes in app/styles/app.css (same
 * font sizes, colours and spacing as the Mantine props they replace). Use them in table cells
 * and other repeated markup; use Mantine everywhere else.
 */

type Size = "xs" | "sm";
type Color = "dimmed" | "teal" | "red" | "orange";

export function LiteText({
  children,
  size = "sm",
  c,
  ta,
  fw,
  span,
  tabular,
  title,
}: {
  children?: ReactNode;
  size?: Size;
  c?: Color;
  ta?: "right";
  fw?: 600;
  span?: boolean;
  tabular?: boolean;
  title?: string;
}) {
  const className = cx("lite-text", `lite-${size}`, c && `lite-c-${c}`, ta === "right" && "lite-right", fw && "lite-bold", tabular && "tabular");
  return span ? (
    <span className={className} title={title}>
      {children}
    </span>
  ) : (
    <p className={className} title={title}>
      {children}
    </p>
  );
}

/** A row of items, vertically centred, not wrapping (Mantine Group with wrap="nowrap"). */
export function LiteGroup({ children, gap = 4, justify, style }: { children: ReactNode; gap?: 4 | 8; justify?: "flex-end"; style?: CSSProperties }) {
  return (
    <div className={cx("lite-group", gap === 8 && "lite-gap-8", justify === "flex-end" && "lite-end")} style={style}>
      {children}
    </div>
  );
}

/**
 * A link in the anchor colour (Mantine Anchor's look) for long tables: a plain anchor, not a
 * Remix Link (whose hooks resolve the path on every render: ~20 µs a row). The table's
 * `onClick={useAppLinks()}` makes a plain click navigate inside the app, as a Link would; other
 * clicks (a new tab, a modifier key) are the browser's.
 */
export function LiteAnchor({ to, children, fw }: { to: string; children: ReactNode; fw?: 600 }) {
  return (
    <a href={to} className={cx("mantine-focus-auto lite-anchor", fw && "lite-bold")} data-app-link="">
      {children}
    </a>
  );
}

/** The click handler, for an element holding LiteAnchors, that navigates in the app as a Link does. */
export function useAppLinks() {
  const navigate = useNavigate();
  return (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
    const link = (e.target as HTMLElement).closest("a[data-app-link]");
    if (!link) return;
    e.preventDefault();
    navigate(link.getAttribute("href")!);
  };
}

/** The colours a LiteBadge comes in (`.lite-color-*` in app/styles/app.css). */
export type LiteColor = "gray" | "blue" | "teal" | "yellow" | "orange" | "red";

/**
 * Mantine's Badge look (pill, uppercase, bold) in plain markup; variants filled, light and
 * outline. Colour and variant are classes (`.lite-color-*`, `.lite-badge-<variant>`), not a style
 * object: a style attribute costs React more per badge than the rest of the badge.
 */
export function LiteBadge({
  children,
  color,
  variant = "filled",
  size = "md",
  title,
  visible,
  figure,
}: {
  children: ReactNode;
  color: LiteColor;
  variant?: "filled" | "light" | "outline";
  size?: "xs" | "sm" | "md";
  title?: string;
  /** Overflow visible (no ellipsis): for short figures that must never be cut. */
  visible?: boolean;
  /** A figure's badge: at least 34 px wide, so that a column of them lines up. */
  figure?: boolean;
}) {
  return (
    <div className={cx("lite-badge", `lite-badge-${size} lite-badge-${variant} lite-color-${color}`, visible && "lite-visible", figure && "lite-badge-figure")} title={title}>
      {/* The label's own element only serves the ellipsis of a badge that may be cut. */}
      {visible ? children : <span className="lite-badge-label">{children}</span>}
    </div>
  );
}

/**
 * The responsive column layouts the pages use, as Mantine's SimpleGrid renders them but with
 * static CSS (`.lite-grid-*` in app/styles/app.css) instead of a `<style>` element generated per
 * grid on every render (~0.3 ms each on the server). The name lists the columns from the
 * smallest screen up: "2-4-7" is 2, then 4 from sm, then 7 from lg; "1-2" is 1, then 2 from lg;
 * "2-5" is 2, then 5 from md. test/unit/lite-markup.test.tsx checks each against SimpleGrid.
 */
export const LITE_GRIDS = {
  "1-2": { base: 1, lg: 2 },
  "2-5": { base: 2, md: 5 },
  "2-4-7": { base: 2, sm: 4, lg: 7 },
} as const;

export function LiteGrid({ layout, mb, testId, children }: { layout: keyof typeof LITE_GRIDS; mb?: "md" | "lg"; testId?: string; children: ReactNode }) {
  return (
    <div style={mb ? { marginBottom: `var(--mantine-spacing-${mb})` } : undefined} className={`m_2415a157 mantine-SimpleGrid-root lite-grid-${layout}`} data-testid={testId}>
      {children}
    </div>
  );
}

const SECTION_CARD = { "--paper-radius": "var(--mantine-radius-lg)" } as CSSProperties;
const SECTION_TITLE: CSSProperties = { fontWeight: 600 };
const SECTION_TITLE_MB = { marginBottom: "var(--mantine-spacing-xs)", fontWeight: 600 } as CSSProperties;
const SECTION_NOTE = textStyle("xs", { marginBottom: "var(--mantine-spacing-sm)", color: "var(--mantine-color-dimmed)" });

/**
 * A section of a page: Mantine's Card (withBorder, radius lg) with a bold title and, optionally,
 * a small dimmed note under it — the markup those render, without their per-component work (the
 * 360° page has eight of them). test/unit/lite-markup.test.tsx compares it with the Mantine version.
 */
export function SectionCard({ title, note, testId, children }: { title: ReactNode; note?: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <div style={SECTION_CARD} className="m_e615b15f mantine-Card-root m_1b7284a3 mantine-Paper-root" data-with-border="true" data-testid={testId}>
      <p style={note ? SECTION_TITLE : SECTION_TITLE_MB} className={TEXT_CLASS}>
        {title}
      </p>
      {note ? (
        <p style={SECTION_NOTE} className={TEXT_CLASS} data-size="xs">
          {note}
        </p>
      ) : null}
      {children}
    </div>
  );
}
