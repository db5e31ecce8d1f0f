/**
 * The report's client script, inlined in one `<script>` element that the Content-Security-Policy
 * admits by its SHA-256 hash. It reads the JSON data block, fills the filter lists, filters, searches
 * and sorts the findings in memory and renders them a page at a time. It builds every node with
 * `createElement` and `textContent`: no data value ever passes through `innerHTML` or into a URL.
 *
 * Hash routes select filters: `#findings?capability=threat-detection&role=workload&status=FAIL`
 * (keys: capability, principle, severity, account, role, service, status, change, q). The heatmap
 * cells link to such routes; changing a filter writes the route back with `history.replaceState`.
 *
 * Plain ES2017 without template literals, kept as a string so the page carries it verbatim.
 */

/** The client script source. */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var PAGE = 200;
  var FILTERS = ['capability', 'principle', 'severity', 'account', 'role', 'service', 'status', 'change'];
  var STATUS_CLASS = ['st-fail', 'st-error', 'st-pass', 'st-na'];
  var STATUS_LABEL = ['FAIL', 'ERROR', 'PASS', 'N/A'];
  var CHANGE_LABEL = ['', 'new', 'regressed', 'fixed', 'still failing', 'unverified'];
  var dataNode = document.getElementById('data');
  if (!dataNode) return;
  var D = JSON.parse(dataNode.textContent || '{}');
  var S = D.strings;
  var F = D.findings;
  var lower = null;
  var state = { q: '', sort: '', dir: 1, shown: PAGE, rows: [] };
  var el = function (id) { return document.getElementById(id); };
  var tbody = el('rows');
  var count = el('count');
  var moreButton = el('more');

  function make(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function str(i) { return i === undefined || i < 0 ? '' : S[i]; }
  function indexOf(list) {
    var m = Object.create(null);
    for (var i = 0; i < list.length; i++) m[list[i].id !== undefined ? list[i].id : list[i]] = i;
    return m;
  }
  function accountLabel(a) { return a.name && a.name !== a.id ? a.name + ' (' + a.id + ')' : a.id; }

  var services = [];
  var serviceIndex = Object.create(null);
  D.controls.forEach(function (c) {
    if (serviceIndex[c.service] === undefined) { serviceIndex[c.service] = -1; services.push(c.service); }
  });
  services.sort();
  services.forEach(function (s, i) { serviceIndex[s] = i; });
  var index = {
    capability: indexOf(D.capabilities), principle: indexOf(D.principles), severity: indexOf(D.severities),
    account: indexOf(D.accounts), role: indexOf(D.roles), service: serviceIndex, status: indexOf(D.statuses),
    change: indexOf(D.changes)
  };
  var accountRank = D.accounts.map(function (_, i) { return i; });
  accountRank.sort(function (a, b) {
    var x = D.accounts[a].name.toLowerCase(), y = D.accounts[b].name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  var accountOrder = new Int32Array(D.accounts.length);
  accountRank.forEach(function (a, r) { accountOrder[a] = r; });

  function fill(id, entries) {
    var select = el('f-' + id);
    if (!select) return;
    entries.forEach(function (e) {
      var o = make('option', e[1]);
      o.value = e[0];
      select.appendChild(o);
    });
  }
  fill('capability', D.capabilities.map(function (c) { return [c.id, c.name]; }));
  fill('principle', D.principles.map(function (p) { return [p.id, p.name]; }));
  fill('severity', D.severities.map(function (s) { return [s, s]; }));
  fill('account', accountRank.map(function (i) { var a = D.accounts[i]; return [a.id, accountLabel(a)]; }));
  fill('role', D.roles.map(function (r) { return [r.id, r.name]; }));
  fill('service', services.map(function (s) { return [s, s]; }));
  fill('status', D.statuses.map(function (s, i) { return [s, STATUS_LABEL[i] || s]; }));
  if (D.baseline) {
    fill('change', D.changes.slice(1).map(function (c, i) { return [c, CHANGE_LABEL[i + 1] || c]; }));
  }

  function selected(key) {
    var s = el('f-' + key);
    if (!s || s.value === '') return -1;
    var i = index[key][s.value];
    return i === undefined ? -2 : i;
  }

  function controlMask(cap, pri, svc) {
    return D.controls.map(function (c) {
      return (cap < 0 || c.cap.indexOf(cap) >= 0) && (pri < 0 || c.pri.indexOf(pri) >= 0) &&
        (svc < 0 || serviceIndex[c.service] === svc);
    });
  }

  function matchesText(t, q) {
    var c = D.controls[t[0]], a = D.accounts[t[1]];
    if (!lower) lower = S.map(function (s) { return s.toLowerCase(); });
    return (c.id + ' ' + c.title).toLowerCase().indexOf(q) >= 0 ||
      (a.name + ' ' + a.id).toLowerCase().indexOf(q) >= 0 ||
      (t[2] >= 0 && D.regions[t[2]].indexOf(q) >= 0) ||
      (t[5] >= 0 && lower[t[5]].indexOf(q) >= 0) ||
      (t[6] >= 0 && lower[t[6]].indexOf(q) >= 0);
  }

  function filter() {
    var f = {};
    FILTERS.forEach(function (k) { f[k] = selected(k); });
    var q = (el('q').value || '').trim().toLowerCase();
    var impossible = FILTERS.some(function (k) { return f[k] === -2; });
    var ctrlOk = controlMask(f.capability, f.principle, f.service);
    var rows = [];
    if (!impossible) {
      for (var i = 0; i < F.length; i++) {
        var t = F[i];
        if (!ctrlOk[t[0]]) continue;
        if (f.account >= 0 && t[1] !== f.account) continue;
        if (f.role >= 0 && D.accounts[t[1]].roles.indexOf(f.role) < 0) continue;
        if (f.status >= 0 && t[3] !== f.status) continue;
        if (f.severity >= 0 && t[4] !== f.severity) continue;
        if (f.change >= 0 && (t[7] || 0) !== f.change) continue;
        if (q && !matchesText(t, q)) continue;
        rows.push(i);
      }
    }
    state.rows = sortRows(rows);
    state.shown = PAGE;
    render();
  }

  var SORT_KEY = {
    status: function (t) { return t[3]; },
    severity: function (t) { return t[4]; },
    control: function (t) { return t[0]; },
    account: function (t) { return accountOrder[t[1]]; },
    region: function (t) { return t[2] < 0 ? '' : D.regions[t[2]]; },
    resource: function (t) { return str(t[5]); },
    change: function (t) { return t[7] || 0; }
  };
  function sortRows(rows) {
    var key = SORT_KEY[state.sort];
    if (!key) return rows;
    var dir = state.dir;
    var keys = new Map();
    rows.forEach(function (i) { keys.set(i, key(F[i])); });
    return rows.sort(function (a, b) {
      var x = keys.get(a), y = keys.get(b);
      return (x < y ? -dir : x > y ? dir : 0) || a - b;
    });
  }

  function pretty(text) {
    try {
      var v = JSON.parse(text);
      return v !== null && typeof v === 'object' ? JSON.stringify(v, null, 2) : text;
    } catch (e) {
      return text;
    }
  }

  function cell(row, text, cls) {
    var td = make('td', text, cls);
    row.appendChild(td);
    return td;
  }

  function detail(t, colspan) {
    var c = D.controls[t[0]];
    var tr = make('tr', null, 'detail');
    var td = make('td');
    td.colSpan = colspan;
    td.appendChild(make('h3', c.title));
    td.appendChild(make('p', str(t[6])));
    var ev = make('div', null, 'evidence');
    [['Expected', t[8]], ['Actual', t[9]]].forEach(function (pair) {
      var box = make('div');
      box.appendChild(make('strong', pair[0]));
      box.appendChild(make('pre', pair[1] >= 0 ? pretty(str(pair[1])) : '(not recorded)'));
      ev.appendChild(box);
    });
    td.appendChild(ev);
    if (t[10] >= 0) {
      td.appendChild(make('strong', 'Error'));
      td.appendChild(make('pre', str(t[10])));
    }
    var dl = make('dl', null, 'facts');
    function fact(name, value, code) {
      if (!value) return;
      dl.appendChild(make('dt', name));
      var dd = make('dd');
      dd.appendChild(make(code ? 'code' : 'span', value));
      dl.appendChild(dd);
    }
    fact('Resource', str(t[5]), true);
    fact('Risk', c.risk);
    fact('Fix with blueprint key', c.key, true);
    fact('Fix by hand', c.manual);
    fact('Capabilities', c.cap.map(function (i) { return D.capabilities[i].name; }).join(', '));
    fact('Principles', c.pri.map(function (i) { return D.principles[i].name; }).join(', '));
    fact('References', c.refs.join(', '));
    var a = D.accounts[t[1]];
    fact('Account OU', a.ou);
    fact('Account roles', a.roles.map(function (i) { return D.roles[i].name; }).join(', '));
    td.appendChild(dl);
    tr.appendChild(td);
    return tr;
  }

  function row(i) {
    var t = F[i];
    var c = D.controls[t[0]], a = D.accounts[t[1]];
    var tr = make('tr');
    tr.dataset.i = String(i);
    var st = cell(tr);
    st.appendChild(make('span', STATUS_LABEL[t[3]], 'st ' + STATUS_CLASS[t[3]]));
    cell(tr, D.severities[t[4]]);
    var ctl = cell(tr);
    ctl.appendChild(make('span', c.id, 'cid'));
    ctl.appendChild(make('span', c.title));
    var acc = cell(tr);
    acc.appendChild(make('span', a.name || a.id));
    if (a.name && a.name !== a.id) acc.appendChild(make('span', a.id, 'cid'));
    cell(tr, t[2] >= 0 ? D.regions[t[2]] : '');
    cell(tr).appendChild(make('span', str(t[5]), 'cid'));
    cell(tr, str(t[6]));
    if (D.baseline) cell(tr, CHANGE_LABEL[t[7] || 0]);
    var more = cell(tr);
    var b = make('button', 'Details', 'toggle');
    b.type = 'button';
    b.setAttribute('aria-expanded', 'false');
    b.setAttribute('aria-label', 'Details of ' + c.id + ' in ' + accountLabel(a));
    b.addEventListener('click', function () {
      var open = b.getAttribute('aria-expanded') === 'true';
      if (open) {
        if (tr.nextSibling && tr.nextSibling.className === 'detail') tbody.removeChild(tr.nextSibling);
        b.setAttribute('aria-expanded', 'false');
        b.textContent = 'Details';
      } else {
        tbody.insertBefore(detail(t, tr.children.length), tr.nextSibling);
        b.setAttribute('aria-expanded', 'true');
        b.textContent = 'Hide';
      }
    });
    more.appendChild(b);
    return tr;
  }

  function appendRows(from, to) {
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) frag.appendChild(row(state.rows[k]));
    tbody.appendChild(frag);
  }

  function render() {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    var shown = Math.min(state.shown, state.rows.length);
    appendRows(0, shown);
    if (state.rows.length === 0) {
      var tr = make('tr');
      var td = make('td', 'No finding matches these filters.', 'empty');
      td.colSpan = D.baseline ? 9 : 8;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    updateCount(shown);
  }

  function updateCount(shown) {
    var fmt = function (n) { return n.toLocaleString('en-US'); };
    count.textContent = 'Showing ' + fmt(shown) + ' of ' + fmt(state.rows.length) + ' matching findings (' +
      fmt(F.length) + ' in total).';
    moreButton.hidden = shown >= state.rows.length;
    moreButton.textContent = 'Show ' + fmt(Math.min(PAGE, state.rows.length - shown)) + ' more';
  }

  moreButton.addEventListener('click', function () {
    var from = Math.min(state.shown, state.rows.length);
    state.shown = from + PAGE;
    var to = Math.min(state.shown, state.rows.length);
    appendRows(from, to);
    updateCount(to);
  });

  function route() {
    var parts = [];
    FILTERS.forEach(function (k) {
      var s = el('f-' + k);
      if (s && s.value) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(s.value));
    });
    var q = el('q').value.trim();
    if (q) parts.push('q=' + encodeURIComponent(q));
    return parts.length ? '#findings?' + parts.join('&') : '#findings';
  }

  function writeRoute() {
    try { history.replaceState(null, '', route()); } catch (e) { /* documents without a URL */ }
  }

  function applyRoute(hash) {
    if (hash.indexOf('#findings') !== 0) return false;
    var query = hash.slice('#findings'.length).replace(/^\?/, '');
    var values = {};
    query.split('&').forEach(function (pair) {
      if (!pair) return;
      var eq = pair.indexOf('=');
      var k = eq < 0 ? pair : pair.slice(0, eq);
      var v = eq < 0 ? '' : pair.slice(eq + 1);
      try { values[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' ')); } catch (e) { /* ignore */ }
    });
    FILTERS.forEach(function (k) {
      var s = el('f-' + k);
      if (!s) return;
      var v = values[k] || '';
      s.value = v;
      if (s.value !== v) s.value = '';
    });
    el('q').value = values.q || '';
    filter();
    return true;
  }

  function go(hash) {
    if (applyRoute(hash)) {
      var section = el('findings');
      if (section.scrollIntoView) section.scrollIntoView();
      el('findings-title').focus();
    }
  }

  document.addEventListener('click', function (e) {
    var target = e.target;
    var link = target && target.closest ? target.closest('a[data-route]') : null;
    if (!link) return;
    e.preventDefault();
    var hash = link.getAttribute('href') || '';
    try { history.pushState(null, '', hash); } catch (err) { /* documents without a URL */ }
    go(hash);
  });
  window.addEventListener('hashchange', function () { go(location.hash); });

  var form = el('filters');
  form.addEventListener('change', function () { filter(); writeRoute(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  var timer = 0;
  el('q').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { filter(); writeRoute(); }, 150);
  });
  el('reset').addEventListener('click', function () {
    FILTERS.forEach(function (k) { var s = el('f-' + k); if (s) s.value = ''; });
    el('q').value = '';
    filter();
    writeRoute();
  });
  Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (th) {
    var b = th.querySelector('button');
    b.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (o) {
        o.setAttribute('aria-sort', o === th ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
      });
      filter();
    });
  });

  document.documentElement.classList.add('js');
  if (!applyRoute(location.hash)) filter();
})();
`;
