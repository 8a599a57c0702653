import type { CSSProperties, ReactNode } from "react";
import { Delta } from "./Delta";
import { GAP_8, groupStyle, TEXT_CLASS, textStyle } from "./mantine-markup";

// Mantine's Card (withBorder, radius md, padding sm), Text and Group, as the plain markup they
// render: the 360° page shows 14 of these cards and the portfolio 5, and each Mantine component
// costs ~30–40 µs on the server. test/unit/lite-markup.test.tsx renders the Mantine version
// beside this one and requires the same markup (a Mantine upgrade that changes it fails there).
const CARD: CSSProperties = { "--paper-radius": "var(--mantine-radius-md)", padding: "var(--mantine-spacing-sm)" } as CSSProperties;
const LABEL = textStyle("xs", { color: "var(--mantine-color-dimmed)", fontWeight: 600, textTransform: "uppercase" });
// A long delta wraps under the value as a whole, rather than losing its "%".
const ROW = groupStyle(GAP_8, { align: "baseline" }, { rowGap: 0 });
const VALUE: CSSProperties = { fontSize: "calc(1.375rem * var(--mantine-scale))", fontWeight: 700 };
const HINT = textStyle("xs", { color: "var(--mantine-color-dimmed)" });

export function KpiCard({
  label,
  value,
  pct,
  abs,
  hint,
  testId,
  lowerIsBetter,
}: {
  label: string;
  value: ReactNode;
  pct?: number | null;
  abs?: number;
  hint?: string;
  testId?: string;
  lowerIsBetter?: boolean;
}) {
  return (
    <div style={CARD} className="m_e615b15f mantine-Card-root m_1b7284a3 mantine-Paper-root" data-with-border="true" data-testid={testId}>
      <p style={LABEL} className={TEXT_CLASS} data-size="xs">
        {label}
      </p>
      <div style={ROW} className="m_4081bf90 mantine-Group-root">
        <p style={VALUE} className="mantine-focus-auto tabular m_b6d8b162 mantine-Text-root">
          {value}
        </p>
        {pct !== undefined ? <Delta pct={pct} abs={abs} lowerIsBetter={lowerIsBetter} /> : null}
      </div>
      {hint ? (
        <p style={HINT} className={TEXT_CLASS} data-size="xs">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
