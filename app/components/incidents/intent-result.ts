import { useActionData } from "@remix-run/react";
import type { ActionResult } from "./types";

/**
 * The incident page's action answer when it is about this form (`intent`): its field errors, and
 * `typed(field, fallback)`: what was typed in a text field when the action refused it, else the fallback.
 */
export function useIntentResult(intent: string) {
  const result = useActionData<ActionResult>();
  const mine = result?.intent === intent ? result : undefined;
  const typed = (field: string, fallback: string | null | undefined = "") => {
    const value = mine?.values[field];
    return typeof value === "string" ? value : (fallback ?? "");
  };
  return { mine, typed };
}
