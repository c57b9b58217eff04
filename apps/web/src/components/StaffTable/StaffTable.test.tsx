import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LEAD_NOW, staffMember } from '../../../test/fixtures/lead.ts';
import { render } from '../../../test/render.tsx';
import { StaffTable } from './StaffTable.tsx';

const ADMIN_ID = 'stf_admin0001';
const items = [
  staffMember({
    id: ADMIN_ID,
    email: 'admin@lifeline.test',
    displayName: 'Ada Admin',
    role: 'admin',
  }),
  staffMember(),
  staffMember({
    id: 'stf_gone0001',
    email: 'gone@lifeline.test',
    displayName: 'Gus Gone',
    disabledAt: LEAD_NOW - 86_400_000,
  }),
];

function rowOf(name: string) {
  return screen.getByText(name).closest('tr') as HTMLElement;
}

describe('StaffTable', () => {
  it('lists staff with role, status and who "you" are', () => {
    render(
      <StaffTable
        items={items}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={() => {}}
        onDisable={() => {}}
      />,
    );
    expect(within(rowOf('Ada Admin')).getByText('you')).toBeVisible();
    expect(
      within(rowOf('Ada Admin')).getByRole('combobox', { name: 'Role of Ada Admin' }),
    ).toHaveValue('Admin');
    expect(within(rowOf('Alex Agent')).getByText('Active')).toBeVisible();
    expect(within(rowOf('Gus Gone')).getByText('Disabled')).toBeVisible();
    expect(within(rowOf('Gus Gone')).getByRole('combobox')).toBeDisabled();
    expect(
      within(rowOf('Gus Gone')).queryByRole('button', { name: /Disable/ }),
    ).not.toBeInTheDocument();
  });

  it('asks to disable someone else, never oneself', async () => {
    const user = userEvent.setup();
    const onDisable = vi.fn();
    render(
      <StaffTable
        items={items}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={() => {}}
        onDisable={onDisable}
      />,
    );
    expect(screen.getByRole('button', { name: 'Disable Ada Admin' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Disable Alex Agent' }));
    expect(onDisable).toHaveBeenCalledWith(expect.objectContaining({ id: 'stf_agent0001' }));
  });

  it('asks for a role change when another role is picked', async () => {
    const user = userEvent.setup();
    const onRoleChange = vi.fn();
    render(
      <StaffTable
        items={items}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={onRoleChange}
        onDisable={() => {}}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Role of Alex Agent' });
    await user.click(select);
    const listbox = document.getElementById(select.getAttribute('aria-controls') ?? '');
    await user.click(
      within(listbox as HTMLElement).getByRole('option', { name: 'Lead', hidden: true }),
    );
    expect(onRoleChange).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'stf_agent0001' }),
      'lead',
    );
  });

  it('offers admins to end all sessions of an active member, themselves included', async () => {
    const user = userEvent.setup();
    const onEndSessions = vi.fn();
    const { unmount } = render(
      <StaffTable
        items={items}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={() => {}}
        onDisable={() => {}}
        onEndSessions={onEndSessions}
      />,
    );
    expect(screen.getByRole('button', { name: 'End sessions of Ada Admin' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'End sessions of Gus Gone' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'End sessions of Alex Agent' }));
    expect(onEndSessions).toHaveBeenCalledWith(expect.objectContaining({ id: 'stf_agent0001' }));
    unmount();
    // Without the handler (not an admin's console), no such button.
    render(
      <StaffTable
        items={items}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={() => {}}
        onDisable={() => {}}
      />,
    );
    expect(screen.queryByRole('button', { name: /End sessions/ })).not.toBeInTheDocument();
  });

  it('says how many second factors each member has, and offers a reset only where there are some', async () => {
    const onResetFactors = vi.fn();
    const withFactors = [
      staffMember({ ...items[0], factorCount: 2 }),
      staffMember({ factorCount: 0 }),
    ];
    render(
      <StaffTable
        items={withFactors}
        now={LEAD_NOW}
        currentStaffId={ADMIN_ID}
        onRoleChange={() => {}}
        onDisable={() => {}}
        onResetFactors={onResetFactors}
      />,
    );
    expect(within(rowOf('Ada Admin')).getByText('2 second factors')).toBeVisible();
    expect(within(rowOf('Alex Agent')).getByText('No second factor')).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Reset the second factors of Alex Agent' }),
    ).toBeNull();
    await userEvent.click(
      screen.getByRole('button', { name: 'Reset the second factors of Ada Admin' }),
    );
    expect(onResetFactors).toHaveBeenCalledWith(withFactors[0]);
  });
});
