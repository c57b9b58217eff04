import { Button, Group, Table, Text } from '@mantine/core';
import { IconDeviceMobile, IconFingerprint, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { When } from '../When/When.tsx';

export type StaffFactor = RouterOutputs['auth']['factors']['list']['factors'][number];

/** The staff member's second factors: kind, name, added, last used, and a Remove button. */
export function FactorList({
  items,
  now,
  busyId,
  onRemove,
}: {
  items: readonly StaffFactor[];
  now: number;
  busyId?: string | null;
  onRemove: (factor: StaffFactor) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('security.factors.none')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('security.factors.columns.kind')}</Table.Th>
            <Table.Th>{t('security.factors.columns.label')}</Table.Th>
            <Table.Th>{t('security.factors.columns.added')}</Table.Th>
            <Table.Th>{t('security.factors.columns.lastUsed')}</Table.Th>
            <Table.Th>{t('security.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((factor) => {
            const Icon = factor.kind === 'passkey' ? IconFingerprint : IconDeviceMobile;
            return (
              <Table.Tr key={factor.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Icon size={16} aria-hidden />
                    <Text size="sm">{t(`security.factors.kind.${factor.kind}`)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {factor.label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <When at={factor.createdAt} now={now} relative={false} size="sm" />
                </Table.Td>
                <Table.Td>
                  {factor.lastUsedAt === null ? (
                    <Text size="sm" c="dimmed">
                      {t('security.factors.never')}
                    </Text>
                  ) : (
                    <When at={factor.lastUsedAt} now={now} size="sm" />
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    loading={busyId === factor.id}
                    aria-label={t('security.factors.removeWho', { label: factor.label })}
                    onClick={() => onRemove(factor)}
                  >
                    {t('security.factors.remove')}
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
