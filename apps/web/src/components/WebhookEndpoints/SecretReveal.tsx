import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface RevealedSecret {
  /** `created` after registering, `rotated` after a rotation (the old one signs a while yet). */
  kind: 'created' | 'rotated';
  url: string;
  secret: string;
  previousSecretUntil?: number | null;
}

/**
 * The signing secret, shown once (Lifeline keeps it only to sign): in a copyable box with a
 * warning, in a dialog that closes only on purpose, so a stray click does not lose it.
 */
export function SecretReveal({
  revealed,
  onClose,
  formatUntil,
}: {
  revealed: RevealedSecret | null;
  onClose: () => void;
  formatUntil: (at: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={revealed !== null}
      onClose={onClose}
      title={
        revealed?.kind === 'rotated'
          ? t('webhooks.secret.rotatedTitle')
          : t('webhooks.secret.title')
      }
      closeOnClickOutside={false}
      size="lg"
    >
      {revealed && (
        <Stack gap="sm">
          <Text size="sm">
            {t('webhooks.secret.for')}{' '}
            <Text span ff="monospace" inherit style={{ overflowWrap: 'anywhere' }}>
              {revealed.url}
            </Text>
          </Text>
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="sm">
            {t('webhooks.secret.once')}
            {revealed.kind === 'rotated' && revealed.previousSecretUntil
              ? ` ${t('webhooks.secret.overlap', { until: formatUntil(revealed.previousSecretUntil) })}`
              : ''}
          </Alert>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code
              block
              flex={1}
              data-testid="webhook-secret"
              aria-label={t('webhooks.secret.label')}
              style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
            >
              {revealed.secret}
            </Code>
            <CopyButton value={revealed.secret}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'light' : 'filled'}
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              {t('webhooks.secret.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
