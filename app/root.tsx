import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/dropzone/styles.css";
import "@mantine/spotlight/styles.css";
import "./styles/app.css";
import { ColorSchemeScript, mantineHtmlProps, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import type { MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "./components/ErrorPage";
import { AfterHydration } from "./components/Hydrated";
import { ThemeCssVariables } from "./components/ThemeCssVariables";
import { theme } from "./theme";

export const meta: MetaFunction = () => [{ title: "Affiliate Desk" }];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="auto" />
      </head>
      <body>
        {/* The theme's CSS variables are static: rendered once, not by the provider on every page. */}
        <MantineProvider theme={theme} defaultColorScheme="auto" withCssVariables={false}>
          <ThemeCssVariables />
          {/* Mounted once hydrated: only the browser shows toasts (one shown while hydrating waits in Mantine's store). */}
          <AfterHydration before={null}>
            <Notifications position="top-right" />
          </AfterHydration>
          {children}
        </MantineProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
