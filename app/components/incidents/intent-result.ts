import { useActionData, useFetcher } from "@remix-run/react";
import type { FieldErrors } from "~/domain/tasks";
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

/** The key of the status stepper's fetcher: other parts of the page read its answer. */
export const statusFetcherKey = (incidentId: number) => `incident-${incidentId}-status`;

/**
 * The errors of the last status change once it settled: the stepper's fetcher answer, or (without
 * JavaScript, the form posted to the page) the page's action answer. A refusal carries the
 * message under `transition` and under the field it is about (`resolution`, `postmortem`, `reason`).
 */
export function useTransitionErrors(incidentId: number): FieldErrors {
  const fetcher = useFetcher<ActionResult>({ key: statusFetcherKey(incidentId) });
  const result = useActionData<ActionResult>();
  if (fetcher.state !== "idle") return {};
  return fetcher.data?.errors ?? (result?.intent === "transition" ? result.errors : undefined) ?? {};
}
