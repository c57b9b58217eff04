import type { Faker } from '@faker-js/faker';
import { DAY, HOUR, MINUTE, purgeAfterFor } from '@lifeline/domain';
import type { AccountRow, SeedWriter } from './writer.ts';

/**
 * N generated accounts with a plausible mix of plans, statuses, team members, locks, blocks
 * and billing. Everything random comes from the seeded `faker`, so runs repeat.
 */

// Reserved example domains only: generated data must never be a real person's address.
const DOMAINS = ['example.net', 'example.org', 'mail.example', 'shop.example', 'studio.example'];
const REASONS = [
  { weight: 35, value: 'owner_cancelled' },
  { weight: 10, value: 'owner_request' },
  { weight: 25, value: 'non_payment' },
  { weight: 25, value: 'trial_expired' },
  { weight: 5, value: 'terms_violation' },
] as const;

export interface GeneratedContext {
  now: number;
  faker: Faker;
  newId: (prefix: string) => string;
}

function slug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function createGenerator(ctx: GeneratedContext) {
  const { now, faker, newId } = ctx;
  // Pools keep a million rows fast: faker's address builders cost microseconds each.
  const firstNames = Array.from({ length: 400 }, () => faker.person.firstName());
  const lastNames = Array.from({ length: 600 }, () => faker.person.lastName());
  const streets = Array.from({ length: 2000 }, () => faker.location.street());
  const places = Array.from({ length: 800 }, () => ({
    postalCode: faker.location.zipCode('#####'),
    city: faker.location.city(),
  }));
  const ownerEmails: string[] = [];
  const pick = <T>(items: readonly T[]): T => items[faker.number.int(items.length - 1)] as T;
  const chance = (probability: number) => faker.number.float() < probability;

  function email(serial: number): string {
    return `${slug(pick(firstNames))}.${slug(pick(lastNames))}.${serial.toString(36)}@${pick(DOMAINS)}`;
  }

  /** Writes account `serial` and its rows through `write`, the current batch's writer. */
  function generateAccount(serial: number, write: SeedWriter): void {
    const id = newId('acc');
    const createdAt = now - faker.number.int({ min: 20, max: 2000 }) * DAY - faker.number.int(DAY);
    const roll = faker.number.float();
    const plan = roll < 0.55 ? 'paid' : roll < 0.9 ? 'free' : 'trial';
    const statusRoll = faker.number.float();
    const account: AccountRow = {
      id,
      contactEmail: '',
      plan,
      status: 'active',
      createdAt,
      trialEndsAt: plan === 'trial' ? now + faker.number.int({ min: 1, max: 14 }) * DAY : null,
      balanceCents: 0,
      deactivatedAt: null,
      deactivationReason: null,
      purgeAfter: null,
      paymentFailedAt: null,
      contactsCount: faker.number.int({ min: 0, max: 25000 }),
      listsCount: faker.number.int({ min: 0, max: 40 }),
      campaignsCount: faker.number.int({ min: 0, max: 300 }),
      // From the serial, not faker: the rest of the generated data stays what it was.
      ...generatedCustomer(serial),
    };
    if (statusRoll < 0.05 && plan === 'paid') {
      account.status = 'limited';
      account.paymentFailedAt =
        now - faker.number.int({ min: 1, max: 89 }) * DAY - faker.number.int(DAY);
      account.balanceCents = -faker.helpers.arrayElement([1900, 2900, 4900, 9900]);
    } else if (statusRoll < 0.16) {
      const reason = faker.helpers.weightedArrayElement(REASONS);
      const deactivatedAt = now - faker.number.int({ min: 0, max: 120 * DAY });
      account.status = 'deactivated';
      account.deactivatedAt = deactivatedAt;
      account.deactivationReason = reason;
      account.purgeAfter = purgeAfterFor(deactivatedAt);
      if (reason === 'trial_expired') {
        account.plan = 'trial';
        account.trialEndsAt = deactivatedAt;
      }
      if (reason === 'non_payment') {
        account.plan = 'paid';
        account.balanceCents = -faker.helpers.arrayElement([1900, 2900, 4900, 9900]);
      }
    }

    const usesUsername = chance(0.05);
    const ownerEmail = email(serial);
    account.contactEmail = ownerEmail;
    write.account(account);
    ownerEmails.push(ownerEmail);

    const lockRoll = faker.number.float();
    const lockedAt = now - faker.number.int({ min: 1, max: 14 }) * MINUTE;
    write.login({
      id: newId('lgn'),
      accountId: id,
      identifier: usesUsername
        ? `${slug(pick(firstNames)).slice(0, 1)}${slug(pick(lastNames))}${serial.toString(36)}`
        : ownerEmail,
      identifierKind: usesUsername ? 'username' : 'email',
      role: 'owner',
      createdAt,
      passwordChangedAt: now - faker.number.int({ min: 0, max: 700 }) * DAY - faker.number.int(DAY),
      failedAttempts:
        lockRoll < 0.012 ? 5 : lockRoll < 0.05 ? faker.number.int({ min: 1, max: 4 }) : 0,
      firstFailedAt: lockRoll < 0.05 ? lockedAt - 3 * MINUTE : null,
      lockedUntil: lockRoll < 0.01 ? lockedAt + 15 * MINUTE : null,
      lockoutCount: lockRoll < 0.002 ? 3 : lockRoll < 0.01 ? 1 : 0,
    });

    if (chance(0.15)) {
      const members = faker.number.int({ min: 1, max: 3 });
      const taken = new Set([ownerEmail]);
      for (let m = 0; m < members; m += 1) {
        // Now and then a team member is another account's owner: the ambiguity of SPEC §4.
        const reuse = ownerEmails.length > 10 && chance(0.02);
        const identifier = reuse ? pick(ownerEmails) : email(serial * 4 + m + 1_000_000_000);
        if (taken.has(identifier)) continue;
        taken.add(identifier);
        write.login({
          id: newId('lgn'),
          accountId: id,
          identifier,
          identifierKind: 'email',
          role: 'team_member',
          createdAt: createdAt + faker.number.int({ min: 1, max: 300 }) * DAY,
          passwordChangedAt: now - faker.number.int({ min: 0, max: 500 }) * DAY,
          failedAttempts: 0,
          firstFailedAt: null,
          lockedUntil: null,
          lockoutCount: 0,
        });
      }
    }

    const hasCard = account.plan === 'paid' || chance(0.3);
    if (hasCard) {
      write.card(id, pick(['visa', 'mastercard', 'amex', 'cb']), faker.string.numeric(4));
    }
    if (chance(0.8)) {
      const place = pick(places);
      write.address(
        id,
        `${faker.number.int({ min: 1, max: 180 })} ${pick(streets)}`,
        place.postalCode,
        place.city,
        'FR',
      );
    }

    if (account.plan === 'paid') {
      const lastCharge =
        account.paymentFailedAt ?? account.deactivatedAt ?? now - faker.number.int(29) * DAY;
      write.charge({
        accountId: id,
        at: lastCharge - 30 * DAY,
        amountCents: 4900,
        outcome: 'succeeded',
        failureCode: null,
      });
      if (account.paymentFailedAt !== null) {
        write.charge({
          accountId: id,
          at: account.paymentFailedAt,
          amountCents: -account.balanceCents,
          outcome: 'failed',
          failureCode: 'card_declined',
        });
      }
    }

    if (account.status === 'active' && chance(0.02)) {
      const kind = faker.helpers.arrayElement([
        'identity_check_required',
        'suspicious_activity',
        'self_block',
      ] as const);
      const placedAt = now - faker.number.int({ min: 1, max: 240 }) * HOUR;
      const blockId = newId('blk');
      write.block({
        id: blockId,
        accountId: id,
        kind,
        placedAt,
        placedBy: kind === 'self_block' ? 'customer' : 'system',
        note: kind === 'suspicious_activity' ? 'Unusual sign-in pattern' : null,
        customerNotifiedAt: placedAt,
      });
      if (kind === 'identity_check_required') {
        const submitted = chance(0.6);
        write.identityCheck({
          id: newId('idc'),
          blockId,
          accountId: id,
          status: submitted ? 'submitted' : 'not_started',
          submittedAt: submitted
            ? Math.min(now, placedAt + faker.number.int({ min: 1, max: 60 }) * HOUR)
            : null,
        });
      }
    }
  }

  return { generateAccount };
}

