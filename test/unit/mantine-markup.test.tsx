import { Anchor, Badge, Group, MantineProvider, Progress, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { MAnchorButton, MAnchorLink, MBadge, MGroup, MProgress, MStack, MText, MTitle2 } from "~/components/MantineMarkup";
import { theme } from "~/theme";

// Each plain component must render exactly what the Mantine component it stands for renders with
// the same props: if a Mantine upgrade changes its markup, this fails.
const html = (el: ReactElement) =>
  renderToStaticMarkup(
    <MantineProvider theme={theme} withCssVariables={false}>
      <MemoryRouter>{el}</MemoryRouter>
    </MantineProvider>,
  ).replace(/^<style data-mantine-styles="classes">.*?<\/style>/, "");
const noop = () => {};
const same = (lite: ReactElement, mantine: ReactElement) => {
  const out = html(lite);
  expect(out).toBe(html(mantine));
  expect(out.length).toBeGreaterThan(20);
};

describe("the 360° page's plain components render Mantine's markup", () => {
  it("Text", () => {
    same(<MText size="sm">Verified</MText>, <Text size="sm">Verified</Text>);
    same(<MText size="sm" c="dimmed" testId="period-label">Label</MText>, <Text size="sm" c="dimmed" data-testid="period-label">Label</Text>);
    same(<MText size="xs" c="dimmed" mt="lg">x</MText>, <Text size="xs" c="dimmed" mt="lg">x</Text>);
    same(<MText size="xs" c="dimmed" mt={4}>and 3 more</MText>, <Text size="xs" c="dimmed" mt={4}>and 3 more</Text>);
    same(<MText span c="dimmed"> (peers 50%)</MText>, <Text span c="dimmed"> (peers 50%)</Text>);
    same(<MText span c="orange">unassigned</MText>, <Text span c="orange">unassigned</Text>);
    same(
      <MText size="sm" className="tabular">
        1,234 · 56%<MText span c="dimmed"> (peers 50%)</MText>
      </MText>,
      <Text size="sm" className="tabular">
        1,234 · 56%<Text span c="dimmed"> (peers 50%)</Text>
      </Text>,
    );
  });

  it("Group, Stack and Title", () => {
    same(<MGroup justify="space-between">a</MGroup>, <Group justify="space-between">a</Group>);
    same(<MGroup justify="space-between" mb="sm">a</MGroup>, <Group justify="space-between" mb="sm">a</Group>);
    same(<MGroup justify="space-between" align="flex-start" mb="md">a</MGroup>, <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">a</Group>);
    same(<MGroup gap="xs">a</MGroup>, <Group gap="xs">a</Group>);
    same(<MStack gap={4}>a</MStack>, <Stack gap={4}>a</Stack>);
    same(<MStack gap="xs">a</MStack>, <Stack gap="xs">a</Stack>);
    same(<MStack gap={2} align="flex-start">a</MStack>, <Stack gap={2} align="flex-start">a</Stack>);
    same(<MTitle2 testId="affiliate-name">Name</MTitle2>, <Title order={2} data-testid="affiliate-name">Name</Title>);
  });

  it("Badge", () => {
    same(<MBadge variant="light">network</MBadge>, <Badge variant="light">network</Badge>);
    same(<MBadge color="gray">paused</MBadge>, <Badge color="gray">paused</Badge>);
    same(<MBadge variant="outline">Mature · 17 mo</MBadge>, <Badge variant="outline">Mature · 17 mo</Badge>);
    same(<MBadge variant="outline" color="yellow">Gold</MBadge>, <Badge variant="outline" color="yellow">Gold</Badge>);
    for (const color of ["teal", "yellow", "red"])
      same(
        <MBadge color={color} testId="health-badge" title="Overridden: why">
          Watch · 40
        </MBadge>,
        <Badge color={color} data-testid="health-badge" title="Overridden: why">
          Watch · 40
        </Badge>,
      );
    same(<MBadge color="teal">Healthy · 80</MBadge>, <Badge color="teal" title={undefined}>Healthy · 80</Badge>);
    same(<MBadge size="xs" variant="dot" mr={4}>tag</MBadge>, <Badge size="xs" variant="dot" mr={4}>tag</Badge>);
    same(
      <MBadge color="orange" variant="light" size="sm" minWidth="max-content" title="3.0 points below the team median">
        Upsell opportunity
      </MBadge>,
      <Badge color="orange" variant="light" size="sm" miw="max-content" title="3.0 points below the team median">
        Upsell opportunity
      </Badge>,
    );
  });

  it("Progress", () => {
    for (const [value, color] of [[42.5, "orange"], [100, "indigo"], [0, "indigo"], [100 / 3, "orange"]] as const) same(<MProgress value={value} color={color} />, <Progress value={value} color={color} />);
  });

  it("Anchor", () => {
    same(<MAnchorLink to="/portfolio?period=4w">← Back</MAnchorLink>, <Anchor component={Link} to="/portfolio?period=4w">← Back</Anchor>);
    same(<MAnchorButton onClick={noop}>CODE1</MAnchorButton>, <Anchor size="sm" onClick={noop} component="button" type="button">CODE1</Anchor>);
  });
});
