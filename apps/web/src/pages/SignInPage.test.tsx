import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from '../../test/render.tsx';
import { setLanguage } from '../i18n/index.ts';
import { SignInPage } from './SignInPage.tsx';

afterEach(() => setLanguage('en'));

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
});
