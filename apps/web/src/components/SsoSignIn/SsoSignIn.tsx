import { SSO_REFUSALS, type SsoRefusal } from '@lifeline/domain';
import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The callback's `sso_error`, when it is one of the server's codes (anything else is ignored). */
export function ssoRefusalOf(value: string | null): SsoRefusal | null {
  return (SSO_REFUSALS as readonly string[]).includes(value ?? '') ? (value as SsoRefusal) : null;
}

/**
 * Single sign-on on the sign-in page: why the last attempt was refused, if it was, and the way
 * in through the company's provider. A plain link: the server sends the browser on to the
 * provider (GET /auth/oidc/start), so it works without the console's script too.
 */
export function SsoSignIn({
  providerName,
  startUrl,
  refusal,
}: {
  providerName: string;
  startUrl: string;
  refusal: SsoRefusal | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      {refusal && (
        <Alert color="red" role="alert">
          {t(`signIn.sso.errors.${refusal}`)}
        </Alert>
      )}
      <Button component="a" href={startUrl} size="md" autoFocus>
        {t('signIn.sso.button', { name: providerName })}
      </Button>
    </>
  );
}
