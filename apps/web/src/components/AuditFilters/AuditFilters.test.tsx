import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../test/render.tsx';
import { AuditFilters, auditCsvHref, EMPTY_AUDIT_FILTERS, toAuditQuery } from './AuditFilters.tsx';

describe('audit filters', () => {
  it('turn the form into the list and CSV filters, the "to" day included', () => {
    const query = toAuditQuery({
      staffId: ' stf_agent0001 ',
      action: 'account.reactivate',
      accountId: 'acc_recent0001',
      from: '2026-11-02',
      to: '2026-11-03',
    });
    expect(query.staffId).toBe('stf_agent0001');
    expect(query.action).toBe('account.reactivate');
    expect(query.accountId).toBe('acc_recent0001');
    expect((query.to ?? 0) - (query.from ?? 0)).toBe(2 * 86_400_000);
    expect(auditCsvHref(query)).toBe(
      `/api/audit.csv?staffId=stf_agent0001&action=account.reactivate&accountId=acc_recent0001&from=${query.from}&to=${query.to}`,
    );
    expect(auditCsvHref(toAuditQuery(EMPTY_AUDIT_FILTERS))).toBe('/api/audit.csv');
  });

  it('refuse a malformed account id and a reversed range instead of applying them', async () => {
    const user = userEvent.setup();
    const onApply = vi.fn();
    render(<AuditFilters value={EMPTY_AUDIT_FILTERS} onApply={onApply} />);
    await user.type(screen.getByLabelText('Account id'), 'bob');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.getByText(/An account id looks like acc_/)).toBeVisible();

    await user.clear(screen.getByLabelText('Account id'));
    await user.type(screen.getByLabelText('Account id'), 'acc_recent0001');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledWith({ ...EMPTY_AUDIT_FILTERS, accountId: 'acc_recent0001' });
  });
});
