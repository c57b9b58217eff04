import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { StaffCreateForm } from './StaffCreateForm.tsx';

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
});
