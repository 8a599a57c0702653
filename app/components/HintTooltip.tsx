import { Tooltip } from "@mantine/core";
import { useMounted } from "@mantine/hooks";
import type { ReactElement } from "react";

/**
 * A Mantine Tooltip added once the page has hydrated: a tooltip only reacts to the pointer and
 * focus in the browser, and rendering one on the server costs ~0.3 ms (its floating-ui hooks)
 * on every page. The wrapped control is rendered the same either way (keep its aria-label).
 */
export function HintTooltip({ label, children }: { label: string; children: ReactElement }) {
  const mounted = useMounted();
  return mounted ? <Tooltip label={label}>{children}</Tooltip> : children;
}
