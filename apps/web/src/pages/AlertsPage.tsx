import { Title } from '@mantine/core';

export default function AlertsPage() {
  return <Title order={2}>Alerts</Title>;
}
