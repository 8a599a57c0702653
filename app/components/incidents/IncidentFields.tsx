import { Checkbox, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { CATEGORY_LABELS, INCIDENT_CATEGORIES, INCIDENT_PRODUCTS, INCIDENT_SEVERITIES, PRODUCT_LABELS, SEVERITY_CRITERIA, type IncidentSeverity } from "~/domain/incidents";
import type { FieldErrors } from "~/domain/tasks";
import { AffiliatePicker, type PickedAffiliate } from "./AffiliatePicker";

export interface IncidentFieldValues {
  title: string;
  severity: string;
  category: string;
  products: string[];
  countries: string;
  ownerId: string;
  description?: string;
}

/**
 * The incident's fields, for the new-incident page and the edit form: the severity choice shows
 * each level's criteria. `values` are what was typed (kept after a refused submit) or stored.
 */
export function IncidentFields({
  values,
  errors,
  users,
  affiliates,
  withDescription,
}: {
  values: IncidentFieldValues;
  errors: FieldErrors;
  users: { id: number; name: string }[];
  affiliates: PickedAffiliate[];
  withDescription?: boolean;
}) {
  return (
    <Stack>
      <TextInput name="title" label="Title" required defaultValue={values.title} error={errors.title?.[0]} placeholder="e.g. Futures commission for October not paid" data-testid="incident-title" />
      <Radio.Group name="severity" label="Severity" defaultValue={values.severity || undefined} error={errors.severity?.[0]} required>
        <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
          {INCIDENT_SEVERITIES.map((s: IncidentSeverity) => (
            <Paper key={s} withBorder radius="md" p="xs">
              <Radio value={s} label={<Text fw={600} size="sm">{SEVERITY_CRITERIA[s].label}</Text>} data-testid={`severity-${s}`} />
              <Text size="xs" mt={4}>
                {SEVERITY_CRITERIA[s].criteria}
              </Text>
              <Text size="xs" c="dimmed" mt={2}>
                {SEVERITY_CRITERIA[s].respond}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Select
          name="category"
          label="Category"
          required
          defaultValue={values.category || null}
          error={errors.category?.[0]}
          data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          allowDeselect={false}
          data-testid="incident-category"
        />
        <Select
          name="ownerId"
          label="Owner"
          required
          defaultValue={values.ownerId || null}
          error={errors.ownerId?.[0]}
          data={users.map((u) => ({ value: String(u.id), label: u.name }))}
          searchable
          allowDeselect={false}
        />
      </SimpleGrid>
      <AffiliatePicker initial={affiliates} error={errors.affiliateUids?.[0]} />
      <Checkbox.Group label="Products concerned" defaultValue={values.products} error={errors.products?.[0]}>
        <Group mt={6}>
          {INCIDENT_PRODUCTS.map((p) => (
            <Checkbox key={p} name="products" value={p} label={PRODUCT_LABELS[p]} />
          ))}
        </Group>
      </Checkbox.Group>
      <TextInput name="countries" label="Countries" description="Two-letter codes, separated by commas: VN, BR" defaultValue={values.countries} error={errors.countries?.[0]} />
      {withDescription ? (
        <Textarea
          name="description"
          label="What was reported"
          description="The first entry of the incident's timeline: who raised it, what they said, what you know so far."
          autosize
          minRows={3}
          defaultValue={values.description ?? ""}
          error={errors.description?.[0]}
        />
      ) : null}
    </Stack>
  );
}
