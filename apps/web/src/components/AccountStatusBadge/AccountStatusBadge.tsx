import type { AccountStatus } from '@lifeline/domain';
import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_STATUS_COLOURS } from '../../lib/colours.ts';

/** The account's status as a word on a colour: the colour is never the only signal. */
export function AccountStatusBadge({ status, ...props }: { status: AccountStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={ACCOUNT_STATUS_COLOURS[status]} variant="light" {...props}>
      {t(`account.status.${status}`)}
    </Badge>
  );
}
