import { Button, Group, Modal } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Form } from "@remix-run/react";
import { useEffect } from "react";
import { IncidentFields } from "./IncidentFields";
import type { IncidentView } from "./types";
import { useIntentResult } from "./intent-result";

/** Edit the incident's details (severity, owner, affected affiliates…) in a dialog; errors keep it open. */
export function EditIncident({ incident, users }: { incident: IncidentView; users: { id: number; name: string }[] }) {
  const { mine } = useIntentResult("edit");
  const [opened, { open, close }] = useDisclosure(!!mine);
  useEffect(() => {
    if (mine) open();
  }, [mine, open]);
  const typed = mine?.values;
  const str = (k: string) => (typeof typed?.[k] === "string" ? (typed[k] as string) : "");
  const picked = mine?.picked ?? incident.affiliates;
  return (
    <>
      <Button size="xs" variant="default" onClick={open} data-testid="edit-incident">
        Edit details
      </Button>
      <Modal opened={opened} onClose={close} title={`Edit incident #${incident.id}`} size="xl">
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="edit" />
          <IncidentFields
            values={
              typed
                ? { title: str("title"), severity: str("severity"), category: str("category"), products: (typed.products as string[]) ?? [], countries: str("countries"), ownerId: str("ownerId") }
                : { title: incident.title, severity: incident.severity, category: incident.category, products: incident.products, countries: incident.countries.join(", "), ownerId: incident.ownerId ? String(incident.ownerId) : "" }
            }
            errors={mine?.errors ?? {}}
            users={users}
            affiliates={picked.map((a) => ({ uid: a.uid, name: a.name }))}
          />
          <Group mt="lg">
            <Button type="submit">Save</Button>
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
          </Group>
        </Form>
      </Modal>
    </>
  );
}
