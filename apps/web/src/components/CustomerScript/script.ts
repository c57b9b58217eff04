import type { Finding } from '../../lib/actions.ts';
import { formatDate, formatDateTime, formatDeadline, formatTime } from '../../lib/format.ts';

/** What CustomerScript reads for one finding: its key, its values in a language, extra lines. */
export interface ScriptSpec {
  scriptKey: string;
  params: (language: string) => Record<string, string | number>;
  extras: string[];
}

/** What the script depends on besides the finding. */
export interface ScriptContext {
  /** The console's clock: a deadline in another year says its year. */
  now?: number;
  /** The caller is verified as the holder of the finding's login (lib/actions.ts). */
  callerVerified?: boolean;
}

/** The script of a finding with its facts formatted in the script's language (not the UI's). */
export function scriptFor(
  finding: Finding,
  { now, callerVerified = false }: ScriptContext = {},
): ScriptSpec {
  const date = (ms: number | null | undefined) => (language: string) => formatDate(ms, language);
  const dateTime = (ms: number | null | undefined) => (language: string) =>
    formatDateTime(ms, language);
  const values = (
    entries: Record<string, string | number | ((language: string) => string)>,
  ): ScriptSpec['params'] => {
    return (language) =>
      Object.fromEntries(
        Object.entries(entries).map(([key, value]) => [
          key,
          typeof value === 'function' ? value(language) : value,
        ]),
      );
  };
  const base = { scriptKey: finding.scriptKey, extras: [] as string[] };
  switch (finding.code) {
    case 'purged':
      return { ...base, params: values({ purgedAt: date(finding.facts.purgedAt) }) };
    case 'deactivated_reactivatable': {
      const { facts } = finding;
      return {
        ...base,
        // The exact deadline, with its zone, and no count of days: SPEC §3's count is rounded
        // up (it is the card's), and read to a caller it would promise up to a day more than
        // is left.
        params: values({
          deactivatedAt: date(facts.deactivatedAt),
          deadline: (language) => formatDeadline(facts.purgeAfter, language, { now }),
        }),
        extras:
          facts.reason === 'non_payment' && facts.statusAfter === 'limited'
            ? ['script.extra.limitedAfter']
            : [],
      };
    }
    case 'deactivated_window_closed':
      return {
        ...base,
        params: values({
          deactivatedAt: date(finding.facts.deactivatedAt),
          purgeAfter: date(finding.facts.purgeAfter),
        }),
      };
    case 'login_locked':
      // A temporary lock lasts 15 minutes: the time of day is what the caller needs.
      return {
        ...base,
        params: values({
          lockedUntil: (language) => formatTime(finding.facts.lockedUntil, language),
        }),
      };
    case 'identity_check_required': {
      const { facts } = finding;
      return {
        ...base,
        params: values({
          placedAt: date(facts.placedAt),
          submittedAt: date(facts.submittedAt),
          dueAt: dateTime(facts.dueAt),
        }),
        extras: facts.overdue ? ['script.extra.overdue'] : [],
      };
    }
    case 'self_block':
      return { ...base, params: values({ placedAt: date(finding.facts.placedAt) }) };
    case 'limited_payment_failed': {
      const { facts } = finding;
      return {
        ...base,
        // After a reactivation the run restarted on `paymentFailedAt`: no payment failed then.
        params: values({
          paymentFailedAt: date(facts.paymentFailedAt),
          restartedAt: date(facts.paymentFailedAt),
          dayOfDunning: facts.dayOfDunning ?? '—',
          nextRetryAt: date(facts.nextRetryAt),
          deactivatesAt: date(facts.deactivatesAt),
        }),
      };
    }
    case 'username_login': {
      // Given as the contact email, the script names the username only once the caller is
      // verified as its holder; until then it says it will, after the check.
      const { facts } = finding;
      const readable = !facts.verifyBeforeReading || callerVerified;
      return readable
        ? {
            ...base,
            scriptKey: 'username_login.username',
            params: values({ username: facts.usernames[0] ?? '' }),
          }
        : { ...base, params: values({}) };
    }
    case 'recent_credential_change':
      return { ...base, params: values({ changedAt: date(finding.facts.changedAt) }) };
    default:
      return { ...base, params: values({}) };
  }
}
