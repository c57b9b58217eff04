import { SSO_REFUSALS } from '@lifeline/domain';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from '../../../test/render.tsx';
import { en } from '../../i18n/en.ts';
import { fr } from '../../i18n/fr.ts';
import { setLanguage } from '../../i18n/index.ts';
import { SsoSignIn, ssoRefusalOf } from './SsoSignIn.tsx';

afterEach(() => setLanguage('en'));

describe('SsoSignIn', () => {
  it('links to the server start of single sign-on, named after the provider', () => {
    render(<SsoSignIn providerName="Okta" startUrl="/auth/oidc/start" refusal={null} />);
    const link = screen.getByRole('link', { name: 'Sign in with Okta' });
    expect(link).toHaveAttribute('href', '/auth/oidc/start');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why the last sign-in was refused, in English and in French', async () => {
    render(<SsoSignIn providerName="Okta" startUrl="/auth/oidc/start" refusal="no_role" />);
    expect(screen.getByRole('alert')).toHaveTextContent(/no group that gives access to Lifeline/);
    setLanguage('fr');
    expect(await screen.findByRole('link', { name: 'Se connecter avec Okta' })).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent(/aucun groupe qui donne accès/);
  });

  it('has words for every refusal code the server sends, and ignores anything else', () => {
    for (const code of SSO_REFUSALS) {
      expect(en.signIn.sso.errors[code], code).toBeTruthy();
      expect(fr.signIn.sso.errors[code], code).toBeTruthy();
    }
    expect(ssoRefusalOf('no_role')).toBe('no_role');
    expect(ssoRefusalOf('<script>')).toBeNull();
    expect(ssoRefusalOf(null)).toBeNull();
  });
});
