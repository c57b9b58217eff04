import { SegmentedControl, type SegmentedControlProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Language, setLanguage } from '../../i18n/index.ts';

/** The console's language (EN/FR), kept for the next visit; on the shell and the sign-in page. */
export function LanguageSwitch({ style }: Pick<SegmentedControlProps, 'style'>) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      style={style}
      aria-label={t('nav.language')}
      value={i18n.language.startsWith('fr') ? 'fr' : 'en'}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'en', label: 'EN' },
        { value: 'fr', label: 'FR' },
      ]}
    />
  );
}
