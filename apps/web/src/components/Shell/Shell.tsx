import {
  ActionIcon,
  AppShell,
  Badge,
  Group,
  NavLink,
  Stack,
  Text,
  Title,
  Tooltip,
  useMantineColorScheme,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconChartBar,
  IconChecklist,
  IconId,
  IconLogout,
  IconMail,
  IconMoon,
  IconSearch,
  IconShieldCheck,
  IconShieldLock,
  IconSun,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Link as RouterLink, NavLink as RouterNavLink, useNavigate } from 'react-router';
import { type Capability, useMe } from '../../app/session.tsx';
import { useTRPC } from '../../trpc.ts';
import { LanguageSwitch } from '../LanguageSwitch/LanguageSwitch.tsx';
import { LookupHotkeys } from '../LookupHotkeys/LookupHotkeys.tsx';
import { QueryState } from '../QueryState/QueryState.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: typeof IconSearch;
  capability: Capability;
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.lookup', icon: IconSearch, capability: 'accounts.read' },
  { to: '/outbox', label: 'nav.outbox', icon: IconMail, capability: 'outbox.read' },
  { to: '/audit', label: 'nav.audit', icon: IconShieldCheck, capability: 'audit.readAll' },
  { to: '/reports', label: 'nav.reports', icon: IconChartBar, capability: 'reports.read' },
  { to: '/reviews', label: 'nav.reviews', icon: IconChecklist, capability: 'reviews.read' },
  {
    to: '/identity-checks',
    label: 'nav.identityChecks',
    icon: IconId,
    capability: 'identityChecks.read',
  },
  { to: '/alerts', label: 'nav.alerts', icon: IconAlertTriangle, capability: 'alerts.read' },
  { to: '/staff', label: 'nav.staff', icon: IconUsers, capability: 'staff.manage' },
];

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        navigate('/sign-in');
      },
    }),
  );
  const capabilities = me.data?.capabilities ?? [];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Group gap="xs">
            <Title order={3} c="teal">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="sm">
            <LanguageSwitch />
            <Tooltip label={t('nav.colorScheme')}>
              <ActionIcon
                variant="default"
                onClick={toggleColorScheme}
                aria-label={t('nav.colorScheme')}
              >
                {colorScheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
              </ActionIcon>
            </Tooltip>
            {me.data && <Badge variant="light">{t(`lead.role.${me.data.staff.role}`)}</Badge>}
            <Text size="sm">{me.data?.staff.displayName}</Text>
            <Tooltip label={t('security.title')}>
              <ActionIcon
                variant="default"
                component={RouterLink}
                to="/security"
                aria-label={t('security.title')}
              >
                <IconShieldLock size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('nav.signOut')}>
              <ActionIcon
                variant="default"
                onClick={() => logout.mutate()}
                aria-label={t('nav.signOut')}
              >
                <IconLogout size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {NAV.filter((item) => capabilities.includes(item.capability)).map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.to === '/'}
              label={t(item.label)}
              leftSection={<item.icon size={18} />}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <LookupHotkeys />
        <Suspense
          fallback={
            <QueryState
              query={{ isPending: true, isError: false, error: null, refetch: () => undefined }}
            />
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
