/**
 * The closed lists of values, each written once: the database's enums (`db/schema` imports them),
 * the forms' choices, the URL filters and the import's checks. No imports, so that the browser
 * bundle takes them without the schema.
 */

export const ROLES = ["manager", "lead", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const AFFILIATE_TYPES = ["affiliate", "kol", "network", "content_creator", "community"] as const;
export type AffiliateType = (typeof AFFILIATE_TYPES)[number];
/** As the filters and forms show them. */
export const AFFILIATE_TYPE_OPTIONS = AFFILIATE_TYPES.map((t) => ({ value: t, label: t.replace("_", " ") }));
export const AFFILIATE_STATUSES = ["active", "paused", "offboarded"] as const;
export type AffiliateStatus = (typeof AFFILIATE_STATUSES)[number];

/** The products beyond spot whose adoption the CRM follows (cross-product, upsell tasks). */
export const PRODUCTS = ["futures", "earn", "options", "web3_wallet", "fiat"] as const;
export type Product = (typeof PRODUCTS)[number];

/** Health bands, best first. */
export const BANDS = ["healthy", "watch", "at_risk"] as const;
export type Band = (typeof BANDS)[number];

export const NOTE_KINDS = ["call", "meeting", "email", "chat", "event", "other"] as const;
export const SENTIMENTS = ["positive", "neutral", "negative"] as const;

export const TASK_KINDS = ["upsell", "follow_up", "risk", "onboarding", "other"] as const;
export const TASK_STATUSES = ["open", "in_progress", "done", "dropped"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high"] as const;

export const INCIDENT_STATUSES = ["reported", "investigating", "mitigating", "resolved", "closed"] as const;
/** Most severe first. */
export const INCIDENT_SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const INCIDENT_CATEGORIES = ["commission_dispute", "account_kyc", "product_outage", "public_complaint", "compliance", "other"] as const;
