import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n/index.ts';
import { actorLabel } from './actor.ts';

describe('actorLabel', () => {
  it('names the actors that are not people in the UI language', () => {
    const fr = i18n.getFixedT('fr');
    expect(actorLabel('system', null, fr)).toBe('Système (planificateur)');
    expect(actorLabel('other', null, fr)).toBe('Un autre membre de l’équipe');
    expect(actorLabel('system', null, i18n.getFixedT('en'))).toBe('System (scheduler)');
    expect(actorLabel('stf_abcd1234', 'Alice Agent', fr)).toBe('Alice Agent');
  });
});
