/**
 * The server-rendered parts of the HTML report: header (with the baseline trend), the capability and
 * principle heatmaps, the organization tree and the findings section's frame. Every value from the
 * result goes through {@link escapeHtml}; every `href` is a `#…` fragment built by {@link findingsRoute}
 * or {@link anchorId}.
 */
import { CAPABILITIES } from '../../catalog/capabilities.js';
import { findingSource } from '../../verify/findings.js';
import type { StreamedResult } from '../../verify/result.js';
import type { ResultDiff, ScoreDelta } from './diff.js';
import { anchorId, escapeHtml, findingsRoute } from './escape.js';
import type { Aggregates, HeatCell, Heatmap, TreeAccount, TreeNode } from './model.js';

/** Colour band of a score: `b0` (below 50) to `b3` (90 and up), `bn` when there is no score. */
export function scoreBand(score: number | null | undefined): 'b0' | 'b1' | 'b2' | 'b3' | 'bn' {
  if (score === null || score === undefined) return 'bn';
  if (score >= 90) return 'b3';
  if (score >= 70) return 'b2';
  if (score >= 50) return 'b1';
  return 'b0';
}

const fmt = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const scoreText = (s: number | null | undefined) => (s === null || s === undefined ? '–' : String(s));

function signed(delta: number | null): string {
  if (delta === null) return '';
  if (delta > 0) return `<span class="up">▲ ${delta}</span>`;
  if (delta < 0) return `<span class="down">▼ ${-delta}</span>`;
  return '<span class="muted">±0</span>';
}

function accountLabel(result: StreamedResult, id: string): string {
  const name = result.accounts.find((a) => a.id === id)?.name;
  return name && name !== id ? `${name} (${id})` : id;
}

/** The page header: organization, times, scope, overall score and, with a baseline, the trend. */
export function renderHeader(result: StreamedResult, diff?: ResultDiff, baseline?: StreamedResult): string {
  const overall = result.scores.overall;
  const scope = result.scope;
  const filters = [
    scope.accounts?.length ? `accounts ${scope.accounts.join(', ')}` : '',
    scope.ous?.length ? `OUs ${scope.ous.join(', ')}` : '',
    scope.regions?.length ? `Regions ${scope.regions.join(', ')}` : '',
    scope.controls?.length ? `controls ${scope.controls.join(', ')}` : '',
    scope.capabilities?.length ? `capabilities ${scope.capabilities.join(', ')}` : '',
  ].filter(Boolean);
  const facts: Array<[string, string]> = [
    ['Organization', result.organizationId ?? 'unknown'],
    ['Management account', accountLabel(result, result.managementAccountId)],
    ['Evaluated', result.evaluatedAt],
    ['Collected', result.collectedAt],
    ['Home Region', result.homeRegion],
    ['Governed Regions', result.governedRegions.join(', ')],
    [
      'Scope',
      `${plural(result.accounts.length, 'account')}, ${plural(result.controls.length, 'control')}, ${plural(findingSource(result.findings).size, 'finding')}` +
        (filters.length ? `; limited to ${filters.join('; ')}` : ''),
    ],
    ['Tool', `${result.tool.name} ${result.tool.version}`],
  ];
  const counts = overall.counts;
  const unreachable =
    result.unreachable.length === 0
      ? ''
      : `<details><summary>${escapeHtml(plural(result.unreachable.length, 'account or Region', 'accounts or Regions'))} could not be read</summary><ul>${result.unreachable
          .map(
            (u) =>
              `<li><code>${escapeHtml(u.account)}</code> ${escapeHtml(u.region)} <code>${escapeHtml(u.operation)}</code>: ${escapeHtml(u.message)}</li>`,
          )
          .join('')}</ul></details>`;
  return `<header>
<div>
<h1>AWS SRA verify report</h1>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${unreachable}
</div>
<div class="overall ${scoreBand(overall.score)}" role="group" aria-label="Overall score">
<span class="big" id="overall-score">${escapeHtml(scoreText(overall.score))}</span>
<span>overall score</span>
<span class="sub">${fmt(counts.FAIL)} fail · ${fmt(counts.PASS)} pass · ${fmt(counts.ERROR)} error · ${fmt(counts.NOT_APPLICABLE)} n/a</span>
</div>
${diff && baseline ? renderTrend(diff, baseline, result) : ''}
</header>`;
}

function deltaText(d: ScoreDelta): string {
  return `${escapeHtml(scoreText(d.previous))} → ${escapeHtml(scoreText(d.current))} ${signed(d.delta)}`;
}

