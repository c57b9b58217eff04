import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { Fact, Facts } from '../Facts/Facts.tsx';
import { When } from '../When/When.tsx';

export type AccountBilling = RouterOutputs['accounts']['get']['billing'];

/** `visa` → `Visa`: brands arrive as stored, in lower case. */
function brandLabel(brand: string): string {
  return brand.charAt(0).toUpperCase() + brand.slice(1);
}

/**
 * What billing holds, to the extent the agent may see it: before the owner is verified only
 * whether a card and an address are on file (SPEC §5); the API sends the masked card and the
 * city after a pass, and this shows exactly what it sends.
 */
export function BillingSummary({
  billing,
  balanceCents,
  now,
}: {
  billing: AccountBilling;
  balanceCents: number | null;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const { card, address } = billing;
  return (
    <Card component="section" aria-labelledby="billing-title">
      <Title order={3} size="h4" id="billing-title" mb="sm">
        {t('account.billing.title')}
      </Title>
      <Stack gap="md">
        <Facts cols={1}>
          <Fact label={t('account.billing.card')}>
            {card.onFile ? (
              card.masked ? (
                <Text span fw={600} inherit>
                  {card.brand ? `${brandLabel(card.brand)} ` : ''}
                  {card.masked}
                </Text>
              ) : (
                <>
                  {t('account.billing.yes')}
                  <Text span c="dimmed" size="xs" display="block">
                    {t('account.billing.cardHidden')}
                  </Text>
                </>
              )
            ) : (
              t('account.billing.no')
            )}
          </Fact>
          <Fact label={t('account.billing.address')}>
            {address.onFile ? (
              address.city || address.country ? (
                [address.city, address.country].filter(Boolean).join(', ')
              ) : (
                <>
                  {t('account.billing.yes')}
                  <Text span c="dimmed" size="xs" display="block">
                    {t('account.billing.addressHidden')}
                  </Text>
                </>
              )
            ) : (
              t('account.billing.no')
            )}
          </Fact>
          {balanceCents !== null && (
            <Fact label={t('account.billing.balance')}>
              {balanceCents < 0 ? (
                <Text
                  span
                  c="light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))"
                  fw={600}
                  inherit
                >
                  {t('account.billing.owes', {
                    amount: formatMoney(-balanceCents, i18n.language),
                  })}
                </Text>
              ) : (
                t('account.billing.settled')
              )}
            </Fact>
          )}
        </Facts>
        <div>
          <Title order={4} size="h6" mb={4} id="charges-title">
            {t('account.billing.charges')}
          </Title>
          {billing.charges.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('account.billing.noCharges')}
            </Text>
          ) : (
            <Table verticalSpacing={4} fz="sm" aria-labelledby="charges-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.billing.date')}</Table.Th>
                  <Table.Th ta="right">{t('account.billing.amount')}</Table.Th>
                  <Table.Th>{t('account.billing.outcome')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {billing.charges.map((charge) => (
                  <Table.Tr key={`${charge.at}-${charge.amountCents}`}>
                    <Table.Td>
                      <When at={charge.at} now={now} size="sm" relative={false} />
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(charge.amountCents, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={charge.outcome === 'succeeded' ? 'green' : 'red'}
                        variant="light"
                        size="sm"
                      >
                        {t(`account.billing.outcomes.${charge.outcome}`)}
                      </Badge>
                      {charge.failureCode && (
                        <Text span size="xs" c="dimmed" display="block">
                          {t(`account.billing.failure.${charge.failureCode}`, {
                            defaultValue: charge.failureCode,
                          })}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
      </Stack>
    </Card>
  );
}
