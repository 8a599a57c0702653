import { Alert, Anchor, Badge, Button, Card, Code, Group, List, Modal, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import fs from "node:fs";
import { useEffect } from "react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { flashToast, requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { Icon } from "~/components/Icon";
import { ImportStatusBadge } from "~/components/ImportStatusBadge";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import type { RowIssue } from "~/domain/csv";
import { formatDate, formatInstant, formatInt } from "~/domain/format";
import { weeksLabel } from "~/domain/weeks-label";
import { laterImportOverRows } from "~/models/activity.server";
import { getImport, LockedError, rollbackPreview, updateImportRecord } from "~/models/imports.server";
import { getJob, startImportJob } from "~/services/import-jobs.server";
import { rollbackImport, RollbackRefused, type ImportReport } from "~/services/import.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import #${data?.imp.id ?? ""} · Affiliate Desk` }];

/** Errors and warnings listed on the page (each list); the rest are counted. */
const SHOWN_ISSUES = 200;

const Params = z.object({ id: z.coerce.number().int().positive() });

function load(params: unknown) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("No such import", { status: 404 });
  const found = getImport(getDatabase(), parsed.data.id);
  if (!found) throw new Response("No such import", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "import:read");
  const { imp, userName } = load(params);
  const job = getJob(imp.id);
  const database = getDatabase();
  const stored = (imp.report ?? null) as (Partial<ImportReport> & { duplicateOf?: number; message?: string }) | null;
  // The page lists the first issues of each kind: only those are sent.
  const report = stored && { ...stored, errors: stored.errors?.slice(0, SHOWN_ISSUES), warnings: stored.warnings?.slice(0, SHOWN_ISSUES) };
  const weeks = imp.weeks ?? [];
  const rollback = imp.status === "imported" ? { ...rollbackPreview(database, imp.id, weeks), blockedBy: laterImportOverRows(database.sqlite, imp.id) } : null;
  const { filePath: _f, rejectedPath, ...shown } = imp;
  return {
    imp: shown,
    hasRejectedFile: !!rejectedPath && fs.existsSync(rejectedPath),
    userName,
    report,
    progress: job && !job.done ? job.progress : null,
    jobError: job?.error ?? null,
    rollback,
    canWrite: can(user.role, "import:write"),
  };
}

const Intent = z.object({ intent: z.enum(["confirm", "cancel", "rollback"]), force: z.literal("1").optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "import:write");
  const { imp } = load(params);
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Unknown action." }, { status: 400 });
  const database = getDatabase();
  const { intent, force } = parsed.data;
  const report = (imp.report ?? {}) as { duplicateOf?: number };
  if (intent === "confirm") {
    const confirmable = imp.status === "ready" || (imp.status === "cancelled" && report.duplicateOf && force);
    if (!confirmable || !imp.filePath || !fs.existsSync(imp.filePath)) {
      return data({ error: `Import #${imp.id} cannot be confirmed now (it is ${imp.status}).` }, { status: 409 });
    }
    updateImportRecord(database, imp.id, { status: "importing" });
    startImportJob(imp.id, "apply", { file: imp.filePath, fileName: imp.fileName, kind: imp.kind, skipInvalid: imp.skipInvalid, userId: user.id, sha256: imp.sha256, force: !!force });
    throw redirect(`/imports/${imp.id}`);
  }
  if (intent === "cancel") {
    if (imp.status !== "ready" && imp.status !== "rejected") return data({ error: `Import #${imp.id} is ${imp.status}: nothing to cancel.` }, { status: 409 });
    if (imp.filePath) fs.rmSync(imp.filePath, { force: true });
    updateImportRecord(database, imp.id, { status: imp.status === "ready" ? "cancelled" : imp.status, filePath: null, finishedAt: Date.now() });
    throw redirect("/imports", { headers: await flashToast(request, { message: `Import #${imp.id} cancelled: nothing was written.`, color: "blue" }) });
  }
  try {
    rollbackImport(database, imp.id, user.id);
  } catch (error) {
    if (error instanceof RollbackRefused || error instanceof LockedError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  throw redirect(`/imports/${imp.id}`, { headers: await flashToast(request, { message: `Import #${imp.id} rolled back.` }) });
}

function IssuesTable({ issues, total, testId }: { issues: RowIssue[]; total: number; testId: string }) {
  const shown = issues.slice(0, SHOWN_ISSUES);
  return (
    <>
      <Table.ScrollContainer minWidth={700} type="native">
        <Table striped data-testid={testId} className="tabular">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Line</Table.Th>
              <Table.Th w={180}>Column</Table.Th>
              <Table.Th w={200}>Value</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e, i) => (
              <Table.Tr key={i}>
                <Table.Td>{e.line || "—"}</Table.Td>
                <Table.Td>{e.column ?? "—"}</Table.Td>
                <Table.Td>{e.value ? <Code>{e.value}</Code> : "—"}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > shown.length ? (
        <Text size="sm" c="dimmed" mt="xs">
          Showing {shown.length} of {formatInt(total)}.
        </Text>
      ) : null}
    </>
  );
}

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <Card withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700} className="tabular">
        {typeof value === "number" ? formatInt(value) : value}
      </Text>
    </Card>
  );
}

