import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { alertItem, LEAD_NOW } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { AlertList } from './AlertList.tsx';

describe('AlertList', () => {
  it('separates verification locks from throttled staff, with relative times', () => {
    render(
      <AlertList
        now={LEAD_NOW}
        items={[
          alertItem(),
          alertItem({
            id: 'alr_thr00001',
            kind: 'staff_throttled',
            failures: 10,
            account: null,
            staff: {
              staffId: 'stf_agent0002',
              email: 'agent2@lifeline.test',
              displayName: 'Sam Second',
            },
          }),
          alertItem({ id: 'alr_old00001', until: LEAD_NOW - 60_000, active: false }),
        ]}
      />,
    );
    const lock = screen.getAllByText('ok.owner@example.com')[0]?.closest('tr') as HTMLElement;
    expect(within(lock).getByText('3 failures in the hour')).toBeVisible();
    expect(within(lock).getByText('(in 50 minutes)')).toBeVisible();
    expect(within(lock).getByText('In force')).toBeVisible();
    expect(screen.getByText('Expired')).toBeVisible();
    const throttled = screen.getByText('Sam Second').closest('tr') as HTMLElement;
    expect(within(throttled).getByText('10 failures in the hour')).toBeVisible();
    expect(within(throttled).getByText('agent2@lifeline.test')).toBeVisible();
  });

  it('says when nothing is locked or throttled', () => {
    render(<AlertList now={LEAD_NOW} items={[]} />);
    expect(screen.getByText('No account is locked for verification.')).toBeVisible();
    expect(screen.getByText('No staff member is throttled.')).toBeVisible();
    // Endpoints the sender stopped are an admin's to see: no card without one.
    expect(screen.queryByText('Webhook endpoints stopped')).toBeNull();
  });

  it('lists webhook endpoints the sender stopped, with a way to the Webhooks page', () => {
    render(
      <AlertList
        now={LEAD_NOW}
        items={[
          alertItem({
            id: 'alr_hook0001',
            kind: 'webhook_endpoint_disabled',
            account: null,
            webhookEndpoint: { endpointId: 'whe_down0001', url: 'https://down.example.com/hook' },
          }),
        ]}
      />,
    );
    const row = screen.getByText('https://down.example.com/hook').closest('tr') as HTMLElement;
    expect(within(row).getByText('(10 minutes ago)')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open Webhooks' })).toHaveAttribute(
      'href',
      '/webhooks',
    );
    expect(screen.getByText('No account is locked for verification.')).toBeVisible();
  });
});
