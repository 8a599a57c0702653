import type { ReactNode } from "react";
import { MGroup, MStack, MText, MTitle2 } from "./MantineMarkup";

/**
 * A page's title, its description and its actions: the markup of Mantine's Group, Stack, Title
 * and Text (every page has one; test/unit/lite-markup.test.tsx compares it with those).
 */
export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <MGroup justify="space-between" align="flex-end" mb="lg">
      <MStack gap={2}>
        <MTitle2>{title}</MTitle2>
        {description ? (
          <MText size="sm" c="dimmed">
            {description}
          </MText>
        ) : null}
      </MStack>
      {actions ? <MGroup gap="xs">{actions}</MGroup> : null}
    </MGroup>
  );
}
