import { Menu, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import type { Role } from "../../db/schema/users";
import { GlobalSearch } from "./GlobalSearch";
import { AfterHydration, HintTooltip } from "./Hydrated";
import { Icon, type IconName } from "./Icon";
import { AccountButton, Brand, HeaderRow, HeaderSide, IconButton, MenuBurger, NavItemLink, ShellFrame } from "./ShellParts";

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
      <IconButton label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)} testId="color-scheme-toggle">
        <Icon name={computed === "dark" ? "sun" : "moon"} />
      </IconButton>
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

  const accountButton = <AccountButton name={user.name} role={user.role} />;

  return (
    <ShellFrame
      navbarOpened={opened}
      header={
        <HeaderRow>
          <HeaderSide>
            <MenuBurger opened={opened} onClick={toggle} label="Toggle navigation" />
            <Brand />
          </HeaderSide>
          <HeaderSide>
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
                <IconButton type="submit" label="Sign out" testId="sign-out">
                  <Icon name="logout" />
                </IconButton>
              </HintTooltip>
            </Form>
          </HeaderSide>
        </HeaderRow>
      }
      navbar={
        <nav aria-label="Main">
          {navItems(user.role, overdueTasks).map((item) => (
            <NavItemLink
              key={item.to}
              {...item}
              badgeLabel={item.to === "/tasks" && item.badge ? `${item.badge} overdue` : undefined}
              active={location.pathname === item.to || location.pathname.startsWith(item.to + "/")}
            />
          ))}
        </nav>
      }
    >
      {children}
    </ShellFrame>
  );
}
