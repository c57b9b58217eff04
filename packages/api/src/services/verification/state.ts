import {
  type Db,
  findAccountVerificationStates,
  findLivePassedVerifications,
  findStaffVerificationThrottle,
} from '@lifeline/db';
import {
  ACCOUNT_FAILURE_LIMIT,
  ACCOUNT_FAILURE_WINDOW,
  type AccountSnapshot,
  availableMethods,
  emailCodeAddress,
  type LoginFacts,
  maskEmail,
  VERIFICATION_VALIDITY,
  type VerificationMethod,
} from '@lifeline/domain';

// The verification read model: what the console's panel shows (SPEC §5). The attempts that
// write verifications are in attempts.ts.

/** Which methods the console may offer for a login: booleans and a masked address only. */
export function verificationMethodsOf(snapshot: AccountSnapshot, login: LoginFacts) {
  const methods = availableMethods(snapshot, login);
  const address = emailCodeAddress(snapshot, login);
  return {
    cardLast4: methods.includes('card_last4'),
    billingAddress: methods.includes('billing_address'),
    emailCode: methods.includes('email_code'),
    emailCodeSentTo: methods.includes('email_code') && address !== null ? maskEmail(address) : null,
  };
}

export interface PassedVerificationView {
  verificationId: string;
  loginId: string;
  method: VerificationMethod;
  ticketRef: string;
  expiresAt: number;
}

export interface AccountVerificationState {
  accountId: string;
  /** Verification of this account is locked for every agent until then. */
  lockedUntil: number | null;
  /** Failed tries on this account, by anyone, in the last hour ("2 of 3 tries used"). */
  failedTries: number;
  /** How many failed tries in an hour lock the account's verification. */
  triesAllowed: number;
  /** This staff member's passes on this account still valid now, newest first. */
  passed: PassedVerificationView[];
}

/** What the console's verification panel shows for this staff member on these accounts. */
export async function verificationStateFor(
  db: Db,
  staffId: string,
  accountIds: readonly string[],
  now: number,
): Promise<{ staffThrottledUntil: number | null; accounts: AccountVerificationState[] }> {
  const locks = await findAccountVerificationStates(db, accountIds, now, ACCOUNT_FAILURE_WINDOW);
  const passes = await findLivePassedVerifications(
    db,
    staffId,
    accountIds,
    now,
    VERIFICATION_VALIDITY,
  );
  return {
    staffThrottledUntil: await findStaffVerificationThrottle(db, staffId, now),
    accounts: accountIds.map((accountId) => ({
      accountId,
      lockedUntil: locks.get(accountId)?.lockedUntil ?? null,
      failedTries: locks.get(accountId)?.recentFailures ?? 0,
      triesAllowed: ACCOUNT_FAILURE_LIMIT,
      passed: passes
        .filter((pass) => pass.accountId === accountId)
        .map((pass) => ({
          verificationId: pass.id,
          loginId: pass.loginId,
          method: pass.method,
          ticketRef: pass.ticketRef,
          expiresAt: pass.expiresAt ?? pass.createdAt,
        })),
    })),
  };
}
