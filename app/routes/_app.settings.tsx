import { Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "~/domain/enums";
import { can, ROLE_LABELS } from "~/auth/permissions";
import { flashToast, requireUser, requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import { formatInstant } from "~/domain/format";
import { getUserById, listUsers, setUserDisabled, setUserRole } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Settings · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const me = getUserById(database, user.id)!;
  const users = can(user.role, "user:manage") ? listUsers(database, { includeDisabled: true }) : null;
  return { me: { ...user, createdAt: me.createdAt }, users, canConfigure: can(user.role, "health:configure") };
}

const UserAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId: z.coerce.number().int(), role: z.enum(ROLES) }),
  z.object({ intent: z.enum(["disable", "enable"]), userId: z.coerce.number().int() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "user:manage");
  const parsed = UserAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "That change could not be read." }, { status: 400 });
  const input = parsed.data;
  if (input.userId === admin.id) return data({ error: "You cannot change your own role or disable yourself." }, { status: 400 });
  const database = getDatabase();
  if (input.intent === "role") setUserRole(database, input.userId, input.role, admin.id);
  else setUserDisabled(database, input.userId, input.intent === "disable", admin.id);
  return data({ error: null }, { headers: await flashToast(request, { message: "User updated" }) });
}

export default function Settings() {
  const { me, users, canConfigure } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Settings" description="Your account, and for admins the team's accounts." />
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
        <Card withBorder radius="lg">
          <Title order={4} mb="sm">
            Your account
          </Title>
          <Stack gap={4}>
            <Text>{me.name}</Text>
            <Text c="dimmed" size="sm">
              {me.email}
            </Text>
            <Group gap="xs">
              <Badge variant="light">{ROLE_LABELS[me.role]}</Badge>
              <Text size="xs" c="dimmed">
                since {formatInstant(me.createdAt)}
              </Text>
            </Group>
          </Stack>
        </Card>
        <Card withBorder radius="lg">
          <Title order={4} mb="sm">
            Health scores
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            The weights of the health score's measures, the band thresholds and the early-warning rules.
          </Text>
          {canConfigure ? (
            <Button component={Link} to="/settings/health" variant="light" size="xs">
              Edit the health model
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              Leads and admins edit them.
            </Text>
          )}
        </Card>
      </SimpleGrid>
      {users ? (
        <Paper withBorder radius="lg" p="md">
          <Title order={4} mb="sm">
            Users and roles
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            New users are created with <code>npm run user:create</code>. Disabling a user ends their sessions at once.
          </Text>
          <Table data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>
                    {u.id === me.id ? (
                      ROLE_LABELS[u.role]
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="userId" value={u.id} />
                        <Group gap="xs" wrap="nowrap">
                          <Select
                            name="role"
                            size="xs"
                            w={190}
                            defaultValue={u.role}
                            data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                            aria-label={`Role of ${u.name}`}
                            allowDeselect={false}
                          />
                          <Button type="submit" size="xs" variant="default">
                            Save
                          </Button>
                        </Group>
                      </Form>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {u.id === me.id ? (
                      <Badge color="green" variant="light">
                        You
                      </Badge>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value={u.disabledAt ? "enable" : "disable"} />
                        <input type="hidden" name="userId" value={u.id} />
                        <Button type="submit" size="xs" variant="light" color={u.disabledAt ? "green" : "red"}>
                          {u.disabledAt ? "Enable" : "Disable"}
                        </Button>
                      </Form>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
    </>
  );
}

export const ErrorBoundary = ErrorPage;
