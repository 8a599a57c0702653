import { Anchor, Code, Paper, Table, Text, Title, Tooltip } from "@mantine/core";
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { getEnv } from "~/auth/env.server";
import { requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { ImportStatusBadge } from "~/components/ImportStatusBadge";
import { PageHeader } from "~/components/PageHeader";
import { UploadImport } from "~/components/UploadImport";
import { getDatabase } from "~/db.server";
import { formatInstant, formatInt } from "~/domain/format";
import { weeksLabel } from "~/domain/weeks-label";
import { listImports } from "~/models/imports.server";
import { formatBytes } from "~/services/uploads.server";

export const meta: MetaFunction = () => [{ title: "Imports · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "import:read");
  const maxBytes = getEnv().IMPORT_MAX_BYTES;
  return { imports: listImports(getDatabase(), { limit: 100 }), canUpload: can(user.role, "import:write"), maxBytes, maxLabel: formatBytes(maxBytes) };
}

export default function Imports() {
  const { imports, canUpload, maxBytes, maxLabel } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Imports" description="The weekly referral dataset and the partner roster, and every import so far." />
      {canUpload ? (
        <Paper withBorder radius="lg" p="md" mb="lg">
          <Title order={4} mb="sm">
            New import
          </Title>
          <UploadImport maxBytes={maxBytes} maxLabel={maxLabel} />
        </Paper>
      ) : (
        <Text c="dimmed" size="sm" mb="md">
          Leads and admins upload the weekly files; you can follow every import here.
        </Text>
      )}
      <Paper withBorder radius="lg">
        {imports.length === 0 ? (
          <Text p="lg" c="dimmed" data-testid="imports-empty">
            No imports yet. {canUpload ? "Drop the affiliate roster first, then the weekly referral files." : ""} From a terminal:{" "}
            <Code>npm run import -- FILE</Code>.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={1100} type="native">
            <Table highlightOnHover data-testid="imports-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Weeks</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th ta="right">Inserted</Table.Th>
                  <Table.Th ta="right">Updated</Table.Th>
                  <Table.Th ta="right">Unchanged</Table.Th>
                  <Table.Th ta="right">Rejected</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody className="tabular">
                {imports.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/imports/${i.id}`}>
                        {i.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatInstant(i.createdAt)}</Table.Td>
                    <Table.Td>{i.userName ?? <Text span c="dimmed" size="sm">command line</Text>}</Table.Td>
                    <Table.Td>
                      <Tooltip label={`SHA-256 ${i.sha256}`}>
                        <Text span size="sm">
                          {i.fileName} <Text span c="dimmed" size="xs">{i.sha256.slice(0, 8)}</Text>
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>{i.kind === "referrals" ? "Referrals" : "Roster"}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{weeksLabel(i.weeks)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatInt(i.rows)}</Table.Td>
                    <Table.Td ta="right">{formatInt(i.inserted)}</Table.Td>
                    <Table.Td ta="right">{formatInt(i.updated)}</Table.Td>
                    <Table.Td ta="right">{formatInt(i.unchanged)}</Table.Td>
                    <Table.Td ta="right">{formatInt(i.rejected)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <ImportStatusBadge status={i.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
