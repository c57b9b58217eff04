import { useHotkeys } from '@mantine/hooks';
import { useLocation, useNavigate } from 'react-router';
import { focusLookupBox } from '../LookupBox/LookupBox.tsx';

/**
 * `/` and Ctrl/Cmd-K from anywhere in the console: back to the lookup box (SPEC §15).
 * Ctrl/Cmd-K works even while typing; `/` only outside text fields, where it is a character.
 */
export function LookupHotkeys() {
  const navigate = useNavigate();
  const location = useLocation();

  function goToLookup(event: KeyboardEvent) {
    // A confirmation in progress keeps the keyboard.
    if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
    event.preventDefault();
    if (location.pathname === '/' && focusLookupBox()) return;
    // The lookup page focuses its box when it mounts.
    navigate('/');
  }

  useHotkeys([['mod+K', goToLookup, { preventDefault: false }]], []);
  useHotkeys([['/', goToLookup, { preventDefault: false }]]);
  return null;
}
