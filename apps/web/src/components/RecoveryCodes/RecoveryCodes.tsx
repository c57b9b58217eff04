import { Alert, Button, CopyButton, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The codes as a text file: one a line, with what they are for, so a saved file explains itself. */
export function recoveryCodesText(codes: readonly string[], header: string): string {
  return `${header}\n\n${codes.join('\n')}\n`;
}

function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The ten recovery codes, shown once (the server keeps only their hashes): copy, download as
 * a .txt file, then "I have saved them" to go on.
 */
export function RecoveryCodes({
  codes,
  email,
  onDone,
}: {
  codes: readonly string[];
  /** Whose codes: written at the top of the downloaded file. */
  email?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const text = recoveryCodesText(codes, t('recoveryCodes.fileHeader', { email: email ?? '' }));
  return (
    <Stack gap="md">
      <Alert color="yellow" title={t('recoveryCodes.title')}>
        <Text size="sm">{t('recoveryCodes.body')}</Text>
      </Alert>
      <Paper withBorder p="md">
        <List
          listStyleType="none"
          aria-label={t('recoveryCodes.listLabel')}
          style={{ columns: 2, fontFamily: 'var(--mantine-font-family-monospace)' }}
        >
          {codes.map((code) => (
            <List.Item key={code}>
              <Text ff="monospace" size="md">
                {code}
              </Text>
            </List.Item>
          ))}
        </List>
      </Paper>
      <Group gap="sm">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={
                copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
              }
              onClick={copy}
            >
              {copied ? t('common.copied') : t('recoveryCodes.copy')}
            </Button>
          )}
        </CopyButton>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => download(text, 'lifeline-recovery-codes.txt')}
        >
          {t('recoveryCodes.download')}
        </Button>
      </Group>
      <Button onClick={onDone}>{t('recoveryCodes.saved')}</Button>
    </Stack>
  );
}
