import { createContext, useContext, type CSSProperties, type ReactNode } from "react";
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
const RIGHT: CSSProperties = { textAlign: "right" };

type Align = "right";

export function LiteTable({ children, striped = false, mt, className, testId }: { children: ReactNode; striped?: boolean; mt?: "sm"; className?: string; testId?: string }) {
  return (
    <Striped.Provider value={striped}>
      <table style={mt ? TABLE_STYLE_MT_SM : TABLE_STYLE} className={cx(className, "m_b23fa0ef mantine-Table-table")} data-testid={testId}>
        {children}
      </table>
    </Striped.Provider>
  );
}

export function LiteThead({ children }: { children: ReactNode }) {
  return <thead className="m_b242d975 mantine-Table-thead">{children}</thead>;
}

export function LiteTbody({ children, className }: { children: ReactNode; className?: string }) {
  return <tbody className={cx("m_b2404537 mantine-Table-tbody", className)}>{children}</tbody>;
}

export function LiteTr({ children }: { children: ReactNode }) {
  const striped = useContext(Striped);
  return (
    <tr className="m_4e7aa4fd mantine-Table-tr" data-with-row-border="true" data-striped={striped ? "odd" : undefined}>
      {children}
    </tr>
  );
}

export function LiteTh({ children, ta }: { children?: ReactNode; ta?: Align }) {
  return (
    <th style={ta ? RIGHT : undefined} className="m_4e7aa4f3 mantine-Table-th">
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
