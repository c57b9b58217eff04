import { Title } from '@mantine/core';

export function LookupPage() {
  return <Title order={2}>Lookup</Title>;
}
