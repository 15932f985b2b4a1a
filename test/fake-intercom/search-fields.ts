// Searchable fields of contacts and conversations, with the operators Intercom accepts for each.

import { sourceWordsOf } from './conversation-builder.js';
import { findCustomAttribute } from './data-attributes.js';
import type { FieldDef, FieldKind, SearchSpec } from './search.js';
import { statistics } from './serialize-conversation.js';
import type { FakeContact, FakeConversation, FakeWorkspace } from './types.js';

const STRING = ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'] as const;
const BOOL = ['=', '!=', 'IN', 'NIN'] as const;
const INT = ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='] as const;
const CONTACT_DATE = ['=', '<', '>'] as const;
const CONV_NUM = ['=', '!=', 'IN', 'NIN', '<', '>'] as const;

type Get<T> = (x: T) => unknown;
const f = <T>(kind: FieldKind, ops: readonly string[], get: Get<T>, list = false): FieldDef<T> => ({
  kind,
  ops,
  get,
  list,
});

const emailDomain = (c: FakeContact) => {
  const at = c.email?.lastIndexOf('@') ?? -1;
  return c.email && at >= 0 ? c.email.slice(at + 1) : null;
};

const CONTACT_FIELDS: Record<string, FieldDef<FakeContact>> = {
  id: f('string', STRING, (c) => c.id),
  role: f('string', STRING, (c) => c.role),
  name: f('string', STRING, (c) => c.name),
  avatar: f('string', STRING, (c) => c.avatar),
  email: f('string', STRING, (c) => c.email),
  email_domain: f('string', STRING, emailDomain),
  phone: f('string', STRING, (c) => c.phone),
  external_id: f('string', STRING, (c) => c.external_id),
  language_override: f('string', STRING, (c) => c.language_override),
  browser: f('string', STRING, (c) => c.browser),
  os: f('string', STRING, (c) => c.os),
  'location.country': f('string', STRING, (c) => c.location.country),
  'location.region': f('string', STRING, (c) => c.location.region),
  'location.city': f('string', STRING, (c) => c.location.city),
  owner_id: f('number', INT, (c) => c.owner_id),
  created_at: f('date', CONTACT_DATE, (c) => c.created_at),
  updated_at: f('date', CONTACT_DATE, (c) => c.updated_at),
  signed_up_at: f('date', CONTACT_DATE, (c) => c.signed_up_at),
  last_seen_at: f('date', CONTACT_DATE, (c) => c.last_seen_at),
  last_contacted_at: f('date', CONTACT_DATE, (c) => c.last_contacted_at),
  last_replied_at: f('date', CONTACT_DATE, (c) => c.last_replied_at),
  unsubscribed_from_emails: f('boolean', BOOL, (c) => c.unsubscribed_from_emails),
  marked_email_as_spam: f('boolean', BOOL, (c) => c.marked_email_as_spam),
  has_hard_bounced: f('boolean', BOOL, (c) => c.has_hard_bounced),
  segment_id: f('string', ['=', '!=', 'IN', 'NIN'], (c) => c.segmentIds, true),
  tag_id: f('string', ['=', '!='], (c) => c.tagIds, true),
};

export function contactSearchSpec(ws: FakeWorkspace): SearchSpec<FakeContact> {
  return {
    dates: 'day',
    timezone: ws.timezone,
    field(name) {
      const known = CONTACT_FIELDS[name];
      if (known) return known;
      if (!name.startsWith('custom_attributes.')) return undefined;
      const key = name.slice('custom_attributes.'.length);
      const attr = findCustomAttribute(ws, key);
      if (!attr) return undefined;
      const get = (c: FakeContact) => c.custom_attributes[key] ?? null;
      switch (attr.data_type) {
        case 'integer':
        case 'float':
          return f('number', INT, get);
        case 'boolean':
          return f('boolean', BOOL, get);
        case 'date':
        case 'datetime':
          return f('date', CONTACT_DATE, get);
        default:
          return f('string', STRING, get);
      }
    },
  };
}

const CONVERSATION_FIELDS: Record<string, FieldDef<FakeConversation>> = {
  id: f('string', STRING, (c) => c.id),
  created_at: f('date', CONV_NUM, (c) => c.created_at),
  updated_at: f('date', CONV_NUM, (c) => c.updated_at),
  waiting_since: f('date', CONV_NUM, (c) => c.waiting_since),
  snoozed_until: f('date', CONV_NUM, (c) => c.snoozed_until),
  state: f('string', STRING, (c) => c.state),
  open: f('boolean', BOOL, (c) => c.open),
  read: f('boolean', BOOL, (c) => c.read),
  priority: f('string', STRING, (c) => c.priority),
  title: f('string', STRING, (c) => c.title),
  'source.type': f('string', STRING, (c) => c.source.type),
  'source.id': f('string', STRING, (c) => c.source.id),
  'source.delivered_as': f('string', STRING, (c) => c.source.delivered_as),
  'source.subject': f('string', STRING, (c) => c.source.subject),
  'source.body': f('words', STRING, (c) => sourceWordsOf(c)),
  'source.author.id': f('string', STRING, (c) => c.source.author.id),
  'source.author.type': f('string', STRING, (c) => c.source.author.type),
  'source.author.name': f('string', STRING, (c) => c.source.author.name),
  'source.author.email': f('string', STRING, (c) => c.source.author.email),
  'source.url': f('string', STRING, (c) => c.source.url),
  contact_ids: f('string', STRING, (c) => c.contactIds, true),
  teammate_ids: f(
    'string',
    STRING,
    (c) => [...new Set(c.parts.filter((p) => p.author.type === 'admin').map((p) => p.author.id))],
    true,
  ),
  tag_ids: f('string', STRING, (c) => c.tags.map((t) => t.tagId), true),
  // Unassigned is searchable as 0.
  admin_assignee_id: f('number', CONV_NUM, (c) => c.admin_assignee_id ?? 0),
  team_assignee_id: f('number', CONV_NUM, (c) => c.team_assignee_id ?? 0),
  ai_agent_participated: f('boolean', BOOL, () => false),
  ...statisticsFields(),
  'conversation_rating.score': f('number', CONV_NUM, (c) => c.conversation_rating?.rating ?? null),
  'conversation_rating.remark': f('string', STRING, (c) => c.conversation_rating?.remark ?? null),
};

/** `statistics.*`: the same values GET and search answers carry (serialize-conversation.ts). */
function statisticsFields(): Record<string, FieldDef<FakeConversation>> {
  const stat = (name: string) => (c: FakeConversation) => statistics(c)[name] ?? null;
  const dates = [
    'first_contact_reply_at',
    'first_admin_reply_at',
    'first_close_at',
    'first_assignment_at',
    'last_assignment_at',
    'last_contact_reply_at',
    'last_admin_reply_at',
    'last_close_at',
  ];
  const numbers = [
    'time_to_admin_reply',
    'time_to_first_close',
    'time_to_last_close',
    'count_reopens',
    'count_assignments',
    'count_conversation_parts',
  ];
  return Object.fromEntries([
    ...dates.map((name) => [`statistics.${name}`, f<FakeConversation>('date', CONV_NUM, stat(name))]),
    ...numbers.map((name) => [`statistics.${name}`, f<FakeConversation>('number', CONV_NUM, stat(name))]),
  ]);
}

export function conversationSearchSpec(ws: FakeWorkspace): SearchSpec<FakeConversation> {
  return { dates: 'exact', timezone: ws.timezone, field: (name) => CONVERSATION_FIELDS[name] };
}
