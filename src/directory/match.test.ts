import { describe, expect, it } from 'vitest';
import { ambiguousError, notFoundError } from './errors.js';
import { DirectoryCache } from './lists.js';
import { matchName } from './match.js';

const admins = [
  { id: '5100001', name: 'Alice Anders', email: 'alice@acme.test' },
  { id: '5100002', name: 'Bob Brennan', email: 'bob@acme.test' },
  { id: '5100003', name: 'Carla Cruz', email: 'carla@acme.test' },
  { id: '5100004', name: 'Carl Weber', email: 'carl.w@acme.test' },
  { id: '5100005', name: 'José Núñez', email: 'jose@acme.test' },
];

function found(input: string | number, options = {}) {
  const m = matchName(input, admins, options);
  return m.status === 'found' ? m.item.id : m.status;
}

describe('matchName: the one matching rule', () => {
  it.each([
    ['5100002', '5100002'],
    [5100002, '5100002'],
    ['bob@acme.test', '5100002'],
    ['BOB@ACME.TEST', '5100002'],
    ['bob brennan', '5100002'],
    ['  Bob   Brennan ', '5100002'],
    ['Bob', '5100002'],
    ['Brennan', '5100002'],
    ['renna', '5100002'],
    ['jose nunez', '5100005'],
    ['Núñez', '5100005'],
    ['Carla', '5100003'],
  ])('%s → %s', (input, id) => {
    expect(found(input)).toBe(id);
  });

  it('reports an ambiguous part with every candidate', () => {
    const m = matchName('Car', admins);
    expect(m.status).toBe('ambiguous');
    expect(m.status === 'ambiguous' && m.candidates.map((c) => c.id)).toEqual(['5100003', '5100004']);
  });

  it('prefers an exact name over a longer name it starts', () => {
    const tags = [
      { id: '1', name: 'VIP' },
      { id: '2', name: 'VIP customers' },
    ];
    expect(matchName('vip', tags)).toMatchObject({ status: 'found', item: { id: '1' }, by: 'name' });
    expect(matchName('vip cust', tags)).toMatchObject({ status: 'found', item: { id: '2' }, by: 'partial' });
  });

  it('exact mode matches only ids and whole names', () => {
    expect(found('Bob', { exact: true })).toBe('not_found');
    expect(found('bob brennan', { exact: true })).toBe('5100002');
  });

  it('suggests close names for typos', () => {
    const m = matchName('Bob Brenan', [...admins.slice(0, 2)], { exact: true });
    expect(m.status === 'not_found' && m.suggestions.map((s) => s.id)).toEqual(['5100002']);
    expect(matchName('Zed', admins)).toEqual({ status: 'not_found', suggestions: [] });
    expect(matchName('   ', admins)).toEqual({ status: 'not_found', suggestions: [] });
  });

  it('errors name the argument, the reason and the fix', () => {
    const amb = ambiguousError('admin', 'actions[0].admin', 'Car', admins.slice(2, 4));
    expect(amb.message).toBe(
      'actions[0].admin: "Car" matches 2 admins: Carla Cruz (id 5100003, carla@acme.test); ' +
        'Carl Weber (id 5100004, carl.w@acme.test). Name one by id or by its full name or email.',
    );
    const missing = notFoundError(
      'team',
      'team',
      'Biling',
      [{ id: '7', name: 'Billing' }],
      [
        { id: '7', name: 'Billing' },
        { id: '8', name: 'Tier 1' },
      ],
    );
    expect(missing.message).toBe(
      'team: no team has the id or name "Biling". Did you mean "Billing" (id 7)? Known teams: Billing (7), Tier 1 (8).',
    );
  });
});

describe('DirectoryCache', () => {
  it('loads a list once per connection and kind within its TTL, never sharing across connections', async () => {
    let now = 0;
    const cache = new DirectoryCache(10_000, 100, () => now * 10);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return [{ id: String(loads), name: 'x' }];
    };
    expect(await cache.get('c1', 'tag', load)).toEqual({ items: [{ id: '1', name: 'x' }], fresh: true });
    expect(await cache.get('c1', 'tag', load)).toEqual({ items: [{ id: '1', name: 'x' }], fresh: true });
    now = 600; // older than a few seconds: a missing name is looked up again by the directory
    expect(await cache.get('c1', 'tag', load)).toEqual({ items: [{ id: '1', name: 'x' }], fresh: false });
    expect((await cache.get('c2', 'tag', load)).items[0]?.id).toBe('2');
    now = 1_000;
    expect((await cache.get('c1', 'tag', load)).items[0]?.id).toBe('3');
    cache.forget('c1', 'tag');
    expect((await cache.get('c1', 'tag', load)).items[0]?.id).toBe('4');
  });

  it('does not keep a failed load', async () => {
    const cache = new DirectoryCache();
    await expect(cache.get('c1', 'team', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('c1', 'team', async () => [{ id: '1', name: 'T' }])).items).toHaveLength(1);
  });
});
