import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The filter form submits a field left blank (or "Any") as an empty value: no filter. */
const blankAsAbsent = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The 360° page's invitee list query, in the URL next to the period (prefixed `i` to keep them apart). */
export const InviteeQuery = z.object({
  iq: z.string().trim().regex(/^\d{1,20}$/).optional().catch(undefined),
  iregFrom: isoDate.optional().catch(undefined),
  iregTo: isoDate.optional().catch(undefined),
  ivip: z.preprocess(blankAsAbsent, z.coerce.number().int().min(0).max(9).optional()).catch(undefined),
  istage: z.enum(["verified", "deposited", "traded", "not-verified"]).optional().catch(undefined),
  icountry: z.string().toUpperCase().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  icode: z.preprocess(blankAsAbsent, z.string().trim().max(40).optional()).catch(undefined),
  ipage: z.coerce.number().int().min(1).catch(1),
});
export type InviteeQuery = z.infer<typeof InviteeQuery>;
export const INVITEE_PAGE_SIZE = 50;
