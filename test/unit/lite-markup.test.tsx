import { ActionIcon, AppShell, Badge, Burger, Button, Card, Checkbox, Group, Kbd, MantineProvider, Menu, NativeSelect, NavLink, Pagination, Paper, Popover, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip, UnstyledButton } from "@mantine/core";
import { Link } from "@remix-run/react";
import { MemoryRouter } from "react-router-dom";
import fs from "node:fs";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Delta } from "~/components/Delta";
import { LITE_GRIDS, LiteGrid, SectionCard } from "~/components/Lite";
import { MGroup, MPaper, MText } from "~/components/MantineMarkup";
import { Icon } from "~/components/Icon";
import { AccountButton, Brand, HeaderRow, HeaderSide, IconButton, MenuBurger, NavItemLink, SearchBox, ShellFrame } from "~/components/ShellParts";
import { KpiCard } from "~/components/KpiCard";
import { LiteButton, LiteCheckbox, LiteLabelledCheckbox, LitePagination, LiteSelect, LiteTextInput, SmallButton, SmallLinkButton } from "~/components/LiteInputs";
import { PageHeader } from "~/components/PageHeader";
import { LiteScrollContainer, LiteTable, LiteTbody, LiteTd, LiteTh, LiteThead, LiteTr } from "~/components/LiteTable";
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
    expect(html(<LiteSelect label="VIP" name="ivip" w={80} defaultValue="3" data={["2", "3"]} placeholder="Any" />)).toBe(
      html(<NativeSelect label="VIP" name="ivip" size="xs" w={80} defaultValue="3" data={[{ value: "", label: "Any" }, "2", "3"]} />),
    );
    expect(html(<LiteSelect label="Tier" value={null} data={["Gold"]} placeholder="Any" onChange={noop} />)).toBe(
      html(<NativeSelect label="Tier" size="xs" value="" data={[{ value: "", label: "Any" }, "Gold"]} onChange={noop} />),
    );
  });

  it("LiteCheckbox is Mantine's checkbox input, in one element, with the mixed state for a partial selection", () => {
    expect(html(<LiteCheckbox ariaLabel="Select Alpha" checked onChange={noop} testId="select-row" />)).toContain(
      '<input class="mantine-focus-auto m_26063560 lite-check" type="checkbox" aria-label="Select Alpha" data-testid="select-row" checked=""/>',
    );
    // Mantine's own checkbox input carries the same class.
    expect(html(<Checkbox size="xs" aria-label="Select Alpha" checked onChange={noop} />)).toContain('class="mantine-focus-auto m_26063560 mantine-Checkbox-input"');
    expect(html(<LiteCheckbox ariaLabel="Select the page" checked={false} indeterminate onChange={noop} />)).toContain('aria-checked="mixed" data-indeterminate="true"');
  });

  it("LiteLabelledCheckbox is Checkbox (xs, with its label, mb 6), checked or not", () => {
    for (const checked of [false, true])
      expect(html(<LiteLabelledCheckbox label="Open incident" checked={checked} onChange={noop} />)).toBe(html(<Checkbox label="Open incident" size="xs" mb={6} checked={checked} onChange={noop} />));
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
    expect(html(<LiteButton ariaLabel="Sort by Tier" onClick={noop}>Tier ↓</LiteButton>)).toBe(
      html(<UnstyledButton aria-label="Sort by Tier" onClick={noop}>Tier ↓</UnstyledButton>),
    );
    expect(html(<LiteButton ariaLabel="Sort by Tier" className="lite-sort" onClick={noop}>Tier ↓</LiteButton>)).toBe(
      html(<UnstyledButton aria-label="Sort by Tier" className="lite-sort" onClick={noop}>Tier ↓</UnstyledButton>),
    );
  });
});

