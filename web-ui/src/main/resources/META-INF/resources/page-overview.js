// Overview: jobs by state, workers by state, slots, finished jobs and checkpoints over time, and
// the latest events, all kept current by the live stream.
import {get} from './api.js';
import {onLive} from './live.js';
import {h, fill, badge, fmt, debounce, empty} from './dom.js';
import {chart} from './charts.js';

export const JOB_STATES = ['RUNNING', 'QUEUED', 'HELD', 'CANCELLING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const STATE_COLOURS = {RUNNING: '#3b82f6', QUEUED: '#f59e0b', HELD: '#8b5cf6', CANCELLING: '#fbbf24', COMPLETED: '#22c55e', FAILED: '#ef4444', CANCELLED: '#98a2b3'};
const WINDOW_MINUTES = 30;
const BUCKET_SECONDS = 60;

/** A line of the event log: time, type badge, job and message. */
export function eventItem(e, fresh, withJob = true) {
  return h('li', {class: fresh ? 'ev-new' : null},
    h('span', {class: 'when', title: e.at}, fmt.time(e.at)),
    h('span', {}, badge(e.type.replaceAll('_', ' '), 'ev-' + e.type.toLowerCase())),
    h('span', {class: 'msg'},
      withJob ? [h('a', {href: '#/jobs/' + e.jobId}, (e.jobName || 'job') + ' #' + e.jobId), ' · '] : null,
      e.message,
      e.worker ? h('span', {class: 'muted'}, ' · ', e.worker) : null,
      e.attempt ? h('span', {class: 'muted'}, ' · attempt ', e.attempt) : null));
}

export function mount(host, ctx) {
  const kpis = h('div', {class: 'kpis'});
  const states = h('div', {class: 'panel', id: 'jobs-by-state'});
  const workersPanel = h('div', {class: 'panel', id: 'workers-by-state'});
  const chartHost = h('div', {class: 'chart', id: 'throughput-chart'});
  const events = h('ul', {class: 'events compact', id: 'recent-events'});
  fill(host,
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, 'Overview'), h('div', {class: 'sub'}, 'The cluster at a glance, updated live.')),
      h('div', {class: 'actions'}, h('a', {class: 'btn btn-primary', href: '#/submit'}, '+ Submit job'))),
    kpis,
    h('div', {class: 'grid grid-2'}, states, workersPanel),
    h('div', {class: 'grid grid-3'},
      h('section', {class: 'panel'},
        h('div', {class: 'panel-head'}, h('h2', {}, 'Throughput'), h('span', {class: 'muted'}, `last ${WINDOW_MINUTES} minutes, per minute`)),
        chartHost),
      h('section', {class: 'panel'},
        h('div', {class: 'panel-head'}, h('h2', {}, 'Recent events'), h('a', {href: '#/jobs'}, 'All jobs →')),
        events)));

  let counts = {};
  let workers = null;
  let alive = true;

  async function loadCounts() {
    const answers = await Promise.all(JOB_STATES.map(s =>
      get('/api/v1/jobs?size=1&state=' + s).then(p => p.totalItems).catch(() => null)));
    counts = Object.fromEntries(JOB_STATES.map((s, i) => [s, answers[i]]).filter(([, v]) => v !== null));
  }

  async function loadWorkers() {
    if (!ctx.isOperator()) { workers = null; return; }
    try { workers = await get('/api/v1/workers'); } catch { workers = null; }
  }

  function renderKpis() {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const active = workers ? workers.filter(w => w.state === 'ACTIVE') : [];
    const slots = active.reduce((a, w) => a + w.slots, 0);
    const free = active.reduce((a, w) => a + w.freeSlots, 0);
    fill(kpis,
      kpi('Running jobs', fmt.num(counts.RUNNING ?? 0), [fmt.num(counts.QUEUED ?? 0), ' queued'], 'kpi-running'),
      kpi('Completed', fmt.num(counts.COMPLETED ?? 0), [fmt.num(counts.FAILED ?? 0), ' failed · ', fmt.num(counts.CANCELLED ?? 0), ' cancelled'], 'kpi-completed'),
      kpi('Jobs in total', fmt.num(total), ['across ', Object.keys(counts).length, ' states'], 'kpi-total'),
      workers ? kpi('Slots in use', `${slots - free} / ${slots}`, [free, ' free on ', active.length, ' active workers'], 'kpi-slots')
        : kpi('Slots', '—', 'visible to operators', 'kpi-slots'));
  }

  function renderStates() {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const bar = h('div', {class: 'statebar', role: 'img', 'aria-label': 'jobs by state'});
    for (const s of JOB_STATES) {
      if (!counts[s]) continue;
      const seg = h('span', {title: `${s}: ${counts[s]}`});
      seg.style.width = (100 * counts[s] / total) + '%';
      seg.style.background = STATE_COLOURS[s];
      bar.append(seg);
    }
    fill(states, h('div', {class: 'panel-head'}, h('h2', {}, 'Jobs by state'), h('span', {class: 'muted'}, fmt.num(total), ' jobs')),
      total ? bar : null,
      h('div', {class: 'state-legend'}, JOB_STATES.filter(s => s in counts).map(s => {
        const dot = h('span', {class: 'swatch'});
        dot.style.background = STATE_COLOURS[s];
        return h('a', {href: '#/jobs?state=' + s, 'data-state': s}, dot, ' ', s.toLowerCase(), ' ', h('strong', {}, fmt.num(counts[s])));
      })));
  }

  function renderWorkers() {
    if (!workers) {
      fill(workersPanel, h('h2', {}, 'Workers'), empty(ctx.isOperator() ? 'Cannot read workers.' : 'Workers are visible to operators.'));
      return;
    }
    const by = {};
    for (const w of workers) {
      const s = w.state !== 'ACTIVE' ? w.state : (w.drain && w.drain.state === 'DRAINING') ? 'DRAINING' : w.cordoned ? 'CORDONED' : 'ACTIVE';
      by[s] = (by[s] || 0) + 1;
    }
    fill(workersPanel,
      h('div', {class: 'panel-head'}, h('h2', {}, 'Workers by state'), h('a', {href: '#/workers'}, 'Workers →')),
      h('div', {class: 'state-legend'}, Object.entries(by).map(([s, n]) => h('span', {}, badge(s), ' ', h('strong', {}, n)))),
      h('div', {class: 'table-wrap'}, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Worker'), h('th', {}, 'State'), h('th', {}, 'Slots'), h('th', {class: 'hide-sm'}, 'Heartbeat'))),
        h('tbody', {}, workers.slice(0, 8).map(w => h('tr', {},
          h('td', {}, w.name), h('td', {}, badge(w.state), w.cordoned ? [' ', badge('CORDONED')] : null),
          h('td', {}, slotBoxes(w)), h('td', {class: 'hide-sm muted'}, fmt.ago(w.lastSeenAt))))))));
  }

  async function loadChart() {
    const buckets = await get(`/api/v1/events/timeline?minutes=${WINDOW_MINUTES}&bucketSeconds=${BUCKET_SECONDS}`);
    const now = Math.floor(Date.now() / 1000 / BUCKET_SECONDS) * BUCKET_SECONDS;
    const starts = [];
    for (let t = now - (WINDOW_MINUTES - 1) * BUCKET_SECONDS; t <= now; t += BUCKET_SECONDS) starts.push(t);
    const byStart = new Map(buckets.map(b => [Date.parse(b.start) / 1000, b]));
    const pick = k => starts.map(t => byStart.get(t)?.[k] || 0);
    chart(chartHost, {
      labels: starts, type: 'bars',
      series: [{name: 'jobs completed', values: pick('completed')}, {name: 'checkpoints committed', values: pick('checkpoints')},
        {name: 'jobs failed or cancelled', values: pick('failed')}],
      xFormat: t => new Date(t * 1000).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}),
      yFormat: v => Number.isInteger(v) ? String(v) : v.toFixed(1), height: 230});
  }

  async function loadEvents() {
    const list = await get('/api/v1/events?limit=12');
    fill(events, list.length ? list.map(e => eventItem(e, false)) : empty('No events yet. Submit a job to get started.'));
  }

  async function refresh() {
    try {
      await Promise.all([loadCounts(), loadWorkers()]);
      if (!alive) return;
      renderKpis(); renderStates(); renderWorkers();
      markReady('overview');
      await loadChart();
    } catch (e) {
      fill(document.getElementById('page-error'), h('div', {class: 'alert'}, e.describe ? e.describe() : String(e)));
    }
  }

  let lastEventAt = 0, burst = 0;
  const later = debounce(refresh, 1000);
  const off = onLive(m => {
    if (m.kind === 'job') {
      events.querySelector('.empty')?.remove();
      const now = Date.now();
      burst = now - lastEventAt < 300 ? burst + 1 : 0;
      lastEventAt = now;
      events.prepend(eventItem(m.event, burst < 3));
      while (events.children.length > 12) events.lastChild.remove();
    }
    later();
  });
  const ticker = setInterval(() => { if (workers) renderWorkers(); }, 5000);
  refresh();
  loadEvents().catch(() => {});
  return () => { alive = false; off(); clearInterval(ticker); };
}

/** Marks when a page first shows its data (read by the browser tests through the Performance API). */
export function markReady(page) {
  const name = 'tern:ready:' + page;
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

function kpi(label, value, detail, id) {
  return h('div', {class: 'kpi', id}, h('div', {class: 'kpi-label'}, label), h('div', {class: 'kpi-value'}, value), h('div', {class: 'kpi-detail'}, detail));
}

/** Slot boxes: filled for used slots. */
export function slotBoxes(w) {
  const used = Math.max(0, w.slots - w.freeSlots);
  const boxes = [];
  for (let i = 0; i < Math.min(w.slots, 16); i++) boxes.push(h('span', {class: ['slot', i < used ? 'used' : null]}));
  return h('span', {class: 'slots', title: `${used} of ${w.slots} slots in use`, 'aria-label': `${used} of ${w.slots} slots in use`}, boxes,
    w.slots > 16 ? h('span', {class: 'muted'}, ` ${used}/${w.slots}`) : null);
}
