import { html } from 'hono/html';
import type { DayCount } from '../../audit/audit-queries.js';

const WIDTH = 300;
const HEIGHT = 60;

/**
 * Calls per day as a small inline SVG bar chart (no script, no external asset: the page's CSP allows
 * neither). Each bar has a <title> for its tooltip; failed calls are the darker part of a bar.
 */
export function callsChart(days: DayCount[]) {
  const most = Math.max(1, ...days.map((d) => d.calls));
  const total = days.reduce((sum, d) => sum + d.calls, 0);
  const slot = WIDTH / Math.max(1, days.length);
  const bars = days.map((d, i) => {
    const h = Math.round((d.calls / most) * (HEIGHT - 2));
    const e = Math.round((d.errors / most) * (HEIGHT - 2));
    const x = (i * slot + 1).toFixed(1);
    const w = Math.max(1, slot - 2).toFixed(1);
    return html`<g class="day" data-day="${d.day}" data-calls="${d.calls}"><title>${d.day}: ${d.calls} calls, ${d.errors} failed</title>
<rect x="${x}" y="${HEIGHT - h}" width="${w}" height="${h}" fill="#3b6fd8"></rect>
<rect x="${x}" y="${HEIGHT - e}" width="${w}" height="${e}" fill="#b3261e"></rect></g>`;
  });
  return html`<figure class="calls-chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" width="100%" height="${HEIGHT}" role="img" aria-label="Tool calls per day over the last ${days.length} days: ${total} in all">
<line x1="0" y1="${HEIGHT - 0.5}" x2="${WIDTH}" y2="${HEIGHT - 0.5}" stroke="#999" stroke-width="1"></line>
${bars}
</svg>
<figcaption>Tool calls per day, last ${days.length} days (UTC): <span class="calls-total">${total}</span> in all${days[0] ? html`, since ${days[0].day}` : ''}.</figcaption>
</figure>`;
}
