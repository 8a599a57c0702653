import type { CSSProperties, ReactNode } from "react";
import { DimmedText, LayoutGroup } from "./Lite";

const STACK = { "--stack-gap": "calc(0.125rem * var(--mantine-scale))", "--stack-align": "stretch", "--stack-justify": "flex-start" } as CSSProperties;
const H2 = { "--title-fw": "var(--mantine-h2-font-weight)", "--title-lh": "var(--mantine-h2-line-height)", "--title-fz": "var(--mantine-h2-font-size)" } as CSSProperties;

/**
 * A page's title, its description and its actions: the markup of Mantine's Group, Stack, Title
 * and Text (every page has one; test/unit/lite-markup.test.tsx compares it with those).
 */
export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <LayoutGroup justify="space-between" align="flex-end" mb="lg">
      <div style={STACK} className="m_6d731127 mantine-Stack-root">
        <h2 style={H2} className="m_8a5d1357 mantine-Title-root" data-order="2">
          {title}
        </h2>
        {description ? <DimmedText>{description}</DimmedText> : null}
      </div>
      {actions ? <LayoutGroup gap="xs">{actions}</LayoutGroup> : null}
    </LayoutGroup>
  );
}
