import { Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconLinkOff, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { describeRefusal } from '../RefusalAlert/RefusalAlert.tsx';

export type ChainStatus = RouterOutputs['audit']['verifyChain'];

/**
 * What the verdict rests on: the newest signed checkpoint (the quick check starts there) and
 * the last full walk of the chain, which runs off the request path.
 */
function Anchoring({ status }: { status: ChainStatus }) {
  const { t, i18n } = useTranslation();
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const full = status.lastFullCheck;
  return (
    <Text size="sm" c="dimmed">
      {status.checkpoint
        ? t('audit.chain.checkpoint', {
            id: status.checkpoint.lastEventId,
            at: at(status.checkpoint.at),
          })
        : t('audit.chain.noCheckpoint')}
      {' · '}
      {full
        ? t(full.ok ? 'audit.chain.fullCheckPassed' : 'audit.chain.fullCheckFailed', {
            at: at(full.at),
          })
        : t('audit.chain.noFullCheck')}
    </Text>
  );
}

/**
 * The audit chain's verdict (SPEC §8): intact with the number of events checked, or the first
 * broken link. Words and an icon carry the state, not only the colour.
 */
export function ChainStatusBadge({
  status,
  checking,
  error,
  onRecheck,
}: {
  status: ChainStatus | undefined;
  checking: boolean;
  error?: unknown;
  onRecheck: () => void;
}) {
  const { t, i18n } = useTranslation();
  let badge: ReactNode;
  if (error && !checking) {
    badge = (
      <Badge color="gray" variant="light" size="lg" tt="none">
        {t('audit.chain.error')}: {describeRefusal(error, t).title}
      </Badge>
    );
  } else if (status) {
    badge = status.ok ? (
      <Badge
        color="green"
        variant="light"
        size="lg"
        tt="none"
        leftSection={<IconShieldCheck size={14} />}
      >
        {t('audit.chain.intact', { count: formatNumber(status.checked, i18n.language) })}
      </Badge>
    ) : (
      <Tooltip
        label={t('audit.chain.brokenHint', {
          count: formatNumber(status.checked, i18n.language),
          id: status.firstBrokenId ?? '?',
        })}
      >
        <Badge
          color="red"
          variant="filled"
          size="lg"
          tt="none"
          leftSection={<IconLinkOff size={14} />}
        >
          {t('audit.chain.broken', { id: status.firstBrokenId ?? '?' })}
        </Badge>
      </Tooltip>
    );
  } else {
    badge = (
      <Group gap={6}>
        <Loader size="xs" />
        <Text size="sm">{t('audit.chain.checking')}</Text>
      </Group>
    );
  }
  return (
    <Group gap="xs" role="status" aria-live="polite" aria-label={t('audit.chain.label')}>
      {badge}
      {status && <Anchoring status={status} />}
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconRefresh size={14} />}
        loading={checking}
        onClick={onRecheck}
      >
        {t('audit.chain.recheck')}
      </Button>
    </Group>
  );
}
