import { Card, Checkbox, Group, MantineProvider, NativeSelect, Text, UnstyledButton } from "@mantine/core";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Delta } from "~/components/Delta";
import { KpiCard } from "~/components/KpiCard";
import { LiteButton, LiteCheckbox, LiteSelect } from "~/components/LiteInputs";
import { ThemeCssVariables } from "~/components/ThemeCssVariables";
import { theme } from "~/theme";

// The lite inputs must render exactly what Mantine renders (ids aside): if a Mantine upgrade
// changes its markup or classes, this fails and LiteInputs.tsx needs the same change.
const html = (el: ReactElement) =>
  renderToStaticMarkup(
    <MantineProvider theme={theme} withCssVariables={false}>
      {el}
    </MantineProvider>,
  ).replace(/ (id|for)="[^"]*?(-label)?"/g, ' $1="ID$2"');
const noop = () => {};

describe("lite inputs render Mantine's markup", () => {
  it("LiteSelect is a NativeSelect of size xs", () => {
    const data = [{ value: "healthy", label: "Healthy" }, { value: "at_risk", label: "At risk" }];
    expect(html(<LiteSelect label="Health" w={120} value="at_risk" data={data} placeholder="Any" onChange={noop} testId="filter-band" />)).toBe(
      html(<NativeSelect label="Health" size="xs" w={120} value="at_risk" data={[{ value: "", label: "Any" }, ...data]} onChange={noop} data-testid="filter-band" />),
    );
    expect(html(<LiteSelect ariaLabel="Rows per page" w={90} value="50" data={["25", "50", "100"]} onChange={noop} />)).toBe(
      html(<NativeSelect aria-label="Rows per page" size="xs" w={90} value="50" data={["25", "50", "100"]} onChange={noop} />),
    );
    expect(html(<LiteSelect label="Tier" value={null} data={["Gold"]} placeholder="Any" onChange={noop} />)).toBe(
      html(<NativeSelect label="Tier" size="xs" value="" data={[{ value: "", label: "Any" }, "Gold"]} onChange={noop} />),
    );
  });

  it("LiteCheckbox is a Checkbox of size xs", () => {
    for (const checked of [false, true]) {
      expect(html(<LiteCheckbox ariaLabel="Select Alpha" checked={checked} onChange={noop} testId="select-row" />)).toBe(
        html(<Checkbox size="xs" aria-label="Select Alpha" checked={checked} onChange={noop} data-testid="select-row" />),
      );
    }
  });
});

describe("the theme's CSS variables rendered once", () => {
  it("are what MantineProvider renders", () => {
    const provider = renderToStaticMarkup(
      <MantineProvider theme={theme}>
        <div />
      </MantineProvider>,
    );
    const own = renderToStaticMarkup(<ThemeCssVariables />);
    expect(own).toContain("--mantine-primary-color-filled");
    expect(provider).toContain(own);
  });
});

/** KpiCard as it was written with Mantine components: the reference for its plain markup. */
function MantineKpiCard({ label, value, pct, abs, hint, testId, lowerIsBetter }: Parameters<typeof KpiCard>[0]) {
  return (
    <Card withBorder radius="md" p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap={8} align="baseline" style={{ rowGap: 0 }}>
        <Text fz={22} fw={700} className="tabular">
          {value}
        </Text>
        {pct !== undefined ? <Delta pct={pct} abs={abs} lowerIsBetter={lowerIsBetter} /> : null}
      </Group>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

describe("KpiCard renders Mantine's Card, Text and Group markup", () => {
  it("with and without a delta, a hint, a test id", () => {
    const cases: Parameters<typeof KpiCard>[0][] = [
      { label: "Total volume", value: "$96.9M", pct: 0.08, abs: 5 },
      { label: "At risk", value: "12", pct: -0.2, abs: 3, hint: "health score below 50", testId: "card-at-risk", lowerIsBetter: true },
      { label: "Affiliates", value: "2,400", hint: "all" },
      { label: "Traded", value: "0", pct: null, abs: 0 },
    ];
    for (const c of cases) expect(html(<KpiCard {...c} />)).toBe(html(<MantineKpiCard {...c} />));
  });
});

describe("the sort header button renders UnstyledButton's markup", () => {
  it("is the same button", () => {
    expect(html(<LiteButton ariaLabel="Sort by Tier" style={{ fontWeight: 700, width: "100%" }} onClick={noop}>Tier ↓</LiteButton>)).toBe(
      html(<UnstyledButton aria-label="Sort by Tier" style={{ fontWeight: 700, width: "100%" }} onClick={noop}>Tier ↓</UnstyledButton>),
    );
  });
});
