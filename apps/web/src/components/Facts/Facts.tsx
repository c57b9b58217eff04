import { Box, SimpleGrid, type SimpleGridProps, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Label/value pairs as a description list, laid out on a grid. */
export function Facts({ children, ...props }: { children: ReactNode } & SimpleGridProps) {
  return (
    <SimpleGrid component="dl" m={0} spacing="md" verticalSpacing="xs" {...props}>
      {children}
    </SimpleGrid>
  );
}

export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <Box>
      <Text component="dt" size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Box>
  );
}
