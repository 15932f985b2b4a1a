// 7. Several instances on one Postgres behind a round-robin proxy: throughput of 1, 2 and 3 instances.
import { RoundRobinProxy } from '../../test/support/round-robin-proxy.js';
import { type App, connect, startApp } from '../lib/app.js';
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../lib/section.js';
import { adminUrl, log } from '../lib/settings.js';
import { fmt, markdownTable } from '../lib/stats.js';

interface Row {
  instances: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
}

const CONCURRENCY = 32;

export default function scale(): Section {
  const rows: Row[] = [];
  return {
    name: 'scale',
    reportOrder: 7,
    async afterApp(context: BenchContext) {
      if (!adminUrl) {
        log('scale: needs DATABASE_URL (several instances share a Postgres); skipped');
        return;
      }
      const database = await context.newDatabase('postgres');
      for (const count of [1, 2, 3]) {
        const apps: App[] = [];
        for (let i = 0; i < count; i++) apps.push(await startApp({ ...context.appOptions, database }));
        const proxy = await RoundRobinProxy.start(apps.map((a) => a.url));
        try {
          const conn = await connect(proxy.url, context.fake.workspaces.main.token);
          const op = context.ops[0];
          if (!op) throw new Error('no operation');
          const target = { url: proxy.url } as App;
          const result = await context.loadgen.run(context.spec('c', op, CONCURRENCY, conn, target));
          const errors = Object.values(result.errors).reduce((a, b) => a + b, 0);
          rows.push({
            instances: count,
            throughput: result.throughput,
            p50: result.p50,
            p99: result.p99,
            errors,
          });
          log(`scale: ${count} instance(s): ${fmt(result.throughput, 0)} ops/s`);
        } finally {
          await proxy.close();
          for (const app of apps) await app.stop();
        }
      }
    },
    render: () =>
      rows.length === 0
        ? []
        : [
            '## 7. Several instances on one Postgres',
            '',
            `get_contact through a round-robin proxy (node http, no keep-alive to the instances) in front of 1–3 ` +
              `instances on one Postgres, ${CONCURRENCY} connections; limits, revocation watch and SSE registry shared ` +
              'through Postgres. On a 2-core machine the instances compete for the same cores, so this shows the cost ' +
              'of sharing more than the gain of scaling out.',
            '',
            markdownTable(
              ['instances', 'ops/s', 'p50 ms', 'p99 ms', 'errors'],
              rows.map((r) => [r.instances, fmt(r.throughput, 0), fmt(r.p50), fmt(r.p99), r.errors]),
            ),
            '',
          ],
  };
}
