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
