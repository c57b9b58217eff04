import {
  localStorageColorSchemeManager,
  MantineProvider,
  mergeThemeOverrides,
} from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cssVariablesResolver, theme } from '../theme.ts';
import { createApiClient, reasonOf, TRPCProvider } from '../trpc.ts';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'lifeline.color-scheme' });

/** Sends the agent to sign in, remembering where they were (SPEC: no dead ends). */
export function goToSignIn() {
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname.startsWith('/sign-in')) return;
  window.location.assign(`/sign-in?expired=1&next=${encodeURIComponent(here)}`);
}

function onApiError(error: unknown) {
  if (reasonOf(error) === 'UNAUTHENTICATED') goToSignIn();
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // Refusals are answers, not glitches: only retry what might be transient.
        retry: (count, error) => count < 2 && reasonOf(error) === undefined,
      },
    },
  });
}

export function Providers({
  children,
  queryClient,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [trpcClient] = useState(createApiClient);
  const { t } = useTranslation();
  // Every close button (modals, notifications) is an icon: it needs a name, in the UI's language.
  const localTheme = useMemo(
    () =>
      mergeThemeOverrides(theme, {
        components: { CloseButton: { defaultProps: { 'aria-label': t('common.close') } } },
      }),
    [t],
  );
  return (
    <MantineProvider
      theme={localTheme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
    >
      <QueryClientProvider client={client}>
        <TRPCProvider trpcClient={trpcClient} queryClient={client}>
          <ModalsProvider>
            <Notifications position="top-right" />
            {children}
          </ModalsProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