const NAME_FIRST = [
  'Blue',
  'North',
  'Bright',
  'Oak',
  'River',
  'Silver',
  'Maple',
  'Harbor',
  'Atlas',
  'Lumen',
  'Cedar',
  'Nova',
];
const NAME_SECOND = [
  'Studio',
  'Bakery',
  'Labs',
  'Outfitters',
  'Books',
  'Garden',
  'Travel',
  'Coffee',
  'Design',
  'Clinic',
  'Works',
  'Market',
];

/**
 * A generated account's name, zone and language: every fifth customer is French (Paris), the
 * others spread over a few zones, so times read to callers are seen in more than one zone.
 */
export function generatedCustomer(
  serial: number,
): Pick<AccountRow, 'displayName' | 'timeZone' | 'language'> {
  const first = NAME_FIRST[serial % NAME_FIRST.length] ?? 'Blue';
  const second =
    NAME_SECOND[Math.floor(serial / NAME_FIRST.length) % NAME_SECOND.length] ?? 'Studio';
  const french = serial % 5 === 0;
  const zones = ['Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Singapore'];
  return {
    displayName: `${first} ${second} ${serial}`,
    timeZone: french ? 'Europe/Paris' : (zones[serial % zones.length] ?? 'UTC'),
    language: french ? 'fr' : 'en',
  };
}
