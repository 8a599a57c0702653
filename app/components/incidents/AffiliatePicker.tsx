import { Combobox, Group, Pill, PillsInput, Text, useCombobox } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

export interface PickedAffiliate {
  uid: string;
  name: string;
}

type Match = PickedAffiliate & { country: string | null; managerName: string | null };

/**
 * The affected affiliates: search by name, uid, referral code or invitee uid (the server answers), pick several. Each pick
 * is a hidden `affiliateUids` field, so the form posts them like any other field.
 */
export function AffiliatePicker({ initial, error, label = "Affected affiliates" }: { initial: PickedAffiliate[]; error?: string; label?: string }) {
  const [picked, setPicked] = useState<PickedAffiliate[]>(initial);
  const [search, setSearch] = useState("");
  const fetcher = useFetcher<{ matches: Match[] }>();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const { load } = fetcher;

  useEffect(() => {
    const q = search.trim();
    if (q.length < 2) return;
    const t = setTimeout(() => load(`/incidents/affiliate-search?${new URLSearchParams({ q })}`), 200);
    return () => clearTimeout(t);
  }, [search, load]);

  const matches = search.trim().length >= 2 ? (fetcher.data?.matches ?? []).filter((m) => !picked.some((p) => p.uid === m.uid)) : [];
  const add = (uid: string) => {
    const m = matches.find((x) => x.uid === uid);
    if (m) setPicked((p) => [...p, { uid: m.uid, name: m.name }]);
    setSearch("");
    combobox.closeDropdown();
  };
  const remove = (uid: string) => setPicked((p) => p.filter((x) => x.uid !== uid));

  return (
    <>
      {picked.map((p) => (
        <input key={p.uid} type="hidden" name="affiliateUids" value={p.uid} />
      ))}
      <Combobox store={combobox} onOptionSubmit={add}>
        <Combobox.DropdownTarget>
          <PillsInput label={label} error={error} description="Type 2+ characters of a name, a uid, a referral code or an invitee's uid, then pick with the arrow keys and Enter." onClick={() => combobox.openDropdown()} data-testid="affiliate-picker">
            <Pill.Group>
              {picked.map((p) => (
                <Pill key={p.uid} withRemoveButton onRemove={() => remove(p.uid)} data-testid="picked-affiliate">
                  {p.name} · {p.uid}
                </Pill>
              ))}
              <Combobox.EventsTarget>
                <PillsInput.Field
                  value={search}
                  placeholder={picked.length ? "Add another" : "Search affiliates"}
                  aria-label="Search affiliates"
                  onFocus={() => combobox.openDropdown()}
                  onBlur={() => combobox.closeDropdown()}
                  onChange={(e) => {
                    combobox.updateSelectedOptionIndex();
                    setSearch(e.currentTarget.value);
                    combobox.openDropdown();
                  }}
                  onKeyDown={(e) => {
                    if (e.key === "Backspace" && search.length === 0 && picked.length) {
                      e.preventDefault();
                      remove(picked[picked.length - 1].uid);
                    }
                  }}
                  data-testid="affiliate-search"
                />
              </Combobox.EventsTarget>
            </Pill.Group>
          </PillsInput>
        </Combobox.DropdownTarget>
        <Combobox.Dropdown hidden={search.trim().length < 2}>
          <Combobox.Options>
            {matches.length === 0 ? (
              <Combobox.Empty>{fetcher.state === "loading" ? "Searching…" : "No affiliate matches"}</Combobox.Empty>
            ) : (
              matches.map((m) => (
                <Combobox.Option value={m.uid} key={m.uid}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm">{m.name}</Text>
                    <Text size="xs" c="dimmed">
                      {m.uid}
                      {m.country ? ` · ${m.country}` : ""} · {m.managerName ?? "unassigned"}
                    </Text>
                  </Group>
                </Combobox.Option>
              ))
            )}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
    </>
  );
}
