import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { identityCheck, LEAD_NOW } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { IdentityCheckQueue, slaOf, sortByDue } from './IdentityCheckQueue.tsx';
import { IdentityDecisionModal } from './IdentityDecisionModal.tsx';

const HOUR = 3_600_000;
const items = [
  identityCheck({
    checkId: 'idc_fine0001',
    ownerIdentifier: 'fine@example.com',
    dueAt: LEAD_NOW + 18 * HOUR,
  }),
  identityCheck({
    checkId: 'idc_todo0001',
    ownerIdentifier: 'todo@example.com',
    status: 'not_started',
    submittedAt: null,
    dueAt: null,
    hoursLeft: null,
    awaitingSubmission: true,
  }),
  identityCheck({
    checkId: 'idc_late0001',
    ownerIdentifier: 'late@example.com',
    dueAt: LEAD_NOW - 3 * HOUR - 20 * 60_000,
  }),
  identityCheck({
    checkId: 'idc_soon0001',
    ownerIdentifier: 'soon@example.com',
    dueAt: LEAD_NOW + 5 * HOUR + 30 * 60_000,
  }),
];

describe('IdentityCheckQueue', () => {
  it('sorts by due time, the checks still waiting for documents last', () => {
    expect(sortByDue(items).map((item) => item.checkId)).toEqual([
      'idc_late0001',
      'idc_soon0001',
      'idc_fine0001',
      'idc_todo0001',
    ]);
    render(<IdentityCheckQueue items={items} now={LEAD_NOW} canDecide onDecide={() => {}} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-check'))).toEqual([
      'idc_late0001',
      'idc_soon0001',
      'idc_fine0001',
      'idc_todo0001',
    ]);
  });

  it('shows the SLA in words: overdue in red, due within 6 h in orange, else green', () => {
    render(<IdentityCheckQueue items={items} now={LEAD_NOW} canDecide onDecide={() => {}} />);
    const overdue = screen.getByText('Overdue by 3 h').closest('[data-sla]');
    expect(overdue).toHaveAttribute('data-sla', 'overdue');
    expect(overdue?.getAttribute('style')).toContain('red');
    const soon = screen.getByText('Due in 5 h').closest('[data-sla]');
    expect(soon).toHaveAttribute('data-sla', 'soon');
    expect(soon?.getAttribute('style')).toContain('orange');
    const fine = screen.getByText('Due in 18 h').closest('[data-sla]');
    expect(fine).toHaveAttribute('data-sla', 'ok');
    expect(fine?.getAttribute('style')).toContain('green');
    expect(screen.getByText('Waiting for documents')).toBeVisible();
    expect(slaOf(LEAD_NOW + 6 * HOUR, LEAD_NOW).level).toBe('ok');
    expect(slaOf(LEAD_NOW, LEAD_NOW).level).toBe('overdue');
  });

  it('offers approve and reject only for submitted checks', async () => {
    const user = userEvent.setup();
    const onDecide = vi.fn();
    render(<IdentityCheckQueue items={items} now={LEAD_NOW} canDecide onDecide={onDecide} />);
    const todo = screen.getByText('todo@example.com').closest('tr') as HTMLElement;
    expect(within(todo).queryByRole('button')).not.toBeInTheDocument();
    expect(within(todo).getByText(/Nothing to decide/)).toBeVisible();

    const late = screen.getByText('late@example.com').closest('tr') as HTMLElement;
    await user.click(within(late).getByRole('button', { name: 'Reject' }));
    expect(onDecide).toHaveBeenCalledWith(
      expect.objectContaining({ checkId: 'idc_late0001' }),
      'reject',
    );
  });

  it('disables the decision for a role that may not decide', () => {
    render(
      <IdentityCheckQueue items={items} now={LEAD_NOW} canDecide={false} onDecide={() => {}} />,
    );
    for (const button of screen.getAllByRole('button', { name: 'Approve' }))
      expect(button).toBeDisabled();
  });
});

describe('IdentityDecisionModal', () => {
  it('says what approving does and requires a ticket and a note', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(
      <IdentityDecisionModal
        target={{ item: identityCheck(), decision: 'approve' }}
        now={LEAD_NOW}
        pending={false}
        error={null}
        onSubmit={onSubmit}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Approve the identity check' });
    expect(within(dialog).getByText(/block on kyc.pending@example.com is lifted/)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Approve and lift the block' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(within(dialog).getByText('A ticket reference is required.')).toBeVisible();
    expect(within(dialog).getByText('A note is required.')).toBeVisible();

    await user.type(within(dialog).getByLabelText(/Ticket reference/), 'TCK-9');
    await user.type(within(dialog).getByLabelText(/^Note/), 'Documents match.');
    await user.click(within(dialog).getByRole('button', { name: 'Approve and lift the block' }));
    expect(onSubmit).toHaveBeenCalledWith({ note: 'Documents match.', ticketRef: 'TCK-9' });
  });

  it('says a rejection keeps the block', async () => {
    render(
      <IdentityDecisionModal
        target={{ item: identityCheck(), decision: 'reject' }}
        now={LEAD_NOW}
        defaultTicket="TCK-7"
        pending={false}
        error={null}
        onSubmit={() => {}}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Reject the identity check' });
    expect(within(dialog).getByText(/stays in place/)).toBeVisible();
    expect(within(dialog).getByLabelText(/Ticket reference/)).toHaveValue('TCK-7');
  });
});
