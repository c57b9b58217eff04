import {
  AUDIT_ACTIONS,
  cleanMultiLineText,
  cleanSingleLineText,
  ESCALATION_OUTCOMES,
  ESCALATION_REASONS,
  isTicketRef,
  STAFF_ROLES,
  TICKET_REF_RULE,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_SUBSCRIBABLE_EVENT_TYPES,
} from '@lifeline/domain';
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, INPUT_LIMITS, publicIdPattern } from './limits.ts';

export { ACCOUNT_ID_PATTERN, INPUT_LIMITS } from './limits.ts';

/**
 * The input schemas of SPEC §11: the routers validate with them and the console imports this
 * file (never the routers) for its forms, so a limit or an id shape has one home. Every object
 * is strict (unknown keys refused) and every string has a limit.
 */

/**
 * Free text as a person types it: no lone UTF-16 surrogates, no NUL. Neither can be stored or
 * looked up as sent (SQLite writes U+FFFD for a lone surrogate; PostgreSQL text refuses U+0000
 * in any parameter, a comparison included) and a lone surrogate cannot be hashed into the audit
 * chain (canonical JSON refuses it), so they are refused here, on both engines alike, rather
 * than failing deep inside an action.
 */
const text = () =>
  z
    .string()
    .refine((s) => s.isWellFormed(), 'not valid Unicode text')
    .refine((s) => !s.includes('\u0000'), 'contains a NUL character');

/**
 * Text a staff member writes for others to read (notes, names): Unicode format characters
 * (zero-width, bidi overrides and isolates, BOM) and control characters are removed first —
 * keeping line breaks and tabs only in multi-line text — then it is trimmed. Limits, "required"
 * and the stored and audited value all apply to what is left, so a note of only a zero-width
 * space is an empty note. The rule itself is the domain's (`cleanMultiLineText`).
 */
const writtenText = (lines: 'single' | 'multi') =>
  text()
    .overwrite(lines === 'multi' ? cleanMultiLineText : cleanSingleLineText)
    .trim();

/** A public id (its shape: `publicIdPattern`). */
function publicId(prefix: string, what: string) {
  return z.string().regex(publicIdPattern(prefix), `not ${what}`);
}

export const accountIdInput = z.string().regex(ACCOUNT_ID_PATTERN, 'not an account id');
export const loginIdInput = publicId('lgn', 'a login id');
export const blockIdInput = publicId('blk', 'a block id');
export const verificationIdInput = publicId('ver', 'a verification id');
export const staffIdInput = publicId('stf', 'a staff id');
export const identityCheckIdInput = publicId('idc', 'an identity check id');
export const reviewIdInput = publicId('rev', 'a review id');
export const escalationIdInput = publicId('esc', 'an escalation id');
export const webhookEndpointIdInput = publicId('whe', 'a webhook endpoint id');
export const webhookDeliveryIdInput = publicId('whd', 'a webhook delivery id');

export const identifierInput = text().min(1).max(INPUT_LIMITS.identifier);
/**
 * A ticket reference goes into customer emails and the CSV export, so it is not free text: once
 * trimmed, 1–64 characters of `TICKET_REF_PATTERN` (domain, ticket-ref.ts) — ASCII letters and
 * digits, `- _ . # / :` and single inner spaces, starting with a letter, a digit or `#`, no link.
 * `#12345`, `ZD-1234`, `INC0012345`, `T-1` pass; invisible, bidi or control characters do not.
 */
export const ticketRefInput = text()
  .trim()
  .min(1, 'a ticket reference is required')
  .max(INPUT_LIMITS.ticketRef)
  .refine(isTicketRef, `a ticket reference uses ${TICKET_REF_RULE}`);
export const idempotencyKeyInput = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);
export const noteInput = writtenText('multi').max(INPUT_LIMITS.note);
export const cursorInput = text().max(INPUT_LIMITS.cursor);
export const limitInput = z.number().int().min(1).max(200);
/** Epoch milliseconds, finite and within a sane range (no NaN, no Infinity). */
export const instantInput = z.number().int().min(0).max(8_640_000_000_000_000);

export const loginInput = z.strictObject({
  email: text().trim().min(3).max(254),
  password: text().min(1).max(256),
});

export const searchInput = z.strictObject({
  query: text().trim().min(1).max(INPUT_LIMITS.identifier),
  limit: limitInput.optional(),
  cursor: cursorInput.optional(),
});

export const diagnoseInput = z.strictObject({ identifier: identifierInput });
/**
 * The ticket of the call the account page is open for, when it is: billing details show only for
 * a pass on that ticket (the rule the lookup and the actions apply).
 */
export const getAccountInput = z.strictObject({
  accountId: accountIdInput,
  ticketRef: ticketRefInput.optional(),
});

