import { Anchor, Badge, Button, Paper, SegmentedControl, Table, Text } from "@mantine/core";
import { Icon } from "~/components/Icon";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import { MATURITY_LABELS, maturity, tenureMonths } from "~/domain/tenure";
import { listAffiliatesWithOwner } from "~/models/affiliates.server";

export const meta: MetaFunction = () => [{ title: "Portfolio · Affiliate Desk" }];

const Query = z.object({ scope: z.enum(["mine", "all"]).catch("mine") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { scope } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const effectiveScope = user.role === "manager" ? scope : "all";
  const today = new Date().toISOString().slice(0, 10);
  const rows = listAffiliatesWithOwner(getDatabase(), effectiveScope === "mine" ? { managerId: user.id } : {}).map((a) => {
    const months = tenureMonths(a.joinedAt, today);
    return { ...a, tenureMonths: months, maturity: maturity(months) };
  });
  return { rows, scope: effectiveScope, role: user.role };
}

const MATURITY_COLORS = { new: "gray", maturing: "blue", mature: "teal" } as const;

export default function Portfolio() {
  const { rows, scope, role } = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Portfolio"
        description={scope === "mine" ? "The affiliates you look after." : "Every affiliate of the program."}
        actions={
          role !== "manager" ? (
            <Button component="a" href="/portfolio/export.csv" variant="default" leftSection={<Icon name="download" size={16} />}>
              Export CSV (last 12 weeks)
            </Button>
          ) : role === "manager" ? (
            <SegmentedControl
              value={scope}
              onChange={(v) => setParams({ scope: v })}
              data={[
                { value: "mine", label: "Mine" },
                { value: "all", label: "All" },
              ]}
            />
          ) : null
        }
      />
      {rows.length === 0 ? (
        <Paper withBorder p="xl" radius="lg" data-testid="portfolio-empty">
          <Text fw={600}>No affiliates yet.</Text>
          <Text c="dimmed" size="sm">
            Affiliates arrive with the weekly import: a lead imports the roster and the referral files on the Imports page
            (or runs <code>npm run seed:demo</code> for the demo portfolio).
          </Text>
        </Paper>
      ) : (
        <Paper withBorder radius="lg">
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover data-testid="portfolio-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Affiliate</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Country</Table.Th>
                  <Table.Th>Language</Table.Th>
                  <Table.Th>Tier</Table.Th>
                  <Table.Th>Tenure</Table.Th>
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
                  <Table.Tr key={a.uid}>
                    <Table.Td>
                      <Anchor component={Link} to={`/affiliates/${a.uid}`} fw={600}>
                        {a.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {a.uid}
                      </Text>
                    </Table.Td>
                    <Table.Td>{a.type.replace("_", " ")}</Table.Td>
                    <Table.Td>{a.country ?? "—"}</Table.Td>
                    <Table.Td>{a.language ?? "—"}</Table.Td>
                    <Table.Td>{a.tier ?? "—"}</Table.Td>
                    <Table.Td>
                      {a.tenureMonths == null ? (
                        "—"
                      ) : (
                        <>
                          {a.tenureMonths} mo{" "}
                          {a.maturity ? (
                            <Badge size="xs" variant="light" color={MATURITY_COLORS[a.maturity]}>
                              {MATURITY_LABELS[a.maturity]}
                            </Badge>
                          ) : null}
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>{a.managerName ?? <Text span c="orange" size="sm">Unassigned</Text>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}

export const ErrorBoundary = ErrorPage;
