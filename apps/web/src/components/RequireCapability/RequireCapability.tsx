import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Capability, useMe } from '../../app/session.tsx';
import { QueryState } from '../QueryState/QueryState.tsx';

/**
 * Lead and admin pages for someone whose role lacks them (a typed URL, a demoted session):
 * say so instead of showing a page whose every call would be refused.
 */
export function RequireCapability({
  capability,
  children,
}: {
  capability: Capability | readonly Capability[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return <QueryState query={me} />;
  const needed = typeof capability === 'string' ? [capability] : capability;
  if (!needed.some((c) => me.data.capabilities.includes(c))) {
    return (
      <Alert color="yellow" role="alert" title={t('common.forbidden')}>
        {t('lead.forbiddenHint', { role: t(`lead.role.${me.data.staff.role}`) })}
      </Alert>
    );
  }
  return <>{children}</>;
}