export const factorInput = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('card_last4'),
    last4: z
      .string()
      .regex(new RegExp(`^\\d{${INPUT_LIMITS.cardLast4}}$`), `${INPUT_LIMITS.cardLast4} digits`),
  }),
  z.strictObject({
    method: z.literal('billing_address'),
    postalCode: text().trim().min(1).max(INPUT_LIMITS.postalCode),
    line1: text().trim().min(1).max(INPUT_LIMITS.addressLine1),
  }),
  z.strictObject({
    method: z.literal('email_code'),
    code: z
      .string()
      .regex(new RegExp(`^\\d{${INPUT_LIMITS.emailCode}}$`), `${INPUT_LIMITS.emailCode} digits`),
  }),
]);

export const sendCodeInput = z.strictObject({
  identifier: identifierInput,
  accountId: accountIdInput.optional(),
  ticketRef: ticketRefInput,
});

export const checkVerificationInput = z.strictObject({
  identifier: identifierInput,
  accountId: accountIdInput.optional(),
  ticketRef: ticketRefInput,
  factor: factorInput,
});

const actionBase = { ticketRef: ticketRefInput, idempotencyKey: idempotencyKeyInput };

export const reactivateInput = z.strictObject({
  accountId: accountIdInput,
  verificationId: verificationIdInput,
  expectedVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  note: noteInput.optional(),
  ...actionBase,
});

export const detachTeamMemberInput = z.strictObject({
  loginId: loginIdInput,
  verificationId: verificationIdInput,
  ...actionBase,
});

export const unlockLoginInput = z.strictObject({
  loginId: loginIdInput,
  verificationId: verificationIdInput,
  sendResetLink: z.boolean(),
  ...actionBase,
});

export const sendPasswordResetInput = z.strictObject({ loginId: loginIdInput, ...actionBase });

export const liftBlockInput = z.strictObject({
  blockId: blockIdInput,
  verificationId: verificationIdInput.optional(),
  note: noteInput.optional(),
  ...actionBase,
});

export const identityCheckQueueInput = z.strictObject({ limit: limitInput.optional() }).optional();
export const decideIdentityCheckInput = z.strictObject({
  checkId: identityCheckIdInput,
  decision: z.enum(['approve', 'reject']),
  note: noteInput.min(1, 'a note is required'),
  ticketRef: ticketRefInput,
  idempotencyKey: idempotencyKeyInput,
});

export const reviewQueueInput = z
  .strictObject({
    status: z.enum(['open', 'reviewed_ok', 'concern']).optional(),
    agentId: staffIdInput.optional(),
    cursor: cursorInput.optional(),
    limit: limitInput.optional(),
  })
  .optional();
export const markReviewInput = z.strictObject({
  reviewId: reviewIdInput,
  status: z.enum(['reviewed_ok', 'concern']),
  note: noteInput.optional(),
});

export const alertsInput = z.strictObject({ includeExpired: z.boolean().optional() }).optional();

export const auditListInput = z
  .strictObject({
    staffId: text().min(1).max(INPUT_LIMITS.staffIdFilter).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    accountId: accountIdInput.optional(),
    from: instantInput.optional(),
    to: instantInput.optional(),
    cursor: cursorInput.optional(),
    limit: limitInput.optional(),
  })
  .optional();

export const reactivationReportInput = z
  .strictObject({ from: instantInput.optional(), to: instantInput.optional() })
  .optional();

export const outboxListInput = z
  .strictObject({
    accountId: accountIdInput.optional(),
    cursor: cursorInput.optional(),
    limit: limitInput.optional(),
  })
  .optional();

export const createStaffInput = z.strictObject({
  email: z.email().max(INPUT_LIMITS.staffEmail),
  displayName: writtenText('single').min(1).max(INPUT_LIMITS.staffDisplayName),
  role: z.enum(STAFF_ROLES),
  password: text()
    .min(INPUT_LIMITS.staffPasswordMin, `at least ${INPUT_LIMITS.staffPasswordMin} characters`)
    .max(INPUT_LIMITS.staffPassword),
});
export const setStaffRoleInput = z.strictObject({
  staffId: staffIdInput,
  role: z.enum(STAFF_ROLES),
});
export const disableStaffInput = z.strictObject({ staffId: staffIdInput });

export const endStaffSessionsInput = z.strictObject({ staffId: staffIdInput });

/** A session as the console names it: its public id (a keyed hash, 32 hex digits). */
export const endSessionInput = z.strictObject({
  sessionId: text().regex(/^[0-9a-f]{32}$/, 'Not a session id.'),
});

/** An instant in a query string: epoch milliseconds, or an ISO 8601 date or date-time. */
const queryInstantInput = text()
  .trim()
  .min(1)
  .max(40)
  .transform((value, ctx) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date (epoch ms or ISO 8601)' });
      return z.NEVER;
    }
    return ms;
  })
  .pipe(instantInput);

