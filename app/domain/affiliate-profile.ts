import { z } from "zod";
import { isInvalid, parseCountry, parseLanguage } from "./csv";
import { AFFILIATE_STATUSES, AFFILIATE_TYPES } from "./enums";

/** A text field that may be left empty (or absent): empty becomes null. */
const optional = z
  .string()
  .trim()
  .max(200, "200 characters at most.")
  .default("")
  .transform((s): string | null => (s === "" ? null : s));

/** The profile form, validated with the same value rules as the import (country, language). */
export const ProfileForm = z.object({
  name: z.string().trim().min(1, "A name is required.").max(120, "120 characters at most."),
  type: z.enum(AFFILIATE_TYPES, { errorMap: () => ({ message: "Choose a type." }) }),
  country: optional.superRefine((v, ctx) => {
    if (v !== null && isInvalid(parseCountry(v))) ctx.addIssue({ code: "custom", message: "A two-letter ISO country code, such as VN or BR." });
  }).transform((v) => (v === null ? null : (parseCountry(v) as string))),
  language: optional.superRefine((v, ctx) => {
    if (v !== null && isInvalid(parseLanguage(v))) ctx.addIssue({ code: "custom", message: "A language tag such as en, pt-BR or vi." });
  }).transform((v) => (v === null ? null : (parseLanguage(v) as string))),
  tier: optional,
  status: z.enum(AFFILIATE_STATUSES, { errorMap: () => ({ message: "Choose a status." }) }),
  email: optional.refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "That is not an e-mail address."),
  telegram: optional,
  website: optional.refine((v) => v === null || /^https?:\/\/\S+$/.test(v), "A web address starting with http:// or https://."),
  tags: z
    .string()
    .default("")
    .transform((s) => [...new Set(s.split(",").map((t) => t.trim()).filter(Boolean))])
    .refine((t) => t.length <= 20, "20 tags at most."),
});
