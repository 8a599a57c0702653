import { Anchor, Group, Table, Text, UnstyledButton } from "@mantine/core";
import { Link, useSearchParams } from "@remix-run/react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useMemo } from "react";
import { formatInstant, formatRelative } from "~/domain/format";
import { CATEGORY_LABELS, type IncidentSort } from "~/domain/incidents";
import type { IncidentListRow } from "~/models/incidents.server";
import { Icon } from "../Icon";
import { SeverityBadge, StatusBadge } from "./SeverityBadge";

type Row = Omit<IncidentListRow, "createdAt" | "updatedAt">;
const col = createColumnHelper<Row>();

/** A sortable header: the sort lives in the URL (the server sorts); a second click reverses. */
function SortHeader({ id, label }: { id: IncidentSort; label: string }) {
  const [params, setParams] = useSearchParams();
  const active = (params.get("sort") ?? "severity") === id;
  const dir = params.get("dir") ?? "asc";
  const next = active && dir === "asc" ? "desc" : "asc";
  return (
    <UnstyledButton
      onClick={() => {
        const p = new URLSearchParams(params);
        p.set("sort", id);
        p.set("dir", next);
        setParams(p, { preventScrollReset: true });
      }}
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      fw={600}
      fz="sm"
    >
      <Group gap={4} wrap="nowrap">
        {label}
        {active ? <Icon name={dir === "asc" ? "arrowUp" : "arrowDown"} size={12} /> : null}
      </Group>
    </UnstyledButton>
  );
}

/**
 * Incidents as a table: severity, title and affiliates, status, owner, age. With `sortable`, the
 * headers sort through the URL; otherwise they are plain.
 */
export function IncidentTable({ rows, now, sortable, testId, showAffiliates = true }: { rows: Row[]; now: number; sortable?: boolean; testId?: string; showAffiliates?: boolean }) {
  const columns = useMemo(() => {
    const header = (id: IncidentSort, label: string) => () => (sortable ? <SortHeader id={id} label={label} /> : label);
    return [
      col.accessor("severity", { header: header("severity", "Severity"), cell: ({ row: { original: r } }) => <SeverityBadge severity={r.severity} /> }),
      col.accessor("title", {
        header: header("title", "Incident"),
        cell: ({ row: { original: r } }) => (
          <div style={{ minWidth: 240 }}>
            <Anchor component={Link} to={`/incidents/${r.id}`} fw={600} size="sm">
              {r.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              #{r.id} · {CATEGORY_LABELS[r.category]}
              {showAffiliates && r.affiliates.length ? ` · ${r.affiliates.map((a) => a.name).slice(0, 3).join(", ")}${r.affiliates.length > 3 ? ` +${r.affiliates.length - 3}` : ""}` : ""}
            </Text>
          </div>
        ),
      }),
      col.accessor("status", { header: header("status", "Status"), cell: ({ row: { original: r } }) => <StatusBadge status={r.status} /> }),
      col.accessor("ownerName", { id: "owner", header: header("owner", "Owner"), cell: ({ row: { original: r } }) => <Text size="sm" c={r.ownerName ? undefined : "orange"}>{r.ownerName ?? "none"}</Text> }),
      col.accessor((r) => r.statusTimes.reported ?? 0, {
        id: "age",
        header: header("age", "Reported"),
        cell: ({ row: { original: r } }) => (
          <Text size="sm" title={formatInstant(r.statusTimes.reported)} style={{ whiteSpace: "nowrap" }}>
            {formatRelative(r.statusTimes.reported ?? null, now)}
          </Text>
        ),
      }),
    ];
  }, [sortable, now, showAffiliates]);
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true });
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table striped highlightOnHover data-testid={testId} verticalSpacing="xs">
        <Table.Thead>
          {table.getHeaderGroups().map((g) => (
            <Table.Tr key={g.id}>
              {g.headers.map((h) => (
                <Table.Th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((r) => (
            <Table.Tr key={r.id} data-incident={r.original.id}>
              {r.getVisibleCells().map((c) => (
                <Table.Td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
