import { Alert, Button, Card, Group, List, Pagination, Progress, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from "@mantine/core";
import { BarChart, LineChart } from "@mantine/charts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMounted } from "@mantine/hooks";
import type { ReactNode } from "react";
import { z } from "zod";
import { canWriteAffiliate } from "~/auth/permissions";
import { flashToast, forbidden, requireUser } from "~/auth/session.server";
import { AffiliateProfileForm } from "~/components/AffiliateProfileForm";
import { Delta } from "~/components/Delta";
import { ErrorPage } from "~/components/ErrorPage";
import { Icon } from "~/components/Icon";
import { ChartSpace } from "~/components/ChartSpace";
import { LiteGrid, SectionCard } from "~/components/Lite";
import { LiteSelect } from "~/components/LiteInputs";
import { LiteScrollContainer, LiteTable, LiteTbody, LiteTd, LiteTh, LiteThead, LiteTr } from "~/components/LiteTable";
import { AfterHydration } from "~/components/Hydrated";
import { KpiCard } from "~/components/KpiCard";
import { MAnchorButton, MAnchorLink, MBadge, MGroup, MPaper, MProgress, MStack, MText, MTitle2 } from "~/components/MantineMarkup";
import { PeriodPicker } from "~/components/PeriodPicker";
import { getDatabase } from "~/db.server";
import { ProfileForm } from "~/domain/affiliate-profile";
import { InviteeQuery } from "~/domain/invitee-query";
import { formatDate, formatInstant, formatInt, formatUsd } from "~/domain/format";
import { delta, periodParams, PeriodQuery, resolvePeriod } from "~/domain/period";
import { MATURITY_LABELS, maturity, tenureMonths } from "~/domain/tenure";
import { periodEnd } from "~/domain/kpis";
import { getAffiliateWithOwner, updateAffiliateProfile } from "~/models/affiliates.server";
import { latestImportedWeek, weeksWithData } from "~/models/imports.server";
import { clearOverride, setOverride } from "~/models/health.server";
import { BAND_COLORS, BAND_LABELS } from "~/domain/health";
import { BANDS } from "~/domain/enums";
import { affiliateHealth, loadAffiliate360 } from "~/services/affiliate-360.server";
import { ActivityTab } from "~/components/activity/ActivityTab";
import { NotesTab } from "~/components/notes/NotesTab";
import { notesLimit } from "~/domain/notes";
import { TimelineQuery } from "~/domain/timeline";
import { loadNotesTab } from "~/services/notes.server";
import { loadTimeline } from "~/services/timeline.server";
import { loadAffiliateTasks } from "~/services/tasks.server";
import { AffiliateTasks, CreateUpsellTask } from "~/components/tasks/AffiliateTasks";
import { AffiliateIncidentsTab, SevereIncidentBadges } from "~/components/incidents/AffiliateIncidents";
import { isOpen } from "~/domain/incidents";
import { GAP_MEDIAN_FLOOR } from "~/domain/upsell";
import { listIncidents, openSevereIncidents } from "~/models/incidents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.affiliate.name ?? "Affiliate"} · Affiliate Desk` }];

const Params = z.object({ uid: z.string().regex(/^\d{1,20}$/) });

function findAffiliate(params: unknown) {
  const p = Params.safeParse(params);
  const found = p.success ? getAffiliateWithOwner(getDatabase(), p.data.uid) : undefined;
  if (!found) throw new Response("There is no affiliate with this uid.", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { affiliate, ownerName, ownerEmail } = findAffiliate(params);
  const database = getDatabase();
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const latestWeek = latestImportedWeek(database);
  const period = resolvePeriod(PeriodQuery.parse(search), latestWeek, today);
  const iq = InviteeQuery.parse(search);
  const months = tenureMonths(affiliate.joinedAt, periodEnd(period.to));
  return {
    affiliate,
    owner: ownerName ? { name: ownerName, email: ownerEmail } : null,
    tenure: { months, maturity: maturity(months) },
    canEdit: canWriteAffiliate(user, affiliate),
    period,
    weeks: weeksWithData(database),
    iq,
    notes: loadNotesTab(database, user, affiliate, notesLimit(search.nlimit), search.tab === "notes"),
    activity: search.tab === "activity" ? loadTimeline(database, affiliate.uid, TimelineQuery.parse(search)) : null,
    now,
    health: affiliateHealth(database, affiliate.uid, latestWeek, today),
    tasks: loadAffiliateTasks(database, user, affiliate.uid, now, search.tab === "tasks"),
    incidents: listIncidents(database, { affiliateUid: affiliate.uid }).map(({ createdAt: _c, updatedAt: _u, ...i }) => i),
    severeIncidents: openSevereIncidents(database, affiliate.uid),
    ...loadAffiliate360(database, affiliate.uid, affiliate.joinedAt, period, iq, search.tab === "invitees"),
  };
}

const OverrideForm = z.object({
  band: z.enum(BANDS, { errorMap: () => ({ message: "Choose a band." }) }),
  reason: z.string().trim().min(3, "Say why, in a few words.").max(300),
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the day it lapses.")
    .refine((d) => Date.parse(`${d}T23:59:59Z`) > Date.now(), "The expiry must be in the future.")
    .refine((d) => Date.parse(`${d}T00:00:00Z`) < Date.now() + 92 * 86_400_000, "Three months at most."),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { affiliate } = findAffiliate(params);
  if (!canWriteAffiliate(user, affiliate)) throw forbidden("Only the owner, a lead or an admin can edit this affiliate.");
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  if (form.intent === "clear-override") {
    clearOverride(getDatabase(), affiliate.uid, user.id);
    return data({ errors: undefined, values: undefined }, { headers: await flashToast(request, { message: "Override removed" }) });
  }
  if (form.intent === "override") {
    const o = OverrideForm.safeParse(form);
    if (!o.success) return data({ overrideErrors: o.error.flatten().fieldErrors, errors: undefined, values: undefined }, { status: 400 });
    setOverride(getDatabase(), affiliate.uid, { band: o.data.band, reason: o.data.reason, expiresAt: Date.parse(`${o.data.expires}T23:59:59Z`) }, user.id);
    return data({ errors: undefined, values: undefined }, { headers: await flashToast(request, { message: "Band overridden" }) });
  }
  const parsed = ProfileForm.safeParse(form);
  if (!parsed.success) return data({ errors: parsed.error.flatten().fieldErrors, values: form }, { status: 400 });
  updateAffiliateProfile(getDatabase(), affiliate.uid, parsed.data, user.id);
  return data({ errors: undefined, values: undefined }, { headers: await flashToast(request, { message: "Profile saved" }) });
}


const VIP_LEVELS = Array.from({ length: 10 }, (_, i) => String(i));
const STAGE_OPTIONS = [
  { value: "verified", label: "Verified" },
  { value: "not-verified", label: "Not verified" },
  { value: "deposited", label: "Deposited" },
  { value: "traded", label: "Traded" },
];

const PRODUCT_COLORS = { spot: "indigo.6", futures: "teal.6", options: "orange.6" };

export default function Affiliate360() {
  const d = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const a = d.affiliate;
  const k = d.kpis;
  const p = d.previous;
  const tab = params.get("tab") ?? "overview";
  const empty = k.totalVolume === 0 && k.referrals === 0 && k.active === 0 && k.totalRewards === 0;
  const kpi = (label: string, cur: number, prev: number, money = false) => (
    <KpiCard key={label} label={label} value={money ? formatUsd(cur, { compact: true }) : formatInt(cur)} {...delta(cur, prev)} />
  );
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "ipage") next.delete("ipage");
    setParams(next, { preventScrollReset: true });
  };
  // The charts are drawn once hydrated (AfterHydration): their data is not needed before.
  const hydrated = useMounted();
  const chartData = !hydrated ? [] : d.weekly.map((w) => ({ ...w, label: formatDate(w.week).replace(/ \d{4}$/, ""), spot: w.spot / 100, futures: w.futures / 100, options: w.options / 100, rewards: w.rewards / 100 }));

  return (
    <>
      <MGroup justify="space-between" align="flex-start" mb="md">
        <MStack gap={4}>
          <MGroup gap="xs">
            <MTitle2 testId="affiliate-name">{a.name}</MTitle2>
            <MBadge variant="light">{a.type.replace("_", " ")}</MBadge>
            {a.status !== "active" ? <MBadge color="gray">{a.status}</MBadge> : null}
            {d.tenure.maturity ? (
              <MBadge variant="outline">
                {MATURITY_LABELS[d.tenure.maturity]} · {d.tenure.months} mo
              </MBadge>
            ) : null}
            {a.tier ? (
              <MBadge variant="outline" color="yellow">
                {a.tier}
              </MBadge>
            ) : null}
            <SevereIncidentBadges incidents={d.severeIncidents} />
            {d.health.latest?.band ? (
              <MBadge color={BAND_COLORS[d.health.override?.band ?? d.health.latest.band]} testId="health-badge" title={d.health.override ? `Overridden: ${d.health.override.reason}` : undefined}>
                {BAND_LABELS[d.health.override?.band ?? d.health.latest.band]} · {d.health.latest.score}
                {d.health.override ? " (override)" : ""}
                {d.health.stale ? " · stale" : ""}
              </MBadge>
            ) : null}
          </MGroup>
          <MText size="sm" c="dimmed">
            uid {a.uid} · {a.country ?? "country unknown"} · {a.language ?? "language unknown"} · joined {formatDate(a.joinedAt)} · owner{" "}
            {d.owner ? d.owner.name : <MText span c="orange">unassigned</MText>}
          </MText>
          <MText size="sm" c="dimmed">
            {[a.email, a.telegram, a.website].filter(Boolean).join(" · ") || "No contact channel on file"}
            {a.tags.length ? " · " : ""}
            {a.tags.map((t) => (
              <MBadge key={t} size="xs" variant="dot" mr={4}>
                {t}
              </MBadge>
            ))}
          </MText>
        </MStack>
        {d.canEdit ? (
          <AffiliateProfileForm values={a} />
        ) : null}
      </MGroup>

      <MGroup justify="space-between" mb="sm">
        <PeriodPicker period={d.period} weeks={d.weeks} />
        <MText size="sm" c="dimmed" testId="period-label">
          {d.period.label}; Δ against the {d.period.weeks} weeks before
        </MText>
      </MGroup>

      {empty ? (
        <Alert color="gray" mb="md" data-testid="empty-period" icon={<Icon name="info" />}>
          No referral activity, sign-ups or rewards in these weeks: the figures below are not zeros measured, there is simply nothing reported.
          Pick a longer period, or check the imports.
        </Alert>
      ) : null}

      <LiteGrid layout="2-4-7" mb="lg" testId="kpi-overview">
        {kpi("Total rewards", k.totalRewards, p.totalRewards, true)}
        {kpi("Spot commission", k.spotCommission, p.spotCommission, true)}
        {kpi("Futures commission", k.futuresCommission, p.futuresCommission, true)}
        {kpi("Total referrals", k.referrals, p.referrals)}
        {kpi("Verified", k.verified, p.verified)}
        {kpi("Deposited", k.deposited, p.deposited)}
        {kpi("First-time trade", k.firstTrades, p.firstTrades)}
        {kpi("Traded", k.traded, p.traded)}
        {kpi("Spot volume", k.spotVolume, p.spotVolume, true)}
        {kpi("Futures volume", k.futuresVolume, p.futuresVolume, true)}
        {kpi("Options volume", k.optionsVolume, p.optionsVolume, true)}
        {kpi("Total volume", k.totalVolume, p.totalVolume, true)}
        {kpi("Fees", k.fees, p.fees, true)}
        {kpi("Active invitees", k.active, p.active)}
      </LiteGrid>

      <Tabs value={tab} onChange={(v) => setParam("tab", v === "overview" ? null : v)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="invitees">Invitees ({formatInt(d.invitees.total)})</Tabs.Tab>
          <Tabs.Tab value="notes">Notes ({d.notes.total})</Tabs.Tab>
          <Tabs.Tab value="tasks">Tasks ({d.tasks.openCount} open)</Tabs.Tab>
          <Tabs.Tab value="incidents">Incidents ({d.incidents.filter((i) => isOpen(i.status)).length} open)</Tabs.Tab>
          <Tabs.Tab value="health">Health</Tabs.Tab>
          <Tabs.Tab value="activity">Activity</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="overview">
          <LiteGrid layout="1-2" mb="lg">
            <ChartCard testId="chart-volume" title="Weekly volume by product (USD)" h={220}>
              <BarChart h={220} data={chartData} dataKey="label" type="stacked" valueFormatter={(v) => formatUsd(v * 100, { compact: true })} series={[{ name: "spot", label: "Spot", color: PRODUCT_COLORS.spot }, { name: "futures", label: "Futures", color: PRODUCT_COLORS.futures }, { name: "options", label: "Options", color: PRODUCT_COLORS.options }]} withLegend />
            </ChartCard>
            <ChartCard testId="chart-rewards" title="Weekly rewards (USD)" h={220}>
              <LineChart h={220} data={chartData} dataKey="label" valueFormatter={(v) => formatUsd(v * 100, { cents: true })} series={[{ name: "rewards", label: "Rewards", color: "grape.6" }]} curveType="monotone" />
            </ChartCard>
            <ChartCard testId="chart-traded" title="Traded invitees per week" h={200}>
              <BarChart h={200} data={chartData} dataKey="label" series={[{ name: "traded", label: "Traded", color: "teal.6" }]} />
            </ChartCard>
            <ChartCard testId="chart-referrals" title="New referrals per week" h={200}>
              <BarChart h={200} data={chartData} dataKey="label" series={[{ name: "referrals", label: "Referrals", color: "blue.6" }]} />
            </ChartCard>
          </LiteGrid>

          <LiteGrid layout="1-2" mb="lg">
            <SectionCard
              testId="funnel"
              title="Funnel of the invitees registered in the period"
              note={`Each stage's conversion from the one before, beside the median of ${d.peerBand ? MATURITY_LABELS[d.peerBand].toLowerCase() : "all"} affiliates.`}
            >
              <MStack gap="xs">
                {d.funnel.map((s) => (
                  <div key={s.key}>
                    <MGroup justify="space-between">
                      <MText size="sm">{s.label}</MText>
                      <MText size="sm" className="tabular">
                        {formatInt(s.count)}
                        {s.conversion !== null ? ` · ${(s.conversion * 100).toFixed(0)}%` : ""}
                        {/* One line: the text's parts as Mantine's Text got them (the same markup). */}
                        {s.peerMedian !== null ? <MText span c="dimmed"> (peers {(s.peerMedian * 100).toFixed(0)}%)</MText> : null}
                      </MText>
                    </MGroup>
                    <MProgress value={d.funnel[0].count ? (s.count / d.funnel[0].count) * 100 : 0} color={s.conversion !== null && s.peerMedian !== null && s.conversion < s.peerMedian ? "orange" : "indigo"} />
                  </div>
                ))}
              </MStack>
            </SectionCard>
            <SectionCard
              testId="cross-product"
              title="Cross-product conversion"
              note={`Adopters as a share of the ${formatInt(k.active)} active invitees, against the previous period and the team median. An upsell opportunity is marked below the team median when that median is at least ${GAP_MEDIAN_FLOOR * 100} %.`}
            >
              <LiteTable>
                <LiteThead>
                  <LiteTr>
                    <LiteTh>Product</LiteTh>
                    <LiteTh ta="right">Adopters</LiteTh>
                    <LiteTh ta="right">Share</LiteTh>
                    <LiteTh ta="right">Trend</LiteTh>
                    <LiteTh ta="right">Team</LiteTh>
                    <LiteTh />
                  </LiteTr>
                </LiteThead>
                <LiteTbody className="tabular">
                  {d.crossProduct.map((c) => (
                    <LiteTr key={c.product}>
                      <LiteTd>{c.label}</LiteTd>
                      <LiteTd ta="right">{formatInt(c.adopters)}</LiteTd>
                      <LiteTd ta="right">{c.share === null ? "—" : `${(c.share * 100).toFixed(1)}%`}</LiteTd>
                      <LiteTd ta="right">{c.share !== null && c.previousShare !== null ? <Delta pct={c.previousShare ? (c.share - c.previousShare) / c.previousShare : null} abs={c.share} /> : "—"}</LiteTd>
                      <LiteTd ta="right">{c.teamMedian === null ? "—" : `${(c.teamMedian * 100).toFixed(1)}%`}</LiteTd>
                      <LiteTd>
                        {c.gap !== null ? (
                          <MStack gap={2} align="flex-start">
                            <MBadge color="orange" variant="light" size="sm" minWidth="max-content" title={`${(c.gap * 100).toFixed(1)} points below the team median`}>
                              Upsell opportunity
                            </MBadge>
                            {d.canEdit ? <CreateUpsellTask affiliateUid={a.uid} ownerId={a.managerId} assignees={d.tasks.assignees} product={c.product} share={c.share} teamMedian={c.teamMedian} /> : null}
                          </MStack>
                        ) : null}
                      </LiteTd>
                    </LiteTr>
                  ))}
                </LiteTbody>
              </LiteTable>
            </SectionCard>
          </LiteGrid>

          <LiteGrid layout="1-2" mb="lg">
            <SectionCard testId="countries" title="Countries">
              {d.countries.length ? (
                <>
                  <AfterHydration before={<ChartSpace h={160} />}><BarChart h={160} data={d.countries.slice(0, 8).map((c) => ({ country: c.country || "—", volume: c.volume / 100 }))} dataKey="country" series={[{ name: "volume", label: "Volume (USD)", color: "indigo.6" }]} valueFormatter={(v) => formatUsd(v * 100, { compact: true })} /></AfterHydration>
                  <LiteTable mt="sm" className="tabular">
                    <LiteThead>
                      <LiteTr>
                        <LiteTh>Country</LiteTh>
                        <LiteTh ta="right">Invitees</LiteTh>
                        <LiteTh ta="right">Traded</LiteTh>
                        <LiteTh ta="right">Volume</LiteTh>
                        <LiteTh ta="right">Rewards</LiteTh>
                      </LiteTr>
                    </LiteThead>
                    <LiteTbody>
                      {d.countries.slice(0, 10).map((c) => (
                        <LiteTr key={c.country}>
                          <LiteTd>{c.country || "unknown"}</LiteTd>
                          <LiteTd ta="right">{formatInt(c.invitees)}</LiteTd>
                          <LiteTd ta="right">{formatInt(c.traded)}</LiteTd>
                          <LiteTd ta="right">{formatUsd(c.volume, { compact: true })}</LiteTd>
                          <LiteTd ta="right">{formatUsd(c.rewards, { cents: true })}</LiteTd>
                        </LiteTr>
                      ))}
                    </LiteTbody>
                  </LiteTable>
                  {d.countries.length > 10 ? (
                    <MText size="xs" c="dimmed" mt={4}>
                      and {d.countries.length - 10} more countries with less volume
                    </MText>
                  ) : null}
                </>
              ) : (
                <MText size="sm" c="dimmed">
                  No activity by country in these weeks.
                </MText>
              )}
            </SectionCard>
            <SectionCard testId="codes" title="Referral codes">
              <LiteTable className="tabular">
                <LiteThead>
                  <LiteTr>
                    <LiteTh>Code</LiteTh>
                    <LiteTh>First seen</LiteTh>
                    <LiteTh ta="right">Invitees</LiteTh>
                    <LiteTh ta="right">Traded</LiteTh>
                    <LiteTh ta="right">Rewards</LiteTh>
                  </LiteTr>
                </LiteThead>
                <LiteTbody>
                  {d.codes.map((c) => (
                    <LiteTr key={c.code}>
                      <LiteTd>
                        <MAnchorButton onClick={() => setParam("icode", c.code)}>{c.code}</MAnchorButton>
                      </LiteTd>
                      <LiteTd>{formatDate(c.firstSeen)}</LiteTd>
                      <LiteTd ta="right">{formatInt(c.invitees)}</LiteTd>
                      <LiteTd ta="right">{formatInt(c.traded)}</LiteTd>
                      <LiteTd ta="right">{formatUsd(c.rewards, { cents: true })}</LiteTd>
                    </LiteTr>
                  ))}
                </LiteTbody>
              </LiteTable>
              {d.codes.length === 0 ? (
                <MText size="sm" c="dimmed">
                  No referral code used yet.
                </MText>
              ) : null}
            </SectionCard>
          </LiteGrid>
        </Tabs.Panel>

        <Tabs.Panel value="invitees">
          <MPaper p="sm" mb="sm">
            <Form method="get" preventScrollReset>
              {[...params.entries()].filter(([key]) => !key.startsWith("i")).map(([key, value]) => (
                <input key={key} type="hidden" name={key} value={value} />
              ))}
              <input type="hidden" name="tab" value="invitees" />
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput name="iq" label="Invitee uid" size="xs" w={140} defaultValue={d.iq.iq ?? ""} />
                <TextInput name="iregFrom" label="Registered from" type="date" size="xs" defaultValue={d.iq.iregFrom ?? ""} />
                <TextInput name="iregTo" label="to" type="date" size="xs" defaultValue={d.iq.iregTo ?? ""} />
                <LiteSelect name="ivip" label="VIP" w={80} placeholder="Any" defaultValue={d.iq.ivip != null ? String(d.iq.ivip) : null} data={VIP_LEVELS} />
                <LiteSelect name="istage" label="Stage" w={140} placeholder="Any" defaultValue={d.iq.istage ?? null} data={STAGE_OPTIONS} />
                <TextInput name="icountry" label="Country" size="xs" w={80} defaultValue={d.iq.icountry ?? ""} />
                <TextInput name="icode" label="Code" size="xs" w={110} defaultValue={d.iq.icode ?? ""} />
                <Button type="submit" size="xs">
                  Filter
                </Button>
                <Button component="a" href={`/affiliates/${a.uid}/invitees.csv?${params}`} size="xs" variant="default" leftSection={<Icon name="download" size={14} />}>
                  CSV
                </Button>
              </Group>
            </Form>
          </MPaper>
          <MPaper>
            <LiteScrollContainer minWidth={1000}>
              <LiteTable striped className="tabular lite-nowrap" testId="invitees-table">
                <LiteThead>
                  <LiteTr>
                    <LiteTh>Invitee</LiteTh>
                    <LiteTh>Registered</LiteTh>
                    <LiteTh>Code</LiteTh>
                    <LiteTh>Verified</LiteTh>
                    <LiteTh>First deposit</LiteTh>
                    <LiteTh>First trade</LiteTh>
                    <LiteTh>Country</LiteTh>
                    <LiteTh ta="right">VIP</LiteTh>
                    <LiteTh>Commission</LiteTh>
                    <LiteTh ta="right">Rebate</LiteTh>
                    <LiteTh ta="right">Volume (period)</LiteTh>
                    <LiteTh ta="right">Commission (period)</LiteTh>
                  </LiteTr>
                </LiteThead>
                <LiteTbody>
                  {d.invitees.rows.map((i) => (
                    <LiteTr key={i.uid}>
                      <LiteTd>{i.uid}</LiteTd>
                      <LiteTd>{formatDate(i.registeredAt)}</LiteTd>
                      <LiteTd>{i.referralCode ?? "—"}</LiteTd>
                      <LiteTd>{formatDate(i.verifiedAt)}</LiteTd>
                      <LiteTd>{formatDate(i.firstDepositAt)}</LiteTd>
                      <LiteTd>{formatDate(i.firstTradeAt)}</LiteTd>
                      <LiteTd>{i.country ?? "—"}</LiteTd>
                      <LiteTd ta="right">{i.vipLevel ?? "—"}</LiteTd>
                      <LiteTd>{i.commissionType ?? "—"}</LiteTd>
                      <LiteTd ta="right">{i.rebateRate == null ? "—" : `${(i.rebateRate * 100).toFixed(1)}%`}</LiteTd>
                      <LiteTd ta="right">{formatUsd(i.volume, { cents: true })}</LiteTd>
                      <LiteTd ta="right">{formatUsd(i.commission, { cents: true })}</LiteTd>
                    </LiteTr>
                  ))}
                </LiteTbody>
              </LiteTable>
            </LiteScrollContainer>
            {d.invitees.rows.length === 0 ? (
              <Text p="md" c="dimmed">
                No invitee matches these filters.
              </Text>
            ) : null}
            <Group justify="space-between" p="sm">
              <Text size="sm" c="dimmed">
                {formatInt(d.invitees.total)} invitees
              </Text>
              <Pagination size="sm" total={d.invitees.pages} value={d.invitees.page} onChange={(pg) => setParam("ipage", String(pg))} />
            </Group>
          </MPaper>
        </Tabs.Panel>

        <Tabs.Panel value="notes">
          <NotesTab uid={a.uid} data={d.notes} now={d.now} />
        </Tabs.Panel>
        <Tabs.Panel value="activity">{d.activity ? <ActivityTab data={d.activity} now={d.now} /> : null}</Tabs.Panel>
        <Tabs.Panel value="tasks">
          <AffiliateTasks affiliateUid={a.uid} ownerId={a.managerId} canEdit={d.canEdit} tasks={d.tasks.tasks} assignees={d.tasks.assignees} />
        </Tabs.Panel>
        <Tabs.Panel value="incidents">
          <AffiliateIncidentsTab uid={a.uid} incidents={d.incidents} canEdit={d.canEdit} now={d.now} />
        </Tabs.Panel>
        <Tabs.Panel value="health">
          <HealthTab health={d.health} canEdit={d.canEdit} />
        </Tabs.Panel>
      </Tabs>
      <MText size="xs" c="dimmed" mt="lg">
        <MAnchorLink to={`/portfolio?${new URLSearchParams(periodParams(d.period))}`}>← Back to the portfolio</MAnchorLink>
      </MText>
    </>
  );
}

/** A card with a title and a chart of height `h`, drawn once hydrated (the room it takes until then). */
function ChartCard({ testId, title, h, children }: { testId: string; title: string; h: number; children: ReactNode }) {
  return (
    <SectionCard testId={testId} title={title}>
      <AfterHydration before={<ChartSpace h={h} />}>{children}</AfterHydration>
    </SectionCard>
  );
}

function HealthTab({ health, canEdit }: { health: ReturnType<typeof useLoaderData<typeof loader>>["health"]; canEdit: boolean }) {
  const result = useActionData<{ overrideErrors?: Record<string, string[] | undefined> }>();
  const errs = result?.overrideErrors ?? {};
  if (!health.latest) {
    return <Text c="dimmed">No health score yet: scores are taken after each import. A lead can also recompute them from the health settings.</Text>;
  }
  const l = health.latest;
  return (
    <Stack>
      {health.stale ? (
        <Alert color="yellow" data-testid="health-stale">
          These scores are stale: the newest data is the week of {formatDate(health.latestWeek)}.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder radius="lg" data-testid="health-card">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>
              Health {l.score ?? "—"} · {l.band ? BAND_LABELS[l.band] : "no band"} <Text span c="dimmed" size="sm">(week of {formatDate(l.week)})</Text>
            </Text>
            {health.trend != null ? <Text size="sm" c={health.trend >= 0 ? "teal" : "red"}>{health.trend >= 0 ? "▲" : "▼"} {Math.abs(health.trend)} against 4 weeks earlier</Text> : null}
          </Group>
          <Stack gap={6}>
            {l.measures.map((m) => (
              <div key={m.key}>
                <Group justify="space-between">
                  <Text size="sm">{m.label}</Text>
                  <Text size="sm" className="tabular" c={m.missing ? "dimmed" : undefined}>
                    {m.missing ? "left out" : `${m.score} · weight ${Math.round(m.weight)}%`}
                  </Text>
                </Group>
                {!m.missing ? <Progress value={m.score} color={m.score >= 75 ? "teal" : m.score >= 50 ? "yellow" : "red"} size="sm" /> : null}
                <Text size="xs" c="dimmed">
                  {m.reason}
                </Text>
              </div>
            ))}
          </Stack>
          {l.note ? (
            <Text size="xs" c="dimmed" mt="xs">
              {l.note}
            </Text>
          ) : null}
        </Card>
        <Stack>
          <Card withBorder radius="lg" data-testid="health-history">
            <Text fw={600} mb="xs">
              Score over time
            </Text>
            <AfterHydration before={<ChartSpace h={180} />}><LineChart h={180} data={health.history.map((h) => ({ ...h, label: formatDate(h.week).replace(/ \d{4}$/, "") }))} dataKey="label" yAxisProps={{ domain: [0, 100] }} series={[{ name: "score", label: "Health", color: "indigo.6" }]} curveType="monotone" referenceLines={[{ y: 75, color: "teal.4" }, { y: 50, color: "red.4" }]} /></AfterHydration>
          </Card>
          <Card withBorder radius="lg">
            <Text fw={600} mb="xs">
              What moved it (against 4 weeks earlier)
            </Text>
            {health.moved.length === 0 ? (
              <Text size="sm" c="dimmed">
                No measure moved, or there is no score from 4 weeks earlier.
              </Text>
            ) : (
              <List size="sm">
                {health.moved.map((m) => (
                  <List.Item key={m.key}>
                    <Text span c={m.change > 0 ? "teal" : "red"} fw={600}>
                      {m.change > 0 ? "+" : ""}
                      {m.change}
                    </Text>{" "}
                    {m.label}: {m.reason}
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
        </Stack>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder radius="lg">
          <Text fw={600} mb="xs">
            Manual band
          </Text>
          {health.override ? (
            <Group justify="space-between">
              <Text size="sm">
                {BAND_LABELS[health.override.band]} until {formatInstant(health.override.expiresAt)} — “{health.override.reason}” ({health.override.byName ?? "?"}). The computed score stays {l.score}.
              </Text>
              {canEdit ? (
                <Form method="post">
                  <Button type="submit" name="intent" value="clear-override" size="xs" variant="default">
                    Remove
                  </Button>
                </Form>
              ) : null}
            </Group>
          ) : canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="override" />
              <Group align="flex-end" wrap="wrap">
                <Select name="band" label="Band" w={130} data={[{ value: "healthy", label: "Healthy" }, { value: "watch", label: "Watch" }, { value: "at_risk", label: "At risk" }]} error={errs.band?.[0]} />
                <TextInput name="reason" label="Why" w={260} error={errs.reason?.[0]} />
                <TextInput name="expires" label="Until" type="date" error={errs.expires?.[0]} />
                <Button type="submit" size="sm">
                  Set
                </Button>
              </Group>
            </Form>
          ) : (
            <Text size="sm" c="dimmed">
              No override. The owner, a lead or an admin can set one.
            </Text>
          )}
        </Card>
        <Card withBorder radius="lg" data-testid="health-alerts">
          <Text fw={600} mb="xs">
            Early warnings
          </Text>
          {health.alerts.length === 0 ? (
            <Text size="sm" c="dimmed">
              None raised.
            </Text>
          ) : (
            <List size="sm">
              {health.alerts.map((a) => (
                <List.Item key={a.id}>
                  {formatDate(a.week)}: {a.reason}
                  {a.taskId ? " — a risk task was created for the owner" : ""}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

export const ErrorBoundary = ErrorPage;
