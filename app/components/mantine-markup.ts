import type { CSSProperties } from "react";

/*
 * The pieces of Mantine's markup that the plain-markup components (Lite*.tsx, ShellParts.tsx,
 * KpiCard.tsx) share: the class names and CSS variables Mantine's Text and Group render. Each
 * component's markup is compared with the Mantine original in test/unit/lite-markup.test.tsx.
 */

/** Class names, the empty ones left out. */
export const cx = (...c: (string | false | null | undefined)[]) => c.filter(Boolean).join(" ");

/** Mantine Text's classes. */
export const TEXT_CLASS = "mantine-focus-auto m_b6d8b162 mantine-Text-root";

/** Mantine Text's style for a size (then `extra`, in Mantine's order: margins, weight, colour…). */
export const textStyle = (size: "xs" | "sm" | "lg", extra?: CSSProperties) =>
  ({ "--text-fz": `var(--mantine-font-size-${size})`, "--text-lh": `var(--mantine-line-height-${size})`, ...extra }) as CSSProperties;

/** Mantine Group's style (its CSS variables, then `extra`). */
export const groupStyle = (gap: string, { align = "center", justify = "flex-start", wrap = "wrap" } = {}, extra?: CSSProperties) =>
  ({ "--group-gap": gap, "--group-align": align, "--group-justify": justify, "--group-wrap": wrap, ...extra }) as CSSProperties;

/** A 1 px border's width and style, as Mantine writes it (then a colour). */
export const BORDER = "calc(0.0625rem * var(--mantine-scale)) solid";

/** A Group gap of 8 px (Mantine writes a numeric gap in rem). */
export const GAP_8 = "calc(0.5rem * var(--mantine-scale))";
