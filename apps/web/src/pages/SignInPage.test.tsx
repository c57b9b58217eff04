import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, refusal } from '../../test/fake-api.ts';
import { render } from '../../test/render.tsx';
import { setLanguage } from '../i18n/index.ts';
import { SignInPage } from './SignInPage.tsx';

afterEach(() => {
  setLanguage('en');
  vi.restoreAllMocks();
});

const STAFF = {
  id: 'stf_tess0001',
  email: 'tess@lifeline.test',
  displayName: 'Tess',
  role: 'agent',
};

/** `auth.me` on a session whose password passed and whose second factor has not. */
const PENDING_ME = {
  staff: STAFF,
  capabilities: [],
  secondFactorPending: true,
  enrolmentRequired: false,
  mfa: 'required',
  factorCount: 1,
  stepUp: { methods: ['passkey', 'recovery_code'], freshUntil: null, needed: true },
};

async function signInWithPassword() {
  await userEvent.type(screen.getByLabelText(/Work email/), STAFF.email);
  await userEvent.type(screen.getByLabelText(/^Password/), 'lifeline-demo{Enter}');
}

describe('SignInPage', () => {
  it('says the session ended only when sent here because it did', () => {
    const { unmount } = render(<SignInPage />, { route: '/sign-in?next=%2F' });
    expect(screen.getByRole('heading', { name: 'Sign in to Lifeline' })).toBeVisible();
    expect(screen.queryByText(/Your session ended/)).toBeNull();
    unmount();
    render(<SignInPage />, { route: '/sign-in?expired=1&next=%2F' });
    expect(screen.getByText(/Your session ended/)).toBeVisible();
  });

  it('offers the language switch the console has', async () => {
    render(<SignInPage />, { route: '/sign-in' });
    const language = screen.getByRole('radiogroup', { name: 'Language' });
    await userEvent.click(within(language).getByText('FR'));
    expect(await screen.findByRole('heading', { name: 'Connexion à Lifeline' })).toBeVisible();
  });

  it('asks for the second factor after the password, code field focused; a wrong code is said and the page stays', async () => {
    // No session until the password; then a pending one (auth.me still answers).
    let pending = false;
    const api = fakeApi((procedure, input) => {
      if (procedure === 'auth.config') return { sso: null, passwordSignIn: true, mfa: 'optional' };
      if (procedure === 'auth.me') {
        return pending
          ? { ...PENDING_ME, stepUp: { ...PENDING_ME.stepUp, methods: ['totp', 'recovery_code'] } }
          : refusal('UNAUTHENTICATED', 401);
      }
      if (procedure === 'auth.login') {
        pending = true;
        return {
          staff: STAFF,
          secondFactor: { needed: 'verify', methods: ['totp', 'recovery_code'] },
        };
      }
      if (procedure === 'auth.verifySecondFactor') {
        return (input as { code: string }).code === '111111'
          ? refusal('UNAUTHENTICATED', 401, 'That code is wrong.')
          : { staff: STAFF, method: 'totp' };
      }
      return undefined;
    });
    render(<SignInPage />, { route: '/sign-in?next=%2Foutbox' });
    await signInWithPassword();
    expect(await screen.findByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
    // The second step's code arrives after the password passes (it is not in the first load).
    expect(await screen.findByText(/Signed in as tess@lifeline.test/)).toBeVisible();
    const code = screen.getByRole('textbox', { name: /Code from your authenticator app/ });
    await waitFor(() => expect(code).toHaveFocus());
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');

    await userEvent.type(code, '111111{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is wrong or has expired');
    expect(screen.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    const recovery = screen.getByRole('textbox', { name: /^Recovery code/ });
    await waitFor(() => expect(recovery).toHaveFocus());
    await userEvent.type(recovery, 'abcd-efgh-ij{Enter}');
    await waitFor(() =>
      expect(
        api.calls.filter((c) => c.procedure === 'auth.verifySecondFactor').at(-1)?.input,
      ).toEqual({
        method: 'recovery_code',
        code: 'abcd-efgh-ij',
      }),
    );
  });

  it('shows the second step, not the password form, for a session left half-way', async () => {
    fakeApi((procedure) =>
      procedure === 'auth.me'
        ? PENDING_ME
        : procedure === 'auth.config'
          ? { sso: null, passwordSignIn: true, mfa: 'required' }
          : undefined,
    );
    render(<SignInPage />, { route: '/sign-in?next=%2F' });
    expect(await screen.findByRole('button', { name: 'Use your passkey' })).toBeVisible();
    expect(screen.queryByLabelText(/^Password/)).toBeNull();
    // No code field until asked for: the passkey is the way in, a recovery code the spare.
    expect(screen.queryByRole('textbox', { name: /Code from your authenticator app/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Use a recovery code' })).toBeVisible();
  });
});
