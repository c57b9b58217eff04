import { identifierInput, ticketRefInput } from '@lifeline/api/schemas';
import { Alert, Anchor, Group, Stack, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The lookup's own URL for one identifier and, when there is one, the ticket. */
function lookupUrl(identifier: string | null, ticket: string | null): string {
  const params = new URLSearchParams();
  if (identifier) params.set('q', identifier);
  if (ticket) params.set('ticket', ticket);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

/** What is wrong with the link, if anything, and what is right in it (to offer a way on). */
export function readOpenLink(params: URLSearchParams): {
  identifier: string | null;
  ticket: string | null;
  problems: ('identifierMissing' | 'identifierInvalid' | 'ticketInvalid')[];
} {
  const rawIdentifier = params.get('identifier')?.trim() ?? '';
  const rawTicket = params.get('ticket')?.trim() ?? '';
  const problems: ('identifierMissing' | 'identifierInvalid' | 'ticketInvalid')[] = [];
  let identifier: string | null = null;
  if (rawIdentifier === '') problems.push('identifierMissing');
  else if (identifierInput.safeParse(rawIdentifier).success) identifier = rawIdentifier;
  else problems.push('identifierInvalid');
  let ticket: string | null = null;
  if (rawTicket !== '') {
    const parsed = ticketRefInput.safeParse(rawTicket);
    if (parsed.success) ticket = parsed.data;
    else problems.push('ticketInvalid');
  }
  return { identifier, ticket, problems };
}

/**
 * `/open?identifier=…&ticket=…` (SPEC §16): the entry from a help-desk macro or sidebar. It opens
 * the lookup's diagnosis for that identifier with the ticket filled in, through the lookup's own
 * URL (`?q=&ticket=`), and nothing more: diagnosing only reads; verifying and acting stay the
 * agent's, in the console. Signed out, the session gate sends the agent to sign in and back here.
 * A link that is not right says what is wrong rather than guess.
 */
export default function OpenPage() {
  const { t } = useTranslation();
  usePageTitle(t('open.title'));
  const [params] = useSearchParams();
  const { identifier, ticket, problems } = readOpenLink(params);
  if (problems.length === 0) return <Navigate to={lookupUrl(identifier, ticket)} replace />;
  return (
    <Stack gap="md" maw="40rem">
      <Title order={1} size="h3">
        {t('open.title')}
      </Title>
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('open.invalid')}>
        <Stack gap={4}>
          {problems.map((problem) => (
            <span key={problem}>{t(`open.problems.${problem}`)}</span>
          ))}
        </Stack>
      </Alert>
      <Group gap="lg">
        {identifier !== null && (
          <Anchor component={Link} to={lookupUrl(identifier, null)}>
            {t('open.withoutTicket', { identifier })}
          </Anchor>
        )}
        <Anchor component={Link} to="/">
          {t('open.toLookup')}
        </Anchor>
      </Group>
    </Stack>
  );
}
