import { Alert, Badge, Group, Paper, Radio, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconCreditCard,
  IconHome,
  IconLock,
  IconMail,
  IconShieldCheck,
  IconShieldX,
} from '@tabler/icons-react';
import { type Ref, useEffect, useId, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { DiagnosedLogin, Diagnosis } from '../../lib/actions.ts';
import { formatTime } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { reasonOf } from '../../trpc.ts';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { BillingAddressForm } from './BillingAddressForm.tsx';
import { CardLast4Form } from './CardLast4Form.tsx';
import { EmailCodeForm } from './EmailCodeForm.tsx';
import type { CheckResult, Factor, Method } from './factor.ts';

export type { CheckResult, Factor } from './factor.ts';

export interface VerificationPanelProps {
  logins: readonly DiagnosedLogin[];
  verification: Diagnosis['verification'];
  selectedLoginId: string | null;
  onSelectLogin: (loginId: string) => void;
  ticketRef: string;
  onCheck: (login: DiagnosedLogin, factor: Factor) => Promise<CheckResult>;
  onSendCode: (login: DiagnosedLogin) => Promise<{ sentTo: string }>;
  /** Fixed clock for tests; the panel ticks every second otherwise. */
  now?: number;
  /** The panel's heading. */
  headingRef?: Ref<HTMLHeadingElement>;
  /**
   * Each new value moves the focus to the first field of the selected login's verification form
   * ("Verify now" on a card, Enter in the ticket field): the agent types what the caller says
   * next. The heading takes it when no field can be used yet (no ticket, locked).
   */
  focusRequest?: number;
  /** What to say when there is no login to verify. */
  emptyText?: string;
}

type Outcome =
  | { kind: 'passed'; expiresAt: number | null }
  | { kind: 'failed' }
  | { kind: 'locked'; lockedUntil: number | null }
  | { kind: 'error'; reason: string | undefined; message: string };

function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}

const METHOD_ICON = { card_last4: IconCreditCard, billing_address: IconHome, email_code: IconMail };

function methodsOf(login: DiagnosedLogin): Method[] {
  const m = login.verificationMethods;
  const methods: Method[] = [];
  if (m.cardLast4) methods.push('card_last4');
  if (m.billingAddress) methods.push('billing_address');
  if (m.emailCode) methods.push('email_code');
  return methods;
}

/**
 * Who is calling, proven (SPEC §5). Typed values live in this component only until they are
 * sent: each attempt clears its inputs before the request goes out. Nothing on file (card
 * digits, address) is ever shown here; the API does not send it.
 */
