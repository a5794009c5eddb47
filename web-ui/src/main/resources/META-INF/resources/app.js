// The dashboard shell: who is logged in, the live connection, and a hash router that mounts one
// page at a time (#/overview, #/jobs, #/jobs/42, #/workers, #/submit). Pages are ES modules
// loaded on first use; each exports mount(host, ctx) and returns an unmount function.
import {get, csrfToken} from './api.js';
import {connect, onStatus} from './live.js';
import {fill, h} from './dom.js';

const routes = [
  {re: /^#\/overview$/, nav: 'overview', load: () => import('./page-overview.js')},
  {re: /^#\/jobs(\?.*)?$/, nav: 'jobs', load: () => import('./page-jobs.js')},
  {re: /^#\/jobs\/(\d+)$/, nav: 'jobs', load: () => import('./page-job.js')},
  {re: /^#\/workers$/, nav: 'workers', load: () => import('./page-workers.js')},
  {re: /^#\/submit(\?.*)?$/, nav: 'submit', load: () => import('./page-submit.js')},
];

const ctx = {me: null, navigate: hash => { location.hash = hash; }, isOperator: () => ctx.me && ctx.me.role !== 'SUBMITTER'};
let unmount = null;
let generation = 0;

async function route() {
  const hash = location.hash || '#/overview';
  const r = routes.find(x => x.re.test(hash.split('?')[0]) || x.re.test(hash));
  if (!r) { location.hash = '#/overview'; return; }
  document.querySelectorAll('[data-nav]').forEach(a => {
    if (a.dataset.nav === r.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const mine = ++generation;
  if (unmount) { try { unmount(); } catch (e) { console.error(e); } unmount = null; }
  fill(document.getElementById('page-error'));
  const host = document.getElementById('page');
  try {
    const page = await r.load();
    if (mine !== generation) return;
    fill(host);
    const match = hash.match(r.re);
    const params = new URLSearchParams(hash.includes('?') ? hash.substring(hash.indexOf('?') + 1) : '');
    unmount = page.mount(host, {...ctx, id: match && match[1] && /^\d+$/.test(match[1]) ? Number(match[1]) : null, params});
  } catch (e) {
    console.error(e);
    fill(document.getElementById('page-error'), h('div', {class: 'alert'}, 'This page failed to load: ' + (e.describe ? e.describe() : e.message)));
  }
}

async function start() {
  document.getElementById('csrf').value = csrfToken();
  onStatus(s => {
    const el = document.getElementById('live');
    el.className = 'live live-' + s;
    document.getElementById('live-text').textContent = s === 'live' ? 'live' : s;
  });
  try {
    ctx.me = await get('/api/v1/me');
    document.getElementById('user').textContent = ctx.me.owner + ' · ' + ctx.me.role.toLowerCase();
    document.body.dataset.role = ctx.me.role;
  } catch (e) {
    fill(document.getElementById('page-error'), h('div', {class: 'alert'}, e.describe ? e.describe() : String(e)));
    return;
  }
  connect();
  window.addEventListener('hashchange', route);
  await route();
}

start();
