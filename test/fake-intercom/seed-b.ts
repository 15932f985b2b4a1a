import { addAdmin, addArticle, addContact, addSegment, addTag, addTeam } from './builder.js';
import { addDataAttribute } from './data-attributes.js';
import type { FakeWorkspace } from './types.js';
import { hexId } from './util.js';

const P = '6762b0b2';
const T = 1_730_000_000;
const DAY = 86_400;

/** Workspace B: a European e-commerce help desk. Shares no data with workspace A. */
export const WORKSPACE_B = {
  id: 'wsb222',
  name: 'Nordlicht Shop',
  region: 'Europe',
  timezone: 'Europe/Berlin',
  token: 'dG9rOjdkMmU0YjZhLTFjM2YtNGE1Yi04ZTlkLWIwYmQxMWM4MDAwMjoxOjA=',
  revokedToken: 'dG9rOjdkMmU0YjZhLTFjM2YtNGE1Yi04ZTlkLWIwYmQxMWM4ZGVhZDoxOjA=',
  hexPrefix: P,
  owner: { name: 'Henrik Larsen', email: 'henrik@nordlicht.test', job_title: 'Head of Customer Care' },
  ownerAdminId: '6100001',
  admins: { henrik: '6100001', ingrid: '6100002', jonas: '6100003', klara: '6100004' },
  awayAdminId: '6100003',
  teams: { customerCare: '6200001', returns: '6200002' },
  tags: {
    shipping: '6300001',
    returns: '6300002',
    warranty: '6300003',
    priorityCustomer: '6300004',
    spam: '6300005',
  },
  segments: { newsletter: hexId(P, 0x901), repeatBuyers: hexId(P, 0x902) },
  contacts: {
    lena: { id: hexId(P, 1), email: 'lena.mueller@web.de', external_id: 'nl-4711' },
    pierre: { id: hexId(P, 2), email: 'pierre.dubois@orange.fr', external_id: 'nl-4712' },
    anna: { id: hexId(P, 3), email: 'anna.kowalski@wp.pl', external_id: 'nl-4713' },
    erik: { id: hexId(P, 4), email: 'erik.johansson@telia.se', external_id: 'nl-4714' },
    maria: { id: hexId(P, 5), email: 'maria.garcia@gmail.com', external_id: 'nl-4715' },
    jan: { id: hexId(P, 6), email: 'jan.devries@ziggo.nl', external_id: 'nl-4716' },
    lead1: { id: hexId(P, 7), email: 'guest.4820@outlook.com', external_id: null },
    lead2: { id: hexId(P, 8), email: 'info@fahrradladen-koeln.de', external_id: null },
  },
  conversations: {
    lateParcel: '64619700002001',
    brokenLamp: '64619700002002',
    returnLabel: '64619700002003',
    praise: '64619700002004',
    wrongSize: '64619700002005',
    spamLead: '64619700002006',
    wholesale: '64619700002007',
    refundDelay: '64619700002008',
    addressChange: '64619700002009',
    voucher: '64619700002010',
  },
};