/** `GET /api/audit.csv`: the filters of `audit.list`, from the query string. */
export const auditCsvQueryInput = z.strictObject({
  staffId: text().min(1).max(INPUT_LIMITS.staffIdFilter).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  accountId: accountIdInput.optional(),
  from: queryInstantInput.optional(),
  to: queryInstantInput.optional(),
});

export const openEscalationInput = z.strictObject({
  accountId: accountIdInput,
  loginId: loginIdInput.optional(),
  ticketRef: ticketRefInput,
  reason: z.enum(ESCALATION_REASONS),
  note: noteInput.optional(),
  idempotencyKey: idempotencyKeyInput,
});
export const escalationQueueInput = z
  .strictObject({ status: z.enum(['active', 'closed']).optional() })
  .optional();
export const escalationsOfAccountInput = z.strictObject({ accountId: accountIdInput });
export const takeEscalationInput = z.strictObject({ escalationId: escalationIdInput });
export const closeEscalationInput = z.strictObject({
  escalationId: escalationIdInput,
  outcome: z.enum(ESCALATION_OUTCOMES),
  note: noteInput.optional(),
});
/** Webhook endpoints (issue 14): what an admin registers; the address rules are the service's. */
const webhookEventTypesInput = z
  .array(z.enum(WEBHOOK_SUBSCRIBABLE_EVENT_TYPES))
  .min(1, 'choose at least one event type')
  .max(WEBHOOK_SUBSCRIBABLE_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, 'an event type is listed twice');
const webhookDescriptionInput = writtenText('single').max(INPUT_LIMITS.webhookDescription);

export const createWebhookInput = z.strictObject({
  url: text().trim().min(1).max(INPUT_LIMITS.webhookUrl),
  description: webhookDescriptionInput.optional(),
  eventTypes: webhookEventTypesInput,
});
export const updateWebhookInput = z.strictObject({
  endpointId: webhookEndpointIdInput,
  enabled: z.boolean().optional(),
  eventTypes: webhookEventTypesInput.optional(),
  description: webhookDescriptionInput.optional(),
});
export const webhookEndpointInput = z.strictObject({ endpointId: webhookEndpointIdInput });
export const webhookDeliveriesInput = z
  .strictObject({
    endpointId: webhookEndpointIdInput.optional(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
    cursor: cursorInput.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .optional();
export const replayWebhookInput = z.strictObject({ deliveryId: webhookDeliveryIdInput });
// ── Second factors (SPEC §13) ────────────────────────────────────────────────────────────

/** base64url as WebAuthn JSON carries binary fields, bounded. */
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'not base64url');

const AUTHENTICATOR_TRANSPORTS = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
] as const;

/** What the browser's `startRegistration()` returns (RegistrationResponseJSON). */
export const passkeyRegistrationResponseInput = z.strictObject({
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: base64url(4000).min(1),
    attestationObject: base64url(16000).min(1),
    authenticatorData: base64url(8000).optional(),
    transports: z.array(z.enum(AUTHENTICATOR_TRANSPORTS)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4000).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string().max(64), z.unknown()).default({}),
});

/** What the browser's `startAuthentication()` returns (AuthenticationResponseJSON). */
export const passkeyAuthenticationResponseInput = z.strictObject({
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: base64url(4000).min(1),
    authenticatorData: base64url(8000).min(1),
    signature: base64url(2000).min(1),
    userHandle: base64url(200).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string().max(64), z.unknown()).default({}),
});

/** Six digits; spaces a person types in the middle are dropped first. */
export const totpCodeInput = text()
  .max(20)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'six digits'));

/** A recovery code as printed (`xxxx-xxxx-xx`); case, dashes and spaces do not matter. */
export const recoveryCodeInput = text()
  .max(40)
  .transform((value) => value.toLowerCase().replace(/[\s-]+/g, ''))
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, 'not a recovery code'));

export const verifySecondFactorInput = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('totp'), code: totpCodeInput }),
  z.strictObject({ method: z.literal('recovery_code'), code: recoveryCodeInput }),
  z.strictObject({ method: z.literal('passkey'), response: passkeyAuthenticationResponseInput }),
]);

export const FACTOR_LABEL_MAX = 60;
export const factorLabelInput = writtenText('single').min(1).max(FACTOR_LABEL_MAX);

export const totpConfirmInput = z.strictObject({ code: totpCodeInput, label: factorLabelInput });
export const passkeyRegisterInput = z.strictObject({
  response: passkeyRegistrationResponseInput,
  label: factorLabelInput,
});
export const factorIdInput = publicId('fac', 'a factor id');
export const removeFactorInput = z.strictObject({ factorId: factorIdInput });
export const resetFactorsInput = z.strictObject({ staffId: staffIdInput });
