import { Badge, Button, Checkbox, Group, Menu, Paper, Text } from "@mantine/core";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowData, type VisibilityState } from "@tanstack/react-table";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { Delta } from "~/components/Delta";
import { ErrorPage } from "~/components/ErrorPage";
import { AfterHydration } from "~/components/Hydrated";
import { Icon } from "~/components/Icon";
import { KpiCard } from "~/components/KpiCard";
import { LiteAnchor, LiteBadge, LiteGrid, LiteGroup, LiteText, useAppLinks } from "~/components/Lite";
import { LiteButton, LiteCheckbox, LiteLabelledCheckbox, LitePagination, LiteSelect, LiteTextInput, SmallButton, SmallLinkButton } from "~/components/LiteInputs";
import { MiniSparkline } from "~/components/MiniSparkline";
import { MGroup, MPaper, MText } from "~/components/MantineMarkup";
import { cx } from "~/components/mantine-markup";
import { LiteScrollContainer, LiteTable, LiteTbody, LiteTh, LiteThead, LiteTr } from "~/components/LiteTable";
import { PageHeader } from "~/components/PageHeader";
import { SevereIncidentMarker } from "~/components/incidents/AffiliateIncidents";
import { PeriodPicker } from "~/components/PeriodPicker";
import { ReassignDialog } from "~/components/ReassignDialog";
import { SavedViewsMenu } from "~/components/SavedViewsMenu";
import { getDatabase } from "~/db.server";
import { formatDate, formatInt, formatRelative, formatUsd } from "~/domain/format";
import { isStale } from "~/domain/health-view";
import { periodParams, resolvePeriod } from "~/domain/period";
import { PortfolioQuery, type PortfolioSort } from "~/domain/portfolio";
import { BAND_COLORS, BAND_LABELS } from "~/domain/health";
import { AFFILIATE_TYPE_OPTIONS, BANDS } from "~/domain/enums";
import { SEVERITY_COLORS } from "~/domain/incidents";
import { MATURITY_LABELS } from "~/domain/tenure";
import { affiliateFacets } from "~/models/affiliates.server";
import { latestImportedWeek, weeksWithData } from "~/models/imports.server";
import { memoByData, workVersion } from "~/models/kpis.server";
import { listViews } from "~/models/saved-views.server";
import { listUsers, updateUserPreferences, userPreferences } from "~/models/users.server";
import { loadPortfolio } from "~/services/portfolio.server";

export const meta: MetaFunction = () => [{ title: "Portfolio · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const database = getDatabase();
  const query = PortfolioQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = Date.now();
  const latestWeek = latestImportedWeek(database);
  const period = resolvePeriod(query, latestWeek, new Date(now).toISOString().slice(0, 10));
  const portfolio = loadPortfolio(database, period, query, user);
  const prefs = userPreferences(database, user.id);
  const managers = memoByData(database, `managerOptions|${workVersion(database)}`, () => listUsers(database, { role: "manager" }).map((m) => ({ value: String(m.id), label: m.name })));
  return {
    user,
    now,
    period,
    weeks: weeksWithData(database),
    query,
    scope: portfolio.scope,
    rows: portfolio.rows,
    total: portfolio.total,
    page: portfolio.page,
    pages: portfolio.pages,
    summary: portfolio.summary,
    facets: affiliateFacets(database),
    managers,
    hidden: (prefs.portfolioHiddenColumns as string[] | undefined) ?? [],
    views: listViews(database, user.id).map(({ id, ownerId, ownerName, name, shared, query }) => ({ id, ownerId, ownerName, name, shared, query })),
    canReassign: can(user.role, "affiliate:reassign"),
    stale: isStale(latestWeek, new Date(now).toISOString().slice(0, 10)) ? latestWeek : null,
  };
}

/** Remembers which columns the user hides. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = z.object({ hidden: z.string().max(500) }).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  updateUserPreferences(getDatabase(), user.id, { portfolioHiddenColumns: parsed.data.hidden.split(",").filter(Boolean) });
  return { ok: true };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

declare module "@tanstack/react-table" {
  // A column's cell, drawn from the row (see the table body).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the merged declaration must repeat TanStack's type parameters
  interface ColumnMeta<TData extends RowData, TValue> {
    render?: (row: TData) => ReactNode;
    /** Classes of the cell itself, for a cell that is only text (no element inside). */
    td?: (row: TData) => string;
    /** What the column shows, as its header's tooltip. */
    title?: string;
    /** The column stays in view while the table scrolls sideways (its header and cells). */
    sticky?: boolean;
  }
}
const col = createColumnHelper<Row>();
const MATURITY_COLORS = { new: "gray", maturing: "blue", mature: "teal" } as const;

