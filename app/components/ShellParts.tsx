import { Link } from "@remix-run/react";
import { forwardRef, useEffect, useState, type ComponentPropsWithoutRef, type CSSProperties, type ReactNode } from "react";
import type { Role } from "../../db/schema/users";
import { ROLE_LABELS } from "~/auth/permissions";
import { Icon, type IconName } from "./Icon";
import { BORDER, cx, GAP_8, groupStyle, TEXT_CLASS, textStyle } from "./mantine-markup";

/*
 * The app shell's repeated parts — navigation links, the header's buttons, the account button —
 * as the plain markup Mantine's NavLink, ActionIcon, UnstyledButton, Group, Stack, Text, Badge
 * and Kbd render for them: the same elements, classes, data attributes and CSS variables. The
 * shell is on every page, and its ~40 Mantine components cost ~2.5 ms of server time per request
 * (theme, style props, context each). test/unit/lite-markup.test.tsx renders the Mantine
 * originals beside these and requires the same HTML, so a Mantine upgrade that changes its
 * markup fails a test instead of drifting.
 */

const NAV_LINK = "mantine-focus-auto m_f0824112 mantine-NavLink-root m_87cf2631 mantine-UnstyledButton-root";
const NAV_STYLE: CSSProperties = { borderRadius: "var(--mantine-radius-md)" };
const BADGE_SM_RED = {
  "--badge-height": "var(--badge-height-sm)",
  "--badge-padding-x": "var(--badge-padding-x-sm)",
  "--badge-fz": "var(--badge-fz-sm)",
  "--badge-bg": "var(--mantine-color-red-filled)",
  "--badge-color": "var(--mantine-color-white)",
  "--badge-bd": `${BORDER} transparent`,
} as CSSProperties;

/** A navigation link (Mantine NavLink with a Remix Link, an icon and an optional red count). */
export function NavItemLink({ to, label, icon, badge, badgeLabel, active }: { to: string; label: string; icon: IconName; badge?: number; badgeLabel?: string; active: boolean }) {
  return (
    <Link to={to} prefetch="intent" style={NAV_STYLE} className={NAV_LINK} data-active={active || undefined}>
      <span className="m_690090b5 mantine-NavLink-section" data-position="left">
        <Icon name={icon} size={18} />
      </span>
      <div className="m_f07af9d2 mantine-NavLink-body">
        <span className="m_1f6ac4c4 mantine-NavLink-label">{label}</span>
        <span className="m_57492dcc mantine-NavLink-description" data-active={active || undefined}></span>
      </div>
      <span className="m_690090b5 mantine-NavLink-section" data-position="right">
        {badge ? (
          <div style={BADGE_SM_RED} className="m_347db0ec mantine-Badge-root" data-size="sm" data-circle={badge < 10 || undefined} data-testid={`nav-badge-${label.toLowerCase()}`} aria-label={badgeLabel}>
            <span className="m_5add502a mantine-Badge-label">{badge}</span>
          </div>
        ) : null}
      </span>
    </Link>
  );
}

const ICON_BUTTON = {
  "--ai-size": "var(--ai-size-lg)",
  "--ai-bg": "var(--mantine-color-default)",
  "--ai-hover": "var(--mantine-color-default-hover)",
  "--ai-color": "var(--mantine-color-default-color)",
  "--ai-bd": `${BORDER} var(--mantine-color-default-border)`,
} as CSSProperties;
const ICON_BUTTON_CLASS = "mantine-focus-auto mantine-active m_8d3f4000 mantine-ActionIcon-root m_87cf2631 mantine-UnstyledButton-root";

/**
 * A square icon button (Mantine ActionIcon, variant default, size lg). Keep its aria-label. It
 * takes a ref and passes other props on, for a Tooltip or a Menu.Target wrapping it.
 */
export const IconButton = forwardRef<HTMLButtonElement, { label: string; type?: "button" | "submit"; hiddenFrom?: "sm"; testId?: string; children: ReactNode } & Omit<ComponentPropsWithoutRef<"button">, "type">>(
  function IconButton({ label, type = "button", hiddenFrom, testId, children, className, ...rest }, ref) {
    // A Tooltip or Menu.Target passes a className of its own (empty unless given): added to ours.
    return (
      <button ref={ref} style={ICON_BUTTON} className={cx(ICON_BUTTON_CLASS, hiddenFrom && `mantine-hidden-from-${hiddenFrom}`, className)} data-variant="default" data-size="lg" type={type} aria-label={label} data-testid={testId} {...rest}>
        <span className="m_8d3afb97 mantine-ActionIcon-icon">{children}</span>
      </button>
    );
  },
);

