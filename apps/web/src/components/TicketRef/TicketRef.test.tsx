import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW, type TimelineEntry } from '../../../test/fixtures/accounts.ts';
import { render } from '../../../test/render.tsx';
import { Timeline } from '../Timeline/Timeline.tsx';
import { TicketRef, TicketUrlTemplateProvider } from './TicketRef.tsx';

const TEMPLATE = 'https://acme.zendesk.test/agent/tickets/{ticket}';

describe('TicketRef', () => {
  it('is plain text without a template', () => {
    render(<TicketRef ticketRef="ZD-1234" />);
    expect(screen.getByText('ZD-1234')).toBeVisible();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('links to the help desk in a new tab with the template, the reference as its text', () => {
    render(
      <TicketUrlTemplateProvider template={TEMPLATE}>
        <TicketRef ticketRef="#12345" />
      </TicketUrlTemplateProvider>,
    );
    const link = screen.getByRole('link', { name: '#12345' });
    // Encoded: a raw `#` would make the rest of the reference a fragment.
    expect(link).toHaveAttribute('href', 'https://acme.zendesk.test/agent/tickets/%2312345');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('title', 'Open ticket #12345 in the help desk (new tab)');
  });

  it('links inside a sentence (the account timeline), keeping the words around it', () => {
    const entry: TimelineEntry = {
      kind: 'event',
      id: 'evt_1',
      at: NOW - 60_000,
      action: 'account.reactivate',
      outcome: 'succeeded',
      reason: null,
      staffId: 'stf_a',
      staffName: 'Alex Agent',
      ticketRef: 'Case 4521',
      loginId: null,
    };
    const { container } = render(
      <TicketUrlTemplateProvider template={TEMPLATE}>
        <Timeline entries={[entry]} now={NOW} />
      </TicketUrlTemplateProvider>,
    );
    expect(screen.getByRole('link', { name: 'Case 4521' })).toHaveAttribute(
      'href',
      'https://acme.zendesk.test/agent/tickets/Case%204521',
    );
    expect(container.textContent).toContain('ticket Case 4521');
  });
});