const TYPE_OPTIONS = AFFILIATE_TYPE_OPTIONS;
const BAND_OPTIONS = BANDS.map((b) => ({ value: b, label: BAND_LABELS[b] }));

/** A figure's cell: small, right-aligned, tabular digits (LiteText's look, on the cell itself). */
const NUMBER_TD = "lite-sm lite-right tabular";

const TEXT_SORTS: PortfolioSort[] = ["name", "type", "country", "tier"];

/** The current sort (from the URL) and the way to change it, shared by every sortable header. */
type Sorting = { sort: string; dir: string; sortBy: (id: PortfolioSort, dir: string) => void };

/** A sortable header: text columns sort A→Z first, figures largest first; a second click reverses. */
function SortHeader({ id, label, align, sorting }: { id: PortfolioSort; label: string; align?: "right"; sorting: Sorting }) {
  const active = sorting.sort === id;
  const first = TEXT_SORTS.includes(id) ? "asc" : "desc";
  const next = active ? (sorting.dir === "desc" ? "asc" : "desc") : first;
  return (
    <LiteButton
      onClick={() => sorting.sortBy(id, next)}
      ariaLabel={`Sort by ${label}`}
      className={align === "right" ? "lite-sort lite-right" : "lite-sort"}
    >
      {label} {active ? (sorting.dir === "desc" ? "↓" : "↑") : ""}
    </LiteButton>
  );
}