export function VerificationPanel({
  logins,
  verification,
  selectedLoginId,
  onSelectLogin,
  ticketRef,
  onCheck,
  onSendCode,
  now: fixedNow,
  headingRef,
  emptyText,
  focusRequest = 0,
}: VerificationPanelProps) {
  const { t, i18n } = useTranslation();
  const ticking = useNow(1000);
  const now = fixedNow ?? ticking;
  const headingId = useId();
  const login = logins.find((l) => l.loginId === selectedLoginId) ?? logins[0] ?? null;
  const section = useRef<HTMLElement>(null);
  const handledFocusRequest = useRef(focusRequest);
  // After the children committed: a "Verify now" for another login has remounted its form.
  useEffect(() => {
    if (focusRequest === handledFocusRequest.current) return;
    handledFocusRequest.current = focusRequest;
    focusFirstField(section.current);
  }, [focusRequest]);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} ref={section}>
      <Stack gap="sm">
        <Group gap="xs">
          <IconShieldCheck size={20} aria-hidden />
          <Title order={2} size="h4" id={headingId} ref={headingRef} tabIndex={-1}>
            {t('lookup.verify.title')}
          </Title>
        </Group>
        {login === null ? (
          <Text size="sm" c="dimmed">
            {emptyText ?? t('lookup.verify.noLogin')}
          </Text>
        ) : (
          <>
            {logins.length > 1 && (
              <Radio.Group
                label={t('lookup.verify.login')}
                value={login.loginId}
                onChange={onSelectLogin}
              >
                <Stack gap={6} mt={4}>
                  {logins.map((l) => (
                    <Radio
                      key={l.loginId}
                      value={l.loginId}
                      label={t('lookup.verify.loginOption', {
                        role: t(`lookup.role.${l.role}`),
                        accountId: l.accountId,
                      })}
                      description={l.identifier}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            <LoginVerification
              // A new caller or login starts clean: no outcome or typed value carries over.
              key={login.loginId}
              login={login}
              verification={verification}
              ticketRef={ticketRef}
              now={now}
              language={i18n.language}
              onCheck={onCheck}
              onSendCode={onSendCode}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The first usable field or button of the visible method's form, else the panel's heading. */
function focusFirstField(section: HTMLElement | null) {
  if (section === null) return;
  const panel = [...section.querySelectorAll<HTMLElement>('[role="tabpanel"]')].find(
    (candidate) => candidate.style.display !== 'none',
  );
  const field = panel?.querySelector<HTMLElement>(
    'input:not([disabled]), button:not([disabled]), textarea:not([disabled])',
  );
  (field ?? section.querySelector<HTMLElement>('h2'))?.focus();
}

function LoginVerification({
  login,
  verification,
  ticketRef,
  now,
  language,
  onCheck,
  onSendCode,
}: {
  login: DiagnosedLogin;
  verification: Diagnosis['verification'];
  ticketRef: string;
  now: number;
  language: string;
  onCheck: VerificationPanelProps['onCheck'];
  onSendCode: VerificationPanelProps['onSendCode'];
}) {
  const { t } = useTranslation();
  const methods = methodsOf(login);
  const [method, setMethod] = useState<Method | null>(methods[0] ?? null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState(false);

  const account = verification.accounts.find((a) => a.accountId === login.accountId);
  const ticket = ticketRef.trim();
  const livePasses = (account?.passed ?? []).filter(
    (pass) => pass.loginId === login.loginId && pass.expiresAt > now,
  );
  const pass = livePasses.find((p) => p.ticketRef.trim() === ticket) ?? null;
  const otherTicketPass = pass ? null : (livePasses[0] ?? null);
  const lockedUntil =
    account?.lockedUntil != null && account.lockedUntil > now ? account.lockedUntil : null;
  const throttledUntil =
    verification.staffThrottledUntil != null && verification.staffThrottledUntil > now
      ? verification.staffThrottledUntil
      : null;
  const canTry = ticket !== '' && lockedUntil === null && throttledUntil === null && !pending;

  async function attempt(factor: Factor) {
    setPending(true);
    try {
      const result = await onCheck(login, factor);
      if (result.outcome === 'passed') {
        setOutcome({ kind: 'passed', expiresAt: result.expiresAt ?? null });
      } else if (result.outcome === 'locked') {
        setOutcome({ kind: 'locked', lockedUntil: result.lockedUntil ?? null });
      } else {
        setOutcome({ kind: 'failed' });
      }
    } catch (error) {
      setOutcome({
        kind: 'error',
        reason: reasonOf(error),
        message: String((error as Error)?.message),
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <Stack gap="sm">
      <VerificationState
        passExpiresAt={pass?.expiresAt ?? null}
        otherTicket={otherTicketPass?.ticketRef ?? null}
        lockedUntil={lockedUntil}
        failedTries={account?.failedTries ?? 0}
        triesAllowed={account?.triesAllowed ?? 3}
        throttledUntil={throttledUntil}
        now={now}
        language={language}
      />
      <Text size="sm" c="dimmed">
        {ticket === '' ? (
          t('lookup.verify.needsTicket')
        ) : (
          <Trans
            i18nKey="lookup.verify.ticket"
            values={{ ticketRef: ticket }}
            components={{ ticket: <TicketRef ticketRef={ticket} /> }}
          />
        )}
      </Text>
      {methods.length === 0 ? (
        <Text size="sm">{t('lookup.verify.none')}</Text>
      ) : (
        <Tabs value={method} onChange={(value) => setMethod(value as Method | null)}>
          <Tabs.List grow>
            {methods.map((m) => {
              const Icon = METHOD_ICON[m];
              return (
                <Tabs.Tab key={m} value={m} leftSection={<Icon size={16} aria-hidden />}>
                  {t(`lookup.verify.methods.${m}`)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
          <Tabs.Panel value="card_last4" pt="sm">
            <CardLast4Form disabled={!canTry} pending={pending} onSubmit={attempt} />
          </Tabs.Panel>
          <Tabs.Panel value="billing_address" pt="sm">
            <BillingAddressForm disabled={!canTry} pending={pending} onSubmit={attempt} />
          </Tabs.Panel>
          <Tabs.Panel value="email_code" pt="sm">
            <EmailCodeForm
              disabled={!canTry}
              pending={pending}
              onSubmit={attempt}
              onSend={() => onSendCode(login)}
              maskedAddress={login.verificationMethods.emailCodeSentTo}
            />
          </Tabs.Panel>
        </Tabs>
      )}
      {login.role === 'team_member' && (
        <Text size="xs" c="dimmed">
          {t('lookup.verify.teamMemberOnly')}
        </Text>
      )}
      <OutcomeMessage outcome={outcome} language={language} />
    </Stack>
  );
}

function VerificationState({
  passExpiresAt,
  otherTicket,
  lockedUntil,
  failedTries,
  triesAllowed,
  throttledUntil,
  now,
  language,
}: {
  passExpiresAt: number | null;
  otherTicket: string | null;
  lockedUntil: number | null;
  /** Failed tries on the account, by anyone, in the last hour; the lock comes at `triesAllowed`. */
  failedTries: number;
  triesAllowed: number;
  throttledUntil: number | null;
  now: number;
  language: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="verification-state">
      {lockedUntil !== null ? (
        <Badge color="red" size="lg" leftSection={<IconLock size={14} />}>
          {t('lookup.verify.state.lockedUntil', { time: formatTime(lockedUntil, language) })}
        </Badge>
      ) : passExpiresAt !== null ? (
        <Group gap="xs">
          <Badge color="teal" size="lg" leftSection={<IconShieldCheck size={14} />}>
            {t('lookup.verify.state.verifiedUntil', { time: formatTime(passExpiresAt, language) })}
          </Badge>
          <Text size="sm" ff="monospace" aria-label={t('lookup.verify.state.remainingLabel')}>
            {t('lookup.verify.state.remaining', { time: countdown(passExpiresAt - now) })}
          </Text>
        </Group>
      ) : (
        <Badge color="gray" size="lg" variant="light" leftSection={<IconShieldX size={14} />}>
          {t('lookup.verify.state.unverified')}
        </Badge>
      )}
      {lockedUntil !== null && (
        <Text size="sm" fs="italic" data-testid="locked-script">
          {t('lookup.verify.state.lockedScript', { time: formatTime(lockedUntil, language) })}
        </Text>
      )}
      {lockedUntil === null && passExpiresAt === null && failedTries > 0 && (
        <Text size="sm" c="orange.8" data-testid="tries-used">
          {t('lookup.verify.state.triesUsed', { count: failedTries, allowed: triesAllowed })}
        </Text>
      )}
      {otherTicket !== null && lockedUntil === null && (
        <Text size="xs" c="dimmed">
          <Trans
            i18nKey="lookup.verify.state.otherTicket"
            values={{ ticketRef: otherTicket }}
            components={{ ticket: <TicketRef ticketRef={otherTicket} /> }}
          />
        </Text>
      )}
      {throttledUntil !== null && (
        <Alert color="red" variant="light" p="xs">
          {t('lookup.verify.state.throttled', { time: formatTime(throttledUntil, language) })}
        </Alert>
      )}
    </Stack>
  );
}

function OutcomeMessage({ outcome, language }: { outcome: Outcome | null; language: string }) {
  const { t } = useTranslation();
  let content = null;
  if (outcome?.kind === 'passed') {
    content = (
      <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />}>
        {t('lookup.verify.outcome.passed', { time: formatTime(outcome.expiresAt, language) })}
      </Alert>
    );
  } else if (outcome?.kind === 'failed') {
    content = (
      <Alert color="red" variant="light" icon={<IconShieldX size={18} />}>
        {t('lookup.verify.outcome.failed')}
      </Alert>
    );
  } else if (outcome?.kind === 'locked') {
    content = (
      <Alert color="red" variant="filled" icon={<IconLock size={18} />}>
        {t('lookup.verify.outcome.locked', { time: formatTime(outcome.lockedUntil, language) })}
      </Alert>
    );
  } else if (outcome?.kind === 'error') {
    content = (
      <Alert color="red" variant="light">
        {outcome.reason
          ? t(`reason.${outcome.reason}`, { defaultValue: outcome.message })
          : outcome.message}
      </Alert>
    );
  }
  // Always in the DOM, so screen readers announce each new outcome.
  return (
    <div aria-live="polite" aria-atomic="true" data-testid="verification-outcome">
      {content}
    </div>
  );
}
