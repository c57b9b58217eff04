import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NOW, outboxItem } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { OutboxTable } from './OutboxTable.tsx';

const items = [
  outboxItem(),
  outboxItem({
    id: 'obx_0002abcd',
    createdAt: NOW - 2 * 3_600_000,
    template: 'account_reactivated',
    subject: 'Your account is back',
    body: 'Your account was reactivated.',
    status: 'sent',
    attempts: 1,
    sentAt: NOW - 2 * 3_600_000 + 5_000,
  }),
  outboxItem({
    id: 'obx_0003abcd',
    createdAt: NOW - 26 * 3_600_000,
    template: 'verification_code',
    subject: 'Your verification code',
    body: 'Your code is [code hidden].',
    status: 'failed',
    attempts: 5,
    lastError: '550 mailbox unavailable for o•••@example.com',
  }),
];

describe('OutboxTable', () => {
  it('shows each email with template in words, recipient, subject and status', () => {
    render(<OutboxTable items={items} now={NOW} />);
    const rows = screen.getAllByRole('row').filter((row) => !row.hidden);
    expect(rows).toHaveLength(4); // header + 3 emails; bodies are hidden rows
    const [, pending, sent, failed] = rows as HTMLElement[];
    expect(within(pending as HTMLElement).getByText('Password reset link')).toBeInTheDocument();
    expect(within(pending as HTMLElement).getByText('o•••@example.com')).toBeInTheDocument();
    expect(within(pending as HTMLElement).getByText('Pending')).toBeInTheDocument();
    expect(within(pending as HTMLElement).getByText('5 minutes ago')).toBeInTheDocument();
    expect(within(sent as HTMLElement).getByText('Sent')).toBeInTheDocument();
    expect(within(sent as HTMLElement).getByText('Attempts: 1')).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText('Failed')).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText('Attempts: 5')).toBeInTheDocument();
    expect(
      within(failed as HTMLElement).getByText(/Last error: 550 mailbox unavailable/),
    ).toBeInTheDocument();
    expect(within(failed as HTMLElement).getByText('yesterday')).toBeInTheDocument();
  });

  it('opens a row onto its body, placeholders shown as the API sends them', async () => {
    const user = userEvent.setup();
    render(<OutboxTable items={items} now={NOW} />);
    const toggle = screen.getByRole('button', {
      name: 'Show the body of “Choose a new password”',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText(/\[link hidden\]/)).not.toBeVisible();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Hide the body of “Choose a new password”');
    expect(screen.getByText(/\[link hidden\]/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open account acc_8f3kq2m9x7' })).toHaveAttribute(
      'href',
      '/accounts/acc_8f3kq2m9x7',
    );
    // The other bodies stay closed.
    expect(screen.getByText(/\[code hidden\]/)).not.toBeVisible();
    await user.click(toggle);
    expect(screen.getByText(/\[link hidden\]/)).not.toBeVisible();
  });

  it('has an empty state, worded for a filter too', () => {
    const { unmount } = render(<OutboxTable items={[]} now={NOW} />);
    expect(screen.getByText('No emails yet.')).toBeInTheDocument();
    unmount();
    render(<OutboxTable items={[]} now={NOW} filtered />);
    expect(screen.getByText('No emails for this account.')).toBeInTheDocument();
  });
});
