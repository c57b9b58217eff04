import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrast, cssVariablesResolver, darkenForContrast, theme } from './theme.ts';

const full = mergeMantineTheme(DEFAULT_THEME, theme);
const { light, dark } = cssVariablesResolver(full);

describe('theme contrast (WCAG AA)', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#12b886', '#ffffff')).toBeCloseTo(2.55, 2);
    expect(contrast(darkenForContrast('#12b886', '#ffffff'), '#ffffff')).toBeGreaterThanOrEqual(
      4.5,
    );
  });

  it('white text on every filled colour, and every colour as text on white', () => {
    for (const name of Object.keys(full.colors).filter((n) => n !== 'dark')) {
      for (const scheme of [light, dark]) {
        const filled = scheme[`--mantine-color-${name}-filled`] ?? '';
        expect(contrast(filled, '#ffffff'), name).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(contrast(light['--mantine-color-anchor'] ?? '', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('light badges and buttons read on their pale background, hovered or not', () => {
    for (const [name, shades] of Object.entries(full.colors).filter(([n]) => n !== 'dark')) {
      const text = light[`--mantine-color-${name}-light-color`] ?? '';
      expect(contrast(text, shades[1]), name).toBeGreaterThanOrEqual(4.5);
      expect(contrast(text, shades[2]), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('dimmed text reads on white and on the grey surfaces', () => {
    const dimmed = light['--mantine-color-dimmed'] ?? '';
    expect(contrast(dimmed, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(dimmed, full.colors.gray[1])).toBeGreaterThanOrEqual(4.5);
    const darkDimmed = dark['--mantine-color-dimmed'] ?? '';
    expect(contrast(darkDimmed, full.colors.dark[6])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(darkDimmed, full.colors.dark[7])).toBeGreaterThanOrEqual(4.5);
  });
});
