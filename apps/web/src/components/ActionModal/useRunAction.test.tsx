import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { actionStates } from '../../lib/actions.ts';
import { canAs, diagnosisOf, FINDINGS, NOW, OWNER, passFor } from '../FindingCard/fixtures.ts';
import type { ActionRequest } from './ActionModal.tsx';
import { useRunAction } from './useRunAction.ts';

const reactivatable = FINDINGS.deactivated_reactivatable;

/** A reactivation as the lookup page builds it, or without the account it acts on. */
function reactivateRequest(withAccount = true): ActionRequest {
  const diagnosis = diagnosisOf([OWNER], [reactivatable], { passes: [passFor(OWNER)] });
  const [state] = actionStates(reactivatable, {
    diagnosis,
    ticketRef: 'T-1',
    now: NOW,
    can: canAs('agent'),
  });
  const [account] = diagnosis.accounts;
  if (!state || !account) throw new Error('fixture has no action');
  const request = { state, finding: reactivatable, ticketRef: 'T-1' };
  return withAccount ? { ...request, account } : request;
}

/** The reset-link limit's refusal as the server sends it (tRPC batch, superjson). */
function rateLimited(path: string, retryAt: number) {
  const data = {
    code: 'TOO_MANY_REQUESTS',
    httpStatus: 429,
    path,
    reason: 'RATE_LIMITED',
    retryAt,
  };
  const body = [{ error: { json: { message: 'Limit.', code: -32029, data } } }];
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: { 'content-type': 'application/json' },
  });
}

function resetRequest(): ActionRequest {
  const finding = FINDINGS.no_blocker_found;
  const diagnosis = diagnosisOf([OWNER], [finding]);
  const [state] = actionStates(finding, {
    diagnosis,
    ticketRef: 'T-1',
    now: NOW,
    can: canAs('agent'),
  });
  if (!state) throw new Error('fixture has no action');
  return { state, finding, ticketRef: 'T-1' };
}

function Harness({
  request,
  onDone,
}: {
  request: ActionRequest;
  onDone: (outcome: 'succeeded' | 'refused') => void;
}) {
  const runner = useRunAction(onDone);
  return (
    <>
      <button
        type="button"
        onClick={() =>
          void runner
            .run(request, { idempotencyKey: 'key-0001-abcd', sendResetLink: false, note: '' })
            .catch(() => {})
        }
      >
        Run
      </button>
      <p data-testid="error">{runner.error}</p>
    </>
  );
}

afterEach(() => vi.restoreAllMocks());

describe('useRunAction', () => {
  it('sends nothing without the account (and so its version), and says why in place', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const onDone = vi.fn();
    render(<Harness request={reactivateRequest(false)} onDone={onDone} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText(/Nothing was sent/)).toHaveTextContent('expectedVersion');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends the account version the diagnosis read', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    render(<Harness request={reactivateRequest()} onDone={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(String(url)).toContain('actions.reactivate');
    expect(String(init?.body)).toContain('"expectedVersion":3');
  });

  it('a reset link refused by the limit says until when, and closes rather than offer a retry', async () => {
    // 14:05:30 in the console's zone: the next link may go at 14:06, not "later".
    const retryAt = new Date(2026, 10, 23, 14, 5, 30).getTime();
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      rateLimited('actions.sendPasswordReset', retryAt),
    );
    const onDone = vi.fn();
    render(<Harness request={resetRequest()} onDone={onDone} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('refused'));
    expect(
      await screen.findByText(
        'Three reset links were already sent for this login in the last hour: the next one can go at 14:06.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/try again later/)).toBeNull();
    expect(screen.getByTestId('error')).toBeEmptyDOMElement();
  });
});
