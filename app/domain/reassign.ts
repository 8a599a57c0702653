import { z } from "zod";

/** The reassignment form: which affiliates, to whom, why, and whether the old owner's open tasks follow. */
export const ReassignForm = z.object({
  uids: z.array(z.string().regex(/^\d{1,20}$/, "An affiliate uid is 1–20 digits.")).min(1, "Select at least one affiliate.").max(500, "500 affiliates at most at once."),
  managerId: z.coerce.number({ invalid_type_error: "Choose the new manager." }).int().positive("Choose the new manager."),
  reason: z.string().trim().min(3, "Say why, in a few words.").max(300, "300 characters at most."),
  moveTasks: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "1"),
});
export type ReassignForm = z.infer<typeof ReassignForm>;

/** Reads the form data (uids may repeat as `uid`, or come comma-separated). */
export function parseReassignForm(form: FormData) {
  const uids = form
    .getAll("uid")
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const get = (k: string) => (form.has(k) ? String(form.get(k)) : undefined);
  return ReassignForm.safeParse({ uids, managerId: get("managerId") || undefined, reason: get("reason") ?? "", moveTasks: get("moveTasks") });
}
