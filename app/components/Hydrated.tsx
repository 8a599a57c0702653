import { Modal, Tooltip, type ModalProps } from "@mantine/core";
import { useMounted } from "@mantine/hooks";
import type { ReactElement, ReactNode } from "react";

/*
 * Parts that only react to the pointer, the keyboard or a click in the browser (tooltips, menus,
 * popovers) rendered once the page has hydrated. On the server each costs ~0.3–0.6 ms (Mantine's
 * floating-ui hooks, the popover's context) on every page, for markup that is identical to the
 * plain control it wraps. Before hydration, nothing could open them anyway.
 */

/** `children` once hydrated, `before` (the same control, without its menu or popover) until then. */
export function AfterHydration({ before, children }: { before: ReactNode; children: ReactNode }) {
  return useMounted() ? children : before;
}

/** A Mantine Tooltip added once hydrated. The wrapped control is the same either way (keep its aria-label). */
export function HintTooltip({ label, children }: { label: string; children: ReactElement }) {
  return useMounted() ? <Tooltip label={label}>{children}</Tooltip> : children;
}

/**
 * A Mantine Modal mounted once hydrated. Closed, a modal renders nothing, yet on the server it
 * costs its root, transition and portal (~0.2 ms); before hydration nothing could open it.
 */
export function HydratedModal(props: ModalProps) {
  return useMounted() ? <Modal {...props} /> : null;
}
