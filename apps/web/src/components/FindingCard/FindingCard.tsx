import {
  Anchor,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowRight, IconShieldLock } from '@tabler/icons-react';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language } from '../../i18n/index.ts';
import type { AccountState, ActionState, DiagnosedLogin, Finding } from '../../lib/actions.ts';
import { formatTime } from '../../lib/format.ts';
import { CustomerScript } from '../CustomerScript/CustomerScript.tsx';
import { scriptFor } from '../CustomerScript/script.ts';
import { FindingFacts } from './FindingFacts.tsx';

const SEVERITY_COLOR = { blocking: 'red', warning: 'orange', info: 'blue' } as const;

export interface FindingCardProps {
  finding: Finding;
  /** The state of each of `finding.actions`, same order (see lib/actions.ts). */
  actions: ActionState[];
  logins: readonly DiagnosedLogin[];
  /** The diagnosis's accounts: a detach names the team by its owner's (masked) email. */
  accounts?: readonly AccountState[];
  now: number;
  scriptLanguage?: Language;
  onScriptLanguageChange?: (language: Language) => void;
  onAction?: (state: ActionState) => void;
  /** Selects a login in the verification panel and moves focus there. */
  onVerify?: (loginId: string) => void;
  onDiagnose?: (identifier: string) => void;
  /** Kept on links to the account page. */
  ticketRef?: string;
  /** The caller is verified as the holder of this finding's login (see callerHoldsLogin). */
  callerVerified?: boolean;
  /** What hands the case to a lead, when the script promises one will look at it. */
  escalation?: ReactNode;
}

/**
 * Which team each detach leaves, as the caller knows it: by its owner's masked email (accounts
 * have no names yet). Where two teams would read the same, the account id tells them apart.
 */
export function teamLabels(
  actions: readonly ActionState[],
  accounts: readonly AccountState[],
): Map<string, string> {
  const owners = new Map(accounts.map((a) => [a.accountId, a.ownerEmail]));
  const detached = actions.flatMap(({ action }) =>
    action.kind === 'detach_team_member' && action.accountId !== undefined
      ? [action.accountId]
      : [],
  );
  const labels = new Map<string, string>();
  for (const accountId of detached) {
    const owner = owners.get(accountId);
    if (owner === undefined) continue;
    const clash = detached.some((other) => other !== accountId && owners.get(other) === owner);
    labels.set(accountId, clash ? `${owner} · ${accountId}` : owner);
  }
  return labels;
}

/** What a button acts on, when a finding offers the same fix for several logins. */
function targetLabel(state: ActionState, logins: readonly DiagnosedLogin[]): string | null {
  const login = logins.find((l) => l.loginId === state.action.loginId);
  if (login) return `${login.identifier} · ${login.accountId}`;
  return state.action.accountId ?? null;
}

