import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDraft } from './use-draft.ts';

describe('useDraft', () => {
  it('starts from the source and keeps what is typed while the source stays the same', () => {
    const { result, rerender } = renderHook(({ source }) => useDraft(source), {
      initialProps: { source: 'ABC-1' },
    });
    expect(result.current[0]).toBe('ABC-1');
    act(() => result.current[1]('ABC-12'));
    rerender({ source: 'ABC-1' });
    expect(result.current[0]).toBe('ABC-12');
  });

  it('follows the source when it changes, and typing goes on from there', () => {
    const { result, rerender } = renderHook(({ source }) => useDraft(source), {
      initialProps: { source: '' },
    });
    act(() => result.current[1]('acc_typed'));
    rerender({ source: 'acc_from_link' });
    expect(result.current[0]).toBe('acc_from_link');
    act(() => result.current[1]('acc_from_link2'));
    expect(result.current[0]).toBe('acc_from_link2');
  });

  it('compares with the given equality: an equal new object keeps the draft', () => {
    const same = (a: { q: string }, b: { q: string }) => a.q === b.q;
    const { result, rerender } = renderHook(({ source }) => useDraft(source, same), {
      initialProps: { source: { q: 'x' } },
    });
    act(() => result.current[1]({ q: 'typed' }));
    rerender({ source: { q: 'x' } });
    expect(result.current[0]).toEqual({ q: 'typed' });
    rerender({ source: { q: 'y' } });
    expect(result.current[0]).toEqual({ q: 'y' });
  });
});
