import { render as testingLibraryRender } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { Providers } from '../src/app/providers.tsx';

/** Renders inside the app's real providers (Mantine, query client, tRPC, i18n) and a router. */
export function render(ui: ReactNode, { route = '/' }: { route?: string } = {}) {
  return testingLibraryRender(
    <Providers>
      <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
    </Providers>,
  );
}