function ActionButton({
  state,
  primary,
  withTarget,
  logins,
  team,
  onAction,
  onVerify,
}: {
  state: ActionState;
  primary: boolean;
  withTarget: boolean;
  logins: readonly DiagnosedLogin[];
  /** For a detach: the team it leaves (teamLabels). */
  team?: string;
  onAction?: (state: ActionState) => void;
  onVerify?: (loginId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const reasonId = useId();
  const { kind } = state.action;
  const target = withTarget ? targetLabel(state, logins) : null;
  const sentAt =
    kind === 'send_password_reset'
      ? (logins.find((l) => l.loginId === state.action.loginId)?.resetLinkSentAt ?? null)
      : null;
  const label =
    kind === 'detach_team_member' && team
      ? t('lookup.action.detachFromTeam', { team })
      : t(`lookup.action.label.${kind}`);
  const reason = state.blockedBy ? t(`lookup.action.blocked.${state.blockedBy}`) : null;
  const variant = primary ? 'filled' : 'light';

  const button =
    kind === 'decide_identity_check' && state.enabled ? (
      <Button
        component={Link}
        to="/identity-checks"
        variant={variant}
        rightSection={<IconArrowRight size={16} />}
      >
        {label}
      </Button>
    ) : (
      <Button
        variant={variant}
        data-action={kind}
        disabled={!state.enabled}
        // Disabled buttons take the card's colour in dark mode: an outline keeps them visible.
        style={
          state.enabled ? undefined : { border: '1px dashed var(--mantine-color-default-border)' }
        }
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => onAction?.(state)}
      >
        {label}
      </Button>
    );

  return (
    <Stack gap={4} align="flex-start">
      {target && (
        <Text size="xs" c="dimmed" ff="monospace">
          {target}
        </Text>
      )}
      {sentAt !== null && (
        <Text size="xs" c="dimmed" data-testid="already-sent">
          {t('lookup.action.alreadySent', { time: formatTime(sentAt, i18n.language) })}
        </Text>
      )}
      {reason ? (
        <Tooltip label={reason}>
          <span style={{ display: 'inline-block' }}>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      {reason && (
        <Stack gap={2} align="flex-start" maw={280}>
          <Text id={reasonId} size="xs" c="dimmed">
            {reason}
          </Text>
          {state.verifyLoginId && state.blockedBy?.startsWith('verify_') && (
            <Button
              size="compact-xs"
              variant="subtle"
              px={0}
              leftSection={<IconShieldLock size={14} />}
              onClick={() => state.verifyLoginId && onVerify?.(state.verifyLoginId)}
            >
              {t('lookup.action.goVerify')}
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** One finding of the diagnosis: what is wrong, the facts, the fix, what to tell the caller. */
export function FindingCard({
  finding,
  actions,
  logins,
  accounts = [],
  now,
  scriptLanguage,
  onScriptLanguageChange,
  onAction,
  onVerify,
  onDiagnose,
  ticketRef,
  callerVerified = false,
  escalation,
}: FindingCardProps) {
  const { t } = useTranslation();
  const teams = teamLabels(actions, accounts);
  const titleId = useId();
  const color = SEVERITY_COLOR[finding.severity];
  const kinds = actions.map((state) => state.action.kind);
  const accountLink =
    finding.accountId &&
    `/accounts/${finding.accountId}${ticketRef ? `?ticket=${encodeURIComponent(ticketRef)}` : ''}`;

  return (
    <Card
      component="article"
      aria-labelledby={titleId}
      data-finding={finding.code}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Badge
              miw="max-content"
              color={color}
              variant={finding.severity === 'blocking' ? 'filled' : 'light'}
            >
              {t(`lookup.severity.${finding.severity}`)}
            </Badge>
            <Title order={3} size="h4" id={titleId}>
              {t(`lookup.finding.${finding.code}`)}
            </Title>
          </Group>
          {accountLink && (
            <Anchor component={Link} to={accountLink} size="xs" ff="monospace">
              {finding.accountId}
            </Anchor>
          )}
        </Group>
        <FindingFacts
          finding={finding}
          now={now}
          onDiagnose={onDiagnose}
          callerVerified={callerVerified}
        />
        {actions.length > 0 && (
          <Group gap="md" align="flex-start">
            {actions.map((state, index) => (
              <ActionButton
                key={`${state.action.kind}-${state.action.loginId ?? state.action.blockId ?? state.action.accountId}`}
                state={state}
                // The diagnosis says which actions are only offered (after a fix): not pressed for.
                primary={index === 0 && state.action.offeredOnly !== true}
                withTarget={
                  // A detach always says which login goes; other fixes only when there are several.
                  state.action.kind === 'detach_team_member' ||
                  kinds.filter((kind) => kind === state.action.kind).length > 1
                }
                logins={logins}
                team={state.action.accountId && teams.get(state.action.accountId)}
                onAction={onAction}
                onVerify={onVerify}
              />
            ))}
          </Group>
        )}
        {escalation}
        <Divider />
        <CustomerScript
          spec={scriptFor(finding, { now, callerVerified })}
          language={scriptLanguage}
          onLanguageChange={onScriptLanguageChange}
        />
      </Stack>
    </Card>
  );
}
