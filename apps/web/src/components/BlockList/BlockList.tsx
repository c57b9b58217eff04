import { type BlockKind, type IdentityCheckStatus, OTHER_STAFF } from '@lifeline/domain';
import { Alert, Badge, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { Fact, Facts } from '../Facts/Facts.tsx';
import { When } from '../When/When.tsx';

type Details = RouterOutputs['accounts']['get'];
export type AccountBlock = Details['blocks'][number];
export type AccountIdentityCheck = Details['identityChecks'][number];

const KIND_COLOURS: Record<BlockKind, string> = {
  identity_check_required: 'yellow',
  suspicious_activity: 'red',
  self_block: 'blue',
};

const CHECK_COLOURS: Record<IdentityCheckStatus, string> = {
  not_started: 'gray',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
};

/**
 * `system`, `customer` or a staff id (SPEC §2), in words. Agents get `other` for another staff
 * member (the API hides who, SPEC §7).
 */
export function actorLabel(actor: string, t: TFunction): string {
  if (actor === 'system') return t('account.blocks.by.system');
  if (actor === 'customer') return t('account.blocks.by.customer');
  if (actor === OTHER_STAFF) return t('account.blocks.by.other');
  return t('account.blocks.by.staff', { id: actor });
}

/** Blocks on the account, open ones first, each with its identity check where it has one. */
export function BlockList({
  blocks,
  identityChecks,
  now,
}: {
  blocks: AccountBlock[];
  identityChecks: AccountIdentityCheck[];
  now: number;
}) {
  const { t } = useTranslation();
  const ordered = [...blocks].sort(
    (a, b) => Number(a.liftedAt !== null) - Number(b.liftedAt !== null) || b.placedAt - a.placedAt,
  );
  return (
    <Card component="section" aria-labelledby="blocks-title">
      <Title order={3} size="h4" id="blocks-title" mb="sm">
        {t('account.blocks.title')}
      </Title>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('account.blocks.empty')}
        </Text>
      ) : (
        <Stack gap="sm">
          {ordered.map((block) => (
            <BlockItem
              key={block.id}
              block={block}
              check={identityChecks.find(
                (c) => c.id === block.identityCheckId || c.blockId === block.id,
              )}
              now={now}
            />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function BlockItem({
  block,
  check,
  now,
}: {
  block: AccountBlock;
  check: AccountIdentityCheck | undefined;
  now: number;
}) {
  const { t } = useTranslation();
  const open = block.liftedAt === null;
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      aria-label={t(`account.blocks.kinds.${block.kind}`)}
    >
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color={KIND_COLOURS[block.kind]} variant="light">
            {t(`account.blocks.kinds.${block.kind}`)}
          </Badge>
          <Badge color={open ? 'red' : 'gray'} variant={open ? 'outline' : 'light'}>
            {open ? t('account.blocks.open') : t('account.blocks.lifted')}
          </Badge>
        </Group>
        <Facts cols={2}>
          <Fact label={t('account.blocks.placed')}>
            <When at={block.placedAt} now={now} />
            <Text span c="dimmed" inherit display="block">
              {actorLabel(block.placedBy, t)}
            </Text>
          </Fact>
          <Fact label={t('account.blocks.notified')}>
            {block.customerNotifiedAt === null ? (
              t('account.blocks.notNotified')
            ) : (
              <When at={block.customerNotifiedAt} now={now} />
            )}
          </Fact>
          {!open && (
            <Fact label={t('account.blocks.liftedAt')}>
              <When at={block.liftedAt} now={now} />
              {block.liftedBy && (
                <Text span c="dimmed" inherit display="block">
                  {actorLabel(block.liftedBy, t)}
                </Text>
              )}
            </Fact>
          )}
        </Facts>
        {block.note !== null && (
          <Text size="sm">
            <Text span fw={600} inherit>
              {t('account.blocks.note')}
            </Text>{' '}
            {block.note}
          </Text>
        )}
        {block.noteHidden && (
          <Alert color="gray" variant="light" icon={<IconLock size={16} />} p="xs">
            <Text size="sm">{t('account.blocks.noteHidden')}</Text>
          </Alert>
        )}
        {check && <CheckFacts check={check} now={now} />}
      </Stack>
    </Paper>
  );
}

function CheckFacts({ check, now }: { check: AccountIdentityCheck; now: number }) {
  const { t } = useTranslation();
  const decided = check.status === 'approved' || check.status === 'rejected';
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('account.blocks.check.title')}
        </Text>
        <Badge color={CHECK_COLOURS[check.status]} variant="light" size="sm">
          {t(`account.blocks.check.status.${check.status}`)}
        </Badge>
        {check.status === 'submitted' &&
          (check.overdue ? (
            <Badge color="red" variant="filled" size="sm">
              {t('account.blocks.check.overdue')}
            </Badge>
          ) : (
            <Badge color="teal" variant="outline" size="sm">
              {t('account.blocks.check.onTime')}
            </Badge>
          ))}
      </Group>
      <Facts cols={2}>
        <Fact label={t('account.blocks.check.submitted')}>
          {check.submittedAt === null ? (
            t('account.blocks.check.notSubmitted')
          ) : (
            <When at={check.submittedAt} now={now} />
          )}
        </Fact>
        {check.status === 'submitted' && (
          <Fact label={t('account.blocks.check.due')}>
            <When
              at={check.dueAt}
              now={now}
              c={
                check.overdue
                  ? 'light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))'
                  : undefined
              }
            />
          </Fact>
        )}
        {decided && (
          <Fact label={t('account.blocks.check.decided')}>
            <When at={check.decidedAt} now={now} />
            {check.decidedBy && (
              <Text span c="dimmed" inherit display="block">
                {actorLabel(check.decidedBy, t)}
              </Text>
            )}
          </Fact>
        )}
      </Facts>
    </Stack>
  );
}
