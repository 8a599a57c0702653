import { Button, Card, Select, SimpleGrid, Table, Text, Textarea, TextInput } from "@mantine/core";
import { Form } from "@remix-run/react";
import { formatInstant } from "~/domain/format";
import { COMMUNICATION_CHANNELS } from "~/domain/incidents";
import type { UpdateView } from "./types";
import { useIntentResult } from "./intent-result";

/** Who was told what, through which channel. Each entry is also on the timeline. */
export function CommunicationsLog({ updates, canChange }: { updates: UpdateView[]; canChange: boolean }) {
  const { mine, typed: v } = useIntentResult("communication");
  return (
    <Card withBorder radius="lg" data-testid="communications">
      <Text fw={600} mb="sm">
        Communications
      </Text>
      {updates.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No communication logged. Log each message to the partner, their community or internal teams.
        </Text>
      ) : (
        <Table mb="md" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Summary</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {updates.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatInstant(u.at)}</Table.Td>
                <Table.Td>{u.audience}</Table.Td>
                <Table.Td>{u.channel}</Table.Td>
                <Table.Td style={{ whiteSpace: "pre-wrap" }}>{u.text}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canChange ? (
        <Form method="post" preventScrollReset key={updates.length}>
          <input type="hidden" name="intent" value="communication" />
          <SimpleGrid cols={2}>
            <TextInput name="audience" label="To whom" placeholder="The partner, their Telegram group…" defaultValue={v("audience")} error={mine?.errors.audience?.[0]} />
            <Select name="channel" label="Channel" data={[...COMMUNICATION_CHANNELS]} defaultValue={v("channel") || null} error={mine?.errors.channel?.[0]} allowDeselect={false} />
          </SimpleGrid>
          <Textarea name="text" label="Summary" autosize minRows={2} mt="xs" defaultValue={v("text")} error={mine?.errors.text?.[0]} />
          <Button type="submit" size="xs" mt="xs" variant="default">
            Log communication
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
