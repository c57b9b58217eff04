import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, type RouteObject, useRoutes } from 'react-router';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { SignInPage } from '../pages/SignInPage.tsx';
import { RequireSession } from './session.tsx';

// The first load is the sign-in page (issue 15: initial JavaScript ≤ 180 KB gzipped). The shell
// and the lookup page come next, fetched at once when signed in (beside `auth.me`) or once the
// sign-in page is drawn; see `preloadConsole`.
const loadShell = () => import('../components/Shell/Shell.tsx');
const loadLookupPage = () => import('../pages/LookupPage.tsx');
const Shell = lazy(() => loadShell().then((module) => ({ default: module.Shell })));
const LookupPage = lazy(() => loadLookupPage().then((module) => ({ default: module.LookupPage })));

/** Starts fetching the signed-in console's first screen; a failure is retried when it renders. */
export function preloadConsole() {
  loadShell().catch(() => undefined);
  loadLookupPage().catch(() => undefined);
}

/** After the browser has drawn what it has: the sign-in page's paint is not delayed by this. */
function whenIdle(run: () => void) {
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 200);
}

// Lead and admin pages load on demand: agents never download them.
const AccountPage = lazy(() => import('../pages/AccountPage.tsx'));
const OutboxPage = lazy(() => import('../pages/OutboxPage.tsx'));
const AuditPage = lazy(() => import('../pages/AuditPage.tsx'));
const ReportsPage = lazy(() => import('../pages/ReportsPage.tsx'));
const ReviewsPage = lazy(() => import('../pages/ReviewsPage.tsx'));
const EscalationsPage = lazy(() => import('../pages/EscalationsPage.tsx'));
const IdentityChecksPage = lazy(() => import('../pages/IdentityChecksPage.tsx'));
const AlertsPage = lazy(() => import('../pages/AlertsPage.tsx'));
const StaffPage = lazy(() => import('../pages/StaffPage.tsx'));
const SecurityPage = lazy(() => import('../pages/SecurityPage.tsx'));
const OpenPage = lazy(() => import('../pages/OpenPage.tsx'));
const WebhooksPage = lazy(() => import('../pages/WebhooksPage.tsx'));

const pending = (
  <QueryState query={{ isPending: true, isError: false, error: null, refetch: () => undefined }} />
);

// Declarative routing (BrowserRouter + useRoutes), not a data router: the console loads no data
// in route loaders, and createBrowserRouter alone added ~15 KB gzipped to the first load.
const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <Suspense fallback={pending}>
          <Shell />
        </Suspense>
      </RequireSession>
    ),
    children: [
      { index: true, element: <LookupPage /> },
      { path: 'accounts/:accountId', element: <AccountPage /> },
      { path: 'outbox', element: <OutboxPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'escalations', element: <EscalationsPage /> },
      { path: 'identity-checks', element: <IdentityChecksPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'staff', element: <StaffPage /> },
      { path: 'webhooks', element: <WebhooksPage /> },
      { path: 'security', element: <SecurityPage /> },
      { path: 'open', element: <OpenPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

function AppRoutes() {
  return useRoutes(routes);
}

export function AppRouter() {
  useEffect(() => {
    if (window.location.pathname.startsWith('/sign-in')) whenIdle(preloadConsole);
    else preloadConsole();
  }, []);
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
