// Workers: state, labels, slots, load, running jobs and heartbeat age; cordon, uncordon, drain
// (mode and deadline) with live per-job drain progress, cancel a drain. Operators only.
import {get, post, del} from './api.js';
import {onLive} from './live.js';
import {h, fill, badge, fmt, debounce, empty, dialog, confirmAction, toast, field} from './dom.js';
import {slotBoxes} from './page-overview.js';

export function mount(host, ctx) {
  const list = h('div', {id: 'workers'});
  fill(host,
    h('div', {class: 'page-head'},
      h('div', {}, h('h1', {}, 'Workers'), h('div', {class: 'sub', id: 'workers-sub'}, ' '))),
    list);
  if (!ctx.isOperator()) {
    fill(list, h('div', {class: 'panel'}, empty('Workers are visible to operators. Your token has the SUBMITTER role.')));
    return () => {};
  }

  let workers = [], running = [], drains = {};
  let lastSignature = null;
  let alive = true;

  async function load() {
    try {
      const [w, r] = await Promise.all([get('/api/v1/workers'), get('/api/v1/jobs?state=RUNNING&size=500')]);
      workers = w; running = r.items;
      const draining = workers.filter(x => x.cordoned || x.drain || x.draining);
      const answers = await Promise.all(draining.map(x => get(`/api/v1/workers/${x.id}/drain`).catch(() => null)));
      drains = {};
      draining.forEach((x, i) => { if (answers[i]) drains[x.id] = answers[i]; });
      if (!alive) return;
      const signature = JSON.stringify([workers.map(x => ({...x, lastSeenAt: null})), running.map(j => [j.id, j.name, j.currentAttempt]), drains]);
      if (signature === lastSignature) {
        // only heartbeats moved: update their cells, keep the rest (and the keyboard focus) as it is
        workers.forEach(x => {
          const td = list.querySelector(`tr[data-worker="${CSS.escape(x.name)}"] [data-heartbeat]`);
          if (td) td.dataset.heartbeat = x.lastSeenAt;
        });
        return;
      }
      lastSignature = signature;
      render();
    } catch (e) {
      if (alive) fill(list, h('div', {class: 'alert'}, e.describe ? e.describe() : String(e)));
    }
  }

  function jobsOn(w) {
    return running.filter(j => j.currentAttempt && j.currentAttempt.worker === w.name);
  }

  function drainOf(w) {
    const d = drains[w.id] || w.drain;
    return d && (d.state === 'DRAINING' || d.active) ? d : (d && d.state ? d : null);
  }

  function render() {
    const active = workers.filter(w => w.state === 'ACTIVE');
    document.getElementById('workers-sub').textContent =
      `${workers.length} worker${workers.length === 1 ? '' : 's'} · ${active.length} active · ` +
      `${active.reduce((a, w) => a + (w.slots - w.freeSlots), 0)} of ${active.reduce((a, w) => a + w.slots, 0)} slots in use`;
    if (!workers.length) { fill(list, h('div', {class: 'panel'}, empty('No worker has registered yet.'))); return; }
    fill(list, h('section', {class: 'panel'}, h('div', {class: 'table-wrap'}, h('table', {id: 'workers-table'},
      h('thead', {}, h('tr', {}, ['Worker', 'State', 'Labels', 'Slots', 'Load', 'Running jobs', 'Heartbeat', 'Actions'].map(t => h('th', {}, t)))),
      h('tbody', {}, workers.map(row))))),
    workers.filter(w => drainOf(w)).map(drainPanel));
  }

  function stateOf(w) {
    const d = drainOf(w);
    if (w.state !== 'ACTIVE') return [badge(w.state)];
    if (d && d.state === 'DRAINING') return [badge('DRAINING')];
    return [badge(w.state), w.cordoned ? [' ', badge('CORDONED')] : null];
  }

  function row(w) {
    const jobs = jobsOn(w);
    const used = w.slots - w.freeSlots;
    const d = drainOf(w);
    const draining = d && d.state === 'DRAINING';
    return h('tr', {'data-worker': w.name},
      h('td', {class: 'nowrap'}, h('strong', {}, w.name), h('div', {class: 'muted'}, `${w.version || '?'} · ${fmt.num(w.memoryMb)} MB`)),
      h('td', {}, stateOf(w), w.cordonReason ? h('div', {class: 'why'}, w.cordonReason) : null),
      h('td', {class: 'wrap'}, Object.entries(w.labels || {}).map(([k, v]) => h('span', {class: 'chip'}, `${k}=${v}`)), Object.keys(w.labels || {}).length ? null : h('span', {class: 'muted'}, '—')),
      h('td', {}, slotBoxes(w)),
      h('td', {class: 'num nowrap'}, w.slots ? Math.round(100 * used / w.slots) + ' %' : '—', h('div', {class: 'muted'}, `${fmt.num(w.memoryMb - w.freeMemoryMb)} MB`)),
      h('td', {class: 'wrap', 'data-running': w.name}, jobs.length ? jobs.map(j => h('div', {}, h('a', {href: '#/jobs/' + j.id}, `${j.name} #${j.id}`))) : h('span', {class: 'muted'}, 'idle')),
      h('td', {'data-heartbeat': w.lastSeenAt, class: w.state === 'ACTIVE' ? null : 'muted'}, fmt.ago(w.lastSeenAt)),
      h('td', {}, h('div', {class: 'actions'},
        w.cordoned || draining
          ? h('button', {class: 'btn btn-sm', 'data-action': 'uncordon', disabled: draining, title: draining ? 'Cancel the drain first' : null, onclick: () => uncordon(w)}, 'Resume')
          : h('button', {class: 'btn btn-sm', 'data-action': 'cordon', disabled: w.state !== 'ACTIVE', onclick: () => cordon(w)}, 'Cordon'),
        draining
          ? h('button', {class: 'btn btn-sm btn-danger', 'data-action': 'cancel-drain', onclick: () => cancelDrain(w)}, 'Cancel drain')
          : h('button', {class: 'btn btn-sm btn-danger', 'data-action': 'drain', disabled: w.state !== 'ACTIVE', onclick: () => drain(w)}, 'Drain…'))));
  }

  function drainPanel(w) {
    const d = drainOf(w);
    const jobs = d.jobs || d.attempts || [];
    const done = jobs.filter(j => /MOVED|ENDED|DONE|COMPLETED/i.test(j.phase || j.state || '')).length;
    return h('section', {class: 'panel', 'data-drain': w.name},
      h('div', {class: 'panel-head'}, h('h2', {}, `Drain of ${w.name}`), badge(d.state || 'DRAINING')),
      h('dl', {class: 'dl'},
        h('dt', {}, 'Mode'), h('dd', {}, String(d.mode || '—').toLowerCase()),
        h('dt', {}, 'Started'), h('dd', {}, fmt.time(d.startedAt), d.requestedBy ? ` by ${d.requestedBy}` : ''),
        d.state === 'DRAINING'
          ? [h('dt', {}, 'Deadline'), h('dd', {}, d.deadline ? `${fmt.time(d.deadline)} (${Date.parse(d.deadline) > Date.now() ? 'in ' + fmt.duration(Date.parse(d.deadline) - Date.now()) : 'passed'})` : 'none')]
          : [h('dt', {}, 'Ended'), h('dd', {}, fmt.time(d.endedAt), d.outcome ? ` — ${d.outcome}` : '')],
        h('dt', {}, 'Reason'), h('dd', {}, d.reason || '—'),
        h('dt', {}, 'Progress'), h('dd', {}, jobs.length ? `${done} of ${jobs.length} jobs moved` : (d.outcome || 'no jobs to move'))),
      jobs.length ? h('div', {class: 'table-wrap'}, h('table', {class: 'drain-jobs'},
        h('thead', {}, h('tr', {}, ['Job', 'Phase', 'Now on', 'Details'].map(t => h('th', {}, t)))),
        h('tbody', {}, jobs.map(j => {
          const now = running.find(r => r.id === j.jobId);
          return h('tr', {'data-drain-job': j.jobId}, h('td', {}, h('a', {href: '#/jobs/' + j.jobId}, `${j.name || 'job'} #${j.jobId}`)),
            h('td', {}, badge(j.phase || j.state || '—')),
            h('td', {}, now && now.currentAttempt?.worker !== w.name ? now.currentAttempt.worker : '—'),
            h('td', {class: 'wrap why'}, [j.waitingFor ? 'waiting for ' + j.waitingFor : null, j.detail, j.note].filter(Boolean).join(' · ')));
        })))) : null);
  }

  async function call(fn, ok) {
    try { await fn(); toast(ok, 'ok'); load(); } catch (e) {
      toast(e.status === 404 || e.status === 405 ? 'This scheduler does not offer that operation yet.' : e.describe(), 'error');
    }
  }

  async function cordon(w) {
    const reason = h('input', {name: 'reason', maxlength: 500, placeholder: 'e.g. kernel upgrade'});
    const v = await dialog({title: `Cordon ${w.name}?`, confirmLabel: 'Cordon', body: [
      h('p', {class: 'muted'}, 'No new jobs are placed on this worker; the jobs running on it stay.'), field('Reason', reason)],
      collect: () => ({reason: reason.value.trim() || null})});
    if (v) call(() => post(`/api/v1/workers/${w.id}/cordon`, v), `${w.name} cordoned`);
  }

  function uncordon(w) {
    call(() => post(`/api/v1/workers/${w.id}/uncordon`, {}), `${w.name} takes new jobs again`);
  }

  async function drain(w) {
    const mode = h('select', {name: 'mode', id: 'drain-mode'},
      h('option', {value: 'GRACEFUL'}, 'Graceful — checkpoint each job, then move it'),
      h('option', {value: 'IMMEDIATE'}, 'Immediate — stop now, restart from the latest image'));
    const deadline = h('input', {name: 'deadlineSeconds', id: 'drain-deadline', type: 'number', value: 300, min: 1});
    const reason = h('input', {name: 'reason', id: 'drain-reason', maxlength: 500, placeholder: 'e.g. hardware maintenance'});
    const jobs = jobsOn(w).length;
    const v = await dialog({title: `Drain ${w.name}?`, confirmLabel: 'Drain worker', danger: true, body: [
      h('p', {}, `The worker stops taking jobs and its ${jobs} running job${jobs === 1 ? '' : 's'} move${jobs === 1 ? 's' : ''} to other workers.`),
      field('Mode', mode), field('Deadline (seconds)', deadline, 'After it, remaining jobs are stopped and restarted from their latest image.'),
      field('Reason', reason)],
      collect: () => {
        const s = Number(deadline.value);
        if (!(s > 0)) throw new Error('The deadline must be a positive number of seconds.');
        return {mode: mode.value, deadlineSeconds: s, reason: reason.value.trim() || null};
      }});
    if (v) call(() => post(`/api/v1/workers/${w.id}/drain`, v), `Draining ${w.name}`);
  }

  async function cancelDrain(w) {
    if (await confirmAction(`Cancel the drain of ${w.name}?`, 'Jobs already moved stay where they are; the worker stays cordoned until you resume it.', 'Cancel drain')) {
      call(() => del(`/api/v1/workers/${w.id}/drain`), `Drain of ${w.name} cancelled`);
    }
  }

  const later = debounce(load, 700);
  const off = onLive(() => later());
  const ticker = setInterval(() => {
    list.querySelectorAll('[data-heartbeat]').forEach(td => { td.textContent = fmt.ago(td.dataset.heartbeat); });
  }, 1000);
  const refresher = setInterval(load, 5000); // heartbeat times come from polling, not from events
  load();
  return () => { alive = false; off(); clearInterval(ticker); clearInterval(refresher); };
}