const ROW_8 = groupStyle(GAP_8);

const NAME = textStyle("sm", { fontWeight: 600 });
const ROLE = textStyle("xs", { color: "var(--mantine-color-dimmed)" });
const NAME_STACK = { "--stack-gap": "0rem", "--stack-align": "flex-end", "--stack-justify": "flex-start" } as CSSProperties;
const INITIALS = {
  "--badge-height": "var(--badge-height-lg)",
  "--badge-padding-x": "var(--badge-padding-x-lg)",
  "--badge-fz": "var(--badge-fz-lg)",
  "--badge-radius": "var(--mantine-radius-xl)",
  "--badge-bg": "var(--mantine-color-indigo-light)",
  "--badge-color": "var(--mantine-color-indigo-light-color)",
  "--badge-bd": `${BORDER} transparent`,
} as CSSProperties;

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/** The account button: name and role (from xs up) and the initials (UnstyledButton, Group, Stack, Text, Badge). */
export const AccountButton = forwardRef<HTMLButtonElement, { name: string; role: Role } & ComponentPropsWithoutRef<"button">>(function AccountButton({ name, role, className, ...rest }, ref) {
  // `rest`: the handlers and aria attributes Mantine's Menu.Target adds once hydrated (its
  // className, empty unless given, is added to ours).
  return (
    <button ref={ref} className={cx("mantine-focus-auto m_87cf2631 mantine-UnstyledButton-root", className)} type="button" data-testid="user-menu" aria-label="Account menu" {...rest}>
      <div style={ROW_8} className="m_4081bf90 mantine-Group-root">
        <div style={NAME_STACK} className="m_6d731127 mantine-Stack-root mantine-visible-from-xs">
          <p style={NAME} className={TEXT_CLASS} data-size="sm" data-testid="user-name">
            {name}
          </p>
          <p style={ROLE} className={TEXT_CLASS} data-size="xs" data-testid="user-role">
            {ROLE_LABELS[role]}
          </p>
        </div>
        <div style={INITIALS} className="m_347db0ec mantine-Badge-root" data-variant="light" data-size="lg">
          <span className="m_5add502a mantine-Badge-label">{initials(name)}</span>
        </div>
      </div>
    </button>
  );
});

const HEADER_ROW = groupStyle("var(--mantine-spacing-md)", { justify: "space-between" }, { paddingInline: "var(--mantine-spacing-md)", height: "100%" });
const HEADER_SIDE = groupStyle("var(--mantine-spacing-sm)");
const BRAND = textStyle("lg", { fontWeight: 700 });

/** The header's two sides (Mantine Group h="100%" px="md" justify="space-between", and Group gap="sm"). */
export function HeaderRow({ children }: { children: ReactNode }) {
  return (
    <div style={HEADER_ROW} className="m_4081bf90 mantine-Group-root">
      {children}
    </div>
  );
}

export function HeaderSide({ children }: { children: ReactNode }) {
  return (
    <div style={HEADER_SIDE} className="m_4081bf90 mantine-Group-root">
      {children}
    </div>
  );
}

/** The logo and the product's name, linking to the portfolio. */
export function Brand() {
  return (
    <Link to="/portfolio" style={{ textDecoration: "none", color: "inherit" }}>
      <div style={ROW_8} className="m_4081bf90 mantine-Group-root">
        <img src="/favicon.svg" alt="" width={26} height={26} />
        <p style={BRAND} className={TEXT_CLASS} data-size="lg">
          Affiliate Desk
        </p>
      </div>
    </Link>
  );
}

const SEARCH_BUTTON: CSSProperties = { border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)", padding: "5px 10px", width: 270 };
const SEARCH_ROW = groupStyle(GAP_8, { justify: "space-between", wrap: "nowrap" });
const SEARCH_LEFT = groupStyle(GAP_8, { wrap: "nowrap" }, { minWidth: "0rem" });
const SEARCH_HINT = textStyle("sm", { color: "var(--mantine-color-dimmed)" });
const KBD = { "--kbd-fz": "var(--kbd-fz-xs)", whiteSpace: "nowrap", flexShrink: 0 } as CSSProperties;

