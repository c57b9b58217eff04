import { ticketRefInput } from '@lifeline/api/schemas';
import { Alert, Anchor, Grid, Group, Stack, Text } from '@mantine/core';
import {
  IconArrowLeft,
  IconLock,
  IconMail,
  IconSearch,
  IconShieldCheck,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { AccountSummary } from '../components/AccountSummary/AccountSummary.tsx';
import { BillingSummary } from '../components/BillingSummary/BillingSummary.tsx';
import { BlockList } from '../components/BlockList/BlockList.tsx';
import { LoginList } from '../components/LoginList/LoginList.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { Timeline } from '../components/Timeline/Timeline.tsx';
import { formatTime } from '../lib/format.ts';
import { isAccountId } from '../lib/ids.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { type RouterOutputs, reasonOf, useTRPC } from '../trpc.ts';

export default function AccountPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const now = useNow();
  const params = useParams();
  const [search] = useSearchParams();
  const ticket = search.get('ticket');
  const accountId = (params.accountId ?? '').trim().toLowerCase();
  const wellFormed = isAccountId(accountId);
  usePageTitle(accountId === '' ? t('account.title') : accountId);
  // Billing shows for a pass on this call's ticket only: the server decides, given the ticket.
  const ticketRef =
    ticket !== null && ticketRefInput.safeParse(ticket).success ? ticket : undefined;
  const query = useQuery({
    ...trpc.accounts.get.queryOptions({ accountId, ticketRef }),
    enabled: wellFormed,
  });
  const lookupHref = ticket ? `/?${new URLSearchParams({ ticket }).toString()}` : '/';

  const header = (
    <Group justify="space-between">
      <Anchor component={Link} to={lookupHref} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          {t('account.backToLookup')}
        </Group>
      </Anchor>
      {query.data && (
        <Anchor
          component={Link}
          to={`/outbox?${new URLSearchParams({ account: accountId }).toString()}`}
          size="sm"
        >
          <Group gap={4} component="span">
            <IconMail size={14} aria-hidden />
            {t('account.openOutbox')}
          </Group>
        </Anchor>
      )}
    </Group>
  );

  const missing =
    !wellFormed ||
    (query.isError && ['NOT_FOUND', 'INVALID_INPUT'].includes(reasonOf(query.error) ?? ''));
  if (missing) {
    return (
      <Stack>
        {header}
        <Alert color="yellow" icon={<IconSearch />} title={t('account.notFoundTitle')} role="alert">
          <Text size="sm">{t('account.notFound', { accountId: params.accountId ?? '' })}</Text>
          <Text size="sm">{t('account.notFoundHint')}</Text>
        </Alert>
      </Stack>
    );
  }
  if (!query.data) {
    return (
      <Stack>
        {header}
        <QueryState query={query} />
      </Stack>
    );
  }
  return (
    <Stack>
      {header}
      <AccountView details={query.data} ticket={ticket} now={now} />
    </Stack>
  );
}

type AccountDetails = RouterOutputs['accounts']['get'];

function AccountView({
  details,
  ticket,
  now,
}: {
  details: AccountDetails;
  ticket: string | null;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const { account, verification } = details;
  const purged = account.status === 'purged';
  const ownerPass = details.billing.ownerVerifiedUntil;
  return (
    <Stack>
      {verification.lockedUntil !== null && verification.lockedUntil > now && (
        <Alert color="red" icon={<IconLock />} role="status">
          {t('account.verificationLocked', {
            until: formatTime(verification.lockedUntil, i18n.language),
          })}
        </Alert>
      )}
      {ownerPass !== null && (
        <Alert color="teal" icon={<IconShieldCheck />} role="status" py="xs">
          {t('account.ownerVerified', { until: formatTime(ownerPass, i18n.language) })}
        </Alert>
      )}
      <AccountSummary account={account} now={now} />
      {purged ? (
        <Timeline entries={details.timeline} now={now} />
      ) : (
        <>
          <LoginList logins={details.logins} ticket={ticket} now={now} />
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack>
                <BlockList
                  blocks={details.blocks}
                  identityChecks={details.identityChecks}
                  now={now}
                />
                <Timeline entries={details.timeline} now={now} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <BillingSummary
                billing={details.billing}
                balanceCents={account.balanceCents}
                now={now}
              />
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
