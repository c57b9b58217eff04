import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { block, identityCheck, NOW } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { BlockList } from './BlockList.tsx';

describe('BlockList', () => {
  it('shows an identity check with its status, due time and on-time badge', () => {
    render(
      <BlockList
        blocks={[
          block({
            kind: 'identity_check_required',
            placedBy: 'system',
            note: 'Sending limit reached',
            identityCheckId: 'idc_0001abcd',
          }),
        ]}
        identityChecks={[identityCheck()]}
        now={NOW}
      />,
    );
    expect(screen.getByText('Identity check required')).toBeInTheDocument();
    expect(screen.getByText('Open')).toBeInTheDocument();
    expect(screen.getByText('Submitted')).toBeInTheDocument();
    expect(screen.getByText('Decision due')).toBeInTheDocument();
    expect(screen.getByText('(in 18 hours)')).toBeInTheDocument();
    expect(screen.getByText('Within 48 h')).toBeInTheDocument();
    expect(screen.queryByText('Overdue')).not.toBeInTheDocument();
    expect(screen.getByText('Sending limit reached')).toBeInTheDocument();
  });

  it('flags an overdue identity check', () => {
    render(
      <BlockList
        blocks={[block({ kind: 'identity_check_required', identityCheckId: 'idc_0001abcd' })]}
        identityChecks={[identityCheck({ dueAt: NOW - 3_600_000, overdue: true })]}
        now={NOW}
      />,
    );
    expect(screen.getByText('Overdue')).toBeInTheDocument();
  });

  it('shows a suspicious-activity note to those the API sends it to (leads)', () => {
    render(
      <BlockList
        blocks={[
          block({
            kind: 'suspicious_activity',
            placedBy: 'system',
            note: 'Three countries in an hour',
          }),
        ]}
        identityChecks={[]}
        now={NOW}
      />,
    );
    expect(screen.getByText('Suspicious activity')).toBeInTheDocument();
    expect(screen.getByText('Three countries in an hour')).toBeInTheDocument();
    expect(screen.queryByText(/for team leads only/)).not.toBeInTheDocument();
  });

  it('shows no note when the API withholds it (agents), only that leads have it', () => {
    render(
      <BlockList
        blocks={[
          block({ kind: 'suspicious_activity', placedBy: 'system', note: null, noteHidden: true }),
        ]}
        identityChecks={[]}
        now={NOW}
      />,
    );
    expect(screen.queryByText('Note:')).not.toBeInTheDocument();
    expect(screen.getByText(/for team leads only/)).toBeInTheDocument();
  });

  it('puts open blocks first and shows who lifted the others', () => {
    render(
      <BlockList
        blocks={[
          block({ id: 'blk_lifted01', liftedAt: NOW - 60_000, liftedBy: 'stf_lead0001' }),
          block({ id: 'blk_open0001', placedAt: NOW - 10 * 86_400_000 }),
        ]}
        identityChecks={[]}
        now={NOW}
      />,
    );
    const states = screen.getAllByText(/^(Open|Lifted)$/).map((el) => el.textContent);
    expect(states[0]).toBe('Open');
    expect(screen.getByText(/by staff stf_lead0001/)).toBeInTheDocument();
  });

  it('names no one when the API hides another staff member (agents): "another staff member"', () => {
    render(
      <BlockList
        blocks={[
          block({
            kind: 'identity_check_required',
            placedBy: 'other',
            liftedAt: NOW - 60_000,
            liftedBy: 'other',
            identityCheckId: 'idc_0001abcd',
          }),
        ]}
        identityChecks={[
          identityCheck({ status: 'approved', decidedAt: NOW - 60_000, decidedBy: 'other' }),
        ]}
        now={NOW}
      />,
    );
    expect(screen.getAllByText('by another staff member')).toHaveLength(3);
    expect(screen.queryByText(/by staff other/)).not.toBeInTheDocument();
  });

  it('says when there are no blocks', () => {
    render(<BlockList blocks={[]} identityChecks={[]} now={NOW} />);
    expect(screen.getByText('No blocks on this account.')).toBeInTheDocument();
  });
});
