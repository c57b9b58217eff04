import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { Shell } from '../components/Shell/Shell.tsx';
import { LookupPage } from '../pages/LookupPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { SignInPage } from '../pages/SignInPage.tsx';
import { RequireSession } from './session.tsx';

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

const router = createBrowserRouter([
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
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