describe("LiteTable renders Mantine's Table markup", () => {
  it("plain, striped, with a margin, classes, alignment and a test id", () => {
    const rows = [["Futures", "195"], ["Earn", "103"]];
    for (const striped of [false, true]) {
      expect(
        html(
          <LiteTable striped={striped} mt="sm" className="tabular" testId="t">
            <LiteThead>
              <LiteTr>
                <LiteTh>Product</LiteTh>
                <LiteTh ta="right">Adopters</LiteTh>
                <LiteTh />
              </LiteTr>
            </LiteThead>
            <LiteTbody className="tabular">
              {rows.map(([a, b]) => (
                <LiteTr key={a}>
                  <LiteTd>{a}</LiteTd>
                  <LiteTd ta="right">{b}</LiteTd>
                  <LiteTd />
                </LiteTr>
              ))}
            </LiteTbody>
          </LiteTable>,
        ),
      ).toBe(
        html(
          <Table striped={striped} mt="sm" className="tabular" data-testid="t">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Product</Table.Th>
                <Table.Th ta="right">Adopters</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody className="tabular">
              {rows.map(([a, b]) => (
                <Table.Tr key={a}>
                  <Table.Td>{a}</Table.Td>
                  <Table.Td ta="right">{b}</Table.Td>
                  <Table.Td />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>,
        ),
      );
    }
    expect(html(<LiteTable><LiteTbody><LiteTr><LiteTd>x</LiteTd></LiteTr></LiteTbody></LiteTable>)).toBe(
      html(<Table><Table.Tbody><Table.Tr><Table.Td>x</Table.Td></Table.Tr></Table.Tbody></Table>),
    );
  });
});

describe("the shell's parts render Mantine's markup", () => {
  const inRouter = (el: ReactElement) => html(<MemoryRouter>{el}</MemoryRouter>);
  it("NavItemLink is a NavLink with a Remix Link, active or not, with and without a count", () => {
    const cases = [
      { active: true, badge: 3, badgeLabel: "3 overdue" },
      { active: false, badge: 12 },
      { active: false, badge: 0 },
    ];
    for (const c of cases) {
      expect(inRouter(<NavItemLink to="/tasks" label="Tasks" icon="check" {...c} />)).toBe(
        inRouter(
          <NavLink
            component={Link}
            to="/tasks"
            prefetch="intent"
            label="Tasks"
            active={c.active}
            leftSection={<Icon name="check" size={18} />}
            rightSection={c.badge ? <Badge size="sm" color="red" circle={c.badge < 10} data-testid="nav-badge-tasks" aria-label={c.badgeLabel}>{c.badge}</Badge> : null}
            style={{ borderRadius: "var(--mantine-radius-md)" }}
          />,
        ),
      );
    }
  });

  it("IconButton is an ActionIcon (default, lg)", () => {
    expect(html(<IconButton label="Sign out" type="submit" testId="sign-out"><i /></IconButton>)).toBe(
      html(<ActionIcon type="submit" variant="default" size="lg" aria-label="Sign out" data-testid="sign-out"><i /></ActionIcon>),
    );
    expect(html(<IconButton label="Search" hiddenFrom="sm"><i /></IconButton>)).toBe(html(<ActionIcon variant="default" size="lg" hiddenFrom="sm" aria-label="Search"><i /></ActionIcon>));
  });

  it("the account button, the header rows, the brand and the search box", () => {
    expect(html(<AccountButton name="Lena Novak" role="lead" />)).toBe(
      html(
        <UnstyledButton data-testid="user-menu" aria-label="Account menu">
          <Group gap={8}>
            <Stack gap={0} align="flex-end" visibleFrom="xs">
              <Text size="sm" fw={600} data-testid="user-name">Lena Novak</Text>
              <Text size="xs" c="dimmed" data-testid="user-role">Team lead</Text>
            </Stack>
            <Badge variant="light" radius="xl" size="lg">LN</Badge>
          </Group>
        </UnstyledButton>,
      ),
    );
    expect(inRouter(<HeaderRow><HeaderSide><Brand /></HeaderSide></HeaderRow>)).toBe(
      inRouter(
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Link to="/portfolio" style={{ textDecoration: "none", color: "inherit" }}>
              <Group gap={8}>
                <img src="/favicon.svg" alt="" width={26} height={26} />
                <Text fw={700} size="lg">Affiliate Desk</Text>
              </Group>
            </Link>
          </Group>
        </Group>,
      ),
    );
    expect(html(<SearchBox onClick={noop} />)).toBe(
      html(
        <UnstyledButton onClick={noop} visibleFrom="sm" aria-label="Search (Ctrl+K)" data-testid="search-button" style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)", padding: "5px 10px", width: 270 }}>
          <Group gap={8} justify="space-between" wrap="nowrap">
            <Group gap={8} wrap="nowrap" miw={0}>
              <Icon name="search" size={16} />
              <Text size="sm" c="dimmed" truncate="end">Search affiliates…</Text>
            </Group>
            <Kbd size="xs" style={{ whiteSpace: "nowrap", flexShrink: 0 }}>Ctrl K</Kbd>
          </Group>
        </UnstyledButton>,
      ),
    );
  });

  it("the frame is AppShell (header, navbar drawer, main) and the burger is Burger, closed and opened", () => {
    for (const opened of [false, true]) {
      // AppShell's root id (useId) is only used by its "static" mode; the frame has none.
      const mantine = html(
        <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
          <AppShell.Header className="no-print">head</AppShell.Header>
          <AppShell.Navbar p="xs" className="no-print">links</AppShell.Navbar>
          <AppShell.Main>page</AppShell.Main>
        </AppShell>,
      ).replace(' id="ID"', "");
      expect(html(<ShellFrame navbarOpened={opened} header="head" navbar="links">page</ShellFrame>)).toBe(mantine);
      expect(html(<MenuBurger opened={opened} onClick={noop} label="Toggle navigation" />)).toBe(html(<Burger opened={opened} onClick={noop} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />));
    }
  });
});

describe("LiteGrid's static rules are SimpleGrid's", () => {
  // Each layout's columns per breakpoint, as SimpleGrid writes them in its generated <style>,
  // against the .lite-grid-* rules of app.css.
  const css = fs.readFileSync("app/styles/app.css", "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const media = [...css.matchAll(/@media \(min-width: ([\d.]+em)\) \{([\s\S]*?)\n\}/g)];
  const topLevel = media.reduce((rest, m) => rest.replace(m[0], ""), css);
  const colsIn = (block: string, layout: string) => new RegExp(`\\.lite-grid-${layout} \\{\\s*--sg-cols: (\\d+);`).exec(block)?.[1];
  const colsFromCss = (layout: string) => {
    const out: Record<string, string | undefined> = { base: colsIn(topLevel, layout) };
    for (const m of media) if (colsIn(m[2], layout)) out[m[1]] = colsIn(m[2], layout);
    return out;
  };
  const colsFromMantine = (cols: Record<string, number>) => {
    const style = html(<SimpleGrid cols={cols}><i /></SimpleGrid>).match(/<style data-mantine-styles="inline">(.*?)<\/style>/)![1];
    const out: Record<string, string> = { base: /\{[^{}]*--sg-cols:(\d+);/.exec(style)![1] };
    for (const m of style.matchAll(/@media\(min-width: ([\d.]+em)\)\{[^{]*\{--sg-cols:(\d+);/g)) out[m[1]] = m[2];
    return out;
  };
  it.each(Object.entries(LITE_GRIDS))("%s", (layout, cols) => {
    expect(colsFromCss(layout)).toEqual(colsFromMantine(cols));
    expect(html(<LiteGrid layout={layout as keyof typeof LITE_GRIDS}><i /></LiteGrid>)).toContain('class="m_2415a157 mantine-SimpleGrid-root');
  });
});

describe("SmallButton renders Mantine's Button (xs)", () => {
  it("filled and default, with attributes", () => {
    expect(html(<SmallButton filled aria-pressed onClick={noop}>Last 4 weeks</SmallButton>)).toBe(html(<Button size="xs" variant="filled" aria-pressed onClick={noop}>Last 4 weeks</Button>));
    expect(html(<SmallButton aria-pressed={false} data-testid="x">Custom…</SmallButton>)).toBe(html(<Button size="xs" variant="default" aria-pressed={false} data-testid="x">Custom…</Button>));
  });
});

describe("SectionCard renders Mantine's Card and Text", () => {
  it("with and without a note", () => {
    expect(html(<SectionCard title="Countries" testId="countries"><i /></SectionCard>)).toBe(
      html(
        <Card withBorder radius="lg" data-testid="countries">
          <Text fw={600} mb="xs">Countries</Text>
          <i />
        </Card>,
      ),
    );
    expect(html(<SectionCard title="Funnel" note="Each stage's conversion"><i /></SectionCard>)).toBe(
      html(
        <Card withBorder radius="lg">
          <Text fw={600}>Funnel</Text>
          <Text size="xs" c="dimmed" mb="sm">Each stage's conversion</Text>
          <i />
        </Card>,
      ),
    );
  });
});

describe("the lite buttons keep their classes inside Mantine's targets", () => {
  // Menu.Target, Popover.Target and Tooltip clone their child with a className of their own
  // (empty unless given): the button's classes must survive it.
  it("AccountButton in a Menu, SmallButton in a Popover, IconButton in a Tooltip", () => {
    expect(html(<Menu><Menu.Target><AccountButton name="Lena Novak" role="lead" /></Menu.Target></Menu>)).toContain('class="mantine-focus-auto m_87cf2631 mantine-UnstyledButton-root"');
    expect(html(<Popover><Popover.Target><SmallButton>Custom…</SmallButton></Popover.Target></Popover>)).toContain('class="mantine-focus-auto mantine-active m_77c9d27d mantine-Button-root');
    expect(html(<Tooltip label="Search"><IconButton label="Search" hiddenFrom="sm"><i /></IconButton></Tooltip>)).toContain("mantine-ActionIcon-root m_87cf2631 mantine-UnstyledButton-root mantine-hidden-from-sm");
  });
});

describe("page layout in Mantine's markup", () => {
  it("MGroup, MPaper and MText as the pages use them are Group, Paper and Text", () => {
    expect(html(<MGroup><i /></MGroup>)).toBe(html(<Group><i /></Group>));
    expect(html(<MGroup justify="space-between" mb="md"><i /></MGroup>)).toBe(html(<Group justify="space-between" mb="md"><i /></Group>));
    expect(html(<MGroup gap="xs" align="flex-end"><i /></MGroup>)).toBe(html(<Group gap="xs" align="flex-end"><i /></Group>));
    expect(html(<MGroup gap="xs" ml="auto"><i /></MGroup>)).toBe(html(<Group gap="xs" ml="auto"><i /></Group>));
    expect(html(<MGroup gap={6} testId="g"><i /></MGroup>)).toBe(html(<Group gap={6} data-testid="g"><i /></Group>));
    expect(html(<MGroup justify="space-between" p="sm"><i /></MGroup>)).toBe(html(<Group justify="space-between" p="sm"><i /></Group>));
    expect(html(<MPaper p="sm" mb="sm"><i /></MPaper>)).toBe(html(<Paper withBorder radius="lg" p="sm" mb="sm"><i /></Paper>));
    expect(html(<MPaper><i /></MPaper>)).toBe(html(<Paper withBorder radius="lg"><i /></Paper>));
    expect(html(<MText size="sm" c="dimmed" testId="n">12 affiliates</MText>)).toBe(html(<Text size="sm" c="dimmed" data-testid="n">12 affiliates</Text>));
  });

  it("PageHeader is the Group, Stack, Title and Text it was written with", () => {
    const mantine = (description?: string, actions?: ReactElement) => (
      <Group justify="space-between" align="flex-end" mb="lg" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>Portfolio</Title>
          {description ? <Text c="dimmed" size="sm">{description}</Text> : null}
        </Stack>
        {actions ? <Group gap="xs">{actions}</Group> : null}
      </Group>
    );
    const actions = <SmallLinkButton href="/x.csv">CSV</SmallLinkButton>;
    expect(html(<PageHeader title="Portfolio" />)).toBe(html(mantine()));
    expect(html(<PageHeader title="Portfolio" description="Last 12 weeks" actions={actions} />)).toBe(html(mantine("Last 12 weeks", actions)));
  });

  it("SmallButton and SmallLinkButton with a left section are Mantine's Button", () => {
    const icon = <Icon name="download" size={14} />;
    expect(html(<SmallButton leftSection={icon} data-testid="saved-views">Views</SmallButton>)).toBe(
      html(<Button size="xs" variant="default" leftSection={icon} data-testid="saved-views">Views</Button>),
    );
    expect(html(<SmallLinkButton href="/portfolio/view.csv?sort=name" leftSection={icon}>CSV of this view</SmallLinkButton>)).toBe(
      html(<Button component="a" href="/portfolio/view.csv?sort=name" variant="default" size="xs" leftSection={icon}>CSV of this view</Button>),
    );
  });

  it("LiteTextInput is TextInput (xs) with a label and a left section", () => {
    const icon = <Icon name="search" size={14} />;
    expect(html(<LiteTextInput label="Search" placeholder="Name, uid or referral code" defaultValue="alpha" w={220} leftSection={icon} onKeyDown={noop} testId="s" />)).toBe(
      html(<TextInput label="Search" placeholder="Name, uid or referral code" defaultValue="alpha" size="xs" w={220} leftSection={icon} onKeyDown={noop} data-testid="s" />),
    );
    expect(html(<LiteTextInput label="Code" defaultValue="" />)).toBe(html(<TextInput label="Code" defaultValue="" size="xs" />));
  });

  it("the portfolio's table: a dense, hover-highlighted table in a native scroll container", () => {
    expect(
      html(
        <LiteScrollContainer minWidth={1250}>
          <LiteTable dense testId="t">
            <LiteThead><LiteTr hover><th>h</th></LiteTr></LiteThead>
            <LiteTbody onClick={noop}><tr><td>x</td></tr></LiteTbody>
          </LiteTable>
        </LiteScrollContainer>,
      ),
    ).toBe(
      html(
        <Table.ScrollContainer minWidth={1250} type="native">
          <Table highlightOnHover verticalSpacing={6} data-testid="t">
            <Table.Thead><Table.Tr><th>h</th></Table.Tr></Table.Thead>
            <Table.Tbody onClick={noop}><tr><td>x</td></tr></Table.Tbody>
          </Table>
        </Table.ScrollContainer>,
      ),
    );
  });

  it("LitePagination is Pagination (sm) for every page of 1 to 12 pages and of 97", () => {
    for (const total of [1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 97])
      for (let value = 1; value <= total; value++)
        expect(html(<LitePagination total={total} value={value} onChange={noop} testId="p" />), `${value} of ${total}`).toBe(
          html(<Pagination size="sm" total={total} value={value} onChange={noop} data-testid="p" />),
        );
  });
});
