import { describe, expect, it } from 'vitest';
import { createConversationWithParts } from '../fake-intercom/index.js';
import { WORKSPACE_A } from '../fake-intercom/seed-a.js';
import { useToolHarness } from './harness.js';

/**
 * First calls as models write them: numbers as ids, inbox URLs as ids, admin names where ids were
 * asked, user_id for external_id, phrases as times, common wrong argument names. Each must succeed,
 * or fail with a "did you mean" that names the right argument.
 */
const h = useToolHarness();
const A = WORKSPACE_A;
const C = A.contacts;
const K = A.conversations;
const convUrl = (id: string) =>
  `https://app.intercom.com/a/inbox/${A.id}/inbox/shared/all/conversation/${id}`;
const contactUrl = (id: string) => `https://app.intercom.com/a/apps/${A.id}/users/${id}/all-conversations`;

type Case = [tool: string, args: () => Record<string, unknown>, expected: 'ok' | string];

const fresh = () => createConversationWithParts(h.workspaceA, 2).id;
const published = () => [...h.workspaceA.articles.values()].find((a) => a.state === 'published');
const articleId = () => published()?.id as string;
const articleUrl = () => published()?.url as string;
const ticketId = () => [...h.workspaceA.tickets.values()][0]?.id as string;
const note = { message_type: 'note', body: 'Checked by the first-calls test.' };

