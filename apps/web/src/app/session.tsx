import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { TicketUrlTemplateProvider } from '../components/TicketRef/TicketRef.tsx';
import { type RouterOutputs, reasonOf, useTRPC } from '../trpc.ts';

export type Me = RouterOutputs['auth']['me'];
export type Capability = Me['capabilities'][number];

export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000, retry: false });
}

export function useCan() {
  const me = useMe();
  return (capability: Capability) => me.data?.capabilities.includes(capability) ?? false;
}

/** Renders its children for a signed-in staff member; otherwise goes to sign-in and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isError && reasonOf(me.error) === 'UNAUTHENTICATED') {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (!me.data) return <QueryState query={me} />;
  // Signed in with a password, second factor not passed yet: that step, not the console.
  if (me.data.secondFactorPending) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return (
    <TicketUrlTemplateProvider template={me.data.ticketUrlTemplate}>
      {children}
    </TicketUrlTemplateProvider>
  );
}
