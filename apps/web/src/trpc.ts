// Types only from the API root: a runtime import would pull the server (and SQLite) into the
// bundle. Shared schemas and limits come from '@lifeline/api/schemas'.
import type { AppRouter, RouterInputs, RouterOutputs } from '@lifeline/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { type StepUpBroker, stepUpLink } from './lib/step-up.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
export type { RouterInputs, RouterOutputs };

export function createApiClient(stepUp?: StepUpBroker) {
  // Same origin as the console: the session cookie (HttpOnly, SameSite=Strict) rides along.
  const http = httpBatchLink({
    url: '/trpc',
    transformer: superjson,
    maxURLLength: 4000,
    maxItems: 20,
  });
  return createTRPCClient<AppRouter>({ links: stepUp ? [stepUpLink(stepUp), http] : [http] });
}

/** The stable reason of SPEC §11 behind a failed call, when there is one. */
export function reasonOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    return (error.data as { reason?: string } | undefined)?.reason;
  }
  return undefined;
}

/** When a refused limit lifts (epoch ms), when the server says (RATE_LIMITED). */
export function retryAtOf(error: unknown): number | undefined {
  if (error instanceof TRPCClientError) {
    const retryAt = (error.data as { retryAt?: unknown } | undefined)?.retryAt;
    return typeof retryAt === 'number' ? retryAt : undefined;
  }
  return undefined;
}

/** The input field a refusal is about, when the server names one (e.g. `email`). */
export function fieldOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    const field = (error.data as { field?: unknown } | undefined)?.field;
    return typeof field === 'string' ? field : undefined;
  }
  return undefined;
}

export function requestIdOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    return (error.data as { requestId?: string } | undefined)?.requestId;
  }
  return undefined;
}
