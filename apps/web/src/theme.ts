import { type CSSVariablesResolver, createTheme, type MantineTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Card: { defaultProps: { withBorder: true, padding: 'md' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
  },
});

// Contrast (WCAG 2.1 AA, 4.5:1 for text). Mantine's default palettes fall short in places: white
// on teal-6 is 2.6:1, dimmed grey on white 3.3:1, a light badge's shade 9 on shade 1 3.6:1 for
// orange. The colour variables below keep each hue but darken it just enough; axe-core checks
// every page in the browser tests (e2e/tests/11-accessibility.spec.ts).

const AA = 4.6;

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** `color` darkened in small steps until it reads at AA against `background`. */
export function darkenForContrast(color: string, background: string): string {
  let rgb = channels(color);
  while (contrast(toHex(rgb), background) < AA && rgb.some((c) => c > 0)) {
    rgb = rgb.map((c) => Math.floor(c * 0.95)) as [number, number, number];
  }
  return toHex(rgb);
}

export const cssVariablesResolver: CSSVariablesResolver = (t: MantineTheme) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': darkenForContrast(t.colors.gray[6], t.colors.gray[1]),
    '--mantine-color-anchor': darkenForContrast(
      t.colors[t.primaryColor]?.[6] ?? '#000000',
      '#ffffff',
    ),
  };
  const dark: Record<string, string> = {
    '--mantine-color-dimmed': t.colors.dark[1],
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'dark') continue;
    // Filled: white text on it; the same colour as text or outline on a white page.
    const filled = darkenForContrast(shades[6], '#ffffff');
    const hover = toHex(channels(filled).map((c) => Math.floor(c * 0.88)));
    for (const scheme of [light, dark]) {
      scheme[`--mantine-color-${name}-filled`] = filled;
      scheme[`--mantine-color-${name}-filled-hover`] = hover;
    }
    light[`--mantine-color-${name}-outline`] = filled;
    // Light variant: the text on its pale background, shade 1, or shade 2 under the pointer.
    light[`--mantine-color-${name}-light-color`] = darkenForContrast(shades[9], shades[2]);
  }
  return { variables: {}, light, dark };
};
