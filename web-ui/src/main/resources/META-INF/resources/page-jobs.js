// Jobs: a table of jobs with state/owner/name filters, sorting and paging, all done by the server; live.
import {get} from './api.js';
import {onLive} from './live.js';
import {h, fill, badge, fmt, progressBar, debounce, empty, field} from './dom.js';
import {JOB_STATES, markReady} from './page-overview.js';

const COLUMNS = [
  {key: 'id', label: 'ID', num: true, value: j => j.id},
  {key: 'name', label: 'Name', value: j => j.name},
  {key: 'owner', label: 'Owner', value: j => j.owner},
  {key: 'state', label: 'State', value: j => j.state},
  {key: 'worker', label: 'Worker', value: j => j.currentAttempt?.worker || ''},
  {key: 'progress', label: 'Progress', value: j => j.progress ?? -1},
  {key: 'submittedAt', label: 'Submitted', value: j => j.submittedAt},
];

export function mount(host, ctx) {
  const p = ctx.params;
  const q = {state: p.get('state') || '', owner: p.get('owner') || '', name: p.get('name') || '',
    page: Number(p.get('page') || 0), size: Number(p.get('size') || 50), sort: p.get('sort') || 'id', dir: p.get('dir') || 'desc'};

  const stateSel = h('select', {name: 'state', id: 'filter-state'}, h('option', {value: ''}, 'Any state'),
    JOB_STATES.map(s => h('option', {value: s, selected: q.state === s}, s.toLowerCase())));
  const ownerIn = h('input', {name: 'owner', id: 'filter-owner', type: 'search', value: q.owner, placeholder: 'any owner', autocomplete: 'off'});
  const nameIn = h('input', {name: 'name', id: 'filter-name', type: 'search', value: q.name, placeholder: 'contains…', autocomplete: 'off'});
  const sizeSel = h('select', {name: 'size', id: 'filter-size'}, [25, 50, 100, 200].map(n => h('option', {value: n, selected: q.size === n}, n + ' per page')));
  const table = h('div', {class: 'table-wrap'});
  const pager = h('div', {class: 'pager'});
  const note = h('p', {class: 'muted', id: 'jobs-note'});

  fill(host,
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, 'Jobs'), h('div', {class: 'sub', id: 'jobs-total'}, ' ')),
      h('a', {class: 'btn btn-primary', href: '#/submit'}, '+ Submit job')),
    h('section', {class: 'panel'},
      h('form', {class: 'filters', role: 'search', onsubmit: e => { e.preventDefault(); apply(); }},
        field('State', stateSel), ctx.isOperator() ? field('Owner', ownerIn) : null, field('Name', nameIn), field('Page size', sizeSel),
        h('button', {class: 'btn', type: 'submit'}, 'Apply'),
        h('button', {class: 'btn', type: 'button', onclick: () => { stateSel.value = ''; ownerIn.value = ''; nameIn.value = ''; apply(); }}, 'Clear')),
      table, note, pager));

  stateSel.addEventListener('change', () => apply());
  sizeSel.addEventListener('change', () => apply());

  function apply(page = 0) {
    const s = new URLSearchParams();
    if (stateSel.value) s.set('state', stateSel.value);
    if (ownerIn.value.trim()) s.set('owner', ownerIn.value.trim());
    if (nameIn.value.trim()) s.set('name', nameIn.value.trim());
    if (page) s.set('page', page);
    if (Number(sizeSel.value) !== 50) s.set('size', sizeSel.value);
    if (q.sort !== 'id' || q.dir !== 'desc') { s.set('sort', q.sort); s.set('dir', q.dir); }
    const hash = '#/jobs' + (s.toString() ? '?' + s : '');
    if (location.hash === hash) load(); else ctx.navigate(hash);
  }

  let alive = true;
  async function load() {
    const s = new URLSearchParams({page: q.page, size: q.size});
    if (q.state) s.set('state', q.state);
    if (q.owner) s.set('owner', q.owner);
    if (q.name) s.set('name', q.name);
    s.set('sort', q.sort + ',' + q.dir);
    try {
      const page = await get('/api/v1/jobs?' + s);
      if (!alive) return;
      render(page);
    } catch (e) {
      fill(table, h('div', {class: 'alert'}, e.describe ? e.describe() : String(e)));
    }
  }

  function render(page) {
    // The server filters (state, owner, name), sorts (with id as the tiebreak) and pages.
    const items = page.items;
    fill(note, '');
    document.getElementById('jobs-total').textContent =
      `${fmt.num(page.totalItems)} job${page.totalItems === 1 ? '' : 's'}${q.state ? ' ' + q.state.toLowerCase() : ''}`;
    const head = h('tr', {}, COLUMNS.map(c => {
      const active = c.key === q.sort;
      return h('th', {class: c.num ? 'num' : null, 'aria-sort': active ? (q.dir === 'asc' ? 'ascending' : 'descending') : null},
        h('button', {class: 'sort', type: 'button', onclick: () => {
          if (q.sort === c.key) q.dir = q.dir === 'asc' ? 'desc' : 'asc'; else { q.sort = c.key; q.dir = c.key === 'name' || c.key === 'owner' ? 'asc' : 'desc'; }
          apply(0);
        }}, c.label, active ? (q.dir === 'asc' ? ' ▲' : ' ▼') : ''));
    }));
    const rows = items.map(j => h('tr', {class: 'clickable', 'data-job': j.id, onclick: e => { if (e.target.tagName !== 'A') ctx.navigate('#/jobs/' + j.id); }},
      h('td', {class: 'num'}, h('a', {href: '#/jobs/' + j.id}, '#' + j.id)),
      h('td', {class: 'wrap'}, h('a', {href: '#/jobs/' + j.id}, j.name), h('div', {class: 'muted'}, j.type || shortClass(j.entryClass))),
      h('td', {}, j.owner),
      h('td', {}, badge(j.state)),
      h('td', {}, j.currentAttempt?.worker ? [j.currentAttempt.worker, h('span', {class: 'muted'}, ' · #' + j.currentAttempt.number)] : h('span', {class: 'muted'}, '—')),
      h('td', {}, progressBar(j.progress)),
      h('td', {class: 'muted', title: j.submittedAt}, fmt.ago(j.submittedAt))));
    fill(table, h('table', {id: 'jobs-table'}, h('thead', {}, head), h('tbody', {}, rows)),
      items.length ? null : empty(q.state || q.name || q.owner ? 'No jobs match these filters.' : 'No jobs yet.'));
    const last = Math.max(0, page.totalPages - 1);
    fill(pager,
      h('span', {class: 'muted'}, page.totalItems ? `Page ${page.page + 1} of ${page.totalPages} · ${q.size} per page` : ''),
      h('div', {class: 'actions'},
        h('button', {class: 'btn btn-sm', type: 'button', disabled: page.page === 0, onclick: () => apply(0)}, '« First'),
        h('button', {class: 'btn btn-sm', type: 'button', disabled: page.page === 0, onclick: () => apply(page.page - 1), 'aria-label': 'Previous page'}, '‹ Prev'),
        h('button', {class: 'btn btn-sm', type: 'button', disabled: page.page >= last, onclick: () => apply(page.page + 1), 'aria-label': 'Next page'}, 'Next ›'),
        h('button', {class: 'btn btn-sm', type: 'button', disabled: page.page >= last, onclick: () => apply(last)}, 'Last »')));
    markReady('jobs');
  }

  const later = debounce(load, 800);
  const off = onLive(m => { if (m.kind === 'job') later(); });
  load();
  return () => { alive = false; off(); };
}

export function shortClass(name) {
  return name ? name.substring(name.lastIndexOf('.') + 1) : '';
}
