export const connectStyle = `
:root { color-scheme: light dark; --accent: #1f73b7; --warn-bg: #fff4e5; --warn-fg: #663c00; --line: rgba(127,127,127,.35); }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; }
main { max-width: 46rem; margin: 0 auto; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin-top: 0; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input, select, textarea { width: 100%; box-sizing: border-box; padding: .55rem; font: inherit; margin-top: .25rem; }
input[readonly] { font-family: ui-monospace, monospace; font-size: .85rem; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; background: var(--accent);
  color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
button:disabled { opacity: .6; cursor: wait; }
.copy-row { display: flex; gap: .5rem; align-items: flex-end; }
.copy-row input { min-width: 0; }
.copy-row button, .snippet button { margin-top: 0; white-space: nowrap; }
.snippet { display: flex; gap: .5rem; align-items: flex-start; }
.snippet pre { flex: 1; min-width: 0; margin: 0; }
.help { font-size: .85rem; opacity: .8; margin: .25rem 0 0; }
.error { color: #b00020; font-weight: 600; }
.warning { background: var(--warn-bg); color: var(--warn-fg); padding: .75rem 1rem; border-radius: 6px; }
.warning a { color: inherit; }
.note, .recommended { margin: .75rem 0; }
.https-warning { display: block; color: #b00020; font-weight: 600; margin: .25rem 0; }
pre { background: rgba(127,127,127,.12); padding: .75rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap;
  word-break: break-all; }
.tabs { display: flex; flex-wrap: wrap; gap: .4rem; border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
.tabs button { margin: 0; padding: .45rem .8rem; background: transparent; color: inherit; border: 1px solid var(--line); }
.tabs button[aria-selected="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.client-panel { padding: .25rem 0; }
.client-panel ol { padding-left: 1.25rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0 0; padding: .5rem .9rem .75rem; }
legend { font-weight: 600; padding: 0 .3rem; }
label.choice { display: flex; gap: .6rem; align-items: flex-start; font-weight: 400; margin-top: .5rem; }
label.choice input { width: auto; margin: .3rem 0 0; flex: none; }
label.choice.risky span:first-of-type { font-weight: 600; }
code.scope { font-size: .75rem; opacity: .7; }
@media (max-width: 30rem) {
  body { padding: 1rem .75rem; }
  .copy-row, .snippet { flex-direction: column; align-items: stretch; }
}
`;
