import { type Dispatch, type SetStateAction, useState } from 'react';

/**
 * An editable copy of `source` (a filter or a ticket held in the URL) that follows it when it
 * changes — a link, the back button — and is otherwise the user's. The copy is replaced while
 * rendering, as React advises for state that follows a prop, never in an effect: an effect
 * runs after the page is painted, and typing that lands in between (the lookup box is focused
 * on load, a navigation renders as a transition) would be overwritten with the stale source.
 */
export function useDraft<T>(
  source: T,
  same: (a: T, b: T) => boolean = Object.is,
): [T, Dispatch<SetStateAction<T>>] {
  const [draft, setDraft] = useState(source);
  const [followed, setFollowed] = useState(source);
  if (!same(followed, source)) {
    setFollowed(source);
    setDraft(source);
  }
  return [draft, setDraft];
}
