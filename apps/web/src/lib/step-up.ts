import type { AppRouter } from '@lifeline/api';
import type { TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { createContext, useContext } from 'react';

/**
 * The one place that asks for a step-up (SPEC §13): a sensitive call refused with
 * STEP_UP_REQUIRED waits here while the step-up modal asks for a second factor, then is sent
 * again once. Calls refused while the modal is open wait for the same answer.
 */
export class StepUpBroker {
  private pending: { promise: Promise<boolean>; resolve: (confirmed: boolean) => void } | null =
    null;
  private readonly listeners = new Set<() => void>();
  /** Mounted modals: without one nobody could answer, so a request is declined at once. */
  private hosts = 0;

  /** Resolves true once the staff member has stepped up, false if they cancelled. */
  request(): Promise<boolean> {
    if (this.hosts === 0) return Promise.resolve(false);
    if (!this.pending) {
      let resolve: (confirmed: boolean) => void = () => undefined;
      const promise = new Promise<boolean>((done) => {
        resolve = done;
      });
      this.pending = { promise, resolve };
      this.emit();
    }
    return this.pending.promise;
  }

  /** The modal's answer. */
  settle(confirmed: boolean) {
    const current = this.pending;
    this.pending = null;
    this.emit();
    current?.resolve(confirmed);
  }

  readonly isOpen = () => this.pending !== null;

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The modal registers itself while mounted. */
  attachHost(): () => void {
    this.hosts += 1;
    return () => {
      this.hosts -= 1;
      if (this.hosts === 0) this.settle(false);
    };
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }
}

export const StepUpContext = createContext<StepUpBroker | null>(null);

export function useStepUpBroker(): StepUpBroker {
  const broker = useContext(StepUpContext);
  if (!broker) throw new Error('useStepUpBroker outside Providers');
  return broker;
}

export function isStepUpRefusal(error: unknown): boolean {
  const data = (error as { data?: { reason?: unknown } } | null)?.data;
  return data?.reason === 'STEP_UP_REQUIRED';
}

/**
 * A tRPC link before the HTTP one: a mutation refused with STEP_UP_REQUIRED is held while the
 * broker asks, then sent again once (same input, so the same idempotency key: a refusal is not
 * stored under it). Queries are left alone: a background refetch must not open a modal.
 */
export function stepUpLink(broker: StepUpBroker): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | undefined;
        let disposed = false;
        const attempt = (retried: boolean) => {
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => observer.complete(),
            error: (error) => {
              if (retried || op.type !== 'mutation' || !isStepUpRefusal(error)) {
                observer.error(error);
                return;
              }
              void broker.request().then((confirmed) => {
                if (disposed) return;
                if (confirmed) attempt(true);
                else observer.error(error);
              });
            },
          });
        };
        attempt(false);
        return () => {
          disposed = true;
          current?.unsubscribe();
        };
      });
}
