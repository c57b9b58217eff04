import { Title } from '@mantine/core';

export default function IdentityChecksPage() {
  return <Title order={2}>IdentityChecks</Title>;
}
