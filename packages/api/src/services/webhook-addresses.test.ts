import { DomainError } from '@lifeline/domain';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, forbiddenAddressRange } from './webhook-addresses.ts';

describe('forbiddenAddressRange: only public unicast addresses receive webhooks', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['[::1]', 'loopback'],
    ['not an address', 'invalid'],
  ])('%s is %s', (address, range) => {
    expect(forbiddenAddressRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(forbiddenAddressRange(address)).toBeNull();
    },
  );
});

describe('checkWebhookUrl', () => {
  const publicOnly = { allowPrivate: false, httpsOnly: false, resolve: async () => ['8.8.8.8'] };

  async function refusal(url: string, policy = publicOnly): Promise<string> {
    try {
      await checkWebhookUrl(url, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).reason).toBe('INVALID_INPUT');
      return (error as DomainError).message;
    }
    return 'accepted';
  }

  it('takes a public https URL and gives it back normalised', async () => {
    expect(await checkWebhookUrl('https://Helpdesk.Example.com/hooks?x=1', publicOnly)).toBe(
      'https://helpdesk.example.com/hooks?x=1',
    );
  });

  it('refuses a name resolving to a private address, even one among public ones', async () => {
    expect(
      await refusal('https://mixed.example.com/', {
        ...publicOnly,
        resolve: async () => ['8.8.8.8', '10.0.0.7'],
      }),
    ).toBe(
      "The endpoint's host mixed.example.com resolves to 10.0.0.7, a private (RFC 1918) address; webhooks only go to public addresses.",
    );
  });

  it('refuses names that do not resolve, other schemes, credentials, and http in production', async () => {
    expect(
      await refusal('https://nowhere.example/', {
        ...publicOnly,
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).toMatch(/does not resolve/);
    expect(await refusal('ftp://example.com/')).toMatch(/https:\/\//);
    expect(await refusal('not a url')).toMatch(/full URL/);
    expect(await refusal('https://a:b@example.com/')).toMatch(/user name or password/);
    expect(await refusal('http://example.com/', { ...publicOnly, httpsOnly: true })).toMatch(
      /unencrypted in production/,
    );
  });

  it('takes any address when private ones are allowed (development and tests)', async () => {
    expect(
      await checkWebhookUrl('http://127.0.0.1:8080/hooks', {
        allowPrivate: true,
        httpsOnly: false,
      }),
    ).toBe('http://127.0.0.1:8080/hooks');
  });
});
