import { Button, Group, Select, SimpleGrid, TagsInput, TextInput } from "@mantine/core";
import { HydratedModal } from "./Hydrated";
import { useDisclosure } from "@mantine/hooks";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { AFFILIATE_STATUSES, AFFILIATE_TYPE_OPTIONS } from "~/domain/enums";

export interface ProfileValues {
  name: string;
  type: string;
  country: string | null;
  language: string | null;
  tier: string | null;
  status: string;
  tags: string[];
  email: string | null;
  telegram: string | null;
  website: string | null;
}

type ActionResult = { errors?: Record<string, string[] | undefined>; values?: Record<string, string> } | undefined;

/** The profile editor: validated on the server, errors beside the fields, what was typed kept. */
export function AffiliateProfileForm({ values }: { values: ProfileValues }) {
  const [opened, { open, close }] = useDisclosure(false);
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const typed = result?.values;
  useEffect(() => {
    if (result?.errors) open();
  }, [result, open]);
  useEffect(() => {
    if (navigation.state === "idle" && result && !result.errors) close();
  }, [navigation.state, result, close]);
  const v = (k: keyof ProfileValues) => (typed?.[k] ?? (values[k] as string | null) ?? "") as string;
  return (
    <>
      <Button size="xs" variant="default" onClick={open} data-testid="edit-profile">
        Edit profile
      </Button>
      <HydratedModal opened={opened} onClose={close} title="Edit profile" size="lg">
        <Form method="post">
          <input type="hidden" name="intent" value="profile" />
          <SimpleGrid cols={2}>
            <TextInput name="name" label="Name" required defaultValue={v("name")} error={errors.name?.[0]} />
            <Select
              name="type"
              label="Type"
              defaultValue={v("type")}
              allowDeselect={false}
              data={AFFILIATE_TYPE_OPTIONS}
              error={errors.type?.[0]}
            />
            <TextInput name="country" label="Country (ISO code)" defaultValue={v("country")} error={errors.country?.[0]} maxLength={2} />
            <TextInput name="language" label="Language (BCP 47)" defaultValue={v("language")} error={errors.language?.[0]} />
            <TextInput name="tier" label="Tier" defaultValue={v("tier")} error={errors.tier?.[0]} />
            <Select name="status" label="Status" defaultValue={v("status")} allowDeselect={false} data={[...AFFILIATE_STATUSES]} error={errors.status?.[0]} />
            <TextInput name="email" label="E-mail" defaultValue={v("email")} error={errors.email?.[0]} />
            <TextInput name="telegram" label="Telegram" defaultValue={v("telegram")} error={errors.telegram?.[0]} />
            <TextInput name="website" label="Website" defaultValue={v("website")} error={errors.website?.[0]} />
            <TagsInput name="tags" label="Tags" defaultValue={typed?.tags ? typed.tags.split(",").filter(Boolean) : values.tags} error={errors.tags?.[0]} />
          </SimpleGrid>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={navigation.state === "submitting"}>
              Save
            </Button>
          </Group>
        </Form>
      </HydratedModal>
    </>
  );
}