const cases: Case[] = [
  ['get_conversation', () => ({ conversation_id: Number(K.loginBug) }), 'ok'],
  ['get_conversation', () => ({ conversation_id: convUrl(K.loginBug) }), 'ok'],
  ['get_conversation', () => ({ conversationId: K.loginBug }), 'ok'],
  ['get_conversation', () => ({ id: K.loginBug }), 'ok'],
  ['get_conversation', () => ({ conversation_id: K.loginBug, max_parts: 5 }), 'ok'],
  ['get_conversation', () => ({ conversation_id: K.loginBug, limit: '5' }), 'ok'],
  ['get_conversation', () => ({ conversation_id: K.loginBug, perpage: 5 }), 'per_page'],
  ['get_conversation', () => ({ conversation_id: K.loginBug, compact: 'true' }), 'ok'],
  ['get_contact', () => ({ email: C.jane.email }), 'ok'],
  ['get_contact', () => ({ user_id: C.jane.external_id }), 'ok'],
  ['get_contact', () => ({ external_id: C.jane.external_id }), 'ok'],
  ['get_contact', () => ({ contact: C.jane.email }), 'ok'],
  ['get_contact', () => ({ contact_id: C.jane.id }), 'ok'],
  ['get_contact', () => ({ contact: { user_id: C.marcus.external_id } }), 'ok'],
  ['get_contact', () => ({ id: contactUrl(C.priya.id) }), 'ok'],
  ['get_contact', () => ({ contact: { emial: C.jane.email } }), 'email'],
  ['search_contacts', () => ({ tag: 'vip' }), 'ok'],
  ['search_contacts', () => ({ tags: 'VIP' }), 'ok'],
  ['search_contacts', () => ({ segment: 'Active' }), 'ok'],
  ['search_contacts', () => ({ limit: 5 }), 'ok'],
  ['search_contacts', () => ({ per_page: '10', role: 'user' }), 'ok'],
  ['search_contacts', () => ({ emial: C.jane.email }), 'email'],
  ['search_contacts', () => ({ emailDomain: 'globex.com' }), 'ok'],
  ['list_conversations', () => ({ pageSize: 5, include_latest_part: 'false' }), 'ok'],
  ['list_conversations', () => ({ per_page: 5, curser: 'x' }), 'cursor'],
  [
    'reply_to_conversation',
    () => ({ conversation_id: Number(K.apiRateLimit), ...note, admin_id: 'Bob' }),
    'ok',
  ],
  [
    'reply_to_conversation',
    () => ({ conversation_id: K.apiRateLimit, ...note, admin_id: 'bob@acme-support.test' }),
    'ok',
  ],
  [
    'reply_to_conversation',
    () => ({ conversation_id: K.apiRateLimit, ...note, admin_id: Number(A.admins.bob) }),
    'ok',
  ],
  ['reply_to_conversation', () => ({ conversation_id: K.apiRateLimit, ...note, admin_id: 'me' }), 'ok'],
  [
    'reply_to_conversation',
    () => ({ conversation_id: K.apiRateLimit, message_type: 'note', message: 'Hi' }),
    'ok',
  ],
  ['reply_to_conversation', () => ({ conversation_id: K.apiRateLimit, ...note, admin: 'Carla Cruz' }), 'ok'],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [Number(fresh())], actions: [{ type: 'assign', admin: 'Carla' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'assign', team: 'billing' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'snooze', until: 'tomorrow 9am' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'snooze', for: '2 days' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'snooze', until: 'next Monday' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [convUrl(fresh())], actions: [{ type: 'tag', name: 'vip' }] }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'close' }], admin_id: 'Alice' }),
    'ok',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_id: [fresh()], actions: [{ type: 'reopen' }] }),
    'conversation_ids',
  ],
  [
    'manage_conversation_workflow',
    () => ({ conversation_ids: [fresh()], actions: [{ type: 'snooze', untl: '2h' }] }),
    'until',
  ],
  ['update_contact_attributes', () => ({ email: C.noah.email, set: { owner_id: 'Bob Brennan' } }), 'ok'],
  [
    'update_contact_attributes',
    () => ({ user_id: C.noah.external_id, custom_attributes: { plan: 'pro' } }),
    'ok',
  ],
  [
    'update_contact_attributes',
    () => ({ contact: { email: C.noah.email }, set: { last_seen_at: 'yesterday' } }),
    'ok',
  ],
  ['update_contact_attributes', () => ({ contact: { email: C.noah.email }, add_tag: ['VIP'] }), 'add_tags'],
  [
    'track_user_events',
    () => ({
      events: [{ event_name: 'ordered-item', user_id: C.tom.external_id, created_at: '2 hours ago' }],
    }),
    'ok',
  ],
  [
    'track_user_events',
    () => ({ events: [{ event_name: 'ordered-item', email: C.tom.email, created_at: 1_767_600_000 }] }),
    'ok',
  ],
  ['track_user_events', () => ({ events: [{ eventName: 'ordered-item', contact: { id: C.tom.id } }] }), 'ok'],
  [
    'send_intercom_message',
    () => ({
      message_type: 'in_app',
      body: 'Hi',
      recipients: [{ user_id: C.jane.external_id }],
      dry_run: true,
    }),
    'ok',
  ],
  [
    'send_intercom_message',
    () => ({ message_type: 'in_app', body: 'Hi', recipients: [C.jane.email], dry_run: true }),
    'ok',
  ],
  [
    'send_intercom_message',
    () => ({ message_type: 'in_app', body: 'Hi', segment: 'Active users', dry_run: 'true' }),
    'ok',
  ],
  [
    'send_intercom_message',
    () => ({
      message_type: 'in_app',
      body: 'Hi',
      tag: { name: 'VIP' },
      from_admin_id: 'Alice',
      dry_run: true,
    }),
    'ok',
  ],
  [
    'send_intercom_message',
    () => ({ message_type: 'in_app', body: 'Hi', tag: 'VIP', dryrun: true }),
    'dry_run',
  ],
  ['list_tags', () => ({ nameContains: 'bil' }), 'ok'],
  ['list_admins', () => ({}), 'ok'],
  ['search_articles', () => ({ per_page: 2, page: 2 }), 'ok'],
  ['search_articles', () => ({ query: 'refund', limit: 3 }), 'ok'],
  ['search_articles', () => ({ query: 'password', status: 'all' }), 'state'],
  ['search_articles', () => ({ querry: 'password' }), 'query'],
  ['search_articles', () => ({ search: 'password' }), 'ok'],
  ['search_tickets', () => ({ q: 'export' }), 'ok'],
  ['get_article', () => ({ id: articleId() }), 'ok'],
  ['get_article', () => ({ articleId: Number(articleId()) }), 'ok'],
  ['get_article', () => ({ article_id: articleUrl() }), 'ok'],
  ['search_companies', () => ({ name: 'Initech' }), 'ok'],
  ['search_companies', () => ({ companyId: 'globex' }), 'ok'],
  ['search_companies', () => ({ company_name: 'hoo' }), 'name'],
  ['get_company', () => ({ company: A.companies.globex }), 'ok'],
  ['get_company', () => ({ company: 'globex', includeContacts: 'true' }), 'ok'],
  ['get_company', () => ({ company_id: 'Globex Corporation' }), 'company'],
  ['search_contacts', () => ({ company: 'Initech' }), 'ok'],
  ['list_segments', () => ({ limit: 2 }), 'ok'],
  ['get_workspace', () => ({}), 'ok'],
  ['search_tickets', () => ({ user_id: C.jane.external_id }), 'ok'],
  ['search_tickets', () => ({ contact: C.jane.email, state: 'submitted', assignee: 'Bob' }), 'ok'],
  ['search_tickets', () => ({ ticketType: 'Bug report', open: 'true' }), 'ok'],
  ['search_tickets', () => ({ status: 'resolved' }), 'state'],
  ['get_ticket', () => ({ id: Number(ticketId()) }), 'ok'],
  ['get_ticket', () => ({ ticketId: ticketId() }), 'ok'],
  [
    'create_ticket',
    () => ({ ticket_type: 'bug', email: C.noah.email, title: 'Checked by the first-calls test' }),
    'ok',
  ],
  ['create_ticket', () => ({ type: 'Bug report', contact: { id: C.noah.id }, title: 'x' }), 'ticket_type'],
  ['update_ticket', () => ({ id: ticketId(), assignee: 'Carla Cruz', admin: 'me' }), 'ok'],
  [
    'update_ticket',
    () => ({ ticket_id: Number(ticketId()), state: 'In progress', snoozed_until: 'in 2 hours' }),
    'ok',
  ],
  ['update_ticket', () => ({ ticket_id: ticketId(), assignee_id: 'Bob' }), 'assignee'],
];

describe('first calls as models write them', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases.map((c, i) => [i, ...c] as const))('#%i %s %s', async (_i, tool, args, expected) => {
    const result = await h.call(tool, args());
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    if (expected === 'ok') {
      expect(result.isError, text).toBeFalsy();
    } else {
      expect(result.isError).toBe(true);
      expect(text).toContain(`did you mean \`${expected}\`?`);
    }
  });
});
