import { Badge, Group, Loader, Text } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { Spotlight, spotlight } from "@mantine/spotlight";
import { useFetcher, useNavigate } from "@remix-run/react";
import { useState } from "react";
import type { loader as searchLoader } from "~/routes/search";
import { AfterHydration, HintTooltip } from "./Hydrated";
import { IconButton, SearchBox } from "./ShellParts";
import { Icon } from "./Icon";

const MATCHED: Record<string, string> = { uid: "uid", code: "referral code", invitee: "invitee", name: "name" };

/**
 * Global search (Ctrl/Cmd+K, or the header button): affiliates by name, uid, referral code or an
 * invitee's uid, the pages this user may open, and actions. Results come from /search as you type.
 */
export function GlobalSearch() {
  const fetcher = useFetcher<typeof searchLoader>();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const load = useDebouncedCallback((q: string) => fetcher.load(`/search?${new URLSearchParams({ q: q.trim() })}`), 150);
  const results = fetcher.data;
  const go = (to: string) => navigate(to);
  const count = results ? results.affiliates.length + results.pages.length + results.actions.length : 0;
  // Results of an earlier query stay, dimmed, until this one's arrive.
  const stale = !!results && results.q !== query.trim().slice(0, 100);

  return (
    <>
      <SearchButton />
      {/* The search dialog once hydrated: nothing can open it before, and on the server it is a closed modal's work on every page. */}
      <AfterHydration before={null}>
        <Spotlight.Root
          query={query}
          onQueryChange={(q) => {
            setQuery(q);
            load(q);
          }}
          onSpotlightOpen={() => load(query)}
          shortcut={["mod + K"]}
          tagsToIgnore={[]}
        >
          <Spotlight.Search
            placeholder="Affiliate name, uid, referral code, invitee uid, or a page…"
            leftSection={fetcher.state === "loading" ? <Loader size={16} /> : <Icon name="search" size={18} />}
            aria-label="Search"
            data-testid="spotlight-search"
          />
          <Spotlight.ActionsList data-testid="spotlight-results" data-stale={stale || undefined} style={{ opacity: stale ? 0.5 : 1, transition: "opacity 120ms" }}>
            {results && results.affiliates.length ? (
              <Spotlight.ActionsGroup label="Affiliates">
                {results.affiliates.map((a) => (
                  <Spotlight.Action key={a.uid} onClick={() => go(a.to)} data-testid="spotlight-affiliate" data-uid={a.uid}>
                    <Group wrap="nowrap" gap="sm" w="100%">
                      <Icon name="briefcase" size={18} />
                      <div style={{ flex: 1 }}>
                        <Text size="sm" fw={600}>
                          {a.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {a.uid} · {a.managerName ?? "unassigned"}
                        </Text>
                      </div>
                      {a.matched !== "name" ? (
                        <Badge size="sm" variant="light">
                          {MATCHED[a.matched]}
                          {a.via ? ` ${a.via}` : ""}
                        </Badge>
                      ) : null}
                    </Group>
                  </Spotlight.Action>
                ))}
              </Spotlight.ActionsGroup>
            ) : null}
            {results && results.actions.length ? (
              <Spotlight.ActionsGroup label="Actions">
                {results.actions.map((a) => (
                  <Spotlight.Action key={a.id} label={a.label} description={a.description} onClick={() => go(a.to)} leftSection={<Icon name="check" size={18} />} />
                ))}
              </Spotlight.ActionsGroup>
            ) : null}
            {results && results.pages.length ? (
              <Spotlight.ActionsGroup label="Pages">
                {results.pages.map((p) => (
                  <Spotlight.Action key={p.id} label={p.label} description={p.description} onClick={() => go(p.to)} leftSection={<Icon name="file" size={18} />} data-testid="spotlight-page" />
                ))}
              </Spotlight.ActionsGroup>
            ) : null}
            {results && count === 0 && !stale ? <Spotlight.Empty>Nothing matches “{results.q}”. Try a uid, a referral code or part of a name.</Spotlight.Empty> : null}
          </Spotlight.ActionsList>
        </Spotlight.Root>
      </AfterHydration>
    </>
  );
}

/** The header's search button for mouse users (it names the shortcut), or an icon on small screens. */
function SearchButton() {
  return (
    <>
      <SearchBox onClick={() => spotlight.open()} />
      <HintTooltip label="Search (Ctrl+K)">
        <IconButton hiddenFrom="sm" label="Search" onClick={() => spotlight.open()}>
          <Icon name="search" />
        </IconButton>
      </HintTooltip>
    </>
  );
}