function renderTrend(diff: ResultDiff, baseline: StreamedResult, result: StreamedResult): string {
  const link = (change: string, label: string, n: number) =>
    n > 0
      ? `<li><a data-route href="${escapeHtml(findingsRoute({ change }))}">${escapeHtml(plural(n, label, label))}</a></li>`
      : `<li>${escapeHtml(plural(n, label, label))}</li>`;
  const caps = Object.entries(diff.scores.byCapability)
    .filter(([, d]) => d.delta !== 0)
    .map(([cap, d]) => {
      const name = CAPABILITIES.find((c) => c.id === cap)?.name ?? cap;
      return `<li>${escapeHtml(name)}: ${deltaText(d)}</li>`;
    })
    .join('');
  const gone = diff.unverified.filter((c) => !c.current);
  const goneList =
    gone.length === 0
      ? ''
      : `<details><summary>${escapeHtml(plural(gone.length, 'finding'))} failed in the baseline and were not evaluated now</summary><ul>${gone
          .slice(0, 100)
          .map((c) => {
            const p = c.previous!;
            return `<li><code>${escapeHtml(p.controlId)}</code> ${escapeHtml(accountLabel(result, p.account))} ${escapeHtml(p.region ?? '')} <code>${escapeHtml(p.resource)}</code></li>`;
          })
          .join(
            '',
          )}${gone.length > 100 ? `<li>… and ${fmt(gone.length - 100)} more</li>` : ''}</ul></details>`;
  return `<section class="trend" aria-labelledby="trend-title">
<h2 id="trend-title">Since the baseline of ${escapeHtml(baseline.evaluatedAt)}</h2>
<p>Overall score ${deltaText(diff.scores.overall)}</p>
<ul class="changes">
${link('new', 'new failing', diff.new.length)}
${link('regressed', 'regressed', diff.regressed.length)}
${link('fixed', 'fixed', diff.fixed.length)}
${link('unchanged-failing', 'still failing', diff.unchangedFailing.length)}
${link('unverified', 'unverified', diff.unverified.filter((c) => c.current).length)}
</ul>
${caps ? `<details><summary>Capability scores that moved</summary><ul>${caps}</ul></details>` : ''}
${goneList}
</section>`;
}

function heatCell(cell: HeatCell, route: Record<string, string>, label: string, extraClass = ''): string {
  const band = scoreBand(cell.score);
  const cls = `${band}${extraClass ? ` ${extraClass}` : ''}`;
  if (cell.score === null && cell.fail + cell.error === 0) {
    return `<td class="${cls}"><span class="cell" aria-label="${escapeHtml(`${label}: nothing evaluated`)}">–</span></td>`;
  }
  const failing = cell.fail > 0;
  const href = findingsRoute({ ...route, ...(failing ? { status: 'FAIL' } : {}) });
  const aria = `${label}: score ${scoreText(cell.score)}, ${plural(cell.fail, 'failing finding')}`;
  const title = failing ? `Failing controls: ${cell.failingControls.join(', ')}` : 'No failing finding';
  return `<td class="${cls}"><a data-route href="${escapeHtml(href)}" aria-label="${escapeHtml(aria)}" title="${escapeHtml(title)}"><span class="n">${escapeHtml(scoreText(cell.score))}</span><span class="sub">${escapeHtml(failing ? `${fmt(cell.fail)} fail` : cell.error > 0 ? `${fmt(cell.error)} error` : 'no fail')}</span></a></td>`;
}

