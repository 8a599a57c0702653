import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import * as enums from "~/domain/enums";
import { ProfileForm } from "~/domain/affiliate-profile";
import { AFFILIATE_TYPES as CSV_AFFILIATE_TYPES, parseAffiliateType } from "~/domain/csv/values";
import { NOTE_KIND_VALUES, SENTIMENT_LABELS } from "~/domain/notes";
import { PortfolioQuery } from "~/domain/portfolio";
import { PRODUCTS as TASK_PRODUCTS, TASK_KINDS } from "~/domain/tasks";
import { INCIDENT_SEVERITIES } from "~/domain/incidents";
import { SEVERITIES, BAND_LABELS } from "~/domain/health";
import { AFFILIATE_TYPES as DATASET_AFFILIATE_TYPES } from "../../scripts/lib/dataset";

// Each closed list is written once, in app/domain/enums.ts: the schema, the forms, the filters,
// the import and the dataset generator take that very array.
describe("the closed lists", () => {
  it("are the same arrays everywhere, not copies", () => {
    for (const name of ["ROLES", "AFFILIATE_TYPES", "AFFILIATE_STATUSES", "PRODUCTS", "NOTE_KINDS", "SENTIMENTS", "TASK_KINDS", "TASK_STATUSES", "TASK_PRIORITIES", "INCIDENT_STATUSES", "INCIDENT_SEVERITIES", "INCIDENT_CATEGORIES"] as const) {
      expect({ name, same: schema[name] === enums[name] }).toEqual({ name, same: true });
    }
    expect(CSV_AFFILIATE_TYPES).toBe(enums.AFFILIATE_TYPES);
    expect(DATASET_AFFILIATE_TYPES).toBe(enums.AFFILIATE_TYPES);
    expect(TASK_PRODUCTS).toBe(enums.PRODUCTS);
    expect(TASK_KINDS).toBe(enums.TASK_KINDS);
    expect(INCIDENT_SEVERITIES).toBe(enums.INCIDENT_SEVERITIES);
    expect(SEVERITIES).toBe(enums.INCIDENT_SEVERITIES);
  });

  it("are the database's column enums", () => {
    expect(schema.affiliates.type.enumValues).toEqual([...enums.AFFILIATE_TYPES]);
    expect(schema.affiliates.status.enumValues).toEqual([...enums.AFFILIATE_STATUSES]);
    expect(schema.healthOverrides.band.enumValues).toEqual([...enums.BANDS]);
    expect(schema.users.role.enumValues).toEqual([...enums.ROLES]);
    expect(schema.tasks.kind.enumValues).toEqual([...enums.TASK_KINDS]);
    expect(schema.incidents.severity.enumValues).toEqual([...enums.INCIDENT_SEVERITIES]);
  });

  it("are what the forms, the filters and the import accept", () => {
    expect(ProfileForm.shape.type.options).toEqual([...enums.AFFILIATE_TYPES]);
    expect(ProfileForm.shape.status.options).toEqual([...enums.AFFILIATE_STATUSES]);
    expect(PortfolioQuery.shape.type.removeCatch().unwrap().options).toEqual([...enums.AFFILIATE_TYPES]);
    expect(PortfolioQuery.shape.band.removeCatch().unwrap().options).toEqual([...enums.BANDS]);
    expect(enums.AFFILIATE_TYPE_OPTIONS.map((o) => o.value)).toEqual([...enums.AFFILIATE_TYPES]);
    expect(enums.AFFILIATE_TYPE_OPTIONS.find((o) => o.value === "content_creator")!.label).toBe("content creator");
    for (const t of enums.AFFILIATE_TYPES) expect(parseAffiliateType(t)).toBe(t);
    // Labels keyed by the lists cover them exactly.
    expect(NOTE_KIND_VALUES).toEqual([...enums.NOTE_KINDS]);
    expect(Object.keys(SENTIMENT_LABELS)).toEqual([...enums.SENTIMENTS]);
    expect(Object.keys(BAND_LABELS)).toEqual([...enums.BANDS]);
  });
});
