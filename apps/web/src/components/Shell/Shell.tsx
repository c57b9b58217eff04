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
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowUpRight,
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
  IconWebhook,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Outlet,
  Link as RouterLink,
  NavLink as RouterNavLink,
  useNavigate,
  useSearchParams,
} from 'react-router';
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
    to: '/escalations',
    label: 'escalations.nav',
    icon: IconArrowUpRight,
    capability: 'escalations.manage',
  },
  {
    to: '/identity-checks',
    label: 'nav.identityChecks',
    icon: IconId,
    capability: 'identityChecks.read',
  },
  { to: '/alerts', label: 'nav.alerts', icon: IconAlertTriangle, capability: 'alerts.read' },
  { to: '/staff', label: 'nav.staff', icon: IconUsers, capability: 'staff.manage' },
  { to: '/webhooks', label: 'nav.webhooks', icon: IconWebhook, capability: 'webhooks.manage' },
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
  useStepUpReturn();
  // The navbar's own breakpoint (lg): labels beside the icons, or a rail of icons.
  const wideNav = useMediaQuery('(min-width: 75em)', true) ?? true;

  return (
    // Below 1200 px the navigation is a rail of icons (named, with tooltips): at 1024 px the
    // full-width menu left the tables too narrow for their status and action columns.
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: { sm: 64, lg: 220 }, breakpoint: 'sm' }}
      padding="md"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Group gap="xs">
            <Title order={3} c="teal">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="lg">
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
            <Tooltip
              key={item.to}
              label={t(item.label)}
              position="right"
              disabled={wideNav}
              withinPortal
            >
              <NavLink
                component={RouterNavLink}
                to={item.to}
                end={item.to === '/'}
                aria-label={t(item.label)}
                label={wideNav ? t(item.label) : null}
                leftSection={<item.icon size={18} aria-hidden />}
              />
            </Tooltip>
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

/**
 * Back from a step-up at the single sign-on provider that did not go through: the server adds
 * `step_up_error` to the page's address. Said once, then taken out of the address.
 */
function useStepUpReturn() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const failed = params.get('step_up_error');
  useEffect(() => {
    if (!failed) return;
    notifications.show({ color: 'red', title: t('stepUp.title'), message: t('stepUp.ssoFailed') });
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('step_up_error');
        return next;
      },
      { replace: true },
    );
  }, [failed, setParams, t]);
}
