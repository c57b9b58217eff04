import { Title } from '@mantine/core';

export default function StaffPage() {
  return <Title order={2}>Staff</Title>;
}
