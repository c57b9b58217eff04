import { INPUT_LIMITS } from '@lifeline/api/limits';
import {
  Box,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconTicket } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { goToSignIn } from '../app/providers.tsx';
import { useCan } from '../app/session.tsx';
import { ActionModal, type ActionRequest } from '../components/ActionModal/ActionModal.tsx';
import { useRunAction } from '../components/ActionModal/useRunAction.ts';
import { DiagnosisView } from '../components/DiagnosisView/DiagnosisView.tsx';
import { LookupBox } from '../components/LookupBox/LookupBox.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import {
  type CheckResult,
  type Factor,
  VerificationPanel,
} from '../components/VerificationPanel/VerificationPanel.tsx';
import type { ActionState, DiagnosedLogin, Diagnosis, Finding } from '../lib/actions.ts';
import { useDraft } from '../lib/use-draft.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { reasonOf, useTRPC, useTRPCClient } from '../trpc.ts';

/** The login the panel starts on: an owner when there is one (they have the most methods). */
function defaultLogin(diagnosis: Diagnosis | undefined): string | null {
  const logins = diagnosis?.logins ?? [];
  return (logins.find((l) => l.role === 'owner') ?? logins[0])?.loginId ?? null;
}

/**
 * The agent's screen: look up, verify, diagnose, act. The URL holds the state
 * (`/?q=<identifier>&ticket=<ref>`) so a reload or a shared link reopens the same diagnosis.
 */
