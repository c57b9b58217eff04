import { browserSupportsWebAuthn, WebAuthnError } from '@simplewebauthn/browser';

/** Why a passkey ceremony in the browser did not give an answer, in the console's words. */
export type PasskeyProblem = 'unsupported' | 'cancelled' | 'already' | 'failed';

export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn();
}

/**
 * The browser's refusal, sorted: the person closed the prompt or let it time out (the spec
 * merges the two into NotAllowedError on purpose), the authenticator already holds a passkey
 * for this account, no WebAuthn at all, or anything else.
 */
export function passkeyProblemOf(error: unknown): PasskeyProblem {
  if (!browserSupportsWebAuthn()) return 'unsupported';
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'already';
    if (error.code === 'ERROR_CEREMONY_ABORTED') return 'cancelled';
  }
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return 'cancelled';
  }
  return 'failed';
}
