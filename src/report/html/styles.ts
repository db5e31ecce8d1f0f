/**
 * The stylesheet of the HTML report, inlined in one `<style>` element (the Content-Security-Policy
 * admits it by hash). Light and dark palettes follow `prefers-color-scheme`; score colours are paired
 * with numbers and text so they are never the only signal; long names wrap instead of widening the
 * page; the print rules drop the interactive parts.
 */

/** The report's CSS. */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0b5cad;
  --focus: #0b5cad;
  --b0: #f8d7da; --b0-fg: #6b0f17; --b1: #fde2c4; --b1-fg: #6a3a00; --b2: #fff3bf; --b2-fg: #5a4700;
  --b3: #d3f0da; --b3-fg: #0f5323; --bn: #eef1f4; --bn-fg: #59636e;
  --fail: #b42318; --error: #9a5b00; --pass: #1a7f37; --na: #59636e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1419; --fg: #e6edf3; --muted: #9aa7b4; --line: #30363d; --panel: #161b22; --accent: #6cb6ff;
    --focus: #6cb6ff;
    --b0: #5c1a1f; --b0-fg: #ffd7d9; --b1: #5a3510; --b1-fg: #ffe2c2; --b2: #4d4210; --b2-fg: #fff1b8;
    --b3: #163d24; --b3-fg: #c8f5d4; --bn: #21262d; --bn-fg: #9aa7b4;
    --fail: #ff7b72; --error: #e3b341; --pass: #56d364; --na: #9aa7b4;
  }
}
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 10; }
header, main, nav { max-width: 1400px; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.25rem; display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 1rem 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.muted, caption, .hint { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.overall { text-align: center; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1.25rem;
  min-width: 11rem; align-self: start; }
.overall .big { font-size: 2.75rem; font-weight: 700; line-height: 1.1; display: block; }
.trend { grid-column: 1 / -1; border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem;
  background: var(--panel); }
.trend h2 { margin-top: .25rem; }
.trend ul.changes { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; margin: .25rem 0; list-style: none; }
.up { color: var(--pass); } .down { color: var(--fail); }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: .75rem 0; margin: 0;
  border-bottom: 1px solid var(--line); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; }
caption { text-align: left; padding: .25rem 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
thead th { background: var(--panel); position: sticky; top: 0; z-index: 1; }
table.heat td, table.heat th { text-align: center; }
table.heat th[scope=row] { text-align: left; font-weight: 500; min-width: 13rem; }
table.heat td { padding: 0; min-width: 6.5rem; }
table.heat td a, table.heat td span.cell { display: block; padding: .35rem .5rem; text-decoration: none; color: inherit; }
table.heat td a:hover { text-decoration: underline; }
.n { font-weight: 700; font-size: 1.05rem; display: block; }
.sub { font-size: .78rem; display: block; }
.b0 { background: var(--b0); color: var(--b0-fg); } .b1 { background: var(--b1); color: var(--b1-fg); }
.b2 { background: var(--b2); color: var(--b2-fg); } .b3 { background: var(--b3); color: var(--b3-fg); }
.bn { background: var(--bn); color: var(--bn-fg); }
td.total { border-left: 3px solid var(--line); }
.legend { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; font-size: .85rem; }
.legend li { padding: .1rem .5rem; border-radius: .25rem; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.25rem; border-left: 1px dashed var(--line); }
ul.tree { padding-left: 0; border-left: 0; }
ul.tree summary { cursor: pointer; font-weight: 600; padding: .15rem 0; }
ul.tree .ouid { font-weight: 400; }
li.acct { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .5rem; padding: .15rem 0; max-width: 100%; }
li.acct a.name { font-weight: 500; overflow-wrap: anywhere; min-width: 0; }
.badge { display: inline-block; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .5rem;
  font-size: .78rem; white-space: nowrap; }
.badge.role { background: var(--panel); }
.badge.da { border-color: var(--accent); color: var(--accent); white-space: normal; }
.badge.score { font-weight: 700; border: 0; }
form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .5rem 1rem;
  background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .15rem; min-width: 0; }
form.filters select, form.filters input { font: inherit; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: .3rem; padding: .25rem .35rem; width: 100%; min-width: 0; }
form.filters .actions { display: flex; align-items: end; gap: .5rem; }
button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: .3rem; padding: .25rem .6rem; cursor: pointer; }
button:hover { border-color: var(--accent); }
table.findings { width: 100%; min-width: 64rem; table-layout: fixed; margin-top: .5rem; }
table.findings td { overflow-wrap: anywhere; }
table.findings th button.sort { border: 0; background: none; padding: 0; font-weight: 700; color: inherit;
  white-space: nowrap; }
table.findings th button.sort::after { content: " \\2195"; color: var(--muted); }
table.findings th[aria-sort=ascending] button.sort::after { content: " \\2191"; color: inherit; }
table.findings th[aria-sort=descending] button.sort::after { content: " \\2193"; color: inherit; }
col.c-status { width: 5.5rem; } col.c-sev { width: 7rem; } col.c-control { width: 17%; } col.c-account { width: 15%; }
col.c-region { width: 7.5rem; } col.c-resource { width: 17%; } col.c-change { width: 7.5rem; } col.c-more { width: 6.5rem; }
.st { font-weight: 700; } .st-fail { color: var(--fail); } .st-error { color: var(--error); }
.st-pass { color: var(--pass); } .st-na { color: var(--na); }
.cid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; display: block; }
tr.detail td { background: var(--panel); }
.evidence { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .5rem 1rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .15rem 0; padding: .4rem; border: 1px solid var(--line);
  border-radius: .3rem; background: var(--bg); font-size: .85rem; max-height: 20rem; overflow: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.more { margin: .75rem 0 2rem; display: flex; gap: 1rem; align-items: center; }
.empty { padding: 1rem; text-align: center; color: var(--muted); }
footer { max-width: 1400px; margin: 2rem auto; padding: 0 1.25rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 760px) {
  header { grid-template-columns: minmax(0, 1fr); }
  col.c-region, col.c-change { width: 5rem; }
}
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --panel: #f3f3f3; --line: #bbb; }
  html { font-size: 10pt; }
  nav, form.filters, .more button, button.toggle, .skip, noscript { display: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead th { position: static; }
  tr, li.acct { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  section { break-before: auto; }
  details > :not(summary) { display: block; }
}
`;
