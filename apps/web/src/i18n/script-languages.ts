// A customer script is read in the caller's language, whatever the console's (an English
// console may read to a French caller): the code that renders scripts brings every language.
import { fr } from './fr.ts';
import { addLanguage } from './index.ts';

addLanguage('fr', fr);
