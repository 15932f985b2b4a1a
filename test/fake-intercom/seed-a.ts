import { addAdmin, addArticle, addCompany, addContact, addSegment, addTag, addTeam } from './builder.js';
import { addDataAttribute } from './data-attributes.js';
import type { FakeWorkspace } from './types.js';
import { hexId } from './util.js';

const P = '6762a0a1';
const T = 1_730_000_000; // 2024-10-27, all seed timestamps are relative to it
const DAY = 86_400;

/** Workspace A: a US SaaS support team. Ids are stable; use them in tests. */
export const WORKSPACE_A = {
  id: 'wsa111',
  name: 'Acme Support',
  region: 'US',
  timezone: 'America/Los_Angeles',
  token: 'dG9rOjNhOWYxYzJlLTdiNGQtNGU4YS05YzYxLWFjM2U1ZTBhMDAwMToxOjA=',
  revokedToken: 'dG9rOjNhOWYxYzJlLTdiNGQtNGU4YS05YzYxLWFjM2U1ZTBhZGVhZDoxOjA=',
  hexPrefix: P,
  owner: { name: 'Alice Anders', email: 'alice@acme-support.test', job_title: 'Head of Support' },
  ownerAdminId: '5100001',
  admins: { alice: '5100001', bob: '5100002', carla: '5100003', dev: '5100004' },
  awayAdminId: '5100003',
  teams: { tier1: '5200001', billing: '5200002' },
  tags: {
    vip: '5300001',
    bug: '5300002',
    billing: '5300003',
    featureRequest: '5300004',
    churnRisk: '5300005',
  },
  segments: { activeUsers: hexId(P, 0x901), trialLeads: hexId(P, 0x902), enterprise: hexId(P, 0x903) },
  /** Jane and Tom work at Globex, Marcus and Noah at Initech; Jane also advises Hooli, Sofia's company. */
  companies: { globex: hexId(P, 0xa01), initech: hexId(P, 0xa02), hooli: hexId(P, 0xa03) },
  contacts: {
    jane: { id: hexId(P, 1), email: 'jane.doe@globex.com', external_id: 'acme-u-1001' },
    marcus: { id: hexId(P, 2), email: 'marcus.lee@initech.io', external_id: 'acme-u-1002' },
    priya: { id: hexId(P, 3), email: 'priya.shah@umbrella.co', external_id: 'acme-u-1003' },
    tom: { id: hexId(P, 4), email: 'tom.becker@globex.com', external_id: 'acme-u-1004' },
    sofia: { id: hexId(P, 5), email: 'sofia.rossi@hooli.com', external_id: 'acme-u-1005' },
    liam: { id: hexId(P, 6), email: 'liam.obrien@piedpiper.net', external_id: 'acme-u-1006' },
    lead1: { id: hexId(P, 7), email: 'visitor.chen@gmail.com', external_id: null },
    lead2: { id: hexId(P, 8), email: 'k.nakamura@yahoo.co.jp', external_id: null },
    lead3: { id: hexId(P, 9), email: null, external_id: null },
    noah: { id: hexId(P, 10), email: 'noah.williams@initech.io', external_id: 'acme-u-1010' },
  },
  conversations: {
    loginBug: '64619700001001',
    refundAngry: '64619700001002',
    thanks: '64619700001003',
    exportFeature: '64619700001004',
    invoiceHtml: '64619700001005',
    snoozedTrial: '64619700001006',
    ssoSetup: '64619700001007',
    cancelAngry: '64619700001008',
    apiRateLimit: '64619700001009',
    leadPricing: '64619700001010',
    outboundOnboarding: '64619700001011',
    mobileCrash: '64619700001012',
  },
};