export default function ImportPage() {
  const { imp, userName, report, progress, jobError, rollback, canWrite, hasRejectedFile } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [confirmOpen, confirm] = useDisclosure(false);
  const running = imp.status === "validating" || imp.status === "importing";
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 400);
    return () => clearInterval(t);
  }, [running, revalidator]);
  const busy = navigation.state !== "idle";
  const pct = progress && progress.totalBytes ? Math.min(100, (progress.bytesRead / progress.totalBytes) * 100) : 0;
  const weeks = imp.weeks ?? [];
  const errors = (report?.errors ?? []) as RowIssue[];
  const warnings = (report?.warnings ?? []) as RowIssue[];
  const refused = imp.status === "rejected";

  return (
    <>
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <PageHeader
        title={
          <Group gap="sm">
            <span>Import #{imp.id}</span>
            <ImportStatusBadge status={imp.status} />
          </Group>
        }
        description={
          <>
            {imp.fileName} · {imp.kind} · {userName ?? "command line"} · {formatInstant(imp.createdAt)} · SHA-256 <Code>{imp.sha256.slice(0, 16)}…</Code>
          </>
        }
        actions={
          <Button component={Link} to="/imports" variant="default">
            All imports
          </Button>
        }
      />

      {running ? (
        <Paper withBorder radius="lg" p="lg" mb="lg" data-testid="import-progress">
          <Text fw={600} mb="xs">
            {imp.status === "validating" ? "Validating every row — nothing is written yet…" : "Importing…"}
          </Text>
          <Progress value={progress?.phase === "finishing" ? 100 : pct} animated size="lg" />
          <Text size="sm" c="dimmed" mt="xs">
            {progress
              ? progress.phase === "finishing"
                ? "Refreshing the rollups…"
                : `${formatInt(progress.rows)} rows read · ${Math.round(pct)}%`
              : "Starting…"}
          </Text>
        </Paper>
      ) : null}

      {jobError || imp.status === "failed" ? (
        <Alert color="red" mb="lg" title="The import failed">
          {jobError ?? report?.message ?? "Unexpected error."} Nothing was written.
        </Alert>
      ) : null}

      {imp.status === "cancelled" && report?.duplicateOf ? (
        <Alert color="yellow" mb="lg" title="Already imported" data-testid="duplicate-notice">
          This file's content was already imported as{" "}
          <Anchor component={Link} to={`/imports/${report.duplicateOf}`}>
            import #{report.duplicateOf}
          </Anchor>
          . Importing it again changes nothing.
          {canWrite ? (
            <Form method="post" style={{ marginTop: 8 }}>
              <input type="hidden" name="force" value="1" />
              <Button type="submit" name="intent" value="confirm" variant="light" size="xs" loading={busy}>
                Apply it again anyway
              </Button>
            </Form>
          ) : null}
        </Alert>
      ) : null}

      {!running && imp.status !== "cancelled" ? (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} mb="lg" data-testid="import-counts">
          <Stat label="Rows" value={imp.rows} />
          <Stat label={imp.status === "ready" ? "Would insert" : "Inserted"} value={imp.inserted} />
          <Stat label={imp.status === "ready" ? "Would update" : "Updated"} value={imp.updated} />
          <Stat label="Unchanged" value={imp.unchanged} />
          <Stat label="Rejected" value={imp.rejected} />
          <Stat label="Weeks" value={weeks.length ? (weeks.length === 1 ? formatDate(weeks[0]) : `${weeks.length}`) : "—"} />
        </SimpleGrid>
      ) : null}

      {imp.status === "ready" ? (
        <Paper withBorder radius="lg" p="lg" mb="lg" data-testid="import-preview">
          <Title order={4} mb="xs">
            Ready to import
          </Title>
          <Stack gap={4} mb="md">
            {weeks.length ? <Text size="sm">Covers the {weeksLabel(weeks)}.</Text> : null}
            {report?.newAffiliates?.length ? (
              <Text size="sm">
                {report.newAffiliates.length} new affiliate(s) will be created, unassigned: {report.newAffiliates.slice(0, 12).join(", ")}
                {report.newAffiliates.length > 12 ? " …" : ""}
              </Text>
            ) : null}
            {report?.rebindings ? <Text size="sm">{report.rebindings} invitee(s) move to another affiliate (re-bindings).</Text> : null}
            {imp.rejected ? <Text size="sm">{formatInt(imp.rejected)} rejected row(s) will be kept aside as a CSV.</Text> : null}
          </Stack>
          {canWrite ? (
            <Form method="post">
              <Group>
                <Button type="submit" name="intent" value="confirm" loading={busy} data-testid="confirm-import">
                  Confirm and import
                </Button>
                <Button type="submit" name="intent" value="cancel" variant="default" disabled={busy}>
                  Cancel
                </Button>
              </Group>
            </Form>
          ) : null}
        </Paper>
      ) : null}

      {refused ? (
        <Alert color="red" mb="lg" title="The file was refused: nothing was written" data-testid="import-refused">
          Fix the rows below and upload the file again — or upload it with “Import the valid rows and keep the rejected ones”.
        </Alert>
      ) : null}

      {imp.status === "imported" && rollback ? (
        <Paper withBorder radius="lg" p="lg" mb="lg">
          <Group justify="space-between">
            <div>
              <Text fw={600}>Applied {imp.finishedAt ? formatInstant(imp.finishedAt) : ""}</Text>
              {report?.newAffiliates?.length ? <Text size="sm">{report.newAffiliates.length} affiliate(s) created, unassigned.</Text> : null}
              {report?.rebindings ? <Text size="sm">{report.rebindings} re-binding(s) recorded.</Text> : null}
            </div>
            <Group>
              {hasRejectedFile ? (
                <Button component="a" href={`/imports/${imp.id}/rejected.csv`} variant="default" leftSection={<Icon name="download" size={16} />}>
                  Rejected rows (CSV)
                </Button>
              ) : null}
              {canWrite ? (
                <Button color="red" variant="light" leftSection={<Icon name="undo" size={16} />} onClick={confirm.open} data-testid="rollback-open">
                  Roll back…
                </Button>
              ) : null}
            </Group>
          </Group>
          <Modal opened={confirmOpen} onClose={confirm.close} title={`Roll back import #${imp.id}?`} centered>
            {rollback.blockedBy ? (
              <Alert color="yellow">
                Import #{rollback.blockedBy} changed rows that this import wrote. Roll back{" "}
                <Anchor component={Link} to={`/imports/${rollback.blockedBy}`}>
                  #{rollback.blockedBy}
                </Anchor>{" "}
                first.
              </Alert>
            ) : (
              <Form method="post" onSubmit={confirm.close}>
                <Text size="sm" mb="sm">
                  The data goes back exactly to what it was before this import:
                </Text>
                <List size="sm" mb="md" data-testid="rollback-summary">
                  {imp.kind === "referrals" ? (
                    <>
                      <List.Item>{formatInt(rollback.removed)} weekly row(s) it added are removed</List.Item>
                      <List.Item>{formatInt(rollback.restored)} row(s) it changed get their earlier values back</List.Item>
                      <List.Item>{formatInt(rollback.inviteesRestored)} invitee(s) get their earlier attributes back</List.Item>
                      <List.Item>the rollups of the {weeksLabel(weeks)} are recomputed</List.Item>
                    </>
                  ) : (
                    <List.Item>{formatInt(rollback.affiliatesUpdated)} affiliate(s) it changed get their earlier profile back</List.Item>
                  )}
                  {rollback.affiliatesCreated ? <List.Item>{rollback.affiliatesCreated} affiliate(s) it created are removed (unless notes or tasks refer to them)</List.Item> : null}
                </List>
                <Group justify="flex-end">
                  <Button variant="default" onClick={confirm.close}>
                    Keep it
                  </Button>
                  <Button type="submit" name="intent" value="rollback" color="red" data-testid="rollback-confirm">
                    Roll back
                  </Button>
                </Group>
              </Form>
            )}
          </Modal>
        </Paper>
      ) : null}

      {imp.status === "rolled_back" ? (
        <Alert color="gray" mb="lg" title="Rolled back">
          Rolled back {imp.rolledBackAt ? formatInstant(imp.rolledBackAt) : ""}: the data is as it was before this import.
        </Alert>
      ) : null}

      {errors.length ? (
        <Paper withBorder radius="lg" p="md" mb="lg">
          <Group justify="space-between" mb="sm">
            <Title order={4}>
              Errors <Badge color="red">{formatInt(report?.errorCount ?? errors.length)}</Badge>
            </Title>
          </Group>
          <IssuesTable issues={errors} total={report?.errorCount ?? errors.length} testId="import-errors" />
        </Paper>
      ) : null}
      {warnings.length ? (
        <Paper withBorder radius="lg" p="md" mb="lg">
          <Title order={4} mb="sm">
            Warnings <Badge color="yellow">{formatInt(report?.warningCount ?? warnings.length)}</Badge>
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            The rows are kept; these are worth a look.
          </Text>
          <IssuesTable issues={warnings} total={report?.warningCount ?? warnings.length} testId="import-warnings" />
        </Paper>
      ) : null}
    </>
  );
}

export const ErrorBoundary = ErrorPage;
