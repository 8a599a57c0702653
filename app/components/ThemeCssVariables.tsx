import { convertCssVariables, DEFAULT_THEME, defaultCssVariablesResolver, mergeMantineTheme } from "@mantine/core";
import { theme } from "~/theme";

let css: string | undefined;

/**
 * The theme's CSS variables (those that differ from Mantine's defaults in its styles.css), as
 * MantineProvider renders them, computed once per process rather than on every render (~0.5 ms
 * of each page on the server). The provider in root.tsx has withCssVariables={false}; a unit
 * test checks that this string is what the provider would render.
 */
function themeCssVariables(): string {
  if (css === undefined) {
    const vars = defaultCssVariablesResolver(mergeMantineTheme(DEFAULT_THEME, theme));
    const defaults = defaultCssVariablesResolver(DEFAULT_THEME);
    const changed = (a: Record<string, string>, b: Record<string, string>) => Object.fromEntries(Object.entries(a).filter(([k, v]) => b[k] !== v));
    css = convertCssVariables(
      { variables: changed(vars.variables, defaults.variables), light: changed(vars.light, defaults.light), dark: changed(vars.dark, defaults.dark) },
    );
  }
  return css;
}

export function ThemeCssVariables() {
  return <style data-mantine-styles="true" dangerouslySetInnerHTML={{ __html: themeCssVariables() }} />;
}
