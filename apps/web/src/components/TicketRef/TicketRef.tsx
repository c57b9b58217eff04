import { ticketUrl } from '@lifeline/domain';
import { Anchor, Text, type TextProps } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The help desk's ticket link template (TICKET_URL_TEMPLATE, SPEC §16), from `auth.me`; null
 * when none is set. A context, given once under the session, so every ticket reference links
 * the same way without each list asking for it.
 */
const TicketUrlTemplate = createContext<string | null>(null);

export function TicketUrlTemplateProvider({
  template,
  children,
}: {
  template: string | null;
  children: ReactNode;
}) {
  return <TicketUrlTemplate.Provider value={template}>{children}</TicketUrlTemplate.Provider>;
}

export function useTicketUrl(ticketRef: string): string | null {
  return ticketUrl(useContext(TicketUrlTemplate), ticketRef);
}

/**
 * A ticket reference as the console shows it everywhere (SPEC §16): monospace text, and a link
 * to the ticket in the help desk, in a new tab, when a template is set. The text stays the
 * reference itself (what agents search and read aloud); the title says where the link goes.
 */
export function TicketRef({
  ticketRef,
  ...textProps
}: { ticketRef: string } & Omit<TextProps, 'children' | 'ff'>) {
  const { t } = useTranslation();
  const href = useTicketUrl(ticketRef);
  if (href === null) {
    return (
      <Text span ff="monospace" inherit {...textProps}>
        {ticketRef}
      </Text>
    );
  }
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      ff="monospace"
      inherit
      title={t('ticketRef.open', { ticketRef })}
      data-ticket-link
      {...textProps}
    >
      {ticketRef}
      <IconExternalLink
        size="0.85em"
        aria-hidden
        style={{ marginInlineStart: 2, verticalAlign: 'middle' }}
      />
    </Anchor>
  );
}
