import { STAFF_ROLES, type StaffRole } from '@lifeline/domain';
import { Badge, Button, Group, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconKeyOff, IconLogout, IconUserOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { When } from '../When/When.tsx';

export type StaffMember = RouterOutputs['staff']['list']['items'][number];

/**
 * Staff accounts with their role (a select), a button ending all their sessions and a disable
 * button. The table only asks: the page confirms and calls the server, which refuses what must
 * not happen (the last admin).
 */
export function StaffTable({
  items,
  now,
  currentStaffId,
  busyId,
  onRoleChange,
  onDisable,
  onEndSessions,
  onResetFactors,
}: {
  items: readonly StaffMember[];
  now: number;
  currentStaffId: string | undefined;
  busyId?: string | null;
  onRoleChange: (member: StaffMember, role: StaffRole) => void;
  onDisable: (member: StaffMember) => void;
  /** Given to admins only: ends every session of the member. */
  onEndSessions?: (member: StaffMember) => void;
  /** Deletes the member's second factors (they enrol again); offered when they have some. */
  onResetFactors?: (member: StaffMember) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('staff.columns.name')}</Table.Th>
            <Table.Th>{t('staff.columns.email')}</Table.Th>
            <Table.Th>{t('staff.columns.role')}</Table.Th>
            <Table.Th>{t('staff.columns.created')}</Table.Th>
            <Table.Th>{t('staff.columns.status')}</Table.Th>
            <Table.Th>{t('staff.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((member) => {
            const self = member.id === currentStaffId;
            const disabled = member.disabledAt !== null;
            return (
              <Table.Tr key={member.id} c={disabled ? 'dimmed' : undefined}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {member.displayName}
                    </Text>
                    {self && (
                      <Badge miw="max-content" size="xs" variant="outline">
                        {t('staff.you')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{member.email}</Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={130}
                    aria-label={t('staff.roleOf', { name: member.displayName })}
                    data={STAFF_ROLES.map((role) => ({
                      value: role,
                      label: t(`lead.role.${role}`),
                    }))}
                    value={member.role}
                    allowDeselect={false}
                    disabled={disabled || busyId === member.id}
                    onChange={(value) => {
                      if (value && value !== member.role) onRoleChange(member, value as StaffRole);
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <When at={member.createdAt} now={now} relative={false} size="sm" />
                </Table.Td>
                <Table.Td>
                  {disabled ? (
                    <Badge miw="max-content" color="gray" variant="outline">
                      {t('staff.disabled')}
                    </Badge>
                  ) : (
                    <Badge miw="max-content" color="green" variant="light">
                      {t('staff.active')}
                    </Badge>
                  )}
                  {/* Under the count, not beside it: the status column stays narrow. */}
                  <Stack gap={2} mt={2} align="flex-start">
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {t('staff.factors', { count: member.factorCount })}
                    </Text>
                    {onResetFactors && !disabled && member.factorCount > 0 && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        px={4}
                        leftSection={<IconKeyOff size={12} aria-hidden />}
                        aria-label={t('staff.resetFactors.who', { name: member.displayName })}
                        onClick={() => onResetFactors(member)}
                      >
                        {t('staff.resetFactors.label')}
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {!disabled && (
                    <Group gap="xs" wrap="nowrap">
                      {onEndSessions && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          leftSection={<IconLogout size={14} aria-hidden />}
                          aria-label={t('staff.endSessions.who', { name: member.displayName })}
                          onClick={() => onEndSessions(member)}
                        >
                          {t('staff.endSessions.label')}
                        </Button>
                      )}
                      <Tooltip label={t('staff.disableSelf')} disabled={!self}>
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="red"
                          leftSection={<IconUserOff size={14} />}
                          disabled={self}
                          loading={busyId === member.id}
                          aria-label={t('staff.disableWho', { name: member.displayName })}
                          onClick={() => onDisable(member)}
                        >
                          {t('staff.disable')}
                        </Button>
                      </Tooltip>
                    </Group>
                  )}
                  {disabled && (
                    <Text size="xs" c="dimmed">
                      {t('staff.disabledOn')}{' '}
                      <When at={member.disabledAt} now={now} relative={false} size="xs" />
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
