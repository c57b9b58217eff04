import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n, type Language } from '../../i18n/index.ts';
import '../../i18n/script-languages.ts';
import type { ScriptSpec } from './script.ts';

export function uiLanguage(language: string): Language {
  return language.startsWith('fr') ? 'fr' : 'en';
}

/** The words of a script in one language, extras appended. */
export function scriptText(spec: ScriptSpec, language: Language): string {
  const t = i18n.getFixedT(language);
  const main = t(`script.${spec.scriptKey}`, spec.params(language));
  return [main, ...spec.extras.map((key) => t(key))].join(' ');
}

/**
 * What the agent reads to the caller. The caller's language is chosen per caller (a French
 * speaker may call an agent whose console is in English), so it is independent of the UI's.
 */
export function CustomerScript({
  spec,
  language,
  onLanguageChange,
}: {
  spec: ScriptSpec;
  /** Controlled by the diagnosis (one choice per caller); uncontrolled when left out. */
  language?: Language;
  onLanguageChange?: (language: Language) => void;
}) {
  const { t, i18n: ui } = useTranslation();
  const [own, setOwn] = useState<Language>(() => uiLanguage(ui.language));
  const current = language ?? own;
  const clipboard = useClipboard({ timeout: 2000 });
  const headingId = useId();
  const text = scriptText(spec, current);

  return (
    <Stack gap={6} role="group" aria-labelledby={headingId}>
      <Group justify="space-between" gap="xs">
        <Text id={headingId} size="sm" fw={600}>
          {t('lookup.script.title')}
        </Text>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label={t('lookup.script.language')}
            value={current}
            onChange={(value) => {
              const next = uiLanguage(value);
              setOwn(next);
              onLanguageChange?.(next);
            }}
            data={[
              { value: 'en', label: 'EN' },
              { value: 'fr', label: 'FR' },
            ]}
          />
          <Button
            size="compact-xs"
            variant={clipboard.copied ? 'filled' : 'light'}
            color={clipboard.copied ? 'teal' : undefined}
            leftSection={clipboard.copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            onClick={() => clipboard.copy(text)}
          >
            {clipboard.copied ? t('common.copied') : t('lookup.script.copy')}
          </Button>
        </Group>
      </Group>
      <Paper
        p="sm"
        radius="sm"
        bg="var(--mantine-color-default-hover)"
        lang={current}
        data-testid="customer-script"
      >
        <Text size="sm" style={{ lineHeight: 1.55 }}>
          {text}
        </Text>
      </Paper>
      <Text size="xs" c="dimmed" aria-live="polite">
        {clipboard.copied ? t('lookup.script.copiedLong') : ''}
      </Text>
    </Stack>
  );
}
