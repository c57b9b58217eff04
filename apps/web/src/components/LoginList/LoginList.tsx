import { Anchor, Badge, Card, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RouterOutputs } from '../../trpc.ts';
import { When } from '../When/When.tsx';

export type AccountLogin = RouterOutputs['accounts']['get']['logins'][number];

/** The lookup for one identifier, carrying the ticket so the agent does not retype it. */
export function lookupHref(identifier: string, ticket: string | null): string {
  const params = new URLSearchParams({ q: identifier });
  if (ticket) params.set('ticket', ticket);
  return `/?${params.toString()}`;
}

/** The account's logins: owner and team members, with what stops each one signing in. */
export function LoginList({
  logins,
  ticket,
  now,
}: {
  logins: AccountLogin[];
  ticket: string | null;
  now: number;
}) {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="logins-title">
      <Title order={3} size="h4" id="logins-title" mb="sm">
        {t('account.logins.title')}
      </Title>
      {logins.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('account.logins.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-labelledby="logins-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('account.logins.identifier')}</Table.Th>
                <Table.Th>{t('account.logins.kind')}</Table.Th>
                <Table.Th>{t('account.logins.role')}</Table.Th>
                <Table.Th>{t('account.logins.lock')}</Table.Th>
                <Table.Th>{t('account.logins.passwordChanged')}</Table.Th>
                <Table.Th>{t('account.logins.removed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {logins.map((login) => (
                <Table.Tr key={login.id} opacity={login.removedAt === null ? 1 : 0.7}>
                  <Table.Td>
                    <Anchor component={Link} to={lookupHref(login.identifier, ticket)} size="sm">
                      {login.identifier}
                      <VisuallyHidden>{` — ${t('account.logins.diagnose')}`}</VisuallyHidden>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`account.logins.kinds.${login.identifierKind}`)}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={login.role === 'owner' ? 'blue' : 'grape'}
                      size="sm"
                    >
                      {t(`account.logins.roles.${login.role}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <LockCell login={login} now={now} />
                  </Table.Td>
                  <Table.Td>
                    <When at={login.passwordChangedAt} now={now} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    {login.removedAt === null ? (
                      <Text span size="sm" c="dimmed">
                        {t('account.logins.notRemoved')}
                      </Text>
                    ) : (
                      <Stack gap={2}>
                        <Badge variant="light" color="gray" size="sm">
                          {t('account.logins.removedBadge')}
                        </Badge>
                        <When at={login.removedAt} now={now} size="xs" />
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function LockCell({ login, now }: { login: AccountLogin; now: number }) {
  const { t } = useTranslation();
  const attempts =
    login.failedAttempts > 0 ? (
      <Text size="xs" c="dimmed">
        {t('account.logins.failedAttempts', { count: login.failedAttempts })}
      </Text>
    ) : null;
  if (!login.locked) {
    return (
      <Stack gap={2}>
        <Text span size="sm" c="dimmed">
          {t('account.logins.unlocked')}
        </Text>
        {attempts}
      </Stack>
    );
  }
  return (
    <Stack gap={2}>
      <Badge color={login.lockPermanent ? 'red' : 'orange'} variant="light" size="sm">
        {login.lockPermanent ? t('account.logins.lockedPermanent') : t('account.logins.locked')}
      </Badge>
      {!login.lockPermanent && login.lockedUntil !== null && (
        <Text size="xs">
          {t('account.logins.until')} <When at={login.lockedUntil} now={now} size="xs" />
        </Text>
      )}
      {attempts}
    </Stack>
  );
}