export default function Portfolio() {
  const d = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const fetcher = useFetcher();
  const appLinks = useAppLinks();
  const [visibility, setVisibility] = useState<VisibilityState>(() => Object.fromEntries(d.hidden.map((h) => [h, false])));
  // A saved view opened from the menu brings its own columns.
  const hiddenKey = d.hidden.join(",");
  useEffect(() => setVisibility(Object.fromEntries(d.hidden.map((h) => [h, false]))), [hiddenKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const [selection, setSelection] = useState<Record<string, boolean>>({});
  const [reassigning, setReassigning] = useState(false);
  const selected = Object.keys(selection).filter((uid) => selection[uid]);
  const setParam = (key: string, value: string | null) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    p.delete("page");
    setParams(p, { preventScrollReset: true });
  };

  // One reading of the URL's sort for all the headers (a router hook in each header cost more than the header).
  const sorting = useMemo<Sorting>(
    () => ({
      sort: d.query.sort,
      dir: d.query.dir,
      sortBy: (id, dir) => {
        const p = new URLSearchParams(params);
        p.set("sort", id);
        p.set("dir", dir);
        p.delete("page");
        setParams(p, { preventScrollReset: true });
      },
    }),
    [params, setParams, d.query.sort, d.query.dir],
  );
  // The affiliate links carry the period to the 360 page.
  const periodSearch = new URLSearchParams(periodParams(d.period)).toString();
  const columns = useMemo(
    () => [
      ...(d.canReassign
        ? [
            col.display({
              id: "select",
              enableHiding: false,
              header: () => {
                const all = d.rows.length > 0 && d.rows.every((r) => selection[r.uid]);
                return (
                  <LiteCheckbox
                    ariaLabel="Select every affiliate on this page"
                    checked={all}
                    indeterminate={!all && d.rows.some((r) => selection[r.uid])}
                    onChange={() => setSelection((s) => ({ ...s, ...Object.fromEntries(d.rows.map((r) => [r.uid, !all])) }))}
                    testId="select-page"
                  />
                );
              },
              meta: {
                render: (a: Row) => (
                  <LiteCheckbox ariaLabel={`Select ${a.name}`} checked={!!selection[a.uid]} onChange={() => setSelection((s) => ({ ...s, [a.uid]: !s[a.uid] }))} testId="select-row" />
                ),
              },
            }),
          ]
        : []),
      col.accessor("name", {
        id: "name",
        header: () => <SortHeader id="name" label="Affiliate" sorting={sorting} />,
        enableHiding: false,
        meta: {
          sticky: true,
          render: (a: Row) => (
          <div className="lite-name-cell">
            <LiteAnchor to={`/affiliates/${a.uid}?${periodSearch}`} fw={600}>
              {a.name}
            </LiteAnchor>
            <SevereIncidentMarker worst={a.worstIncident} />
            <LiteText size="xs" c="dimmed">
              {`${a.uid}${a.managerName && d.scope !== "mine" ? ` · ${a.managerName}` : a.managerId == null ? " · unassigned" : ""}`}
            </LiteText>
          </div>
          ),
        },
      }),
      col.accessor("type", { id: "type", header: () => <SortHeader id="type" label="Type" sorting={sorting} />, meta: { render: (a: Row) => a.type.replace("_", " ") } }),
      col.accessor("country", { id: "country", header: () => <SortHeader id="country" label="Country" sorting={sorting} />, meta: { render: (a: Row) => a.country ?? "—" } }),
      col.accessor("language", { id: "language", header: "Language", meta: { render: (a: Row) => a.language ?? "—" } }),
      col.accessor("tier", { id: "tier", header: () => <SortHeader id="tier" label="Tier" sorting={sorting} />, meta: { render: (a: Row) => a.tier ?? "—" } }),
      col.accessor("tenureMonths", {
        id: "tenure",
        header: () => <SortHeader id="tenure" label="Tenure" sorting={sorting} />,
        meta: { render: (a: Row) =>
          a.tenureMonths == null ? (
            "—"
          ) : (
            <LiteGroup>
              <LiteText tabular>{`${a.tenureMonths} mo`}</LiteText>
              {a.maturity ? (
                <LiteBadge size="xs" variant="light" color={MATURITY_COLORS[a.maturity]} visible>
                  {MATURITY_LABELS[a.maturity]}
                </LiteBadge>
              ) : null}
            </LiteGroup>
          ),
      } }),
      col.accessor("healthScore", {
        id: "health",
        header: () => <SortHeader id="health" label="Health" sorting={sorting} />,
        meta: { render: (a: Row) =>
          a.healthScore == null ? (
            <LiteText c="dimmed">—</LiteText>
          ) : (
            <LiteGroup>
              <LiteBadge
                color={BAND_COLORS[a.healthBand ?? "watch"]}
                variant={a.healthOverride ? "outline" : "filled"}
                size="sm"
                visible
                figure
                title={a.healthBand ? `${BAND_LABELS[a.healthBand]}${a.healthOverride ? " (set by hand; the computed score is shown)" : ""}` : undefined}
              >
                {`${a.healthScore}${a.healthOverride ? "*" : ""}`}
              </LiteBadge>
              {a.healthTrend != null && a.healthTrend !== 0 ? (
                <LiteText span size="xs" c={a.healthTrend > 0 ? "teal" : "red"} title="against 4 weeks earlier">
                  {`${a.healthTrend > 0 ? "▲" : "▼"}${Math.abs(a.healthTrend)}`}
                </LiteText>
              ) : null}
            </LiteGroup>
          ),
      } }),
      col.accessor("totalVolume", {
        id: "volume",
        header: () => <SortHeader id="volume" label="Total volume" align="right" sorting={sorting} />,
        meta: { render: (a: Row) => (
          <LiteGroup gap={8} justify="flex-end">
            <MiniSparkline points={a.sparkline} color={a.volumeDeltaPct != null && a.volumeDeltaPct < 0 ? "var(--mantine-color-red-6)" : "var(--mantine-color-teal-6)"} />
            <div className="lite-right">
              <LiteText tabular>{formatUsd(a.totalVolume, { compact: true })}</LiteText>
              <Delta pct={a.volumeDeltaPct} abs={a.totalVolume} />
            </div>
          </LiteGroup>
        ),
      } }),
      col.accessor("traded", {
        id: "traded",
        header: () => <SortHeader id="traded" label="Traded" align="right" sorting={sorting} />,
        meta: { td: () => NUMBER_TD, render: (a: Row) => formatInt(a.traded) },
      }),
      col.accessor("rewards", {
        id: "rewards",
        header: () => <SortHeader id="rewards" label="Rewards" align="right" sorting={sorting} />,
        meta: { td: () => NUMBER_TD, render: (a: Row) => formatUsd(a.rewards, { compact: true }) },
      }),
      col.accessor("breadth", {
        id: "breadth",
        header: () => <SortHeader id="breadth" label="Products" align="right" sorting={sorting} />,
        meta: { td: () => NUMBER_TD, title: "how many of Futures, Earn, Options, Web3 Wallet and Fiat have adopters", render: (a: Row) => `${a.breadth}/5` },
      }),
      col.accessor("lastEngagementAt", {
        id: "lastEngagement",
        header: () => <SortHeader id="lastEngagement" label="Last engagement" sorting={sorting} />,
        meta: {
          td: (a: Row) => (a.lastEngagementAt == null || d.now - a.lastEngagementAt > 30 * 86_400_000 ? "lite-sm lite-c-orange" : "lite-sm"),
          render: (a: Row) => formatRelative(a.lastEngagementAt, d.now),
        },
      }),
      col.accessor("openTasks", {
        id: "openTasks",
        header: () => <SortHeader id="openTasks" label="Tasks" align="right" sorting={sorting} />,
        meta: { td: (a: Row) => (a.openTasks ? NUMBER_TD : `${NUMBER_TD} lite-c-dimmed`), render: (a: Row) => a.openTasks },
      }),
      col.accessor("openIncidents", {
        id: "openIncidents",
        header: () => <SortHeader id="openIncidents" label="Incidents" align="right" sorting={sorting} />,
        meta: {
          td: (a: Row) => (a.openIncidents ? "" : "lite-sm lite-right lite-c-dimmed"),
          render: (a: Row) =>
            a.openIncidents ? (
              <LiteGroup justify="flex-end">
                <LiteBadge color={SEVERITY_COLORS[a.worstIncident ?? "SEV4"]} size="sm">
                  {`${a.openIncidents} · ${a.worstIncident}`}
                </LiteBadge>
              </LiteGroup>
            ) : (
              0
            ),
        },
      }),
    ],
    [d.now, d.scope, d.canReassign, d.rows, selection, periodSearch, sorting],
  );

  const table = useReactTable({
    data: d.rows,
    columns,
    state: { columnVisibility: visibility },
    getRowId: (r) => r.uid,
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(visibility) : updater;
      setVisibility(next);
      fetcher.submit({ hidden: Object.keys(next).filter((k) => next[k] === false).join(",") }, { method: "post" });
    },
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });

  // The body is drawn from the rows and the visible columns' renderers, not from TanStack's row
  // and cell models: those build a row, 15 cells and their contexts per row on every render
  // (~2–4 ms of server time for 25 rows). TanStack keeps the columns: headers, visibility.
  const visibleColumns = table.getVisibleLeafColumns();
  const q = d.query;
  const columnsButton = <SmallButton>Columns</SmallButton>;
  return (
    <>
      <PageHeader
        title="Portfolio"
        description={d.period.label}
        actions={
          <>
            <SmallLinkButton href={`/portfolio/view.csv?${params}`} leftSection={<Icon name="download" size={14} />}>
              CSV of this view
            </SmallLinkButton>
            {d.user.role !== "manager" ? (
              <SmallLinkButton href={`/portfolio/export.csv?from=${d.period.from}&to=${d.period.to}`} leftSection={<Icon name="download" size={14} />}>
                Full export
              </SmallLinkButton>
            ) : null}
          </>
        }
      />
      <MGroup justify="space-between" mb="md">
        <PeriodPicker period={d.period} weeks={d.weeks} />
        {d.stale ? (
          <Badge color="yellow" variant="light" size="lg" data-testid="stale-data">
            Health scores stale: newest data is the week of {formatDate(d.stale)}
          </Badge>
        ) : null}
      </MGroup>
      <LiteGrid layout="2-5" mb="md" testId="portfolio-summary">
        <KpiCard label="Affiliates" value={formatInt(d.summary.affiliates)} hint={d.scope === "mine" ? "yours" : d.scope === "team" ? "the team's" : "all"} />
        <KpiCard label="Total rewards" value={formatUsd(d.summary.rewards.value, { compact: true })} pct={d.summary.rewards.pct} abs={d.summary.rewards.abs} />
        <KpiCard label="Total volume" value={formatUsd(d.summary.volume.value, { compact: true })} pct={d.summary.volume.pct} abs={d.summary.volume.abs} />
        <KpiCard label="Traded invitees" value={formatInt(d.summary.traded.value)} pct={d.summary.traded.pct} abs={d.summary.traded.abs} />
        <KpiCard
          label="At risk"
          value={d.summary.atRisk.known ? formatInt(d.summary.atRisk.value) : "—"}
          pct={d.summary.atRisk.known ? d.summary.atRisk.pct : undefined}
          abs={d.summary.atRisk.abs}
          hint={d.summary.atRisk.known ? "health score below 50" : "no health scores yet"}
          testId="card-at-risk"
          lowerIsBetter
        />
      </LiteGrid>
      <MPaper p="sm" mb="sm">
        <Form method="get" onSubmit={(e) => e.preventDefault()}>
          <MGroup gap="xs" align="flex-end">
            <LiteTextInput
              label="Search"
              placeholder="Name, uid or referral code"
              defaultValue={q.q ?? ""}
              w={220}
              leftSection={<Icon name="search" size={14} />}
              onKeyDown={(e) => e.key === "Enter" && setParam("q", e.currentTarget.value.trim() || null)}
              onBlur={(e) => (e.currentTarget.value.trim() || null) !== (q.q ?? null) && setParam("q", e.currentTarget.value.trim() || null)}
              testId="portfolio-search"
            />
            <LiteSelect
              label="Scope"
              w={120}
              value={d.scope}
              data={[
                { value: "mine", label: "Mine" },
                { value: "team", label: "Team" },
                { value: "all", label: "All" },
              ]}
              onChange={(v) => setParam("scope", v)}
            />
            {d.user.role !== "manager" ? (
              <LiteSelect
                label="Manager"
                w={160}
                placeholder="Any"
                value={q.manager ? String(q.manager) : null}
                data={[...d.managers, { value: "none", label: "Unassigned" }]}
                onChange={(v) => setParam("manager", v)}
                testId="filter-manager"
              />
            ) : null}
            <LiteSelect
              label="Maturity"
              w={150}
              value={q.maturity}
              data={[
                { value: "matured", label: "Matured (6+ mo)" },
                { value: "all", label: "All" },
                { value: "new", label: "New (< 6)" },
                { value: "maturing", label: "Maturing (6–12)" },
                { value: "mature", label: "Mature (12+)" },
              ]}
              onChange={(v) => setParam("maturity", v)}
              testId="filter-maturity"
            />
            <LiteSelect
              label="Type"
              w={150}
              placeholder="Any"
              value={q.type ?? null}
              data={TYPE_OPTIONS}
              onChange={(v) => setParam("type", v)}
              testId="filter-type"
            />
            <LiteSelect label="Country" w={100} placeholder="Any" value={q.country ?? null} data={d.facets.countries} onChange={(v) => setParam("country", v)} testId="filter-country" />
            <LiteSelect label="Language" w={110} placeholder="Any" value={q.language ?? null} data={d.facets.languages} onChange={(v) => setParam("language", v)} testId="filter-language" />
            <LiteSelect label="Tier" w={110} placeholder="Any" value={q.tier ?? null} data={d.facets.tiers} onChange={(v) => setParam("tier", v)} testId="filter-tier" />
            <LiteSelect label="Health" w={120} placeholder="Any" value={q.band ?? null} data={BAND_OPTIONS} onChange={(v) => setParam("band", v)} testId="filter-band" />
            <LiteLabelledCheckbox label="Open incident" checked={q.incident === "open"} onChange={(on) => setParam("incident", on ? "open" : null)} />
            <MGroup gap="xs" ml="auto">
            <SavedViewsMenu views={d.views} user={d.user} search={params.toString()} visibleColumns={visibleColumns.map((c) => c.id).filter((id) => id !== "name" && id !== "select")} />
            <AfterHydration before={columnsButton}>
              <Menu closeOnItemClick={false} position="bottom-end">
                <Menu.Target>{columnsButton}</Menu.Target>
                <Menu.Dropdown>
                  {table
                    .getAllLeafColumns()
                    .filter((c) => c.getCanHide())
                    .map((c) => (
                      <Menu.Item key={c.id}>
                        <Checkbox size="xs" label={c.id} checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
                      </Menu.Item>
                    ))}
                </Menu.Dropdown>
              </Menu>
            </AfterHydration>
            </MGroup>
          </MGroup>
        </Form>
      </MPaper>
      {selected.length ? (
        <Paper withBorder radius="lg" p="xs" mb="sm" bg="var(--mantine-primary-color-light)" data-testid="selection-bar">
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {selected.length} selected
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setSelection({})}>
                Clear selection
              </Button>
              <Button size="xs" onClick={() => setReassigning(true)} data-testid="reassign-open">
                Reassign {selected.length}
              </Button>
            </Group>
          </Group>
        </Paper>
      ) : null}
      <ReassignDialog uids={selected} opened={reassigning} onClose={() => setReassigning(false)} onDone={() => setSelection({})} />
      <MPaper>
        {d.rows.length === 0 ? (
          <Text p="lg" c="dimmed" data-testid="portfolio-empty">
            No affiliate matches these filters{d.scope === "mine" ? " among yours" : ""}. Try “All” in Maturity, or another scope. Affiliates arrive with the
            imports on the Imports page.
          </Text>
        ) : (
          <LiteScrollContainer minWidth={1250}>
            <LiteTable dense testId="portfolio-table">
              <LiteThead>
                {table.getHeaderGroups().map((hg) => (
                  <LiteTr key={hg.id} hover>
                    {hg.headers.map((h) => (
                      <LiteTh key={h.id} className={h.column.columnDef.meta?.sticky ? "lite-sticky" : undefined} title={h.column.columnDef.meta?.title}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                      </LiteTh>
                    ))}
                  </LiteTr>
                ))}
              </LiteThead>
              <LiteTbody onClick={appLinks}>
                {d.rows.map((a) => (
                  <tr key={a.uid} className="lite-tr" data-uid={a.uid}>
                    {visibleColumns.map((c) => (
                      <td key={c.id} className={cx("lite-td", c.columnDef.meta?.sticky && "lite-sticky", c.columnDef.meta?.td?.(a))} data-col={c.id}>
                        {c.columnDef.meta?.render?.(a)}
                      </td>
                    ))}
                  </tr>
                ))}
              </LiteTbody>
            </LiteTable>
          </LiteScrollContainer>
        )}
        <MGroup justify="space-between" p="sm">
          <MText size="sm" c="dimmed" testId="portfolio-count">
            {formatInt(d.total)} affiliate{d.total === 1 ? "" : "s"}
          </MText>
          <MGroup gap="xs">
            <LiteSelect w={90} value={String(q.size)} data={["25", "50", "100"]} onChange={(v) => setParam("size", v)} ariaLabel="Rows per page" />
            <LitePagination
              total={d.pages}
              value={d.page}
              onChange={(page) => {
                const p = new URLSearchParams(params);
                p.set("page", String(page));
                setParams(p, { preventScrollReset: true });
              }}
              testId="portfolio-pagination"
            />
          </MGroup>
        </MGroup>
      </MPaper>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
