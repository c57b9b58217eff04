import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { billing, NOW } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { BillingSummary } from './BillingSummary.tsx';

describe('BillingSummary', () => {
  it('before verification says only that a card and an address are on file', () => {
    render(<BillingSummary billing={billing()} balanceCents={0} now={NOW} />);
    expect(screen.getAllByText('Yes')).toHaveLength(2);
    expect(screen.queryByText(/••••/)).not.toBeInTheDocument();
    expect(screen.getByText(/masked card appears once the owner is verified/)).toBeInTheDocument();
    expect(screen.getByText('Nothing owed')).toBeInTheDocument();
  });

  it('shows the masked card and the city exactly when the API sends them', () => {
    render(
      <BillingSummary
        billing={billing({
          ownerVerified: true,
          card: { onFile: true, brand: 'visa', masked: '•••• 4242' },
          address: { onFile: true, city: 'Paris', country: 'FR' },
        })}
        balanceCents={-4900}
        now={NOW}
      />,
    );
    expect(screen.getByText('Visa •••• 4242')).toBeInTheDocument();
    expect(screen.getByText('Paris, FR')).toBeInTheDocument();
    expect(screen.queryByText(/appears once the owner is verified/)).not.toBeInTheDocument();
    expect(screen.getByText('€49.00 owed')).toBeInTheDocument();
  });

  it('says no when nothing is on file', () => {
    render(
      <BillingSummary
        billing={billing({
          card: { onFile: false, brand: null, masked: null },
          address: { onFile: false, city: null, country: null },
        })}
        balanceCents={0}
        now={NOW}
      />,
    );
    expect(screen.getAllByText('No')).toHaveLength(2);
  });

  it('lists the last charges with outcome badges and failure reasons', () => {
    render(
      <BillingSummary
        billing={billing({
          charges: [
            {
              at: NOW - 86_400_000,
              amountCents: 2900,
              outcome: 'failed',
              failureCode: 'insufficient_funds',
            },
            {
              at: NOW - 30 * 86_400_000,
              amountCents: 4900,
              outcome: 'succeeded',
              failureCode: null,
            },
          ],
        })}
        balanceCents={-2900}
        now={NOW}
      />,
    );
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Insufficient funds')).toBeInTheDocument();
    expect(screen.getByText('Paid')).toBeInTheDocument();
    expect(screen.getByText('€49.00')).toBeInTheDocument();
  });
});
