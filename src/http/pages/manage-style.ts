/** The /manage page's own rules, on top of connect.css (served from /manage/assets/manage.css). */
export const manageStyle = `
section.connection { border: 1px solid #ccd; border-radius: 8px; padding: 1rem; margin: 1.5rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e3e3ea; vertical-align: top;
  word-break: normal; overflow-wrap: normal; }
th, td.num, td.tool, td time { white-space: nowrap; }
td code { overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.outcome-ok { color: #1e6b2e; }
.outcome-error, .outcome-forbidden, .outcome-invalid_arguments { color: #b3261e; }
.table-wrap { overflow-x: auto; }
.calls-chart { margin: 0.5rem 0; }
.calls-chart svg { display: block; width: 100%; max-width: 40rem; }
.calls-chart figcaption { font-size: 0.85rem; color: #555; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-start; }
.actions form { margin: 0; }
button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
.notice { border-left: 4px solid #1e6b2e; padding: 0.5rem 1rem; background: #eef7ef; }
.notice.error { border-color: #b3261e; background: #fbeeee; }
.new-url { border: 2px solid #3b6fd8; padding: 0.75rem 1rem; border-radius: 8px; }
details { margin: 0.75rem 0; }
@media (max-width: 30rem) {
  section.connection { padding: 0.75rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin: 0 0 0.5rem; }
}
`;
