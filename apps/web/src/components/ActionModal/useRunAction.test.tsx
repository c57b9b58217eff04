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

function Harness({ request, onDone }: { request: ActionRequest; onDone: () => void }) {
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
});
