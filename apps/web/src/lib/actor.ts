import { OTHER_STAFF } from '@lifeline/domain';
import type { TFunction } from 'i18next';

/**
 * Who did something, in the UI's words. Audit events name a staff member, or one of the actors
 * that are not people (the scheduler, the command line) or, for an agent, "another staff member";
 * the server sends those as stable ids, the console translates them.
 */
export function actorLabel(staffId: string, staffName: string | null, t: TFunction): string {
  if (staffId === 'system') return t('lead.actor.system');
  if (staffId === 'cli') return t('lead.actor.cli');
  if (staffId === OTHER_STAFF) return t('lead.actor.other');
  return staffName ?? staffId;
}
