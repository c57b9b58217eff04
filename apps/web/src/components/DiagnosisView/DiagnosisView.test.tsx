import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { render } from '../../../test/render.tsx';
import type { DiagnosedLogin, Finding } from '../../lib/actions.ts';
import { canAs, diagnosisOf, FINDINGS, NOW, OWNER, passFor } from '../FindingCard/fixtures.ts';
import { DiagnosisView } from './DiagnosisView.tsx';

/** The caller gave the contact email of an account whose owner signs in with a username. */
const USERNAME_OWNER: DiagnosedLogin = {
  ...OWNER,
  identifier: 'jdupont',
  identifierKind: 'username',
  matchedBy: 'contact_email',
};
const viaContactEmail = {
  ...FINDINGS.username_login,
  loginId: USERNAME_OWNER.loginId,
  facts: { usernames: ['jdupont'], givenAs: 'contact_email', verifyBeforeReading: true },
  scriptKey: 'username_login.contact_email',
} satisfies Finding;

function scriptAfter(passes: ReturnType<typeof passFor>[]) {
  render(
    <DiagnosisView
      diagnosis={diagnosisOf([USERNAME_OWNER], [viaContactEmail], { passes })}
      ticketRef="T-1"
      now={NOW}
      can={canAs('agent')}
    />,
  );
  const card = screen.getByRole('article', { name: 'Signs in with a username' });
  return { card, script: within(card).getByTestId('customer-script') };
}

describe('DiagnosisView: the username script', () => {
  it('promises the username after the identity check while the caller is unverified', () => {
    const { card, script } = scriptAfter([]);
    expect(script).toHaveTextContent('once I have confirmed your identity');
    expect(script).not.toHaveTextContent('jdupont');
    expect(card).toHaveTextContent('only once the caller is verified');
  });

  it('reads the username out once the caller is verified as its holder, on this ticket', () => {
    const { card, script } = scriptAfter([passFor(USERNAME_OWNER)]);
    expect(script).toHaveTextContent('signs in with the username jdupont');
    expect(script).not.toHaveTextContent('once I have confirmed your identity');
    expect(card).not.toHaveTextContent('only once the caller is verified');
  });

  it('does not count a verification made on another ticket', () => {
    const { script } = scriptAfter([passFor(USERNAME_OWNER, 'OTHER-9')]);
    expect(script).toHaveTextContent('once I have confirmed your identity');
  });
});
