import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Paper,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconMailOff } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { EMAIL_STATUS_COLOURS } from '../Timeline/Timeline.tsx';
import { When } from '../When/When.tsx';

export type OutboxItem = RouterOutputs['outbox']['list']['items'][number];

const COLUMNS = 6;

/**
 * Emails newest first, each row opening onto its body. Bodies come as the API gives them: the
 * one-time codes and links are already replaced by placeholders, which are shown as they are.
 */
export function OutboxTable({
  items,
  now,
  filtered = false,
}: {
  items: OutboxItem[];
  now: number;
  filtered?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (items.length === 0) {
    return (
      <Stack align="center" gap="xs" py="xl" role="status">
        <IconMailOff size={32} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text c="dimmed">{filtered ? t('outbox.emptyFiltered') : t('outbox.empty')}</Text>
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44}>
              <VisuallyHidden>{t('outbox.columns.body')}</VisuallyHidden>
            </Table.Th>
            <Table.Th>{t('outbox.columns.created')}</Table.Th>
            <Table.Th>{t('outbox.columns.template')}</Table.Th>
            <Table.Th>{t('outbox.columns.to')}</Table.Th>
            <Table.Th>{t('outbox.columns.subject')}</Table.Th>
            <Table.Th>{t('outbox.columns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const expanded = open.has(item.id);
            const bodyId = `outbox-body-${item.id}`;
            return (
              <Fragment key={item.id}>
                <Table.Tr>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(item.id)}
                      aria-expanded={expanded}
                      aria-controls={bodyId}
                      aria-label={t(expanded ? 'outbox.hideBody' : 'outbox.showBody', {
                        subject: item.subject,
                      })}
                    >
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <time dateTime={new Date(item.createdAt).toISOString()}>
                        {formatDateTime(item.createdAt, i18n.language)}
                      </time>
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatRelative(item.createdAt, now, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`outbox.templates.${item.template}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {item.to}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{item.subject}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusCell item={item} now={now} />
                  </Table.Td>
                </Table.Tr>
                {/* Always rendered (hidden when closed) so aria-controls points at something. */}
                <Table.Tr id={bodyId} hidden={!expanded}>
                  <Table.Td colSpan={COLUMNS} pt={0}>
                    <Box px="md" pb="xs">
                      <Paper withBorder p="sm" bg="var(--mantine-color-default)">
                        <Text
                          component="pre"
                          size="sm"
                          ff="monospace"
                          m={0}
                          style={{ whiteSpace: 'pre-wrap' }}
                        >
                          {item.body}
                        </Text>
                      </Paper>
                      {item.accountId && (
                        <Anchor
                          component={Link}
                          to={`/accounts/${item.accountId}`}
                          size="xs"
                          display="inline-block"
                          mt={4}
                        >
                          {t('outbox.account', { accountId: item.accountId })}
                        </Anchor>
                      )}
                    </Box>
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StatusCell({ item, now }: { item: OutboxItem; now: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Badge miw="max-content" color={EMAIL_STATUS_COLOURS[item.status]} variant="light" size="sm">
        {t(`outbox.status.${item.status}`)}
      </Badge>
      {item.sentAt !== null && (
        <Text size="xs" c="dimmed">
          {t('outbox.sentAt')} <When at={item.sentAt} now={now} inherit relative={false} />
        </Text>
      )}
      {item.attempts > 0 && (
        <Text size="xs" c="dimmed">
          {t('outbox.attempts', { attempts: item.attempts })}
        </Text>
      )}
      {item.lastError && (
        <Text size="xs" c="light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))">
          {t('outbox.lastError', { error: item.lastError })}
        </Text>
      )}
    </Stack>
  );
}