/** The header's search button from sm up (UnstyledButton, Group, Text, Kbd): it names the shortcut. */
export function SearchBox({ onClick }: { onClick: () => void }) {
  return (
    <button style={SEARCH_BUTTON} className="mantine-focus-auto m_87cf2631 mantine-UnstyledButton-root mantine-visible-from-sm" type="button" aria-label="Search (Ctrl+K)" data-testid="search-button" onClick={onClick}>
      <div style={SEARCH_ROW} className="m_4081bf90 mantine-Group-root">
        <div style={SEARCH_LEFT} className="m_4081bf90 mantine-Group-root">
          <Icon name="search" size={16} />
          <p style={SEARCH_HINT} className={TEXT_CLASS} data-size="sm" data-truncate="end">
            Search affiliates…
          </p>
        </div>
        <kbd style={KBD} className="m_dc6f14e2 mantine-Kbd-root" data-size="xs">
          Ctrl K
        </kbd>
      </div>
    </button>
  );
}

/*
 * Mantine AppShell with the shell's one configuration (header 56 px; navbar 230 px from "sm", a
 * drawer below it; padding md) and Burger: the same markup, including the inline style sheet
 * AppShell writes for its sizes, without its per-render theme and style work on every page.
 */
const SHELL_SIZES =
  ":root{--app-shell-navbar-width:calc(14.375rem * var(--mantine-scale));--app-shell-navbar-offset:calc(14.375rem * var(--mantine-scale));--app-shell-header-height:calc(3.5rem * var(--mantine-scale));--app-shell-header-offset:calc(3.5rem * var(--mantine-scale));--app-shell-padding:var(--mantine-spacing-md);}";
/** Below "sm" the navbar is a full-width drawer, moved out of view unless opened (Mantine's two media blocks, as it writes them). */
const SHELL_SHEET = {
  closed: `${SHELL_SIZES}@media(max-width: 47.99375em){:root{--app-shell-navbar-width:100%;--app-shell-navbar-offset:0px;--app-shell-navbar-transform:translateX(calc(var(--app-shell-navbar-width) * -1));--app-shell-navbar-transform-rtl:translateX(var(--app-shell-navbar-width));}}`,
  opened: `${SHELL_SIZES}@media(max-width: 48em){:root{--app-shell-navbar-offset:0px;--app-shell-navbar-width:100%;}}`,
};
const SHELL_ROOT = { "--app-shell-transition-duration": "200ms", "--app-shell-transition-timing-function": "ease" } as CSSProperties;
const SHELL_HEADER = { "--app-shell-header-z-index": 100 } as CSSProperties;
const SHELL_NAVBAR = { "--app-shell-navbar-z-index": "calc(100 + 1)", padding: "var(--mantine-spacing-xs)" } as CSSProperties;

/** True while the window is being resized and just after mounting: AppShell's CSS turns its transitions off then (Mantine's useResizing). */
function useResizing(ms = 200) {
  const [resizing, setResizing] = useState(true);
  useEffect(() => {
    let timer = window.setTimeout(() => setResizing(false), ms);
    const onResize = () => {
      setResizing(true);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setResizing(false), ms);
    };
    window.addEventListener("resize", onResize);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener("resize", onResize);
    };
  }, [ms]);
  return resizing;
}

/** The page frame: header, navbar (a drawer on phones, shown when `navbarOpened`) and main. Header and navbar are not printed. */
export function ShellFrame({ navbarOpened, header, navbar, children }: { navbarOpened: boolean; header: ReactNode; navbar: ReactNode; children: ReactNode }) {
  const resizing = useResizing();
  return (
    <>
      <style data-mantine-styles="inline" dangerouslySetInnerHTML={{ __html: navbarOpened ? SHELL_SHEET.opened : SHELL_SHEET.closed }} />
      <div style={SHELL_ROOT} className="m_89ab340 mantine-AppShell-root" data-resizing={resizing || undefined} data-mode="fixed">
        <header style={SHELL_HEADER} className="m_3b16f56b mantine-AppShell-header right-scroll-bar-position no-print" data-with-border="true">
          {header}
        </header>
        <nav style={SHELL_NAVBAR} className="m_45252eee mantine-AppShell-navbar no-print" data-with-border="true">
          {navbar}
        </nav>
        <main className="m_8983817 mantine-AppShell-main">{children}</main>
      </div>
    </>
  );
}

const BURGER = { "--burger-size": "var(--burger-size-sm)" } as CSSProperties;

/** The navbar's toggle below "sm" (Burger size="sm" hiddenFrom="sm"). */
export function MenuBurger({ opened, onClick, label }: { opened: boolean; onClick: () => void; label: string }) {
  return (
    <button style={BURGER} className="mantine-focus-auto m_fea6bf1a mantine-Burger-root m_87cf2631 mantine-UnstyledButton-root mantine-hidden-from-sm" data-size="sm" type="button" aria-label={label} onClick={onClick}>
      <div className="m_d4fb9cad mantine-Burger-burger" data-reduce-motion="true" data-opened={opened || undefined} />
    </button>
  );
}
