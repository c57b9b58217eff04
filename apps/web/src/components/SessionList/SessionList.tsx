import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { When } from '../When/When.tsx';

export type StaffSession = RouterOutputs['auth']['sessions']['items'][number];

/** "Chrome on Linux", "Chrome", "Linux" or "Unknown device", from the server's reading. */
export function deviceName(device: StaffSession['device'], t: TFunction): string {
  if (device.browser && device.os) return t('security.device.both', device);
  return device.browser ?? device.os ?? t('security.device.unknown');
}

/**
 * The signed-in staff member's open sessions, the current one first-class: each with its device,
 * address, start and last use, and an End button. The page confirms and calls the server.
 */
export function SessionList({
  items,
  now,
  busyId,
  onEnd,
}: {
  items: readonly StaffSession[];
  now: number;
  busyId?: string | null;
  onEnd: (session: StaffSession) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('security.sessions.none')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('security.columns.device')}</Table.Th>
            <Table.Th>{t('security.columns.address')}</Table.Th>
            <Table.Th>{t('security.columns.started')}</Table.Th>
            <Table.Th>{t('security.columns.lastSeen')}</Table.Th>
            <Table.Th>{t('security.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((session) => {
            const device = deviceName(session.device, t);
            return (
              <Table.Tr key={session.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Tooltip
                      label={session.userAgent}
                      disabled={session.userAgent === ''}
                      multiline
                      w={360}
                    >
                      <Text size="sm" fw={500}>
                        {device}
                      </Text>
                    </Tooltip>
                    {session.current && (
                      <Badge miw="max-content" size="xs" variant="outline">
                        {t('security.sessions.current')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm" ff="monospace">
                      {session.ip || '—'}
                    </Text>
                    {session.lastIp !== '' && session.lastIp !== session.ip && (
                      <Text size="xs" c="dimmed">
                        {t('security.sessions.lastFrom', { ip: session.lastIp })}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <When at={session.createdAt} now={now} relative={false} size="sm" />
                </Table.Td>
                <Table.Td>
                  <When at={session.lastSeenAt} now={now} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    leftSection={<IconLogout size={14} aria-hidden />}
                    loading={busyId === session.id}
                    aria-label={t(
                      session.current
                        ? 'security.sessions.endCurrentWho'
                        : 'security.sessions.endWho',
                      { device },
                    )}
                    onClick={() => onEnd(session)}
                  >
                    {t('security.sessions.end')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
