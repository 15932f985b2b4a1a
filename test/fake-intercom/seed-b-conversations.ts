import { addConversation } from './conversation-builder.js';
import { WORKSPACE_B } from './seed-b.js';
import type { FakeWorkspace } from './types.js';

const T = 1_730_000_000;
const DAY = 86_400;

/** The seeded conversations of workspace B: varied states, assignees, tags, sentiment and HTML bodies. */
export function seedConversationsB(ws: FakeWorkspace): void {
  const B = WORKSPACE_B;
  const C = B.contacts;
  const G = B.tags;
  const { henrik, ingrid, jonas, klara } = B.admins;
  const K = B.conversations;
  const conv = (
    id: string,
    contact: keyof typeof C,
    daysAgo: number,
    body: string,
    rest: Omit<Parameters<typeof addConversation>[1], 'contactId' | 'body' | 'id'> = {},
  ) => addConversation(ws, { id, contactId: C[contact].id, body, createdAt: T - daysAgo * DAY, ...rest });

  conv(
    K.lateParcel,
    'lena',
    20,
    '<p>My parcel was supposed to arrive last week and tracking has not moved. Very disappointed.</p>',
    {
      adminAssigneeId: ingrid,
      teamAssigneeId: B.teams.customerCare,
      tagIds: [G.shipping, G.priorityCustomer],
      priority: true,
      parts: [
        { by: ingrid, body: '<p>I have opened an investigation with DHL, Lena.</p>' },
        { by: 'contact', body: 'Still nothing. This is the worst delivery experience ever.' },
      ],
    },
  );
  conv(
    K.brokenLamp,
    'erik',
    16,
    '<p>The desk lamp I ordered arrived with a <strong>cracked base</strong>. Photos attached.</p>',
    {
      adminAssigneeId: klara,
      teamAssigneeId: B.teams.returns,
      tagIds: [G.warranty],
      parts: [
        { by: klara, body: '<p>A replacement is on its way, no need to send the broken one back.</p>' },
        { by: klara, type: 'close' },
      ],
      state: 'closed',
      read: true,
    },
  );
  conv(K.returnLabel, 'pierre', 11, 'Where can I download the return label for order NL-99812?', {
    teamAssigneeId: B.teams.returns,
    tagIds: [G.returns],
  });
  conv(K.praise, 'anna', 9, 'Wonderful service, the chair is perfect and delivery was super quick. Thanks!', {
    state: 'closed',
    adminAssigneeId: henrik,
    read: true,
    parts: [
      { by: henrik, body: 'So glad to hear it, Anna!' },
      { by: henrik, type: 'close' },
    ],
    rating: { rating: 5, remark: 'Lovely', adminId: henrik },
  });
  conv(K.wrongSize, 'maria', 7, '<p>I received size M instead of L. Can I exchange it?</p>', {
    adminAssigneeId: klara,
    teamAssigneeId: B.teams.returns,
    tagIds: [G.returns],
    parts: [{ by: klara, type: 'note', body: 'Check stock for L before promising.' }],
  });
  conv(K.spamLead, 'lead1', 3, 'Buy cheap followers now!!! visit my site', {
    state: 'closed',
    tagIds: [G.spam],
  });
  conv(K.wholesale, 'lead2', 8, 'Do you offer wholesale prices for bike shops?', {
    state: 'snoozed',
    snoozedUntil: 2_000_000_000,
    adminAssigneeId: henrik,
    parts: [
      { by: henrik, body: 'Let me check with our sales team and come back to you.' },
      { by: henrik, type: 'snoozed' },
    ],
  });
  conv(K.refundDelay, 'jan', 5, 'It has been three weeks and my refund still has not arrived. Awful.', {
    teamAssigneeId: B.teams.customerCare,
    priority: true,
    tagIds: [G.returns],
  });
  conv(
    K.addressChange,
    'lena',
    2,
    'Please change the delivery address of my last order to Torstra\u00dfe 12, Berlin.',
    {
      adminAssigneeId: jonas,
    },
  );
  conv(K.voucher, 'erik', 1, '<p>My voucher code <code>WINTER24</code> is rejected at checkout.</p>', {
    teamAssigneeId: B.teams.customerCare,
  });
}
