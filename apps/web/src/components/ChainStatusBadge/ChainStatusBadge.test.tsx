import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { ChainStatusBadge } from './ChainStatusBadge.tsx';

describe('ChainStatusBadge', () => {
  it('says the chain is intact with the number of events checked', () => {
    render(
      <ChainStatusBadge
        status={{ ok: true, checked: 1234, checkpoint: null, lastFullCheck: null }}
        checking={false}
        onRecheck={() => {}}
      />,
    );
    expect(screen.getByText('Chain intact ✓ · 1,234 events checked')).toBeVisible();
    expect(screen.getByRole('status', { name: 'Audit chain status' })).toBeInTheDocument();
  });

  it('names the first broken link', () => {
    render(
      <ChainStatusBadge
        status={{
          ok: false,
          checked: 40,
          firstBrokenId: 17,
          checkpoint: { lastEventId: 12, at: Date.UTC(2026, 10, 30, 9, 0) },
          lastFullCheck: { at: Date.UTC(2026, 11, 1, 3, 0), ok: false },
        }}
        checking={false}
        onRecheck={() => {}}
      />,
    );
    expect(screen.getByText('Chain broken at event #17')).toBeVisible();
    expect(screen.queryByText(/Chain intact/)).not.toBeInTheDocument();
    // What the verdict rests on: the newest signed checkpoint and the last full walk.
    expect(
      screen.getByText(/Signed checkpoint at event #12, .*full check .*: failed/),
    ).toBeVisible();
  });

  it('shows the check in progress', () => {
    render(<ChainStatusBadge status={undefined} checking onRecheck={() => {}} />);
    expect(screen.getByText('Checking the chain…')).toBeVisible();
  });

  it('re-checks on demand', async () => {
    const user = userEvent.setup();
    const onRecheck = vi.fn();
    render(
      <ChainStatusBadge
        status={{ ok: true, checked: 3, checkpoint: null, lastFullCheck: null }}
        checking={false}
        onRecheck={onRecheck}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Re-check' }));
    expect(onRecheck).toHaveBeenCalledTimes(1);
  });
});
