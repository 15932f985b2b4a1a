import { nextNumId } from './ids.js';
import type { DataType, FakeDataAttribute, FakeWorkspace } from './types.js';
import { nowUnix } from './util.js';

export function addDataAttribute(
  ws: FakeWorkspace,
  input: {
    name: string;
    data_type: DataType;
    description?: string;
    model?: 'contact' | 'company';
    adminId?: string;
  },
): FakeDataAttribute {
  const now = nowUnix();
  const attr: FakeDataAttribute = {
    id: Number(nextNumId(ws)) % 100_000,
    name: input.name,
    full_name: `custom_attributes.${input.name}`,
    label: input.name,
    description: input.description ?? '',
    data_type: input.data_type,
    model: input.model ?? 'contact',
    custom: true,
    api_writable: true,
    ui_writable: true,
    messenger_writable: false,
    archived: false,
    admin_id: input.adminId ?? ws.ownerAdminId,
    created_at: now,
    updated_at: now,
  };
  ws.dataAttributes.push(attr);
  return attr;
}

export function findCustomAttribute(ws: FakeWorkspace, name: string): FakeDataAttribute | undefined {
  return ws.dataAttributes.find((a) => a.custom && !a.archived && a.model === 'contact' && a.name === name);
}

function std(name: string, label: string, data_type: DataType, api_writable: boolean): FakeDataAttribute {
  return {
    id: null,
    name,
    full_name: name,
    label,
    description: '',
    data_type,
    model: 'contact',
    custom: false,
    api_writable,
    ui_writable: api_writable,
    messenger_writable: false,
    archived: false,
    admin_id: null,
    created_at: null,
    updated_at: null,
  };
}

/** The standard (non-custom) contact attributes every workspace has. */
export function standardContactAttributes(): FakeDataAttribute[] {
  return [
    std('id', 'ID', 'string', false),
    std('external_id', 'User ID', 'string', true),
    std('role', 'Role', 'string', true),
    std('name', 'Name', 'string', true),
    std('email', 'Email', 'string', true),
    std('email_domain', 'Email domain', 'string', false),
    std('phone', 'Phone', 'string', true),
    std('owner_id', 'Owner', 'integer', true),
    std('created_at', 'Created at', 'date', false),
    std('updated_at', 'Updated at', 'date', false),
    std('signed_up_at', 'Signed up', 'date', true),
    std('last_seen_at', 'Last seen', 'date', true),
    std('unsubscribed_from_emails', 'Unsubscribed from emails', 'boolean', true),
    std('location.country', 'Country', 'string', false),
    std('location.city', 'City', 'string', false),
  ];
}
