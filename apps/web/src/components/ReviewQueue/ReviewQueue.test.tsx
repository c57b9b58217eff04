import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AGENT_ID, LEAD_ID, LEAD_NOW, review } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { ReviewMarkModal } from './ReviewMarkModal.tsx';
import { ReviewCoverage, ReviewQueue } from './ReviewQueue.tsx';

const items = [
  review(),
  review({
    id: 'rev_own00001',
    agentId: LEAD_ID,
    agentName: 'Lee Lead',
    ticketRef: 'TCK-1004',
    accountId: 'acc_leadown01',
  }),
  review({
    id: 'rev_concern1',
    ticketRef: 'TCK-1003',
    accountId: 'acc_concern01',
    status: 'concern',
    reviewedBy: 'stf_lead0002',
    reviewerName: 'Lou Lead',
    reviewedAt: LEAD_NOW - 60_000,
    note: 'The caller gave another name.',
    daysLeft: 3,
  }),
  review({
    id: 'rev_done0001',
    ticketRef: 'TCK-1000',
    accountId: 'acc_done00001',
    status: 'reviewed_ok',
    reviewedBy: 'stf_lead0002',
    reviewerName: 'Lou Lead',
    reviewedAt: LEAD_NOW - 60_000,
  }),
];

function rowOf(accountId: string) {
  return screen.getByRole('link', { name: new RegExp(accountId) }).closest('tr') as HTMLElement;
}

describe('ReviewQueue', () => {
  it('shows ticket, agent, verification method, reason and days left of each reactivation', () => {
    render(
      <ReviewQueue
        items={items}
        now={LEAD_NOW}
        currentStaffId={LEAD_ID}
        canMark
        onMark={() => {}}
      />,
    );
    const open = rowOf('acc_recent0001');
    expect(within(open).getByText('Alex Agent')).toBeVisible();
    expect(within(open).getByText('TCK-1001')).toBeVisible();
    expect(within(open).getByText('Card, last 4 digits')).toBeVisible();
    expect(within(open).getByText('Cancelled by the owner')).toBeVisible();
    expect(within(open).getByText('110 days left')).toBeVisible();
    expect(within(open).getByText('To review')).toBeVisible();
    const concern = rowOf('acc_concern01');
    expect(within(concern).getByText('Concern')).toBeVisible();
    expect(within(concern).getByText('“The caller gave another name.”')).toBeVisible();
    expect(within(concern).getByText('3 days left')).toBeVisible();
  });

  it('asks for a mark with the right action per row', async () => {
    const user = userEvent.setup();
    const onMark = vi.fn();
    render(
      <ReviewQueue items={items} now={LEAD_NOW} currentStaffId={LEAD_ID} canMark onMark={onMark} />,
    );
    await user.click(
      within(rowOf('acc_recent0001')).getByRole('button', { name: 'Reviewed — OK' }),
    );
    expect(onMark).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'rev_open0001' }),
      'reviewed_ok',
    );
    await user.click(
      within(rowOf('acc_recent0001')).getByRole('button', { name: 'Raise a concern' }),
    );
    expect(onMark).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'rev_open0001' }),
      'concern',
    );
    // A concern can be settled; a review found fine is final.
    await user.click(within(rowOf('acc_concern01')).getByRole('button', { name: 'Settle as OK' }));
    expect(onMark).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'rev_concern1' }),
      'reviewed_ok',
    );
    expect(within(rowOf('acc_done00001')).queryByRole('button')).not.toBeInTheDocument();
  });

  it('does not offer a lead their own reactivation and says why', () => {
    render(
      <ReviewQueue
        items={items}
        now={LEAD_NOW}
        currentStaffId={LEAD_ID}
        canMark
        onMark={() => {}}
      />,
    );
    const own = rowOf('acc_leadown01');
    expect(within(own).queryByRole('button')).not.toBeInTheDocument();
    expect(within(own).getByText(/another lead must review it/)).toBeVisible();
  });

  it('shows review coverage per agent', () => {
    render(
      <ReviewCoverage
        rows={[
          {
            agentId: AGENT_ID,
            agentName: 'Alex Agent',
            total: 4,
            reviewed: 3,
            coverage: 0.75,
            openConcerns: 1,
          },
        ]}
      />,
    );
    expect(screen.getByText('3 of 4 · 75%')).toBeVisible();
    expect(screen.getByText('1 concern')).toBeVisible();
  });
});

describe('ReviewMarkModal', () => {
  it('requires a note for a concern', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(
      <ReviewMarkModal
        target={{ item: review(), status: 'concern' }}
        now={LEAD_NOW}
        pending={false}
        error={null}
        onSubmit={onSubmit}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Raise a concern' });
    await user.click(within(dialog).getByRole('button', { name: 'Raise a concern' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(within(dialog).getByText('A concern needs a note saying what is wrong.')).toBeVisible();
    await user.type(within(dialog).getByLabelText(/^Note/), '  Wrong caller.  ');
    await user.click(within(dialog).getByRole('button', { name: 'Raise a concern' }));
    expect(onSubmit).toHaveBeenCalledWith('Wrong caller.');
  });

  it('lets a first look be marked fine without a note', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(
      <ReviewMarkModal
        target={{ item: review(), status: 'reviewed_ok' }}
        now={LEAD_NOW}
        pending={false}
        error={null}
        onSubmit={onSubmit}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Mark as reviewed — OK' });
    expect(within(dialog).getByLabelText('Note (optional)')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Mark reviewed' }));
    expect(onSubmit).toHaveBeenCalledWith('');
  });
});