/** A heatmap table; `rowKey` is the route key of the rows (`capability` or `principle`). */
export function renderHeatmap(map: Heatmap, rowKey: string, caption: string, id: string): string {
  const head = map.columns.map((c) => `<th scope="col">${escapeHtml(c.name)}</th>`).join('');
  const body = map.rows
    .map((row, r) => {
      const cells = map.columns
        .map((col, c) =>
          heatCell(
            map.cells[r]![c]!,
            { [rowKey]: row.id, role: col.id },
            `${row.name}, ${col.name} accounts`,
          ),
        )
        .join('');
      const total = heatCell(map.totals[r]!, { [rowKey]: row.id }, `${row.name}, every account`, 'total');
      return `<tr><th scope="row">${escapeHtml(row.name)}</th>${cells}${total}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="heat" id="${escapeHtml(id)}">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">${escapeHtml(rowKey === 'capability' ? 'Capability' : 'Principle')}</th>${head}<th scope="col">All accounts</th></tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

const LEGEND = `<ul class="legend" aria-label="Score colours"><li class="b3">90–100</li><li class="b2">70–89</li><li class="b1">50–69</li><li class="b0">below 50</li><li class="bn">not evaluated</li></ul>`;

function treeAccount(a: TreeAccount): string {
  const acct = a.account;
  const label = acct.name && acct.name !== acct.id ? acct.name : acct.id;
  const href = findingsRoute({ account: acct.id, ...(a.fail > 0 ? { status: 'FAIL' } : {}) });
  const roles = a.roles.map((r) => `<span class="badge role">${escapeHtml(r.name)}</span>`).join('');
  const da = a.delegatedFor.length
    ? `<span class="badge da" title="${escapeHtml(a.delegatedFor.join(', '))}">delegated admin: ${escapeHtml(
        a.delegatedFor.map((p) => p.replace(/\.amazonaws\.com$/, '')).join(', '),
      )}</span>`
    : '';
  const status = acct.status !== 'ACTIVE' ? `<span class="badge">${escapeHtml(acct.status)}</span>` : '';
  return `<li class="acct" id="${escapeHtml(anchorId('account', acct.id))}"><span class="badge score ${scoreBand(a.score)}" aria-label="score ${escapeHtml(scoreText(a.score))}">${escapeHtml(scoreText(a.score))}</span><a class="name" data-route href="${escapeHtml(href)}" title="${escapeHtml(`${label} (${acct.id})`)}">${escapeHtml(label)}</a><code class="muted">${escapeHtml(acct.id)}</code>${roles}${da}${status}</li>`;
}

function treeNode(node: TreeNode, depth: number): string {
  const children = node.children.map((c) => `<li>${treeNode(c, depth + 1)}</li>`).join('');
  const accounts = node.accounts.map(treeAccount).join('');
  const count = countAccounts(node);
  const id = node.id ? ` <code class="ouid muted">${escapeHtml(node.id)}</code>` : '';
  return `<details${depth < 3 ? ' open' : ''}><summary>${escapeHtml(node.name)}${id} <span class="muted">(${escapeHtml(plural(count, 'account'))})</span></summary><ul>${children}${accounts}</ul></details>`;
}

function countAccounts(node: TreeNode): number {
  return node.accounts.length + node.children.reduce((n, c) => n + countAccounts(c), 0);
}

/** The organization tree: OUs and accounts with roles, delegated admins and scores. */
export function renderTree(tree: TreeNode): string {
  return `<ul class="tree"><li>${treeNode(tree, 0)}</li></ul>`;
}

const SORTABLE: Array<[string, string, string]> = [
  ['status', 'Status', 'c-status'],
  ['severity', 'Severity', 'c-sev'],
  ['control', 'Control', 'c-control'],
  ['account', 'Account', 'c-account'],
  ['region', 'Region', 'c-region'],
  ['resource', 'Resource', 'c-resource'],
];

/** The findings section: filters, the (client-filled) table and the "show more" button. */
export function renderFindingsFrame(hasBaseline: boolean): string {
  const select = (key: string, label: string) =>
    `<label>${escapeHtml(label)}<select id="f-${key}" name="${key}"><option value="">All</option></select></label>`;
  const headers = [
    ...SORTABLE.map(
      ([key, label]) =>
        `<th scope="col" data-sort="${key}" aria-sort="none"><button type="button" class="sort">${escapeHtml(label)}</button></th>`,
    ),
    '<th scope="col">Finding</th>',
    ...(hasBaseline
      ? [
          '<th scope="col" data-sort="change" aria-sort="none"><button type="button" class="sort">Change</button></th>',
        ]
      : []),
    '<th scope="col"><span class="muted">Evidence</span></th>',
  ].join('');
  const cols = [
    ...SORTABLE.map(([, , cls]) => `<col class="${cls}">`),
    '<col class="c-message">',
    ...(hasBaseline ? ['<col class="c-change">'] : []),
    '<col class="c-more">',
  ].join('');
  return `<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title" tabindex="-1">Findings</h2>
<form id="filters" class="filters" role="search" aria-label="Filter findings">
${select('capability', 'Capability')}
${select('principle', 'Principle')}
${select('severity', 'Severity')}
${select('status', 'Status')}
${select('account', 'Account')}
${select('role', 'Account role')}
${select('service', 'Service')}
${hasBaseline ? select('change', 'Change since baseline') : ''}
<label>Search<input id="q" name="q" type="search" autocomplete="off" placeholder="control, account, resource, message"></label>
<div class="actions"><button type="button" id="reset">Reset filters</button></div>
</form>
<p id="count" aria-live="polite" class="hint">Loading findings…</p>
<noscript><p>The findings table needs JavaScript; the data is embedded in this file as JSON (element <code>#data</code>).</p></noscript>
<div class="scroll"><table class="findings" aria-describedby="count">
<colgroup>${cols}</colgroup>
<thead><tr>${headers}</tr></thead>
<tbody id="rows"></tbody>
</table></div>
<div class="more"><button type="button" id="more" hidden>Show more</button></div>
</section>`;
}

/** The server-rendered body between header and findings: heatmaps and tree. */
export function renderOverview(agg: Aggregates): string {
  return `<section id="heatmap" aria-labelledby="heatmap-title">
<h2 id="heatmap-title">Capabilities by account role</h2>
<p class="hint">Score of the findings of each AWS CAF security capability in the accounts of each SRA role. Select a cell to list its failing findings.</p>
${LEGEND}
${renderHeatmap(agg.capabilityHeatmap, 'capability', 'Capability × account role scores', 'capability-heatmap')}
</section>
<section id="principles" aria-labelledby="principles-title">
<h2 id="principles-title">Design principles by account role</h2>
<p class="hint">The same findings grouped by the Well-Architected security design principles.</p>
${renderHeatmap(agg.principleHeatmap, 'principle', 'Principle × account role scores', 'principle-heatmap')}
</section>
<section id="organization" aria-labelledby="organization-title">
<h2 id="organization-title">Organization</h2>
<p class="hint">OUs and accounts with their SRA role and score; delegated administrators are marked. Select an account to list its failing findings.</p>
${renderTree(agg.tree)}
</section>`;
}
