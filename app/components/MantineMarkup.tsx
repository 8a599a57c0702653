import { Link } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import { rem } from "@mantine/core";
import { BORDER, groupStyle, TEXT_CLASS, textStyle } from "./mantine-markup";

/*
 * Mantine's Text, Group, Stack, Title, Badge, Progress and Anchor as the very markup Mantine renders
 * for the props the 360° page uses (classes, CSS variables, data attributes), without Mantine's
 * per-component work on the server (theme, style props, class names: ~30–40 µs each; the page's
 * header, funnel and links had ~45 of them). test/unit/mantine-markup.test.tsx renders each beside
 * its Mantine original and requires the same HTML, so a Mantine upgrade that changes its markup
 * fails a test instead of drifting.
 */

type Spacing = "xs" | "sm" | "md" | "lg";
const spacing = (s: Spacing | number) => (typeof s === "number" ? rem(s) : `var(--mantine-spacing-${s})`);

/** Text colours as Mantine resolves them: "dimmed", or a theme colour's text shade. */
const textColor = (c: "dimmed" | "orange") => (c === "dimmed" ? "var(--mantine-color-dimmed)" : `var(--mantine-color-${c}-text)`);

/** Mantine `Text` (a `p`, or a `span` with `span`). */
export function MText({
  size,
  c,
  mt,
  span,
  className,
  testId,
  children,
}: {
  size?: "xs" | "sm";
  c?: "dimmed" | "orange";
  mt?: Spacing | number;
  span?: boolean;
  className?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const extra: CSSProperties = {};
  if (mt !== undefined) extra.marginTop = spacing(mt);
  if (c) extra.color = textColor(c);
  const style = size ? textStyle(size, extra) : extra;
  const cls = className ? `mantine-focus-auto ${className} m_b6d8b162 mantine-Text-root` : TEXT_CLASS;
  return span ? (
    <span style={style} className={cls} data-size={size} data-testid={testId}>
      {children}
    </span>
  ) : (
    <p style={style} className={cls} data-size={size} data-testid={testId}>
      {children}
    </p>
  );
}

/** Mantine `Group` (gap md unless given; wraps), with the style props the pages use. */
export function MGroup({
  gap = "md",
  justify,
  align,
  mb,
  ml,
  p,
  testId,
  children,
}: {
  gap?: Spacing | number;
  justify?: "space-between" | "flex-start";
  align?: "flex-start" | "flex-end" | "center";
  mb?: Spacing;
  ml?: "auto";
  p?: Spacing;
  testId?: string;
  children: ReactNode;
}) {
  const extra: CSSProperties = {};
  if (mb) extra.marginBottom = spacing(mb);
  if (ml) extra.marginLeft = ml;
  if (p) extra.padding = spacing(p);
  return (
    <div style={groupStyle(spacing(gap), { justify, align }, extra)} className="m_4081bf90 mantine-Group-root" data-testid={testId}>
      {children}
    </div>
  );
}

/** Mantine `Paper` with a border and the large radius (the pages' panels). */
export function MPaper({ p, mb, children }: { p?: Spacing; mb?: Spacing; children: ReactNode }) {
  const style = { "--paper-radius": "var(--mantine-radius-lg)" } as CSSProperties;
  if (mb) style.marginBottom = spacing(mb);
  if (p) style.padding = spacing(p);
  return (
    <div style={style} className="m_1b7284a3 mantine-Paper-root" data-with-border="true">
      {children}
    </div>
  );
}

/** Mantine `Stack`. */
export function MStack({ gap, align = "stretch", children }: { gap: Spacing | number; align?: "stretch" | "flex-start"; children: ReactNode }) {
  return (
    <div style={{ "--stack-gap": spacing(gap), "--stack-align": align, "--stack-justify": "flex-start" } as CSSProperties} className="m_6d731127 mantine-Stack-root">
      {children}
    </div>
  );
}

const TITLE_2 = { "--title-fw": "var(--mantine-h2-font-weight)", "--title-lh": "var(--mantine-h2-line-height)", "--title-fz": "var(--mantine-h2-font-size)" } as CSSProperties;

/** Mantine `Title order={2}`. */
export function MTitle2({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <h2 style={TITLE_2} className="m_8a5d1357 mantine-Title-root" data-order="2" data-testid={testId}>
      {children}
    </h2>
  );
}


/**
 * Mantine `Badge` in the variants the page uses: filled, light, outline and dot, sizes xs, sm and
 * md (the default: no size variables), the theme's primary colour (indigo) unless given.
 */
export function MBadge({
  color = "indigo",
  variant = "filled",
  size,
  mr,
  minWidth,
  title,
  testId,
  children,
}: {
  color?: string;
  variant?: "filled" | "light" | "outline" | "dot";
  size?: "xs" | "sm";
  mr?: number;
  minWidth?: "max-content";
  title?: string;
  testId?: string;
  children: ReactNode;
}) {
  const v = `var(--mantine-color-${color}`;
  const style: Record<string, string> = {};
  if (size) Object.assign(style, { "--badge-height": `var(--badge-height-${size})`, "--badge-padding-x": `var(--badge-padding-x-${size})`, "--badge-fz": `var(--badge-fz-${size})` });
  if (variant === "dot") style["--badge-dot-color"] = `${v}-filled)`;
  else
    Object.assign(style, {
      "--badge-bg": variant === "filled" ? `${v}-filled)` : variant === "light" ? `${v}-light)` : "transparent",
      "--badge-color": variant === "filled" ? "var(--mantine-color-white)" : variant === "light" ? `${v}-light-color)` : `${v}-outline)`,
      "--badge-bd": variant === "outline" ? `${BORDER} ${v}-outline)` : `${BORDER} transparent`,
    });
  if (mr !== undefined) style.marginRight = spacing(mr);
  if (minWidth) style.minWidth = minWidth;
  return (
    <div
      style={style as CSSProperties}
      className={variant === "dot" ? "m_fbd81e3d m_347db0ec mantine-Badge-root" : "m_347db0ec mantine-Badge-root"}
      data-variant={variant === "filled" ? undefined : variant}
      data-size={size}
      data-testid={testId}
      title={title}
    >
      <span className="m_5add502a mantine-Badge-label">{children}</span>
    </div>
  );
}

/** Mantine `Progress` (default size and radius) with one section of `value` % in a theme colour. */
export function MProgress({ value, color }: { value: number; color: string }) {
  return (
    <div className="m_db6d6462 mantine-Progress-root">
      <div
        style={{ "--progress-section-size": `${value}%`, "--progress-section-color": `var(--mantine-color-${color}-filled)` } as CSSProperties}
        className="m_2242eb65 mantine-Progress-section"
        role="progressbar"
        aria-valuemax={100}
        aria-valuemin={0}
        aria-valuenow={value}
        aria-valuetext={`${value}%`}
      />
    </div>
  );
}

const ANCHOR_CLASS = "mantine-focus-auto m_849cf0da m_b6d8b162 mantine-Text-root mantine-Anchor-root";
const ANCHOR_SM = textStyle("sm");

/** Mantine `Anchor component={Link}` (inherits its size). */
export function MAnchorLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className={ANCHOR_CLASS} data-underline="hover" to={to}>
      {children}
    </Link>
  );
}

/** Mantine `Anchor size="sm" component="button"`. */
export function MAnchorButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button style={ANCHOR_SM} className={ANCHOR_CLASS} data-size="sm" data-underline="hover" type="button" onClick={onClick}>
      {children}
    </button>
  );
}
