import { TICKET_REF_MAX_LENGTH } from './actions.ts';

/**
 * A ticket reference (SPEC §6) is the help desk's id of the conversation. It is shown to other
 * staff, exported to CSV and written into customer emails ("ticket ZD-1234"), so it is held to a
 * plain, visible shape rather than free text:
 *  - 1–64 characters once trimmed;
 *  - ASCII letters and digits, `-` `_` `.` `#` `/` `:`, and single spaces between words;
 *  - starting with a letter, a digit or `#`, with at least one letter or digit;
 *  - not a link (`://`).
 * That takes `#12345`, `ZD-1234`, `INC0012345`, `T-1`, `Case 4521`, `JIRA:SUP-12`. It refuses
 * invisible and right-to-left characters, line breaks, look-alike letters from other scripts,
 * markup, a leading `=`, `+`, `-` or `@` (a spreadsheet formula) and URLs: a staff-typed link in
 * a customer email could point anywhere, and the console links ids itself (issue 14).
 */
export const TICKET_REF_PATTERN =
  /^(?=.*[A-Za-z0-9])[A-Za-z0-9#][A-Za-z0-9#_./:-]*(?: [A-Za-z0-9#_./:-]+)*$/;

/** The rule in words, for the refusal message and the docs. */
export const TICKET_REF_RULE =
  'letters A–Z, digits, - _ . # / : and single spaces between words, starting with a letter, a digit or #; not a link';

export function isTicketRef(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= TICKET_REF_MAX_LENGTH &&
    TICKET_REF_PATTERN.test(value) &&
    !value.includes('://')
  );
}

/** The placeholder a TICKET_URL_TEMPLATE must hold (SPEC §16). */
export const TICKET_URL_PLACEHOLDER = '{ticket}';

/**
 * The help desk's page for a ticket (SPEC §16): the template with `{ticket}` replaced by the
 * reference, URL-encoded (a `#12345` or `Case 4521` must not become a fragment or a gap).
 * Null without a template.
 */
export function ticketUrl(template: string | null | undefined, ref: string): string | null {
  if (!template) return null;
  return template.replaceAll(TICKET_URL_PLACEHOLDER, encodeURIComponent(ref));
}
