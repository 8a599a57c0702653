import { Alert, Button, Collapse, Group, Paper, SimpleGrid, Stepper, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Form, useFetcher } from "@remix-run/react";
import { formatInstant } from "~/domain/format";
import { allowedTransitions, INCIDENT_STATUSES, isReopen, passedStatuses, STATUS_LABELS, toUtcDateTimeInput, transitionLabel, type IncidentStatus } from "~/domain/incidents";
import type { ActionResult, IncidentView } from "./types";
import { statusFetcherKey, useIntentResult, useTransitionErrors } from "./intent-result";

/**
 * The lifecycle as a stepper with the transition buttons. A click moves the stepper at once
 * (optimistic, through a fetcher); a refusal (say, closing without the postmortem) puts it back
 * and says why.
 */
export function StatusStepper({ incident, canChange }: { incident: IncidentView; canChange: boolean }) {
  const fetcher = useFetcher<ActionResult>({ key: statusFetcherKey(incident.id) });
  const pendingTo = fetcher.state !== "idle" ? (fetcher.formData?.get("to") as IncidentStatus | null) : null;
  const status = pendingTo ?? incident.status;
  const errors = useTransitionErrors(incident.id);
  const error = errors.transition?.[0];
  const active = status === "closed" ? INCIDENT_STATUSES.length : INCIDENT_STATUSES.indexOf(status);
  return (
    <Paper withBorder radius="lg" p="md" data-testid="status-stepper" data-status={status}>
      <Stepper active={active} size="sm" allowNextStepsSelect={false}>
        {INCIDENT_STATUSES.map((s) => (
          <Stepper.Step key={s} label={STATUS_LABELS[s]} description={incident.statusTimes[s] != null && passedStatuses(status).includes(s) ? formatInstant(incident.statusTimes[s]) : undefined} />
        ))}
      </Stepper>
      {error ? (
        <Alert color="red" mt="md" data-testid="transition-error">
          {error}
        </Alert>
      ) : null}
      {canChange && allowedTransitions(status).length ? (
        <>
          {/* One form per transition: Enter in the reopen reason reopens, it never closes. */}
          <Group mt="md" align="flex-end">
            {allowedTransitions(status).map((to) => (
              <fetcher.Form key={to} method="post" preventScrollReset>
                <input type="hidden" name="intent" value="transition" />
                <Group gap="xs" align="flex-end">
                  {isReopen(status, to) ? <TextInput name="reason" size="sm" w={300} placeholder="Why reopen? (needed to reopen)" aria-label="Reason to reopen" error={errors.reason?.[0]} /> : null}
                  <Button
                    type="submit"
                    name="to"
                    value={to}
                    variant={isReopen(status, to) ? "default" : "filled"}
                    color={to === "closed" ? "gray" : undefined}
                    disabled={fetcher.state !== "idle"}
                    data-testid={`transition-${to}`}
                  >
                    {transitionLabel(status, to)}
                  </Button>
                </Group>
              </fetcher.Form>
            ))}
          </Group>
          {status === "mitigating" && !incident.resolution ? (
            <Text size="xs" c="dimmed" mt={6}>
              Resolving needs the resolution written below first.
            </Text>
          ) : null}
          {status === "resolved" ? (
            <Text size="xs" c="dimmed" mt={6}>
              Closing needs the postmortem (what happened, impact, actions). Reopen when the problem comes back: the first acknowledgement is kept, the later times start again.
            </Text>
          ) : null}
        </>
      ) : null}
      {canChange && incident.status !== "closed" ? <TimesForm incident={incident} /> : null}
    </Paper>
  );
}

/** Correct the transition times afterwards (in UTC); they must not decrease along the lifecycle. */
function TimesForm({ incident }: { incident: IncidentView }) {
  const { mine, typed } = useIntentResult("times");
  const [opened, { toggle }] = useDisclosure(!!mine);
  return (
    <>
      <Button variant="subtle" size="xs" mt="sm" onClick={toggle} data-testid="edit-times">
        {opened ? "Hide the times" : "Correct the times"}
      </Button>
      <Collapse in={opened || !!mine}>
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="times" />
          <Text size="xs" c="dimmed" mb="xs">
            Times are UTC and must follow the lifecycle: each one no earlier than the one before it.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {passedStatuses(incident.status).map((s) => (
              <TextInput
                key={s}
                type="datetime-local"
                name={`time_${s}`}
                label={STATUS_LABELS[s]}
                defaultValue={typed(`time_${s}`, toUtcDateTimeInput(incident.statusTimes[s]))}
                error={mine?.errors[`time_${s}`]?.[0]}
                data-testid={`time-${s}`}
              />
            ))}
          </SimpleGrid>
          <Button type="submit" size="xs" mt="sm" data-testid="save-times">
            Save times
          </Button>
        </Form>
      </Collapse>
    </>
  );
}
