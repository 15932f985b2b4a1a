export const connectStyle = `
:root { color-scheme: light dark; --accent: #1f73b7; --warn-bg: #fff4e5; --warn-fg: #663c00; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; }
main { max-width: 46rem; margin: 0 auto; }
h1 { font-size: 1.6rem; margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input, select, textarea { width: 100%; box-sizing: border-box; padding: .55rem; font: inherit; margin-top: .25rem; }
input[readonly] { font-family: ui-monospace, monospace; font-size: .85rem; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; background: var(--accent);
  color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
button:disabled { opacity: .6; cursor: wait; }
.copy-row { display: flex; gap: .5rem; align-items: flex-end; }
.copy-row button { margin-top: 0; white-space: nowrap; }
.help { font-size: .85rem; opacity: .8; margin: .25rem 0 0; }
.error { color: #b00020; font-weight: 600; }
.warning { background: var(--warn-bg); color: var(--warn-fg); padding: .75rem 1rem; border-radius: 6px; }
pre { background: rgba(127,127,127,.12); padding: .75rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap;
  word-break: break-all; }
`;
