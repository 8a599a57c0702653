import { rem } from "@mantine/core";
import { createContext, useContext, type CSSProperties, type MouseEvent, type ReactNode } from "react";
import { cx } from "./mantine-markup";

/**
 * Mantine's Table, Thead, Tbody, Tr, Th and Td as the plain markup they render (default
 * spacing, row borders, optionally striped): the same elements, classes, data attributes and
 * CSS variables, so Mantine's stylesheet styles them. Each Mantine table part costs ~25–35 µs on
 * the server (theme, style props, context), and the 360° page's tables have ~150 of them.
 * test/unit/lite-markup.test.tsx renders the Mantine table beside this one and requires the
 * same HTML, so a Mantine upgrade that changes its markup fails a test instead of drifting.
 */

const Striped = createContext(false);
const TABLE_STYLE = { "--table-vertical-spacing": "calc(0.4375rem * var(--mantine-scale))" } as CSSProperties;
const TABLE_STYLE_MT_SM = { ...TABLE_STYLE, marginTop: "var(--mantine-spacing-sm)" } as CSSProperties;
/** verticalSpacing={6}: the portfolio's denser rows. */
const TABLE_STYLE_DENSE = { "--table-vertical-spacing": "calc(0.375rem * var(--mantine-scale))" } as CSSProperties;
const RIGHT: CSSProperties = { textAlign: "right" };

type Align = "right";

export function LiteTable({
  children,
  striped = false,
  dense = false,
  mt,
  className,
  testId,
}: {
  children: ReactNode;
  striped?: boolean;
  dense?: boolean;
  mt?: "sm";
  className?: string;
  testId?: string;
}) {
  return (
    <Striped.Provider value={striped}>
      <table style={dense ? TABLE_STYLE_DENSE : mt ? TABLE_STYLE_MT_SM : TABLE_STYLE} className={cx(className, "m_b23fa0ef mantine-Table-table")} data-testid={testId}>
        {children}
      </table>
    </Striped.Provider>
  );
}

export function LiteThead({ children }: { children: ReactNode }) {
  return <thead className="m_b242d975 mantine-Table-thead">{children}</thead>;
}

export function LiteTbody({ children, className, onClick }: { children: ReactNode; className?: string; onClick?: (e: MouseEvent<HTMLElement>) => void }) {
  return (
    <tbody className={cx("m_b2404537 mantine-Table-tbody", className)} onClick={onClick}>
      {children}
    </tbody>
  );
}

/** A row; `hover`: the table highlights rows on hover (Mantine's highlightOnHover). */
export function LiteTr({ children, hover }: { children: ReactNode; hover?: boolean }) {
  const striped = useContext(Striped);
  return (
    <tr className="m_4e7aa4fd mantine-Table-tr" data-with-row-border="true" data-striped={striped ? "odd" : undefined} data-hover={hover || undefined}>
      {children}
    </tr>
  );
}

export function LiteTh({ children, ta, className, title }: { children?: ReactNode; ta?: Align; className?: string; title?: string }) {
  return (
    <th style={ta ? RIGHT : undefined} className={cx("m_4e7aa4f3 mantine-Table-th", className)} title={title}>
      {children}
    </th>
  );
}

export function LiteTd({ children, ta }: { children?: ReactNode; ta?: Align }) {
  return (
    <td style={ta ? RIGHT : undefined} className="m_4e7aa4ef mantine-Table-td">
      {children}
    </td>
  );
}

/** Mantine's Table.ScrollContainer with type="native" (the browser's own scrollbar past `minWidth` px). */
export function LiteScrollContainer({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    <div style={{ "--table-min-width": rem(minWidth), "--table-overflow": "auto" } as CSSProperties} className="m_a100c15 mantine-TableScrollContainer-scrollContainer">
      <div className="m_62259741 mantine-TableScrollContainer-scrollContainerInner">{children}</div>
    </div>
  );
}
