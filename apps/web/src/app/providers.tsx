import {
  localStorageColorSchemeManager,
  MantineProvider,
  mergeThemeOverrides,
} from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepUpBroker, StepUpContext } from '../lib/step-up.ts';
import { cssVariablesResolver, theme } from '../theme.ts';
import { createApiClient, reasonOf, TRPCProvider } from '../trpc.ts';

// Loaded after the first render: neither is on screen then, and their code (transitions, modal
// base, scroll lock) is ~13 KB gzipped of the first load (issue 15). `modals.open…` and
// `notifications.show` reach them through window events and a store, so they need not wrap
// the app, only be mounted (as before, inside the query and tRPC providers, outside the router).
const Notifications = lazy(() =>
  import('@mantine/notifications').then((m) => ({ default: m.Notifications })),
);
const ModalsProvider = lazy(() =>
  import('@mantine/modals').then((m) => ({ default: m.ModalsProvider })),
);

// Opened only when a sensitive action asks for a second factor: its passkey and code forms stay
// out of the first load (issue 15).
const StepUpModal = lazy(() =>
  import('../components/StepUp/StepUpModal.tsx').then((m) => ({ default: m.StepUpModal })),
);

const colorSchemeManager = localStorageColorSchemeManager({ key: 'lifeline.color-scheme' });

/**
 * Sends the agent to sign in, remembering where they were (SPEC: no dead ends). "Your session
 * ended" is said only when there was one: a first visit is simply asked to sign in.
 */
export function goToSignIn(sessionEnded: boolean) {
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname.startsWith('/sign-in')) return;
  const params = new URLSearchParams(sessionEnded ? { expired: '1' } : {});
  params.set('next', here);
  window.location.assign(`/sign-in?${params.toString()}`);
}

/** `auth.me` in tRPC's query keys, whatever its input: it holds the session once signed in. */
const ME_KEY = [['auth', 'me']];

export function createQueryClient(onUnauthenticated: (sessionEnded: boolean) => void = goToSignIn) {
  // A refusal for want of a session ends one only if this console had one: `auth.me` answered
  // with a staff member before. The first visit's `auth.me` fails the same way, with no data.
  const hadSession = () =>
    client
      .getQueryCache()
      .findAll({ queryKey: ME_KEY })
      .some((query) => query.state.data !== undefined);
  const onApiError = (error: unknown) => {
    if (reasonOf(error) === 'UNAUTHENTICATED') onUnauthenticated(hadSession());
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({
      // A second factor's refusal (a wrong code) is the form's to say, not a lost session.
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.ownsAuthRefusals !== true) onApiError(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // Refusals are answers, not glitches: only retry what might be transient.
        retry: (count, error) => count < 2 && reasonOf(error) === undefined,
      },
    },
  });
  return client;
}

export function Providers({
  children,
  queryClient,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [stepUp] = useState(() => new StepUpBroker());
  const [trpcClient] = useState(() => createApiClient(stepUp));
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
          <StepUpContext value={stepUp}>
            <Suspense fallback={null}>
              <ModalsProvider />
            </Suspense>
            <Suspense fallback={null}>
              {/* Bottom right: at the top they covered the header's language, theme and sign-out. */}
              <Notifications position="bottom-right" />
            </Suspense>
            {children}
            <Suspense fallback={null}>
              <StepUpModal broker={stepUp} />
            </Suspense>
          </StepUpContext>
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
