import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import type { Role } from "../../db/schema/users";
import { ROLE_LABELS } from "~/auth/permissions";
import { GlobalSearch } from "./GlobalSearch";
import { AfterHydration, HintTooltip } from "./Hydrated";
import { Icon, type IconName } from "./Icon";

export interface ShellUser {
  id: number;
  name: string;
  email: string;
  role: Role;
}

export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  badge?: number;
}

export function navItems(role: Role, overdueTasks = 0): NavItem[] {
  const items: NavItem[] = [
    { to: "/portfolio", label: "Portfolio", icon: "briefcase" },
    { to: "/tasks", label: "Tasks", icon: "check", badge: overdueTasks },
    { to: "/incidents", label: "Incidents", icon: "alert" },
    { to: "/imports", label: "Imports", icon: "upload" },
  ];
  if (role === "lead" || role === "admin") items.push({ to: "/team", label: "Team", icon: "users" }, { to: "/reports/weekly", label: "Weekly report", icon: "file" });
  items.push({ to: "/settings", label: "Settings", icon: "settings" });
  return items;
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: true });
  const next = computed === "dark" ? "light" : "dark";
  return (
    <HintTooltip label={`Switch to ${next} mode`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)} data-testid="color-scheme-toggle">
        <Icon name={computed === "dark" ? "sun" : "moon"} />
      </ActionIcon>
    </HintTooltip>
  );
}

export type Toast = { title?: string; message: string; color?: string } | null;

export function AppShellLayout({ user, toast, overdueTasks = 0, children }: { user: ShellUser; toast: Toast; overdueTasks?: number; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  useEffect(() => close(), [location.pathname, close]);
  useEffect(() => {
    if (toast) notifications.show({ title: toast.title, message: toast.message, color: toast.color ?? "green" });
  }, [toast]);

  const accountButton = (
    <UnstyledButton data-testid="user-menu" aria-label="Account menu">
      <Group gap={8}>
        <Stack gap={0} align="flex-end" visibleFrom="xs">
          <Text size="sm" fw={600} data-testid="user-name">
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" data-testid="user-role">
            {ROLE_LABELS[user.role]}
          </Text>
        </Stack>
        <Badge variant="light" radius="xl" size="lg">
          {user.name
            .split(/\s+/)
            .map((p) => p[0])
            .join("")
            .slice(0, 2)
            .toUpperCase()}
        </Badge>
      </Group>
    </UnstyledButton>
  );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/portfolio" style={{ textDecoration: "none", color: "inherit" }}>
              <Group gap={8}>
                <img src="/favicon.svg" alt="" width={26} height={26} />
                <Text fw={700} size="lg">
                  Affiliate Desk
                </Text>
              </Group>
            </Link>
          </Group>
          <Group gap="sm">
            <GlobalSearch />
            <ColorSchemeToggle />
            <AfterHydration before={accountButton}>
              <Menu position="bottom-end" withArrow>
                <Menu.Target>{accountButton}</Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{user.email}</Menu.Label>
                  <Menu.Item component={Link} to="/settings" leftSection={<Icon name="settings" size={14} />}>
                    Settings
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </AfterHydration>
            <Form method="post" action="/logout">
              <HintTooltip label="Sign out">
                <ActionIcon type="submit" variant="default" size="lg" aria-label="Sign out" data-testid="sign-out">
                  <Icon name="logout" />
                </ActionIcon>
              </HintTooltip>
            </Form>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print">
        <nav aria-label="Main">
          {navItems(user.role, overdueTasks).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              prefetch="intent"
              label={item.label}
              active={location.pathname === item.to || location.pathname.startsWith(item.to + "/")}
              leftSection={<Icon name={item.icon} size={18} />}
              rightSection={item.badge ? <Badge size="sm" color="red" circle={item.badge < 10} data-testid={`nav-badge-${item.label.toLowerCase()}`} aria-label={item.to === "/tasks" ? `${item.badge} overdue` : undefined}>{item.badge}</Badge> : null}
              style={{ borderRadius: "var(--mantine-radius-md)" }}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
