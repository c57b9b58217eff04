import { Title } from '@mantine/core';

export default function OutboxPage() {
  return <Title order={2}>Outbox</Title>;
}
