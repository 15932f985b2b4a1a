import type { Section } from '../lib/section.js';

/**
 * The benchmark's sections, in the order they run (BENCH_SECTIONS picks some by name). A new section is
 * a module exporting a Section factory by default, and one line here.
 */
export const SECTIONS: Record<string, () => Promise<{ default: () => Section }>> = {
  overhead: () => import('./overhead.js'),
  fairness: () => import('./fairness.js'),
  auth: () => import('./auth.js'),
  profile: () => import('./profile.js'),
  sse: () => import('./sse.js'),
  startup: () => import('./startup.js'),
  'search-parser': () => import('./search-parser.js'),
  authflood: () => import('./authflood.js'),
  scale: () => import('./scale.js'),
};
