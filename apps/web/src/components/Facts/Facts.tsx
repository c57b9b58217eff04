import { Box, DataList, SimpleGrid, type SimpleGridProps, Text } from '@mantine/core';
import { createContext, type ReactNode, useContext } from 'react';

type Layout = 'grid' | 'list';
const LayoutContext = createContext<Layout>('grid');

/**
 * Label/value pairs as a description list. `grid` (the default) stacks each label over its value
 * in columns, for a summary; `list` puts each label beside its value, for the facts of a finding.
 */
export function Facts(
  props: { layout: 'list'; children: ReactNode } | ({ layout?: 'grid' } & SimpleGridProps),
) {
  if (props.layout === 'list') {
    return (
      <LayoutContext.Provider value="list">
        <DataList size="sm" gap={6} labelWidth="11rem">
          {props.children}
        </DataList>
      </LayoutContext.Provider>
    );
  }
  const { layout: _grid, ...grid } = props;
  return (
    <LayoutContext.Provider value="grid">
      <SimpleGrid component="dl" m={0} spacing="md" verticalSpacing="xs" {...grid} />
    </LayoutContext.Provider>
  );
}

export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  const layout = useContext(LayoutContext);
  if (layout === 'list') {
    return (
      <DataList.Item>
        <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
        <DataList.ItemValue>{children}</DataList.ItemValue>
      </DataList.Item>
    );
  }
  return (
    // A long value (a contact email at 1024 px) wraps inside its column, never over the next one.
    <Box miw={0}>
      <Text component="dt" size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Box>
  );
}
