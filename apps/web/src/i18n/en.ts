/** English UI strings. French (fr.ts) must have exactly the same keys (a test checks). */
export const en = {
  app: { name: 'Lifeline', tagline: 'Support console' },
  nav: {
    lookup: 'Lookup',
    outbox: 'Outbox',
    audit: 'Audit log',
    reports: 'Reports',
    reviews: 'Reviews',
    identityChecks: 'Identity checks',
    alerts: 'Alerts',
    staff: 'Staff',
    signOut: 'Sign out',
    language: 'Language',
    colorScheme: 'Dark mode',
  },
  signIn: {
    title: 'Sign in to Lifeline',
    email: 'Work email',
    password: 'Password',
    submit: 'Sign in',
    expired: 'Your session ended. Sign in again to continue where you were.',
    wrong: 'Email or password is wrong.',
    throttled: 'Too many attempts. Wait 15 minutes and try again.',
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    error: 'Something went wrong',
    errorReference: 'Reference {{requestId}}',
    empty: 'Nothing here yet',
    copy: 'Copy',
    copied: 'Copied',
    cancel: 'Cancel',
    confirm: 'Confirm',
    close: 'Close',
    next: 'Next page',
    notFound: 'This page does not exist.',
    forbidden: 'Your role cannot open this page.',
  },
  /** What the agent reads to the caller, per domain script key (SPEC §4). */
  script: {
    identifier_not_found:
      "I can't find an account with the email or username you gave me. Could you spell it again for me, letter by letter? If you might have signed up with another address or a username, I can look that up too.",
    purged:
      'An account with this address was closed, and its data was permanently erased on {{purgedAt}}, 120 days after it was deactivated. There is nothing left that I can restore, I am sorry. You are welcome to sign up again with the same address.',
    ambiguous_login:
      'Your email address is used by more than one login, for example as the main user of your own account and as a team member of another one. When you sign in, our system cannot tell which account you mean, and that is why it fails. Once I have confirmed your identity, I can remove the team-member login so that your address works again. The owner of that other account will be told, and can invite you again with a different address.',
    deactivated_reactivatable: {
      owner_cancelled:
        'Your account was cancelled on {{deactivatedAt}}. We keep cancelled accounts for 120 days and you still have {{daysLeft}} days, so I can reactivate it now, with all your contacts, lists and campaigns as they were. First I need to confirm your identity.',
      owner_request:
        'Your account was deactivated at your request on {{deactivatedAt}}. We keep it for 120 days and you still have {{daysLeft}} days, so I can reactivate it now, with all your contacts, lists and campaigns as they were. First I need to confirm your identity.',
      non_payment:
        'Your account was deactivated on {{deactivatedAt}} because a payment remained unpaid for 90 days. I can reactivate it within 120 days of that date, and you still have {{daysLeft}} days; all your contacts, lists and campaigns will be back. First I need to confirm your identity.',
      trial_expired:
        'Your free trial ended and the account was deactivated on {{deactivatedAt}}. I can reactivate it on the free plan, with everything you created during the trial, and you still have {{daysLeft}} days to do so. You can upgrade again whenever you like. First I need to confirm your identity.',
    },
    deactivated_window_closed:
      'Your account was deactivated on {{deactivatedAt}}. We can restore an account for 120 days, and that period ended on {{purgeAfter}}, so the account and its data are being permanently erased. I cannot reactivate it, I am sorry. You are welcome to create a new account.',
    deactivated_terms:
      'This account was closed under our terms of service, so I cannot reopen it from here. If you would like the decision reviewed, I will pass your request to the team that handles these cases, and they will contact you by email.',
    login_locked: {
      temporary:
        'Your login was locked for your protection after several incorrect passwords. It unlocks by itself at {{lockedUntil}}. Once I have confirmed your identity, I can unlock it now and send you a link to choose a new password.',
      permanent:
        'Your login is locked after repeated incorrect passwords, and it stays locked until it is unlocked for you or the password is reset. Once I have confirmed your identity, I can unlock it and send you a link to choose a new password.',
    },
    identity_check_required: {
      not_started:
        'Your account is paused until we can confirm your identity. The email we sent you on {{placedAt}} explains how to send your documents. Once you have sent them, a person on our team checks them, usually within 24 to 48 hours.',
      submitted:
        'We received your identity documents on {{submittedAt}}. A person on our team is checking them, and you will have an answer by email by {{dueAt}} at the latest. There is nothing else you need to do for now.',
      approved:
        'Your identity has been confirmed. I am lifting the remaining block on your account now.',
      rejected:
        'We could not approve your identity check. A team lead will look at your case and contact you about what to send next.',
    },
    suspicious_activity:
      'For your security, access to your account is paused while our security team looks at it. I cannot share details on the phone, but a team lead will review your case and you will hear from us by email.',
    self_block:
      'You blocked your account yourself on {{placedAt}}. Once I have confirmed your identity, I can lift that block and you will be able to sign in again straight away.',
    limited_payment_failed:
      'Your account still works, but it has been limited since a payment failed on {{paymentFailedAt}}: today is day {{dayOfDunning}} of 90. You can sign in; paid features are paused. We will try the payment again on {{nextRetryAt}}. If the balance is not settled by {{deactivatesAt}}, the account will be deactivated. Updating your payment method under Billing settles it straight away.',
    username_login: {
      contact_email:
        'This account signs in with a username, not with an email address. Please use your username on the sign-in page; I can tell you what it is once I have confirmed your identity.',
      username:
        'This account signs in with the username {{username}}, not with an email address. Please type that username exactly on the sign-in page.',
    },
    recent_credential_change:
      'Your password was changed on {{changedAt}}. Your browser may still be using the old details: please clear its cache and cookies, then sign in with the new password.',
    no_blocker_found:
      'I cannot see anything blocking your account, so the password is the most likely cause. I will send a link to choose a new password to the email address on file; it works once, within one hour.',
    extra: {
      limitedAfter:
        'The unpaid balance is still due, so the account will come back in a limited state: please update your payment method after signing in.',
      overdue: 'The check is taking longer than we promised; I have flagged it to my team lead.',
    },
  },
  reason: {
    UNAUTHENTICATED: 'Your session ended: sign in again.',
    FORBIDDEN_ROLE: 'Your role may not do this.',
    INVALID_INPUT: 'Some input was not accepted.',
    NOT_FOUND: 'Not found: it may have been changed or removed.',
    VERIFICATION_REQUIRED: 'Verify the caller first.',
    VERIFICATION_EXPIRED: 'The verification expired (15 minutes): verify the caller again.',
    VERIFICATION_LOCKED:
      'Verification is locked for this account after 3 failures: try again later.',
    STAFF_THROTTLED: 'Too many failed verifications from you: a lead has been alerted.',
    WINDOW_CLOSED: 'The 120-day window has closed: the account can no longer be reactivated.',
    NOT_REACTIVATABLE: 'This account cannot be reactivated from the console.',
    NOT_DEACTIVATED: 'The account is not deactivated.',
    NOT_TEAM_MEMBER: 'Only a team-member login can be detached.',
    BLOCK_NOT_LIFTABLE: 'This block cannot be lifted this way.',
    RATE_LIMITED: 'Limit reached: try again later.',
    VERSION_CONFLICT: 'Someone else changed this account just now: the view shows the fresh state.',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
