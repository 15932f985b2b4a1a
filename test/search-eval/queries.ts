// Queries a support lead types, each with the expected conversations as a predicate over the truth of the
// evaluation workspace (never a list of ids). `holdout` queries were written with the others, before any
// tuning against this evaluation, and were never tuned against.
import type { Truth } from './workspace.js';

export interface EvalQuery {
  q: string;
  category: string;
  expect: (c: Truth) => boolean;
  holdout?: boolean;
}

const open = (c: Truth) => c.state === 'open';
const closed = (c: Truth) => c.state === 'closed';
const topic = (name: Truth['topic']) => (c: Truth) => c.topic === name;
const lastYear = (c: Truth) => c.created >= 322 && c.created <= 686;
const lastWeek = (c: Truth) => c.created >= 3 && c.created <= 9;
const october = (c: Truth) => c.created >= 18 && c.created <= 48;
const and =
  (...ps: ((c: Truth) => boolean)[]) =>
  (c: Truth) =>
    ps.every((p) => p(c));
const not = (p: (c: Truth) => boolean) => (c: Truth) => !p(c);

const Q = (category: string, q: string, expect: (c: Truth) => boolean, holdout = false): EvalQuery => ({
  q,
  category,
  expect,
  holdout,
});
const H = (category: string, q: string, expect: (c: Truth) => boolean) => Q(category, q, expect, true);