export function seedWorkspaceB(ws: FakeWorkspace): void {
  const B = WORKSPACE_B;
  const C = B.contacts;
  const G = B.tags;
  const S = B.segments;
  const { henrik, ingrid, jonas, klara } = B.admins;
  addAdmin(ws, {
    id: ingrid,
    name: 'Ingrid Solberg',
    email: 'ingrid@nordlicht.test',
    job_title: 'Care Agent',
  });
  addAdmin(ws, {
    id: jonas,
    name: 'Jonas Weber',
    email: 'jonas@nordlicht.test',
    job_title: 'Care Agent',
    away_mode_enabled: true,
  });
  addAdmin(ws, {
    id: klara,
    name: 'Klara Nilsson',
    email: 'klara@nordlicht.test',
    job_title: 'Returns Coordinator',
  });
  addTeam(ws, 'Customer Care', [henrik, ingrid, jonas], B.teams.customerCare);
  addTeam(ws, 'Returns & Warranty', [klara, ingrid], B.teams.returns);
  addTag(ws, 'Shipping', T - 400 * DAY, G.shipping);
  addTag(ws, 'Returns', T - 400 * DAY, G.returns);
  addTag(ws, 'Warranty', T - 300 * DAY, G.warranty);
  addTag(ws, 'Priority Customer', T - 200 * DAY, G.priorityCustomer);
  addTag(ws, 'Spam', T - 100 * DAY, G.spam);
  addSegment(ws, 'Newsletter subscribers', 'user', T - 365 * DAY, S.newsletter);
  addSegment(ws, 'Repeat buyers', 'user', T - 180 * DAY, S.repeatBuyers);
  addDataAttribute(ws, { name: 'loyalty_tier', data_type: 'string', description: 'bronze, silver or gold' });
  addDataAttribute(ws, { name: 'orders_count', data_type: 'integer' });
  addDataAttribute(ws, { name: 'newsletter_opt_in', data_type: 'boolean' });
  addDataAttribute(ws, { name: 'last_order_at', data_type: 'date' });

  const users: Array<
    [keyof typeof C, string, string, Record<string, string | number | boolean>, string[], string[]]
  > = [
    [
      'lena',
      'Lena M\u00fcller',
      'Berlin',
      { loyalty_tier: 'gold', orders_count: 23, newsletter_opt_in: true },
      [G.priorityCustomer],
      [S.newsletter, S.repeatBuyers],
    ],
    ['pierre', 'Pierre Dubois', 'Lyon', { loyalty_tier: 'silver', orders_count: 7 }, [], [S.repeatBuyers]],
    [
      'anna',
      'Anna Kowalski',
      'Krak\u00f3w',
      { loyalty_tier: 'bronze', orders_count: 1, newsletter_opt_in: true },
      [],
      [S.newsletter],
    ],
    [
      'erik',
      'Erik Johansson',
      'Stockholm',
      { loyalty_tier: 'gold', orders_count: 41 },
      [G.priorityCustomer],
      [S.repeatBuyers],
    ],
    ['maria', 'Mar\u00eda Garc\u00eda', 'Madrid', { loyalty_tier: 'bronze', orders_count: 2 }, [], []],
    [
      'jan',
      'Jan de Vries',
      'Utrecht',
      { loyalty_tier: 'silver', orders_count: 5, newsletter_opt_in: false },
      [],
      [S.newsletter],
    ],
  ];
  users.forEach(([key, name, city, custom, tagIds, segmentIds], i) => {
    const c = C[key];
    addContact(ws, {
      id: c.id,
      role: 'user',
      email: c.email,
      external_id: c.external_id,
      name,
      phone: `+49301234567${i}`,
      created_at: T - (300 - i * 30) * DAY,
      signed_up_at: T - (300 - i * 30) * DAY,
      last_seen_at: T - (i + 1) * DAY,
      language_override: i % 2 ? 'fr' : 'de',
      location: { country: 'Germany', city },
      custom_attributes: { ...custom, last_order_at: T - (i + 3) * DAY },
      tagIds,
      segmentIds,
    });
  });
  addContact(ws, {
    id: C.lead1.id,
    role: 'lead',
    email: C.lead1.email,
    name: null,
    created_at: T - 3 * DAY,
    tagIds: [G.spam],
  });
  addContact(ws, {
    id: C.lead2.id,
    role: 'lead',
    email: C.lead2.email,
    name: 'Fahrradladen K\u00f6ln',
    created_at: T - 8 * DAY,
  });

  const articles: Array<[string, string, 'published' | 'draft', number]> = [
    ['Shipping times and costs', 'Delivery across the EU', 'published', 90],
    ['How to return an item', 'Free returns within 30 days', 'published', 45],
    ['Warranty claims', 'Two-year EU warranty explained', 'published', 25],
    ['Using vouchers', 'Codes, limits and expiry', 'published', 12],
    ['Wholesale programme', 'For registered businesses', 'draft', 4],
  ];
  for (const [title, description, state, daysAgo] of articles) {
    addArticle(ws, {
      title,
      description,
      body: `<h1>${title}</h1><p>${description}.</p>`,
      state,
      created_at: T - (daysAgo + 60) * DAY,
      updated_at: T - daysAgo * DAY,
      author_id: Number(klara),
    });
  }
}
