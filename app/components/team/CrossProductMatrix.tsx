import { Anchor, Group, Pagination, Select, Table, Text, UnstyledButton } from "@mantine/core";
import { Link, useSearchParams } from "@remix-run/react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { formatInt } from "~/domain/format";
import { GAP_MEDIAN_FLOOR, upsellGap } from "~/domain/upsell";
import { MATRIX_PRODUCTS, matrixFirstDir, type MatrixProduct, type MatrixRow, type MatrixSort, type queryMatrix } from "~/domain/team";

const col = createColumnHelper<MatrixRow>();

const GAP_FLOOR_PERCENT = `${GAP_MEDIAN_FLOOR * 100} %`;
const percent = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

/** The cell's colour: deeper teal for a larger share; a gap below the team median (`upsellGap`) in warm tones. */
function cellStyle(share: number | null, median: number | null) {
  if (share === null) return {};
  const gap = upsellGap(share, median);
  const alpha = 0.12 + Math.min(1, share) * 0.68;
  return {
    background: gap !== null ? `rgba(250, 82, 82, ${0.1 + Math.min(1, gap) * 0.9})` : `rgba(18, 184, 134, ${alpha})`,
    textAlign: "right" as const,
  };
}

/** One page of the matrix, as the team page's loader sends it (queryMatrix, with the team medians). */
export type MatrixPage = ReturnType<typeof queryMatrix> & { medians: Record<MatrixProduct, number | null> };

/**
 * Affiliates × products, coloured by each product's share of active invitees, with the team
 * median; sorted by a click on a header (Enter works too), filtered by manager and paged on the
 * server, the view kept in the URL (msort, mdir, mmanager, mpage).
 */
export function CrossProductMatrix({ matrix, managers, search = "" }: { matrix: MatrixPage; managers: { id: number; name: string }[]; search?: string }) {
  const { medians } = matrix;
  const [params, setParams] = useSearchParams();
  /** Changes the view's parameters (a new sort or manager starts at the first page). */
  const setView = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    if (!("mpage" in changes)) p.delete("mpage");
    setParams(p, { preventScrollReset: true });
  };
  const sorting: SortingState = [{ id: matrix.sort, desc: matrix.dir === "desc" }];
  const columns = useMemo(
    () => [
      col.accessor("name", {
        id: "name",
        header: "Affiliate",
        cell: ({ row: { original: r } }) => (
          <div style={{ minWidth: 180 }}>
            <Anchor component={Link} to={`/affiliates/${r.uid}${search}`} size="sm" fw={600}>
              {r.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {r.managerName ?? "unassigned"}
            </Text>
          </div>
        ),
      }),
      col.accessor("active", {
        id: "active",
        header: "Active",
        sortDescFirst: true,
        cell: (c) => (
          <Text size="sm" ta="right" className="tabular">
            {formatInt(c.getValue())}
          </Text>
        ),
      }),
      ...MATRIX_PRODUCTS.map((p) =>
        col.accessor((r) => r.shares[p.key], {
          id: p.key,
          header: p.label,
          sortDescFirst: true,
          cell: (c) => (
            <Text size="sm" className="tabular" title={`${p.label}: ${percent(c.getValue())} of active invitees; team median ${percent(medians[p.key])}`}>
              {percent(c.getValue())}
            </Text>
          ),
        }),
      ),
    ],
    [medians, search],
  );
  const table = useReactTable({
    data: matrix.rows,
    columns,
    state: { sorting },
    onSortingChange: (updater) => {
      // One sort, never removed (enableMultiSort and enableSortingRemoval off); every column id is a MatrixSort.
      const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
      const dir = next.desc ? "desc" : "asc";
      setView({ msort: next.id, mdir: dir === matrixFirstDir(next.id as MatrixSort) ? null : dir });
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.uid,
    // Sorted on the server (queryMatrix): TanStack only says which header was clicked, one sort at a time.
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  const manager = matrix.manager === null ? null : String(matrix.manager);

  return (
    <div>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Select
          label="Manager"
          size="xs"
          w={200}
          clearable
          placeholder="Everyone"
          value={manager}
          data={[...managers.map((m) => ({ value: String(m.id), label: m.name })), { value: "none", label: "Unassigned" }]}
          onChange={(v) => setView({ mmanager: v })}
          data-testid="matrix-manager"
        />
        <Text size="xs" c="dimmed" data-testid="matrix-count">
          {formatInt(matrix.total)} affiliate{matrix.total === 1 ? "" : "s"} with active invitees. Share of active invitees who used each product; red cells are below the team median (when that median is at least {GAP_FLOOR_PERCENT}).
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={760} type="native">
        <Table striped={false} highlightOnHover withTableBorder data-testid="matrix-table">
          <Table.Thead>
            {table.getHeaderGroups().map((hg) => (
              <Table.Tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <Table.Th key={h.id} style={{ textAlign: h.id === "name" ? "left" : "right" }} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}>
                      <UnstyledButton onClick={h.column.getToggleSortingHandler()} style={{ fontWeight: 700, fontSize: "var(--mantine-font-size-sm)", whiteSpace: "nowrap" }} aria-label={`Sort by ${String(h.column.columnDef.header)}`}>
                        {flexRender(h.column.columnDef.header, h.getContext())} {sorted === "desc" ? "↓" : sorted === "asc" ? "↑" : ""}
                      </UnstyledButton>
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
            <Table.Tr data-testid="matrix-median">
              <Table.Th>
                <Text size="xs" fw={700}>
                  Team median
                </Text>
              </Table.Th>
              <Table.Th />
              {MATRIX_PRODUCTS.map((p) => (
                <Table.Th key={p.key} style={{ textAlign: "right" }}>
                  <Text size="xs" fw={700} className="tabular">
                    {percent(medians[p.key])}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id} data-uid={row.original.uid}>
                {row.getVisibleCells().map((cell) => {
                  const product = MATRIX_PRODUCTS.find((p) => p.key === cell.column.id);
                  return (
                    <Table.Td key={cell.id} style={product ? cellStyle(row.original.shares[product.key], medians[product.key]) : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            {matrix.total === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed" ta="center" py="md">
                    No affiliate of this manager had active invitees in the period. Choose another manager or a longer period.
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {matrix.pages > 1 ? (
        <Group justify="flex-end" mt="xs">
          <Pagination size="sm" total={matrix.pages} value={matrix.page} onChange={(p) => setView({ mpage: p > 1 ? String(p) : null })} data-testid="matrix-pagination" />
        </Group>
      ) : null}
    </div>
  );
}
