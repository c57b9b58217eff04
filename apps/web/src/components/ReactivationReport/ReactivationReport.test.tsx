import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LEAD_NOW, reactivationReport } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { ReactivationReport } from './ReactivationReport.tsx';

describe('ReactivationReport', () => {
  it('shows per-agent totals with review coverage and open concerns', () => {
    render(<ReactivationReport report={reactivationReport()} now={LEAD_NOW} />);
    const perAgent = screen
      .getByRole('heading', { name: 'Per agent' })
      .closest('div') as HTMLElement;
    const alex = within(perAgent).getByText('Alex Agent').closest('tr') as HTMLElement;
    expect(within(alex).getByText('1 of 3 · 33%')).toBeVisible();
    expect(within(alex).getByRole('progressbar', { name: '1 of 3 · 33%' })).toBeInTheDocument();
    const sam = within(perAgent).getByText('Sam Second').closest('tr') as HTMLElement;
    expect(within(sam).getByText('2 of 2 · 100%')).toBeVisible();
    expect(within(sam).getByText('10')).toBeVisible();
  });

  it('adds the totals up top and lists the weeks with their Monday', () => {
    render(<ReactivationReport report={reactivationReport()} now={LEAD_NOW} />);
    // 5 reactivations in all, 3 of them reviewed: 60 %.
    expect(screen.getByText('5')).toBeVisible();
    expect(screen.getByText('60%')).toBeVisible();
    const weeks = screen.getByRole('heading', { name: 'Per agent and ISO week' })
      .parentElement as HTMLElement;
    expect(within(weeks).getByText('2026-W48')).toBeVisible();
    expect(within(weeks).getByText('week of 16 Nov 2026')).toBeVisible();
  });

  it('lists the reactivations made within 7 days of the purge, and describes the chart in words', () => {
    render(<ReactivationReport report={reactivationReport()} now={LEAD_NOW} />);
    const near = screen.getByRole('heading', { name: 'Reactivated within 7 days of the purge' })
      .parentElement?.parentElement as HTMLElement;
    expect(within(near).getByRole('link', { name: /acc_nearpurge1/ })).toBeVisible();
    expect(within(near).getByText('1 day left')).toBeVisible();
    expect(within(near).getByText('To review')).toBeVisible();
    expect(
      screen.getByText(
        'Reactivations by days left: 0-7 d: 1, 8-30 d: 1, 31-60 d: 0, 61-90 d: 0, 91-120 d: 3.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the period has no reactivation', () => {
    const empty = { ...reactivationReport(), weeks: [], agents: [], nearPurge: [] };
    render(<ReactivationReport report={empty} now={LEAD_NOW} />);
    expect(screen.getAllByText('No reactivations in this period.').length).toBeGreaterThan(0);
    expect(screen.getByText('None in this period.')).toBeVisible();
  });
});
