import { Text, type TextProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../lib/format.ts';

/**
 * An instant the way the console shows them (SPEC §15): absolute, then relative, in the UI
 * language, inside a <time> so assistive technology and copy-paste get the exact instant.
 */
export function When({
  at,
  now,
  relative = true,
  ...textProps
}: { at: number | null | undefined; now: number; relative?: boolean } & TextProps) {
  const { i18n } = useTranslation();
  if (at === null || at === undefined) {
    return (
      <Text span {...textProps}>
        —
      </Text>
    );
  }
  return (
    <Text span {...textProps}>
      <time dateTime={new Date(at).toISOString()}>{formatDateTime(at, i18n.language)}</time>
      {relative && (
        <Text span c="dimmed" inherit>
          {' '}
          ({formatRelative(at, now, i18n.language)})
        </Text>
      )}
    </Text>
  );
}
