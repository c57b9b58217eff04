/**
 * `jean.dupont@example.fr` → `j•••@example.fr`: enough for an agent to say "the address on
 * file", not to read it out. Anything that is not an address masks to `•••` whole.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const first = Array.from(address.slice(0, at))[0] ?? '';
  return `${first}•••${address.slice(at)}`;
}

// An address inside free text (an email body, an SMTP error quoting the recipient).
const EMAIL_IN_TEXT = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/gu;

/** Every email address inside a text, masked as `maskEmail` does. */
export function maskEmailsInText(text: string): string {
  return text.replaceAll(EMAIL_IN_TEXT, (address) => maskEmail(address));
}

/**
 * `jeandupont` → `j•••t`: a username shown outside the console (a webhook payload). Three
 * characters or fewer mask whole, so a short name is not given away by its ends.
 */
export function maskUsername(username: string): string {
  const chars = Array.from(username);
  if (chars.length <= 3) return '•••';
  return `${chars[0]}•••${chars.at(-1)}`;
}

/** A login identifier masked by its kind: an address keeps its domain, a username its ends. */
export function maskIdentifier(identifier: string, kind: 'email' | 'username'): string {
  return kind === 'email' ? maskEmail(identifier) : maskUsername(identifier);
}
