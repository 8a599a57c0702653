import { Button, Popover, Select, Stack, Text } from "@mantine/core";
import { useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { PERIOD_PRESETS, type Period } from "~/domain/period";
import { formatDate } from "~/domain/format";
import { AfterHydration } from "./Hydrated";
import { MGroup } from "./MantineMarkup";
import { SmallButton } from "./LiteInputs";

/** The period in the URL: presets, or custom whole weeks chosen among the weeks with data. */
export function PeriodPicker({ period, weeks }: { period: Pick<Period, "key" | "from" | "to">; weeks: string[] }) {
  const [params, setParams] = useSearchParams();
  const [opened, setOpened] = useState(false);
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  // A new period in the URL (a preset, back/forward) resets the custom fields to its weeks.
  const [shown, setShown] = useState(period);
  if (shown.from !== period.from || shown.to !== period.to) {
    setShown(period);
    setFrom(period.from);
    setTo(period.to);
  }
  const choose = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const k of ["period", "from", "to", "page"]) p.delete(k);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    setParams(p, { preventScrollReset: true });
  };
  // Only the open popover lists the weeks.
  const options = opened ? weeks.map((w) => ({ value: w, label: `Week of ${formatDate(w)}` })) : [];
  const custom = (
    <SmallButton filled={period.key === "custom"} onClick={() => setOpened((o) => !o)}>
      Custom…
    </SmallButton>
  );
  return (
    <MGroup gap={6} testId="period-picker">
      {PERIOD_PRESETS.map((p) => (
        <SmallButton key={p.key} filled={period.key === p.key} onClick={() => choose({ period: p.key })} aria-pressed={period.key === p.key}>
          {p.label}
        </SmallButton>
      ))}
      <AfterHydration before={custom}>
        <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow>
          <Popover.Target>{custom}</Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs" w={260}>
              <Select label="From the week of" data={options} value={from} onChange={(v) => v && setFrom(v)} searchable comboboxProps={{ withinPortal: false }} />
              <Select label="To the week of" data={options} value={to} onChange={(v) => v && setTo(v)} searchable comboboxProps={{ withinPortal: false }} />
              {from > to ? (
                <Text size="xs" c="red">
                  The first week comes after the last.
                </Text>
              ) : null}
              <Button
                size="xs"
                disabled={from > to}
                onClick={() => {
                  setOpened(false);
                  choose({ period: "custom", from, to });
                }}
              >
                Apply
              </Button>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      </AfterHydration>
    </MGroup>
  );
}
