import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { TRPCClientError } from '@trpc/client';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { StaffCreateForm } from './StaffCreateForm.tsx';

const taken = TRPCClientError.from({
  error: {
    message: 'A staff member with the email lead@lifeline.test already exists.',
    code: -32600,
    data: { reason: 'INVALID_INPUT', field: 'email', requestId: 'req_abcd1234' },
  },
});
/** The staff page around the form: the server refuses the email as taken. */
function Page() {
  const [error, setError] = useState<unknown>(null);
  return (
    <StaffCreateForm
      pending={false}
      error={error}
      onSubmit={() => {
        setError(taken);
        return Promise.reject(taken);
      }}
    />
  );
}

describe('StaffCreateForm', () => {
  it('checks the email and the 12-character password before sending', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(() => Promise.resolve());
    render(<StaffCreateForm pending={false} error={null} onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/Work email/), 'new.lead@lifeline.test');
    await user.type(screen.getByLabelText(/Display name/), 'Nina New');
    await user.type(screen.getByLabelText(/Initial password/), 'too-short');
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('At least 12 characters.')).toBeVisible();

    await user.type(screen.getByLabelText(/Initial password/), '-but-now-long');
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    expect(onSubmit).toHaveBeenCalledWith({
      email: 'new.lead@lifeline.test',
      displayName: 'Nina New',
      role: 'agent',
      password: 'too-short-but-now-long',
    });
    // Cleared once created.
    expect(await screen.findByLabelText(/Work email/)).toHaveValue('');
  });

  it('puts an email already in use on the Email field, not in a generic alert with a reference', async () => {
    const user = userEvent.setup();
    render(<Page />);
    const email = screen.getByLabelText(/Work email/);
    await user.type(email, 'lead@lifeline.test');
    await user.type(screen.getByLabelText(/Display name/), 'Copy');
    await user.type(screen.getByLabelText(/Initial password/), 'long-enough-password');
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    expect(
      await screen.findByText('A staff member already has this email. Use another one.'),
    ).toBeVisible();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/req_abcd1234/)).toBeNull();
    // Typed what was asked is kept; a new address clears the error.
    await user.clear(email);
    await user.type(email, 'someone.else@lifeline.test');
    expect(
      screen.queryByText('A staff member already has this email. Use another one.'),
    ).toBeNull();
  });
});
