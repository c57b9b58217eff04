import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { type Ref, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Capability } from '../../app/session.tsx';
import { i18n, type Language } from '../../i18n/index.ts';
import {
  type ActionContext,
  type ActionState,
  actionStates,
  callerHoldsLogin,
  type Diagnosis,
  type Finding,
} from '../../lib/actions.ts';
import { ACCOUNT_STATUS_COLOURS } from '../../lib/colours.ts';
import { markDiagnosisShown } from '../../lib/lookup-timing.ts';
import { uiLanguage } from '../CustomerScript/CustomerScript.tsx';
import { EscalateButton } from '../Escalation/EscalateButton.tsx';
import { escalationReasonFor } from '../Escalation/escalation-reason.ts';
import { FindingCard } from '../FindingCard/FindingCard.tsx';

export interface DiagnosisViewProps {
  diagnosis: Diagnosis;
  ticketRef: string;
  now: number;
  can: (capability: Capability) => boolean;
  onAction?: (state: ActionState, finding: Finding) => void;
  onVerify?: (loginId: string) => void;
  onDiagnose?: (identifier: string) => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

/** Findings have no id; code and target are unique within one diagnosis. */
function findingKey(finding: Finding): string {
  const block = 'blockId' in finding.facts ? finding.facts.blockId : '';
  return [finding.code, finding.accountId, finding.loginId, block].join(':');
}

/** "Why can't this person sign in?": the logins the identifier reaches, then the findings. */
export function DiagnosisView({
  diagnosis,
  ticketRef,
  now,
  can,
  onAction,
  onVerify,
  onDiagnose,
  headingRef,
}: DiagnosisViewProps) {
  const { t } = useTranslation();
  // One script language per caller, for every card; it starts as the console's language.
  const [scriptLanguage, setScriptLanguage] = useState<Language>(() => uiLanguage(i18n.language));
  const context: ActionContext = { diagnosis, ticketRef, now, can };
  const accounts = new Map(diagnosis.accounts.map((a) => [a.accountId, a]));
  const escalationOf = (finding: Finding) => {
    const reason = escalationReasonFor(finding);
    if (!reason || !finding.accountId || !can('escalations.open')) return undefined;
    return (
      <EscalateButton
        accountId={finding.accountId}
        loginId={finding.loginId}
        reason={reason}
        ticketRef={ticketRef}
      />
    );
  };
  const ticketQuery = ticketRef.trim() ? `?ticket=${encodeURIComponent(ticketRef.trim())}` : '';
  // The lookup's user timing ends once this diagnosis is drawn (lib/lookup-timing.ts).
  useEffect(() => markDiagnosisShown(diagnosis.query), [diagnosis.query]);

  return (
    <Stack gap="md">
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {t('lookup.diagnosis.title', { query: diagnosis.query })}
      </Title>
      {diagnosis.logins.length > 0 && (
        // Narrow enough for the findings column at 1024 px: long identifiers and ids wrap rather
        // than push the role and the account status out of sight.
        <Table.ScrollContainer minWidth={400}>
          <Table verticalSpacing={6} withTableBorder captionSide="top">
            <Table.Caption>{t('lookup.logins.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lookup.logins.identifier')}</Table.Th>
                <Table.Th>{t('lookup.logins.role')}</Table.Th>
                <Table.Th>{t('lookup.logins.account')}</Table.Th>
                <Table.Th>{t('lookup.logins.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {diagnosis.logins.map((login) => {
                const account = accounts.get(login.accountId);
                return (
                  <Table.Tr key={login.loginId}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {login.identifier}
                      </Text>
                      {login.matchedBy === 'contact_email' && (
                        <Text size="xs" c="dimmed">
                          {t('lookup.logins.viaContactEmail')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge
                        miw="max-content"
                        size="sm"
                        variant="light"
                        color={login.role === 'owner' ? 'indigo' : 'grape'}
                      >
                        {t(`lookup.role.${login.role}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/accounts/${login.accountId}${ticketQuery}`}
                        size="sm"
                        ff="monospace"
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {login.accountId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {account && (
                        <Stack gap={2} align="flex-start">
                          <Badge
                            miw="max-content"
                            size="sm"
                            variant="outline"
                            color={ACCOUNT_STATUS_COLOURS[account.status]}
                          >
                            {t(`lookup.status.${account.status}`)}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {t(`lookup.plan.${account.plan}`)}
                          </Text>
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Stack gap="md" component="section" aria-label={t('lookup.diagnosis.findings')}>
        {diagnosis.findings.map((finding) => (
          <FindingCard
            key={findingKey(finding)}
            finding={finding}
            actions={actionStates(finding, context)}
            logins={diagnosis.logins}
            accounts={diagnosis.accounts}
            now={now}
            scriptLanguage={scriptLanguage}
            onScriptLanguageChange={setScriptLanguage}
            onAction={(state) => onAction?.(state, finding)}
            onVerify={onVerify}
            onDiagnose={onDiagnose}
            ticketRef={ticketRef}
            callerVerified={
              finding.loginId !== undefined && callerHoldsLogin(finding.loginId, context)
            }
            escalation={escalationOf(finding)}
          />
        ))}
      </Stack>
    </Stack>
  );
}
