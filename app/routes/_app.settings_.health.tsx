import { Alert, Button, Card, Checkbox, Group, List, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { flashToast, requireUserWithPermission } from "~/auth/session.server";
import { ErrorPage } from "~/components/ErrorPage";
import { PageHeader } from "~/components/PageHeader";
import { getDatabase } from "~/db.server";
import { BAND_LABELS, MEASURE_KEYS, MEASURE_LABELS, validateHealthSettings, type Band } from "~/domain/health";
import { getHealthSettings, saveHealthSettings } from "~/models/health.server";
import { previewSettings, unflatten } from "~/services/health-settings.server";
import { recomputeHealth } from "~/services/health.server";

export const meta: MetaFunction = () => [{ title: "Health model · Affiliate Desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "health:configure");
  return { settings: getHealthSettings(getDatabase()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "health:configure");
  const form = Object.fromEntries(await request.formData());
  const intent = form.intent;
  delete form.intent;
  const values = unflatten(form);
  const checked = validateHealthSettings(values);
  if (!checked.ok) return data({ intent, errors: checked.fieldErrors, formErrors: checked.formErrors, preview: null }, { status: 400 });
  const database = getDatabase();
  if (intent === "preview") return { intent, errors: {}, formErrors: [], preview: previewSettings(database, checked.settings) };
  saveHealthSettings(database, checked.settings, user.id);
  const result = recomputeHealth(database, { settings: checked.settings, history: true });
  throw redirect("/settings/health", {
    headers: await flashToast(request, { message: `Saved. Every score recomputed (${result.affiliates} affiliates, every week) in ${result.durationMs} ms.` }),
  });
}

type Result = { intent?: string; errors: Record<string, string>; formErrors: string[]; preview: { changed: number; transitions: { from: Band | null; to: Band | null; count: number }[] } | null };

export default function HealthSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const preview = useFetcher<Result>();
  const navigation = useNavigation();
  const errors = { ...(result?.errors ?? {}), ...(preview.data?.errors ?? {}) };
  const formErrors = preview.data?.formErrors?.length ? preview.data.formErrors : (result?.formErrors ?? []);
  const shown = preview.data?.preview;
  const band = (b: Band | null) => (b ? BAND_LABELS[b] : "no score");
  return (
    <>
      <PageHeader title="Health model" description="How every affiliate's health score is computed. Saving recomputes every score." />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder radius="lg" p="md">
          <Form method="post" id="health-form">
            <Title order={4} mb="xs">
              Weights (they add up to 100)
            </Title>
            <SimpleGrid cols={2} mb="md">
              {MEASURE_KEYS.map((k) => (
                <NumberInput key={k} name={`weights.${k}`} label={MEASURE_LABELS[k]} defaultValue={settings.weights[k]} min={0} max={100} allowDecimal={false} error={errors[`weights.${k}`]} data-testid={`weight-${k}`} />
              ))}
            </SimpleGrid>
            <Title order={4} mb="xs">
              Bands
            </Title>
            <SimpleGrid cols={2} mb="md">
              <NumberInput name="healthyMin" label="Healthy from" defaultValue={settings.healthyMin} min={1} max={100} allowDecimal={false} error={errors.healthyMin} />
              <NumberInput name="watchMin" label="Watch from (below: at risk)" defaultValue={settings.watchMin} min={1} max={100} allowDecimal={false} error={errors.watchMin} />
            </SimpleGrid>
            <Title order={4} mb="xs">
              Early warning
            </Title>
            <Stack gap="xs" mb="md">
              <Group align="flex-end">
                <Checkbox name="alerts.scoreDrop.enabled" label="A drop of" defaultChecked={settings.alerts.scoreDrop.enabled} value="on" />
                <NumberInput name="alerts.scoreDrop.points" w={80} defaultValue={settings.alerts.scoreDrop.points} error={errors["alerts.scoreDrop.points"]} />
                <Text size="sm">points within</Text>
                <NumberInput name="alerts.scoreDrop.weeks" w={80} defaultValue={settings.alerts.scoreDrop.weeks} error={errors["alerts.scoreDrop.weeks"]} />
                <Text size="sm">weeks</Text>
              </Group>
              <Checkbox name="alerts.enteredAtRisk.enabled" label="Entering “at risk”" defaultChecked={settings.alerts.enteredAtRisk.enabled} value="on" />
              <Group align="flex-end">
                <Checkbox name="alerts.noTradedInvitee.enabled" label="No traded invitee for" defaultChecked={settings.alerts.noTradedInvitee.enabled} value="on" />
                <NumberInput name="alerts.noTradedInvitee.weeks" w={80} defaultValue={settings.alerts.noTradedInvitee.weeks} error={errors["alerts.noTradedInvitee.weeks"]} />
                <Text size="sm">weeks</Text>
              </Group>
              <Group align="flex-end">
                <Checkbox name="alerts.adoptersHalving.enabled" label="A product's adopters halving (from at least" defaultChecked={settings.alerts.adoptersHalving.enabled} value="on" />
                <NumberInput name="alerts.adoptersHalving.minPrevious" w={80} defaultValue={settings.alerts.adoptersHalving.minPrevious} error={errors["alerts.adoptersHalving.minPrevious"]} />
                <Text size="sm">)</Text>
              </Group>
            </Stack>
            {formErrors.length ? (
              <Alert color="red" mb="sm" data-testid="settings-errors">
                {formErrors.join(" ")}
              </Alert>
            ) : null}
            {shown ? (
              <Alert color="blue" mb="sm" data-testid="settings-preview">
                {shown.changed === 0 ? (
                  "No affiliate would change band."
                ) : (
                  <>
                    {shown.changed} affiliate{shown.changed === 1 ? "" : "s"} would change band:
                    <List size="sm">
                      {shown.transitions.map((t) => (
                        <List.Item key={`${t.from}-${t.to}`}>
                          {t.count} from {band(t.from)} to {band(t.to)}
                        </List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Alert>
            ) : null}
            <Group>
              <Button
                variant="default"
                loading={preview.state !== "idle"}
                data-testid="settings-preview-button"
                onClick={(e) => {
                  const formEl = (e.currentTarget as HTMLButtonElement).form!;
                  const body = new FormData(formEl);
                  body.set("intent", "preview");
                  preview.submit(body, { method: "post" });
                }}
              >
                Preview
              </Button>
              <Button type="submit" name="intent" value="save" loading={navigation.state === "submitting"} data-testid="settings-save">
                Save and recompute
              </Button>
            </Group>
          </Form>
        </Paper>
        <Card withBorder radius="lg">
          <Title order={4} mb="xs">
            How the score works
          </Title>
          <Text size="sm" mb="xs">
            Each measure gets a sub-score from 0 to 100 with a plain reason; the health score is their weighted mean. A measure without data is left out and
            the other weights are scaled up, and the affiliate's card says so.
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>Volume trend and traded-invitee trend: the last 4 weeks against the 8 before — −50 % or worse scores 0, flat 70, +25 % or better 100.</List.Item>
            <List.Item>Funnel conversion: first trades ÷ referrals over the last 12 weeks, against the median of affiliates of similar tenure — at the median 75.</List.Item>
            <List.Item>Cross-product breadth: how many of Futures, Earn, Options, Web3 Wallet and Fiat have adopters, against the team median — at the median 75.</List.Item>
            <List.Item>Engagement recency: 14 days or less since the last logged engagement scores 100, 60 days or more (or never) 0.</List.Item>
            <List.Item>Open incidents: the worst open one counts — none 100, SEV4 85, SEV3 60, SEV2 25, SEV1 0.</List.Item>
          </List>
          <Text size="sm" mt="xs">
            Bands: healthy from the healthy threshold, watch from the watch threshold, at risk below. Scores are taken after every import and every change
            here, one snapshot per affiliate and week. Early warnings raise an alert and a risk task for the owner, at most once per affiliate, rule and 4
            weeks.
          </Text>
        </Card>
      </SimpleGrid>
    </>
  );
}

export const ErrorBoundary = ErrorPage;
