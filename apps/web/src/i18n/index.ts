import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Messages } from './en.ts';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'lifeline.language';

function initialLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'fr') return stored;
  return typeof navigator !== 'undefined' && navigator.language.startsWith('fr') ? 'fr' : 'en';
}

// English is in the first load (it is also every missing key's fallback); French, as big again,
// is fetched when it is needed: the console in French, or a customer script read in French.
const LOADERS: Record<Language, () => Promise<Messages>> = {
  en: async () => en,
  fr: async () => (await import('./fr.ts')).fr,
};

/** Makes a language's strings available (a customer script's code brings its own). */
export function addLanguage(language: Language, messages: Messages) {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    i18n.addResourceBundle(language, 'translation', messages);
  }
}

/** Fetches a language's strings if they are not here yet. */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  addLanguage(language, await LOADERS[language]());
}

// The page's lang follows the UI's from the first render (a stored French choice included), so
// screen readers pronounce the words in the right language (WCAG 3.1.1).
i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

const initial = initialLanguage();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

// The last language asked for wins: a slow French download must not undo a switch back to EN.
let requested: Language = 'en';

/**
 * Switches the UI's language, remembered for the next visit. At once when its strings are here
 * (always for English), else once they are fetched; if they cannot be, the UI stays as it is.
 */
export function setLanguage(language: Language): Promise<void> {
  requested = language;
  localStorage.setItem(STORAGE_KEY, language);
  const apply = async () => {
    if (requested === language) await i18n.changeLanguage(language);
  };
  if (i18n.hasResourceBundle(language, 'translation')) return apply();
  return loadLanguage(language).then(apply, (error: unknown) => {
    console.error(`the ${language} strings could not be loaded`, error);
  });
}

/**
 * Settles once the UI's first language is ready: the console renders after it, so a French
 * agent never sees English flash first. English is ready at once.
 */
export const i18nReady: Promise<void> =
  initial === 'en'
    ? Promise.resolve()
    : loadLanguage(initial)
        .then(async () => {
          requested = initial;
          await i18n.changeLanguage(initial);
        })
        .catch((error: unknown) =>
          console.error(`the ${initial} strings could not be loaded`, error),
        );

export { i18n };
