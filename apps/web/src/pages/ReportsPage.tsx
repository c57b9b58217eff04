import { Title } from '@mantine/core';

export default function ReportsPage() {
  return <Title order={2}>Reports</Title>;
}
