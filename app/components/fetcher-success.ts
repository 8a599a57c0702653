import { useEffect, useRef } from "react";

/**
 * Calls `onSuccess` once each time a submission of `fetcher` comes back with `{ ok: true }` (to
 * close a dialog, reset a form): not on mount, not again while the answer stays the same.
 */
export function useFetcherSuccess(fetcher: { state: string; data?: unknown }, onSuccess: () => void) {
  const submitted = useRef(false);
  useEffect(() => {
    if (fetcher.state !== "idle") {
      submitted.current = true;
      return;
    }
    if (!submitted.current) return;
    submitted.current = false;
    if ((fetcher.data as { ok?: boolean } | undefined)?.ok) onSuccess();
  }, [fetcher.state, fetcher.data, onSuccess]);
}
