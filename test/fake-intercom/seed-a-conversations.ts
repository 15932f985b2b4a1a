import { addConversation } from './conversation-builder.js';
import { WORKSPACE_A } from './seed-a.js';
import type { FakeWorkspace } from './types.js';

const T = 1_730_000_000;
const DAY = 86_400;

/** The seeded conversations of workspace A: varied states, assignees, tags, sentiment and HTML bodies. */
export function seedConversationsA(ws: FakeWorkspace): void {
  const A = WORKSPACE_A;
  const C = A.contacts;
  const G = A.tags;

  const { alice, bob, carla, dev } = A.admins;
  const K = A.conversations;
  const conv = (
    id: string,
    contact: keyof typeof C,
    daysAgo: number,
    body: string,
    rest: Omit<Parameters<typeof addConversation>[1], 'contactId' | 'body' | 'id'> = {},
  ) => addConversation(ws, { id, contactId: C[contact].id, body, createdAt: T - daysAgo * DAY, ...rest });

  conv(
    K.loginBug,
    'jane',
    30,
    '<p>I need support: I cannot log in since this morning, the page just spins.</p>',
    {
      adminAssigneeId: bob,
      teamAssigneeId: A.teams.tier1,
      tagIds: [G.bug, G.vip],
      priority: true,
      read: true,
      parts: [
        { by: bob, body: '<p>Sorry about that, Jane! Could you tell me which browser you are using?</p>' },
        { by: 'contact', body: '<p>Chrome 129 on macOS.</p>' },
        { by: bob, type: 'note', body: '<p>Looks like the SSO redirect loop from incident #4411.</p>' },
      ],
    },
  );
  conv(
    K.refundAngry,
    'marcus',
    21,
    '<p>This is absolutely unacceptable. You charged me twice this month and nobody answers. I want a refund NOW.</p>',
    {
      adminAssigneeId: dev,
      teamAssigneeId: A.teams.billing,
      tagIds: [G.billing, G.churnRisk],
      priority: true,
      parts: [
        {
          by: dev,
          body: '<p>I am very sorry, Marcus. I can see the duplicate charge and have started the refund.</p>',
        },
        {
          by: 'contact',
          body: '<p>Terrible experience. Second time this has happened. I am seriously considering cancelling.</p>',
        },
      ],
    },
  );
  conv(K.thanks, 'priya', 18, 'Just wanted to say the new dashboard is fantastic, thank you so much!', {
    state: 'closed',
    adminAssigneeId: alice,
    read: true,
    parts: [
      { by: alice, body: '<p>Thank you Priya, that made our day! \u{1F389}</p>' },
      { by: alice, type: 'close', body: null },
    ],
    rating: { rating: 5, remark: 'Great, fast and friendly', adminId: alice },
  });
  conv(
    K.exportFeature,
    'tom',
    15,
    '<p>Is there a way to export all reports to CSV? Would love that feature.</p>',
    {
      tagIds: [G.featureRequest],
      teamAssigneeId: A.teams.tier1,
    },
  );
  conv(
    K.invoiceHtml,
    'sofia',
    12,
    '<div><p>Hello,</p><p>Our <b>invoice #INV-2024-0931</b> shows the wrong VAT number.</p><ul><li>Expected: IT01234567890</li><li>Got: IT00000000000</li></ul></div>',
    {
      subject: 'Wrong VAT number on invoice',
      adminAssigneeId: dev,
      teamAssigneeId: A.teams.billing,
      tagIds: [G.billing],
      parts: [
        { by: dev, body: '<p>Thanks Sofia, a corrected invoice is on its way.</p>' },
        { by: dev, type: 'close' },
      ],
      state: 'closed',
      read: true,
    },
  );
  conv(K.snoozedTrial, 'lead2', 4, 'Can I extend my trial by a week? Still evaluating with my team.', {
    state: 'snoozed',
    snoozedUntil: 2_000_000_000,
    adminAssigneeId: carla,
    parts: [
      { by: carla, body: '<p>Sure, I will check back with you next week.</p>' },
      { by: carla, type: 'snoozed' },
    ],
  });
  conv(K.ssoSetup, 'sofia', 9, 'How do we configure SAML SSO with Okta for our whole organisation?', {
    adminAssigneeId: alice,
    tagIds: [G.vip],
    priority: true,
    parts: [
      { by: alice, body: '<p>Here is our guide: <a href="https://help.acme.test/sso">SSO setup</a>.</p>' },
      { by: 'contact', body: 'Thanks, trying it now.' },
    ],
  });
  conv(
    K.cancelAngry,
    'liam',
    6,
    'Your product is broken and support is useless. Cancel my account immediately.',
    {
      tagIds: [G.churnRisk],
    },
  );
  conv(
    K.apiRateLimit,
    'noah',
    3,
    '<p>We keep hitting 429 errors from the API when syncing contacts. Is there a higher limit?</p>',
    {
      adminAssigneeId: bob,
      teamAssigneeId: A.teams.tier1,
      tagIds: [G.bug],
      parts: [{ by: bob, type: 'note', body: 'Customer is on pro plan, 10k/min.' }],
    },
  );
  conv(K.leadPricing, 'lead1', 2, 'Hi! What does the Pro plan cost for 20 seats?', {
    teamAssigneeId: A.teams.billing,
  });
  conv(
    K.outboundOnboarding,
    'tom',
    40,
    '<p>Welcome to Acme! Let us know if you need help getting started.</p>',
    {
      initiatedBy: alice,
      state: 'closed',
      adminAssigneeId: alice,
      read: true,
      parts: [
        { by: 'contact', body: 'Thanks, all good so far.' },
        { by: alice, type: 'close' },
      ],
    },
  );
  conv(
    K.mobileCrash,
    'marcus',
    1,
    'The iOS app crashes every time I open the reports tab. Really frustrating.',
    {
      tagIds: [G.bug],
    },
  );
}
