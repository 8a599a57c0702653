import { Link } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";

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

const cx = (...c: (string | false | null | undefined)[]) => c.filter(Boolean).join(" ");

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

/** A link in the anchor colour (Mantine Anchor with component={Link}). */
export function LiteAnchor({ to, children, fw }: { to: string; children: ReactNode; fw?: 600 }) {
  return (
    <Link to={to} className={cx("mantine-focus-auto lite-anchor", fw && "lite-bold")}>
      {children}
    </Link>
  );
}

/** Mantine's Badge look (pill, uppercase, bold) in plain markup; variants filled, light and outline. */
export function LiteBadge({
  children,
  color,
  variant = "filled",
  size = "md",
  title,
  visible,
  minWidth,
}: {
  children: ReactNode;
  color: string;
  variant?: "filled" | "light" | "outline";
  size?: "xs" | "sm" | "md";
  title?: string;
  /** Overflow visible (no ellipsis): for short figures that must never be cut. */
  visible?: boolean;
  minWidth?: number;
}) {
  const v = `var(--mantine-color-${color}`;
  const style = {
    "--badge-bg": variant === "filled" ? `${v}-filled)` : variant === "light" ? `${v}-light)` : "transparent",
    "--badge-color": variant === "filled" ? "var(--mantine-color-white)" : variant === "light" ? `${v}-light-color)` : `${v}-outline)`,
    "--badge-bd": variant === "outline" ? `calc(0.0625rem * var(--mantine-scale)) solid ${v}-outline)` : undefined,
    minWidth,
  } as CSSProperties;
  return (
    <div className={cx("lite-badge", `lite-badge-${size}`, visible && "lite-visible")} style={style} title={title}>
      <span className="lite-badge-label">{children}</span>
    </div>
  );
}