export const QUERIES: EvalQuery[] = [
  // state
  Q('state', 'open conversations', open),
  Q('state', 'show me everything that is snoozed', (c) => c.state === 'snoozed'),
  Q('state', 'resolved tickets', closed),
  H('state', 'which conversations are still open?', open),
  H('state', 'closed ones', closed),
  // assignee and team
  Q('assignee', 'assigned to Bob', (c) => c.admin === 'bob'),
  Q(
    'assignee',
    'open conversations assigned to Alice Wong',
    and(open, (c) => c.admin === 'alice'),
  ),
  Q(
    'assignee',
    'unassigned open conversations',
    and(open, (c) => c.admin === null),
  ),
  Q(
    'assignee',
    'my open conversations',
    and(open, (c) => c.admin === 'dev'),
  ),
  Q('assignee', "Bob's snoozed tickets", (c) => c.admin === 'bob' && c.state === 'snoozed'),
  Q('team', 'Billing team', (c) => c.team === 'billing'),
  Q(
    'team',
    'open conversations for team Tech Support',
    and(open, (c) => c.team === 'tech'),
  ),
  Q('team', 'assigned to Customer Success', (c) => c.team === 'success'),
  H('assignee', 'conversations Carla is handling', (c) => c.admin === 'carla'),
  H('assignee', 'what is assigned to me', (c) => c.admin === 'dev'),
  H(
    'team',
    'closed conversations of the billing team',
    and(closed, (c) => c.team === 'billing'),
  ),
  H(
    'assignee',
    'nobody is assigned and it is open',
    and(open, (c) => c.admin === null),
  ),
  H('team', 'Tech Support inbox, snoozed', (c) => c.team === 'tech' && c.state === 'snoozed'),
  // tags
  Q('tag', 'tagged VIP', (c) => c.tags.includes('VIP')),
  Q(
    'tag',
    'open conversations tagged bug or VIP',
    and(open, (c) => c.tags.includes('bug') || c.tags.includes('VIP')),
  ),
  Q(
    'tag',
    'open conversations not tagged spam',
    and(open, (c) => !c.tags.includes('spam')),
  ),
  Q('tag', 'with tag feature request', (c) => c.tags.includes('feature request')),
  H(
    'tag',
    'VIP conversations that are open',
    and(open, (c) => c.tags.includes('VIP')),
  ),
  H(
    'tag',
    'closed, excluding spam',
    and(closed, (c) => !c.tags.includes('spam')),
  ),
  // dates
  Q('date', 'conversations from the last 7 days', (c) => c.created <= 7),
  Q('date', 'created yesterday', (c) => c.created === 1),
  Q(
    'date',
    'open conversations since Monday',
    and(open, (c) => c.created <= 2),
  ),
  Q('date', 'last week', lastWeek),
  Q('date', 'created in October', october),
  Q('date', 'open conversations from last month', and(open, october)),
  Q('date', 'conversations from last year', lastYear),
  Q(
    'date',
    'open conversations older than 30 days',
    and(open, (c) => c.created > 30),
  ),
  Q('date', 'closed yesterday', (c) => closed(c) && c.closed === 1),
  Q(
    'date',
    'assigned to Bob that were closed yesterday',
    (c) => c.admin === 'bob' && closed(c) && c.closed === 1,
  ),
  Q('date', 'new conversations today', (c) => c.created === 0),
  H('date', 'past 2 weeks', (c) => c.created <= 14),
  H('date', 'this month', (c) => c.created <= 17),
  H(
    'date',
    'this week, open',
    and(open, (c) => c.created <= 2),
  ),
  H('date', 'closed in the last 3 days', (c) => closed(c) && (c.closed ?? 99) <= 3),
  H('date', 'everything from the previous week that is still open', and(open, lastWeek)),
  H(
    'date',
    'open tickets created more than 60 days ago',
    and(open, (c) => c.created > 60),
  ),
  // rating
  Q('rating', 'conversations with a bad rating', (c) => c.rating !== null && c.rating <= 2),
  Q('rating', 'rated 5 stars', (c) => c.rating === 5),
  Q('rating', 'good rating last month', (c) => c.rating !== null && c.rating >= 4 && october(c)),
  H('rating', 'low CSAT', (c) => c.rating !== null && c.rating <= 2),
  H('rating', '1 star conversations', (c) => c.rating === 1),
  // waiting
  Q(
    'waiting',
    'waiting for a reply for more than 2 days',
    (c) => open(c) && c.waitingOn === 'us' && (c.waitingHours ?? 0) > 48,
  ),
  Q(
    'waiting',
    'waiting on the customer for more than 3 days',
    (c) => open(c) && c.waitingOn === 'customer' && (c.waitingHours ?? 0) > 72,
  ),
  Q('waiting', 'unanswered conversations', (c) => open(c) && c.waitingOn === 'us'),
  H(
    'waiting',
    'customers waiting over 24 hours for us',
    (c) => open(c) && c.waitingOn === 'us' && (c.waitingHours ?? 0) > 24,
  ),
  H('waiting', 'awaiting customer reply', (c) => open(c) && c.waitingOn === 'customer'),
  // priority, read, channel
  Q(
    'priority',
    'high priority open conversations',
    and(open, (c) => c.priority),
  ),
  Q('read', 'unread conversations', (c) => !c.read),
  Q(
    'channel',
    'open conversations via email',
    and(open, (c) => c.channel === 'email'),
  ),
  Q('channel', 'whatsapp conversations', (c) => c.channel === 'whatsapp'),
  H('priority', 'urgent tickets assigned to Alice', (c) => c.priority && c.admin === 'alice'),
  H('channel', 'email conversations that are unread', (c) => c.channel === 'email' && !c.read),
  // contacts
  Q('contact', 'conversations from jane@acme.test', (c) => c.contactEmail === 'jane@acme.test'),
  Q(
    'contact',
    'open conversations from Marcus Lee',
    and(open, (c) => c.contactName === 'Marcus Lee'),
  ),
  H(
    'contact',
    'anything from sam@globex.test this month',
    (c) => c.contactEmail === 'sam@globex.test' && c.created <= 17,
  ),
  // company (Intercom searches conversations by contact: the company's contacts)
  Q('company', 'conversations from Acme Inc', (c) => c.company === 'acme'),
  Q(
    'company',
    'open tickets from customers at Globex',
    and(open, (c) => c.company === 'globex'),
  ),
  Q('company', 'conversaciones de la empresa Initech', (c) => c.company === 'initech'),
  H(
    'company',
    'closed conversations from Umbrella Health customers',
    and(closed, (c) => c.company === 'umbrella'),
  ),
  H('company', 'anything from Acme this month', (c) => c.company === 'acme' && c.created <= 17),
  H(
    'company',
    'unassigned tickets for the Initech company',
    (c) => c.company === 'initech' && c.admin === null,
  ),
  H('company', "clients de l'entreprise Umbrella Health", (c) => c.company === 'umbrella'),
  H(
    'company',
    'conversations from Globex Corporation that are not closed',
    (c) => c.company === 'globex' && !closed(c),
  ),
  // topics
  Q(
    'text',
    'refunds',
    and(topic('refund'), (c) => c.lang === 'en'),
  ),
  Q(
    'text',
    'open conversations about invoices',
    and(open, topic('invoice'), (c) => c.lang === 'en'),
  ),
  Q(
    'text',
    'login problems',
    and(topic('login'), (c) => c.lang === 'en'),
  ),
  Q('text', 'issues with the mobile app', topic('mobile app')),
  Q('text', 'export or password', (c) => (c.topic === 'export' || c.topic === 'password') && c.lang === 'en'),
  Q('text', '"mobile app" crashes', (c) => c.topic === 'mobile app' && c.sentiment === 'negative'),
  H('text', 'people asking about shipping', topic('shipping')),
  H(
    'text',
    'logging in trouble',
    and(topic('login'), (c) => c.lang === 'en'),
  ),
  H(
    'text',
    'refund requests assigned to Bob',
    and(
      topic('refund'),
      (c) => c.admin === 'bob',
      (c) => c.lang === 'en',
    ),
  ),
  H(
    'text',
    'conversations mentioning the invoice, open',
    and(open, topic('invoice'), (c) => c.lang === 'en'),
  ),
  // sentiment
  Q('sentiment', 'angry customers', (c) => c.sentiment === 'negative'),
  Q(
    'sentiment',
    'happy customers who mentioned the mobile app',
    (c) => c.sentiment === 'positive' && c.topic === 'mobile app',
  ),
  Q('sentiment', 'frustrated customers this week', (c) => c.sentiment === 'negative' && c.created <= 2),
  H(
    'sentiment',
    'unhappy customers with open conversations',
    and(open, (c) => c.sentiment === 'negative'),
  ),
  H(
    'sentiment',
    'positive feedback about refunds',
    (c) => c.sentiment === 'positive' && c.topic === 'refund' && c.lang === 'en',
  ),
  // negations
  Q(
    'negation',
    'login problems that are still open but not from last year',
    and(open, topic('login'), (c) => c.lang === 'en', not(lastYear)),
  ),
  Q(
    'negation',
    'open conversations not assigned to Bob',
    and(open, (c) => c.admin !== 'bob'),
  ),
  Q('negation', 'closed conversations that are not about refunds', (c) => closed(c) && c.topic !== 'refund'),
  H('negation', 'open, but not from last week', and(open, not(lastWeek))),
  H('negation', 'snoozed and not tagged VIP', (c) => c.state === 'snoozed' && !c.tags.includes('VIP')),
  // other languages
  Q(
    'multilingual',
    'conversaciones abiertas sobre facturación',
    and(open, topic('invoice'), (c) => c.lang === 'es'),
  ),
  Q(
    'multilingual',
    'conversaciones cerradas de la semana pasada',
    (c) => closed(c) && (c.closed ?? 0) >= 3 && (c.closed ?? 0) <= 9,
  ),
  Q(
    'multilingual',
    'conversations ouvertes assignées à Bob',
    and(open, (c) => c.admin === 'bob'),
  ),
  Q(
    'multilingual',
    'offene Gespräche seit Montag',
    and(open, (c) => c.created <= 2),
  ),
  Q('multilingual', 'conversas fechadas ontem', (c) => closed(c) && c.closed === 1),
  H('multilingual', 'conversaciones sin asignar', (c) => c.admin === null),
  H(
    'multilingual',
    'factures du mois dernier',
    and(topic('invoice'), october, (c) => c.lang === 'fr'),
  ),
  H(
    'multilingual',
    'ungelesene Gespräche über Rechnungen',
    (c) => !c.read && c.topic === 'invoice' && c.lang === 'de',
  ),
  H(
    'multilingual',
    'conversas abertas sobre reembolso',
    and(open, topic('refund'), (c) => c.lang === 'pt'),
  ),
  H('multilingual', 'clientes enfadados esta semana', (c) => c.sentiment === 'negative' && c.created <= 2),
];
