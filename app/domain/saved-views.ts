import { z } from "zod";

/** The portfolio's columns a user may hide (the affiliate column always shows). */
export const PORTFOLIO_HIDEABLE_COLUMNS = ["type", "country", "language", "tier", "tenure", "health", "volume", "traded", "rewards", "breadth", "lastEngagement", "openTasks", "openIncidents"] as const;

/** The portfolio's search string as a view keeps it: without the page (a view opens on its first page), with "?". */
export function normalizeViewQuery(search: string): string {
  const p = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  p.delete("page");
  p.delete("view");
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The columns hidden when a view with these visible columns opens (null: the view did not say). */
export function hiddenColumnsOf(visible: string[] | null): string[] | null {
  if (!visible) return null;
  return PORTFOLIO_HIDEABLE_COLUMNS.filter((c) => !visible.includes(c));
}

/** Who may open a view (its owner, or anyone when shared) and who may change it (its owner or an admin). */
export const canSeeView = (user: { id: number }, v: { ownerId: number; shared: boolean }) => v.ownerId === user.id || v.shared;
export const canEditView = (user: { id: number; role: string }, v: { ownerId: number }) => v.ownerId === user.id || user.role === "admin";

const name = z.string().trim().min(1, "A name is required.").max(60, "60 characters at most.");
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

export const SaveViewForm = z.object({
  name,
  shared: checkbox,
  query: z.string().max(2000, "This view's filters are too long to keep.").default("").transform(normalizeViewQuery),
  columns: z
    .string()
    .default("")
    .transform((s) => s.split(",").filter((c) => (PORTFOLIO_HIDEABLE_COLUMNS as readonly string[]).includes(c))),
});

export const EditViewForm = z.object({ id: z.coerce.number().int().positive(), name, shared: checkbox });
export const ViewIdForm = z.object({ id: z.coerce.number().int().positive() });
