import {
  Alert,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch/LanguageSwitch.tsx';
import type { PendingStep } from '../components/SecondStep/SecondStep.tsx';
import { SsoSignIn, ssoRefusalOf } from '../components/SsoSignIn/SsoSignIn.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { reasonOf, useTRPC } from '../trpc.ts';

// Only after a password passes and a second factor is asked for: its passkey ceremony and
// enrolment (QR, recovery codes) stay out of the first load (issue 15).
const SecondStep = lazy(() =>
  import('../components/SecondStep/SecondStep.tsx').then((m) => ({ default: m.SecondStep })),
);

/** Only same-site paths: a crafted `next` must not send the agent elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.signIn'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The second step the last password sign-in asked for; `undefined`: none asked here.
  const [asked, setAsked] = useState<PendingStep | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  // A session left half-way (reloaded on the second step, or sent here by the console).
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: 0 }).data;
  // How staff sign in here; until it answers (or if it cannot), the password form as always.
  const config = useQuery(trpc.auth.config.queryOptions()).data;
  const sso = config?.sso ?? null;
  const passwordsOn = config?.passwordSignIn ?? true;
  const ssoRefusal = ssoRefusalOf(params.get('sso_error'));
  async function signedIn() {
    await queryClient.invalidateQueries();
    navigate(safeNext(params.get('next')), { replace: true });
  }
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (result) => {
        setEnded(false);
        if (result.secondFactor) {
          setAsked(result.secondFactor);
          setPassword('');
          return;
        }
        await signedIn();
      },
    }),
  );
  const pendingStep: PendingStep | null =
    asked !== undefined
      ? asked
      : me?.secondFactorPending
        ? me.enrolmentRequired
          ? { needed: 'enrol' }
          : {
              needed: 'verify',
              methods: me.stepUp.methods.filter((method) => method !== 'sso'),
            }
        : null;

  function restart(sessionEnded: boolean) {
    setAsked(null);
    setEnded(sessionEnded);
    login.reset();
    queryClient.removeQueries({ queryKey: trpc.auth.me.queryKey() });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email, password });
  }

  const reason = login.isError ? reasonOf(login.error) : undefined;
  const passwordForm = (
    <form onSubmit={submit}>
      <Stack>
        {login.isError && (
          <Alert color="red" role="alert">
            {reason === 'RATE_LIMITED'
              ? t('signIn.throttled')
              : reason === 'PASSWORD_SIGN_IN_OFF'
                ? t('signIn.passwordOff')
                : t('signIn.wrong')}
          </Alert>
        )}
        <TextInput
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          required
          autoFocus={!sso}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('signIn.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Button type="submit" loading={login.isPending} variant={sso ? 'default' : 'filled'}>
          {t('signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
  const firstStep = (
    <>
      {ended && (
        <Alert color="red" role="alert">
          {t('signIn.verify.ended')}
        </Alert>
      )}
      {params.get('expired') && !login.isError && !ended && (
        <Alert color="yellow">{t('signIn.expired')}</Alert>
      )}
      {sso && (
        <SsoSignIn providerName={sso.providerName} startUrl={sso.startUrl} refusal={ssoRefusal} />
      )}
      {config && !sso && ssoRefusal && (
        // Sent back from a single sign-on this server no longer offers (not_configured).
        <Alert color="red" role="alert">
          {t(`signIn.sso.errors.${ssoRefusal}`)}
        </Alert>
      )}
      {sso && passwordsOn && <Divider label={t('signIn.sso.orPassword')} />}
      {passwordsOn ? (
        passwordForm
      ) : (
        // Password sign-in is off: only break-glass admins use it, behind a disclosure.
        <details>
          <summary>{t('signIn.sso.breakGlass')}</summary>
          {passwordForm}
        </details>
      )}
    </>
  );
  return (
    <Center mih="100vh" p="md">
      {/* Wider for an enrolment: the QR code and its typed key side by side. */}
      <Paper
        withBorder
        shadow="sm"
        p="xl"
        w="100%"
        maw={pendingStep?.needed === 'enrol' ? 560 : 380}
        component="main"
      >
        <Stack>
          <Group justify="space-between" align="center" wrap="nowrap" gap="sm">
            <Title order={2} size="h3">
              {pendingStep ? t(`signIn.${pendingStep.needed}.title`) : t('signIn.title')}
            </Title>
            <LanguageSwitch style={{ flexShrink: 0 }} />
          </Group>
          {pendingStep ? (
            <Suspense fallback={<Loader size="sm" />}>
              <SecondStep
                step={pendingStep}
                email={login.data?.staff.email ?? me?.staff.email ?? email}
                onSignedIn={() => void signedIn()}
                onRestart={restart}
              />
            </Suspense>
          ) : (
            firstStep
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
