import { screen } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { render } from '../../test/render.tsx';
import OpenPage, { readOpenLink } from './OpenPage.tsx';

function Where() {
  const location = useLocation();
  return <output>{`${location.pathname}${location.search}`}</output>;
}

function renderAt(route: string) {
  return render(
    <Routes>
      <Route path="/open" element={<OpenPage />} />
      <Route path="/" element={<Where />} />
    </Routes>,
    { route },
  );
}

describe('/open (help-desk entry)', () => {
  it('goes to the lookup for the identifier with the ticket filled in, and nothing more', async () => {
    renderAt('/open?identifier=%20dana%40example.com%20&ticket=%2312345');
    expect(await screen.findByRole('status')).toHaveTextContent(
      '/?q=dana%40example.com&ticket=%2312345',
    );
  });

  it('opens without a ticket when the link has none (the lookup then asks for it)', async () => {
    renderAt('/open?identifier=acc_owner0001');
    expect(await screen.findByRole('status')).toHaveTextContent('/?q=acc_owner0001');
  });

  it('says what is wrong with a link instead of guessing', () => {
    renderAt('/open?identifier=dana&ticket=%3Dcmd%7C');
    expect(screen.getByRole('alert')).toHaveTextContent(/ticket reference is not one/);
    expect(screen.getByRole('link', { name: 'Look up dana without the ticket' })).toHaveAttribute(
      'href',
      '/?q=dana',
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('reads each problem of a link', () => {
    expect(readOpenLink(new URLSearchParams('ticket=ZD-1')).problems).toEqual([
      'identifierMissing',
    ]);
    expect(
      readOpenLink(new URLSearchParams({ identifier: 'x'.repeat(321), ticket: 'https://evil' }))
        .problems,
    ).toEqual(['identifierInvalid', 'ticketInvalid']);
    expect(
      readOpenLink(new URLSearchParams({ identifier: 'j.doe', ticket: ' Case 4521 ' })),
    ).toEqual({ identifier: 'j.doe', ticket: 'Case 4521', problems: [] });
  });
});