export function seedWorkspaceA(ws: FakeWorkspace): void {
  const A = WORKSPACE_A;
  const C = A.contacts;
  addAdmin(ws, {
    id: A.admins.bob,
    name: 'Bob Brennan',
    email: 'bob@acme-support.test',
    job_title: 'Support Engineer',
  });
  addAdmin(ws, {
    id: A.admins.carla,
    name: 'Carla Cruz',
    email: 'carla@acme-support.test',
    job_title: 'Support Lead',
    away_mode_enabled: true,
  });
  addAdmin(ws, {
    id: A.admins.dev,
    name: 'Dev Patel',
    email: 'dev@acme-support.test',
    job_title: 'Billing Specialist',
  });
  addTeam(ws, 'Tier 1 Support', [A.admins.alice, A.admins.bob, A.admins.carla], A.teams.tier1);
  addTeam(ws, 'Billing', [A.admins.dev, A.admins.alice], A.teams.billing);
  addTag(ws, 'VIP', T - 300 * DAY, A.tags.vip);
  addTag(ws, 'Bug', T - 300 * DAY, A.tags.bug);
  addTag(ws, 'Billing', T - 200 * DAY, A.tags.billing);
  addTag(ws, 'Feature Request', T - 100 * DAY, A.tags.featureRequest);
  addTag(ws, 'Churn Risk', T - 50 * DAY, A.tags.churnRisk);
  addSegment(ws, 'Active users', 'user', T - 250 * DAY, A.segments.activeUsers);
  addSegment(ws, 'Trial leads', 'contact', T - 200 * DAY, A.segments.trialLeads);
  addSegment(ws, 'Enterprise accounts', 'user', T - 150 * DAY, A.segments.enterprise);
  addDataAttribute(ws, { name: 'plan', data_type: 'string', description: 'Subscription plan' });
  addDataAttribute(ws, { name: 'seats', data_type: 'integer', description: 'Paid seats' });
  addDataAttribute(ws, { name: 'mrr', data_type: 'float', description: 'Monthly recurring revenue (USD)' });
  addDataAttribute(ws, { name: 'beta_tester', data_type: 'boolean' });
  addDataAttribute(ws, { name: 'trial_ends_at', data_type: 'date' });

  const S = A.segments;
  const G = A.tags;
  const users: Array<
    [keyof typeof C, string, string, Record<string, string | number | boolean>, string[], string[]]
  > = [
    [
      'jane',
      'Jane Doe',
      '+14155550101',
      { plan: 'enterprise', seats: 250, mrr: 4999.5 },
      [G.vip],
      [S.activeUsers, S.enterprise],
    ],
    [
      'marcus',
      'Marcus Lee',
      '+14155550102',
      { plan: 'pro', seats: 12, mrr: 299 },
      [G.churnRisk],
      [S.activeUsers],
    ],
    [
      'priya',
      'Priya Shah',
      '+14155550103',
      { plan: 'pro', seats: 30, beta_tester: true },
      [G.vip],
      [S.activeUsers],
    ],
    ['tom', 'Tom Becker', '+4915112345678', { plan: 'starter', seats: 3, mrr: 49 }, [], [S.activeUsers]],
    [
      'sofia',
      'Sofia Rossi',
      '+390212345678',
      { plan: 'enterprise', seats: 500, mrr: 9800 },
      [G.vip],
      [S.enterprise],
    ],
    ['liam', 'Liam O\u2019Brien', '+353861234567', { plan: 'starter', seats: 1 }, [G.churnRisk], []],
    [
      'noah',
      'Noah Williams',
      '+12125550110',
      { plan: 'pro', seats: 8, beta_tester: false },
      [],
      [S.activeUsers],
    ],
  ];
  users.forEach(([key, name, phone, custom, tagIds, segmentIds], i) => {
    const c = C[key];
    addContact(ws, {
      id: c.id,
      role: 'user',
      email: c.email,
      external_id: c.external_id,
      name,
      phone,
      owner_id: Number(i % 2 ? A.admins.bob : A.admins.alice),
      created_at: T - (200 - i * 20) * DAY,
      signed_up_at: T - (200 - i * 20) * DAY,
      last_seen_at: T - i * DAY,
      browser: 'chrome',
      os: 'Mac OS X',
      location: { country: 'United States', region: 'California', city: 'San Francisco' },
      custom_attributes: custom,
      tagIds,
      segmentIds,
    });
  });
  addContact(ws, {
    id: C.lead1.id,
    role: 'lead',
    email: C.lead1.email,
    name: 'Wei Chen',
    created_at: T - 12 * DAY,
    last_seen_at: T - 2 * DAY,
    custom_attributes: { plan: 'trial' },
    tagIds: [G.featureRequest],
    segmentIds: [S.trialLeads],
  });
  addContact(ws, {
    id: C.lead2.id,
    role: 'lead',
    email: C.lead2.email,
    name: 'Kenji Nakamura',
    created_at: T - 5 * DAY,
    last_seen_at: T - DAY,
    custom_attributes: { plan: 'trial', trial_ends_at: T + 9 * DAY },
    segmentIds: [S.trialLeads],
  });
  addContact(ws, {
    id: C.lead3.id,
    role: 'lead',
    name: null,
    created_at: T - DAY,
    location: { country: 'Canada', city: 'Toronto' },
  });

  const co = A.companies;
  addCompany(
    ws,
    {
      id: co.globex,
      company_id: 'globex',
      name: 'Globex Corporation',
      plan: 'enterprise',
      size: 1200,
      created_at: T - 400 * DAY,
    },
    [C.jane.id, C.tom.id],
  );
  addCompany(
    ws,
    {
      id: co.initech,
      company_id: 'initech',
      name: 'Initech',
      plan: 'pro',
      size: 85,
      created_at: T - 380 * DAY,
    },
    [C.marcus.id, C.noah.id],
  );
  addCompany(
    ws,
    {
      id: co.hooli,
      company_id: 'hooli',
      name: 'Hooli',
      plan: 'enterprise',
      size: 5000,
      created_at: T - 360 * DAY,
    },
    [C.sofia.id, C.jane.id],
  );

  const articles: Array<[string, string, 'published' | 'draft', number]> = [
    ['Getting started with Acme', 'Set up your workspace in five minutes', 'published', 100],
    ['Resetting your password', 'What to do when you cannot log in', 'published', 60],
    ['Configuring SAML SSO', 'Okta, Azure AD and Google Workspace', 'published', 30],
    ['Understanding your invoice', 'VAT, credits and refunds explained', 'published', 20],
    ['API rate limits', 'How limits work and how to stay under them', 'draft', 10],
    ['Exporting reports (beta)', 'CSV and XLSX exports', 'draft', 2],
  ];
  for (const [title, description, state, daysAgo] of articles) {
    addArticle(ws, {
      title,
      description,
      body: `<h1>${title}</h1><p>${description}.</p>`,
      state,
      created_at: T - (daysAgo + 30) * DAY,
      updated_at: T - daysAgo * DAY,
      author_id: Number(A.admins.alice),
    });
  }
}