export function LookupPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const can = useCan();
  const now = useNow(5000);
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  usePageTitle(q === '' ? t('nav.lookup') : q);
  const ticketParam = params.get('ticket') ?? '';
  const [ticket, setTicket] = useDraft(ticketParam);
  const [selectedLoginId, setSelectedLoginId] = useState<string | null>(null);
  const [request, setRequest] = useState<ActionRequest | null>(null);
  const diagnosisHeading = useRef<HTMLHeadingElement>(null);
  // Bumped to move the focus into the verification form (VerificationPanel's focusRequest).
  const [verifyFocus, setVerifyFocus] = useState(0);
  const ticketInput = useRef<HTMLInputElement>(null);

  const diagnose = useQuery({
    ...trpc.accounts.diagnose.queryOptions({ identifier: q }),
    enabled: q !== '',
  });
  const diagnosis = diagnose.data;
  const loginId =
    diagnosis?.logins.some((l) => l.loginId === selectedLoginId) === true
      ? selectedLoginId
      : defaultLogin(diagnosis);

  const [focusDiagnosis, setFocusDiagnosis] = useState<string | null>(null);
  useEffect(() => {
    if (focusDiagnosis === null || !diagnosis || diagnose.isFetching) return;
    setFocusDiagnosis(null);
    diagnosisHeading.current?.focus();
  }, [focusDiagnosis, diagnosis, diagnose.isFetching]);

  const [focusFix, setFocusFix] = useState(false);
  useEffect(() => {
    if (!focusFix || !diagnosis) return;
    setFocusFix(false);
    document.querySelector<HTMLElement>('[data-action]:not([disabled])')?.focus();
  }, [focusFix, diagnosis]);

  const runner = useRunAction(() => {
    setRequest(null);
    // The card acted on may be gone after the refresh: land on the diagnosis heading.
    requestAnimationFrame(() => diagnosisHeading.current?.focus());
  });

  function updateParams(next: { q?: string; ticket?: string }) {
    setParams(
      (current) => {
        const merged = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next)) {
          if (value) merged.set(key, value);
          else merged.delete(key);
        }
        return merged;
      },
      // Typing a ticket is not a navigation; opening a diagnosis is (Back returns to the last).
      { replace: next.q === undefined },
    );
  }

  function openDiagnosis(identifier: string) {
    setSelectedLoginId(null);
    updateParams({ q: identifier.trim(), ticket });
    // Next step: the ticket if there is none yet, else the findings once they are in.
    if (ticket.trim() === '') requestAnimationFrame(() => ticketInput.current?.focus());
    else setFocusDiagnosis(identifier.trim());
  }

  async function check(login: DiagnosedLogin, factor: Factor): Promise<CheckResult> {
    // The plain client, not a cached mutation: what the caller said is not kept once sent.
    try {
      const result = await client.verification.check.mutate({
        identifier: login.identifier,
        accountId: login.accountId,
        ticketRef: ticket.trim(),
        factor,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
      // Verified: the next step is the fix it unlocked, once the refreshed view shows it.
      if (result.outcome === 'passed') setFocusFix(true);
      return result;
    } catch (error) {
      // Signed in when the page loaded: this refusal means the session ended.
      if (reasonOf(error) === 'UNAUTHENTICATED') goToSignIn(true);
      throw error;
    }
  }

  async function sendCode(login: DiagnosedLogin) {
    try {
      return await client.verification.sendCode.mutate({
        identifier: login.identifier,
        accountId: login.accountId,
        ticketRef: ticket.trim(),
      });
    } catch (error) {
      // Signed in when the page loaded: this refusal means the session ended.
      if (reasonOf(error) === 'UNAUTHENTICATED') goToSignIn(true);
      throw error;
    }
  }

  function openAction(state: ActionState, finding: Finding) {
    if (!diagnosis) return;
    const { action } = state;
    setRequest({
      state,
      finding,
      login: diagnosis.logins.find((l) => l.loginId === action.loginId),
      account: diagnosis.accounts.find((a) => a.accountId === action.accountId),
      ticketRef: ticket,
    });
  }

  function verify(targetLoginId: string) {
    setSelectedLoginId(targetLoginId);
    setVerifyFocus((n) => n + 1);
  }

  return (
    <Stack gap="md">
      <VisuallyHidden>
        <Title order={1}>{t('lookup.title')}</Title>
      </VisuallyHidden>
      <Paper withBorder p="md">
        <Group align="flex-start" gap="md" wrap="nowrap">
          <LookupBox
            query={q}
            onDiagnose={openDiagnosis}
            onOpenAccount={(accountId) =>
              navigate(
                `/accounts/${accountId}${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ''}`,
              )
            }
          />
          <TextInput
            ref={ticketInput}
            w="16rem"
            size="md"
            label={t('lookup.ticket.label')}
            description={t('lookup.ticket.hint')}
            placeholder={t('lookup.ticket.placeholder')}
            value={ticket}
            maxLength={INPUT_LIMITS.ticketRef}
            leftSection={<IconTicket size={16} aria-hidden />}
            onChange={(event) => setTicket(event.currentTarget.value)}
            // Into the URL once typed, not per keystroke: the router applies a URL change in a
            // transition, and the sync from ?ticket= above then put back an older value over
            // what was typed since (characters lost when typing fast).
            onBlur={() => {
              if (ticket !== ticketParam) updateParams({ ticket });
            }}
            // The ticket typed, the next step is what the caller says to prove who they are.
            onKeyDown={(event) => {
              if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
              event.preventDefault();
              if (ticket !== ticketParam) updateParams({ ticket });
              // Without a ticket nothing can be verified yet: the focus stays to type one.
              if (ticket.trim() !== '' && diagnosis && diagnosis.logins.length > 0) {
                setVerifyFocus((n) => n + 1);
              }
            }}
            autoComplete="off"
            withAsterisk
          />
        </Group>
      </Paper>
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          {q === '' ? (
            <Paper withBorder p="xl">
              <Stack gap="xs" align="flex-start">
                <Title order={2} size="h3">
                  {t('lookup.empty.title')}
                </Title>
                <Text c="dimmed">{t('lookup.empty.body')}</Text>
              </Stack>
            </Paper>
          ) : diagnosis ? (
            <Box aria-busy={diagnose.isFetching}>
              <DiagnosisView
                // A new caller starts with a fresh script language and panel.
                key={diagnosis.query}
                diagnosis={diagnosis}
                ticketRef={ticket}
                now={now}
                can={can}
                onAction={openAction}
                onVerify={verify}
                onDiagnose={openDiagnosis}
                headingRef={diagnosisHeading}
              />
            </Box>
          ) : (
            <QueryState query={diagnose} label={t('lookup.diagnosis.loading')} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Box
            style={{
              position: 'sticky',
              top: 'calc(var(--app-shell-header-height, 56px) + var(--mantine-spacing-md))',
            }}
          >
            <VerificationPanel
              key={diagnosis?.query ?? ''}
              logins={diagnosis?.logins ?? []}
              verification={diagnosis?.verification ?? { staffThrottledUntil: null, accounts: [] }}
              selectedLoginId={loginId}
              onSelectLogin={setSelectedLoginId}
              ticketRef={ticket}
              onCheck={check}
              onSendCode={sendCode}
              focusRequest={verifyFocus}
              emptyText={diagnosis ? t('lookup.verify.noMatch') : undefined}
            />
          </Box>
        </Grid.Col>
      </Grid>
      <ActionModal
        request={request}
        onClose={() => {
          if (runner.pending) return;
          runner.clearError();
          setRequest(null);
        }}
        onConfirm={runner.run}
        pending={runner.pending}
        error={runner.error}
        resetLinkLimited={runner.resetLinkLimited}
      />
    </Stack>
  );
}
