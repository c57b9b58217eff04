import { Badge, Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { identifierToDiagnose } from '../../lib/actions.ts';
import { ACCOUNT_STATUS_COLOURS } from '../../lib/colours.ts';
import { isAccountId } from '../../lib/ids.ts';
import { markLookupStart } from '../../lib/lookup-timing.ts';
import { useDraft } from '../../lib/use-draft.ts';
import { type RouterOutputs, useTRPC } from '../../trpc.ts';

export const LOOKUP_INPUT_ID = 'lookup-box';
const MIN_SEARCH = 2;

type SearchItem = RouterOutputs['accounts']['search']['items'][number];

/** Focuses the lookup box and selects what is in it, so typing replaces it. */
export function focusLookupBox(): boolean {
  const input = document.getElementById(LOOKUP_INPUT_ID);
  if (!(input instanceof HTMLInputElement)) return false;
  input.focus();
  input.select();
  return true;
}

export interface LookupBoxProps {
  /** What the URL says is being diagnosed; the box follows it. */
  query: string;
  onDiagnose: (identifier: string) => void;
  /** An account id with no live login (purged): only its account page can show it. */
  onOpenAccount: (accountId: string) => void;
}

/** One box for an email, a username or an account id, with results as you type (SPEC §15). */
export function LookupBox({ query, onDiagnose, onOpenAccount }: LookupBoxProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Follows ?q= (Back, a link) without ever undoing what was typed since the page opened.
  const [value, setValue] = useDraft(query);
  const [debounced] = useDebouncedValue(value.trim(), 200);
  const inputRef = useRef<HTMLInputElement>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  // Focused on load: the agent picks up a call and types.
  useEffect(() => inputRef.current?.focus(), []);

  const search = useQuery({
    ...trpc.accounts.search.queryOptions({ query: debounced, limit: 8 }),
    enabled: debounced.length >= MIN_SEARCH,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const items = debounced.length >= MIN_SEARCH ? (search.data?.items ?? []) : [];

  function open(item: SearchItem, at?: number) {
    combobox.closeDropdown();
    const identifier = identifierToDiagnose(item, value);
    if (identifier) {
      markLookupStart(identifier, at);
      setValue(identifier);
      onDiagnose(identifier);
    } else {
      onOpenAccount(item.accountId);
    }
  }

  /** Enter with nothing picked: an account id goes to its owner, anything else as typed. */
  async function submitTyped(at: number) {
    const typed = value.trim();
    if (typed === '') return;
    combobox.closeDropdown();
    // A caller may read the id out in capitals (`ACC_…`): the shape is checked lower-cased.
    if (isAccountId(typed.toLowerCase())) {
      const found = await queryClient
        .fetchQuery(trpc.accounts.search.queryOptions({ query: typed, limit: 8 }))
        .catch(() => null);
      const byId = found?.items.filter((item) => item.matchedBy === 'account_id') ?? [];
      const owner = byId.find((item) => item.role === 'owner') ?? byId[0];
      if (owner) return open(owner, at);
    }
    markLookupStart(typed, at);
    onDiagnose(typed);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submitTyped(event.timeStamp);
  }

  const showDropdown = debounced.length >= MIN_SEARCH && value.trim().length >= MIN_SEARCH;

  return (
    <search style={{ flex: 1 }}>
      <form onSubmit={onSubmit}>
        <Combobox
          store={combobox}
          onOptionSubmit={(index) => {
            const item = items[Number(index)];
            if (item) open(item, performance.now());
          }}
        >
          <Combobox.Target>
            <TextInput
              id={LOOKUP_INPUT_ID}
              ref={inputRef}
              label={t('lookup.box.label')}
              description={t('lookup.box.hint')}
              placeholder={t('lookup.box.placeholder')}
              value={value}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                combobox.openDropdown();
                combobox.updateSelectedOptionIndex();
              }}
              onBlur={() => combobox.closeDropdown()}
              onClick={() => combobox.openDropdown()}
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={
                search.isFetching ? (
                  <Loader size="xs" aria-label={t('lookup.box.searching')} />
                ) : (
                  <Kbd size="xs">/</Kbd>
                )
              }
              autoComplete="off"
              spellCheck={false}
              size="md"
            />
          </Combobox.Target>
          <Combobox.Dropdown hidden={!showDropdown}>
            <Combobox.Options aria-label={t('lookup.box.results')}>
              {items.length === 0 ? (
                <Combobox.Empty>
                  {search.isFetching ? t('lookup.box.searching') : t('lookup.box.noResults')}
                </Combobox.Empty>
              ) : (
                items.map((item, index) => (
                  <Combobox.Option
                    value={String(index)}
                    key={`${item.accountId}-${item.loginId ?? 'none'}`}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <Text size="sm" ff="monospace" truncate>
                        {item.identifier ?? item.accountId}
                      </Text>
                      <Group gap={6} wrap="nowrap">
                        {item.role && (
                          <Badge
                            miw="max-content"
                            size="xs"
                            variant="light"
                            color={item.role === 'owner' ? 'indigo' : 'grape'}
                          >
                            {t(`lookup.role.${item.role}`)}
                          </Badge>
                        )}
                        <Badge
                          miw="max-content"
                          size="xs"
                          variant="outline"
                          color={ACCOUNT_STATUS_COLOURS[item.status]}
                        >
                          {t(`lookup.status.${item.status}`)}
                        </Badge>
                        {item.plan && (
                          <Text size="xs" c="dimmed">
                            {t(`lookup.plan.${item.plan}`)}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed">
                          {t(`lookup.box.matchedBy.${item.matchedBy}`)}
                        </Text>
                      </Group>
                    </Group>
                  </Combobox.Option>
                ))
              )}
            </Combobox.Options>
          </Combobox.Dropdown>
        </Combobox>
      </form>
    </search>
  );
}
