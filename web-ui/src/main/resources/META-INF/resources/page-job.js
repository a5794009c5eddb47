// Job detail: spec (with the uploaded jars the job runs, to download), state and progress, attempts across workers (and why each ended), the live log, the output files once it completed, checkpoints
// with their metrics and a chart, restores, the event log, and the actions on the job.
import {get, post, artifactPath} from './api.js';
import {onLive} from './live.js';
import {h, fill, badge, fmt, progressBar, debounce, empty, dialog, confirmAction, toast, field} from './dom.js';
import {chart} from './charts.js';
import {eventItem} from './page-overview.js';
import {logsPanel} from './job-logs.js';
import {outputsPanel} from './job-outputs.js';

/** Events that say why an attempt ended, by what the cause was (the first found wins). */
const CAUSES = [
  ['DRAIN_MOVE', 'drain'], ['STOPPED_AT_DEADLINE', 'drain deadline'], ['REBALANCE_MOVE', 'rebalance'],
  ['MIGRATION_REQUESTED', 'manual move'], ['HOLD_REQUESTED', 'hold'], ['ATTEMPT_LOST', 'worker lost'],
  ['FAILED', 'failure'], ['RETRY_SCHEDULED', 'failure'], ['ATTEMPT_KILLED', 'killed'], ['CANCEL_REQUESTED', 'cancel'],
  ['CANCELLED', 'cancel'], ['VACATED', 'moved'], ['COMPLETED', 'completed'],
];

export function mount(host, ctx) {
  const id = ctx.id;
  const head = h('div', {class: 'page-head'});
  const banner = h('div', {id: 'job-banner'});
  const summary = h('section', {class: 'panel', id: 'job-summary'});
  const spec = h('section', {class: 'panel', id: 'job-spec'});
  const attemptsPanel = h('section', {class: 'panel', id: 'job-attempts'});
  const checkpointsPanel = h('section', {class: 'panel', id: 'job-checkpoints'});
  const restoresPanel = h('section', {class: 'panel', id: 'job-restores'});
  const eventsPanel = h('section', {class: 'panel', id: 'job-events'});
  const logs = logsPanel(id);
  const outputs = outputsPanel(id);
  fill(host, head, banner, h('div', {class: 'grid grid-2'}, summary, spec), attemptsPanel, logs.element, outputs.element, checkpointsPanel, restoresPanel, eventsPanel);

  let job = null, attempts = [], checkpoints = [], events = [];
  let alive = true;
  let showAllCheckpoints = false;

  async function load() {
    try {
      [job, attempts, checkpoints, events] = await Promise.all([
        get(`/api/v1/jobs/${id}`), get(`/api/v1/jobs/${id}/attempts`), get(`/api/v1/jobs/${id}/checkpoints`), get(`/api/v1/jobs/${id}/events`)]);
    } catch (e) {
      if (!alive) return;
      fill(head, h('div', {}, h('div', {class: 'crumbs'}, h('a', {href: '#/jobs'}, 'Jobs'), ' / #' + id), h('h1', {}, 'Job #' + id)));
      fill(banner, h('div', {class: 'alert'}, e.status === 404 ? `Job #${id} does not exist, or you may not see it.` : e.describe()));
      return;
    }
    if (!alive) return;
    renderHead(); renderBanner(); renderSummary(); renderSpec(); renderAttempts(); renderCheckpoints(); renderRestores(); renderEvents();
    outputs.render(job);
  }

  function can(state, ...states) { return states.includes(state); }

  function renderHead() {
    const s = job.state;
    const active = can(s, 'QUEUED', 'RUNNING', 'HELD');
    const committed = checkpoints.filter(c => c.state === 'COMMITTED');
    fill(head,
      h('div', {},
        h('div', {class: 'crumbs'}, h('a', {href: '#/jobs'}, 'Jobs'), ' / #' + job.id),
        h('h1', {}, job.name, ' ', h('span', {class: 'muted'}, '#' + job.id), ' ', badge(s)),
        h('div', {class: 'sub'}, job.type ? `${job.type} · ` : '', h('code', {}, job.entryClass), ' · owner ', job.owner)),
      h('div', {class: 'actions', role: 'toolbar', 'aria-label': 'Job actions'},
        h('button', {class: 'btn', id: 'act-checkpoint', disabled: s !== 'RUNNING', onclick: checkpointNow}, 'Checkpoint now'),
        ctx.isOperator()
          ? h('button', {class: 'btn', id: 'act-migrate', disabled: s !== 'RUNNING', onclick: migrate}, 'Migrate…') : null,
        s === 'HELD'
          ? h('button', {class: 'btn', id: 'act-release', onclick: () => act('release', undefined, 'Released')}, 'Release')
          : h('button', {class: 'btn', id: 'act-hold', disabled: !can(s, 'QUEUED', 'RUNNING'), onclick: hold}, 'Hold…'),
        ctx.isOperator()
          ? h('button', {class: 'btn', id: 'act-priority', disabled: !active, onclick: priority}, 'Priority…') : null,
        h('button', {class: 'btn', id: 'act-resubmit', disabled: committed.length === 0, title: committed.length ? null : 'No committed checkpoint yet',
          onclick: () => resubmit()}, 'Resubmit from checkpoint…'),
        h('button', {class: 'btn btn-danger', id: 'act-cancel', disabled: !active, onclick: cancel}, 'Cancel')));
  }

  function renderBanner() {
    const parts = [];
    const origin = job.origin || (job.originJobId ? {jobId: job.originJobId, seq: job.originSeq} : null);
    if (origin && origin.jobId) {
      parts.push(h('div', {class: 'alert alert-info', id: 'job-origin'}, 'Resubmitted from ',
        h('a', {href: '#/jobs/' + origin.jobId}, 'job #' + origin.jobId), `, checkpoint #${origin.seq ?? origin.checkpointSeq}`, '.'));
    }
    if (job.state === 'QUEUED' && (job.pendingReason || job.placement)) {
      const verdicts = job.placement?.workers || [];
      parts.push(h('div', {class: 'alert alert-warn', id: 'job-pending'}, h('h3', {}, 'Why is this job not running?'),
        job.placement?.summary || job.pendingReason,
        verdicts.length ? h('ul', {class: 'verdicts'}, verdicts.map(v => h('li', {},
          h('strong', {}, v.worker), ' — ', v.fits ? 'fits now' : (v.reasons || []).join('; ') || (v.matches ? 'no room now' : 'does not match')))) : null));
    }
    if (job.state === 'HELD') {
      parts.push(h('div', {class: 'alert alert-warn'}, h('h3', {}, 'Held'), job.holdReason || 'The job is held; release it to place it again.'));
    }
    const failedAttempt = [...attempts].reverse().find(a => a.error);
    if (job.error || (job.state === 'FAILED' && failedAttempt)) {
      parts.push(h('div', {class: 'alert', id: 'job-error'}, h('h3', {}, job.state === 'FAILED' ? 'The job failed' : 'Last error'),
        h('pre', {class: 'error-text'}, job.error || failedAttempt.error)));
    } else if (failedAttempt && job.state !== 'COMPLETED') {
      parts.push(h('div', {class: 'alert alert-warn'}, h('h3', {}, `Attempt ${failedAttempt.number} failed`), h('pre', {class: 'error-text'}, failedAttempt.error)));
    }
    if (job.state === 'COMPLETED' && job.result) {
      parts.push(h('div', {class: 'alert alert-ok', id: 'job-result'}, h('h3', {}, 'Result'), h('pre', {class: 'error-text'}, JSON.stringify(job.result, null, 2))));
    }
    fill(banner, parts);
  }

  function renderSummary() {
    const a = job.currentAttempt;
    const runtime = job.startedAt ? (job.finishedAt ? Date.parse(job.finishedAt) : Date.now()) - Date.parse(job.startedAt) : null;
    fill(summary, h('h2', {}, 'Status'),
      h('dl', {class: 'dl'},
        h('dt', {}, 'State'), h('dd', {id: 'job-state'}, badge(job.state)),
        h('dt', {}, 'Progress'), h('dd', {}, progressBar(job.progress), job.step != null ? h('span', {class: 'muted'}, ` step ${fmt.num(job.step)}`) : null),
        h('dt', {}, 'Current attempt'), h('dd', {}, a ? [`#${a.number} on `, h('strong', {}, a.worker || '—'), ' ', badge(a.state)] : '—'),
        h('dt', {}, 'Retries'), h('dd', {}, `${job.retries} of ${job.maxRetries}`),
        h('dt', {}, 'Latest checkpoint'), h('dd', {}, job.latestCheckpoint
          ? [`#${job.latestCheckpoint.seq} · `, fmt.bytes(job.latestCheckpoint.logicalBytes), ' · ', fmt.ago(job.latestCheckpoint.committedAt)] : '—'),
        h('dt', {}, 'Submitted'), h('dd', {}, fmt.time(job.submittedAt)),
        h('dt', {}, 'Started'), h('dd', {}, fmt.time(job.startedAt)),
        h('dt', {}, 'Finished'), h('dd', {}, fmt.time(job.finishedAt)),
        h('dt', {}, 'Run time'), h('dd', {}, fmt.duration(runtime))));
  }

  function renderSpec() {
    const params = Object.entries(job.parameters || {});
    fill(spec, h('h2', {}, 'Specification'),
      h('dl', {class: 'dl'},
        h('dt', {}, 'Type'), h('dd', {}, job.type || '—'),
        h('dt', {}, 'Entry class'), h('dd', {}, h('code', {}, job.entryClass)),
        job.artifacts && job.artifacts.length ? [h('dt', {}, 'Artifacts'), h('dd', {}, h('ul', {class: 'artifacts', id: 'job-artifacts'},
          job.artifacts.map(a => h('li', {'data-artifact': a.id},
            h('a', {href: artifactPath(a.id) + '/content', download: a.name, title: 'Download ' + a.name}, a.name), ' ',
            h('code', {title: a.id}, fmt.digest(a.id)), h('span', {class: 'muted'}, ' · ' + fmt.bytes(a.size))))))] : null,
        h('dt', {}, 'Resources'), h('dd', {}, `${job.resources.slots} slot${job.resources.slots === 1 ? '' : 's'} · ${fmt.num(job.resources.memoryMb)} MB`),
        h('dt', {}, 'Checkpoint every'), h('dd', {}, `${job.checkpointIntervalSeconds} s`),
        h('dt', {}, 'Max retries'), h('dd', {}, job.maxRetries),
        h('dt', {}, 'Priority'), h('dd', {}, job.priority),
        job.constraints && Object.keys(job.constraints).length ? [h('dt', {}, 'Constraints'), h('dd', {}, Object.entries(job.constraints).map(([k, v]) => h('span', {class: 'chip'}, `${k}=${v}`)))] : null,
        h('dt', {}, 'Parameters'), h('dd', {}, params.length ? params.map(([k, v]) => h('span', {class: 'chip'}, `${k}=${v}`)) : h('span', {class: 'muted'}, 'none'))));
  }

  /** {cause, text}: why attempt `a` ended (drain, rebalance, manual move, failure, lost worker, ...). */
  function whyEnded(a) {
    const from = Date.parse(a.placedAt), to = a.endedAt ? Date.parse(a.endedAt) + 1000 : Infinity;
    const mine = events.filter(e => e.attempt === a.number || (e.attempt == null && Date.parse(e.at) >= from && Date.parse(e.at) <= to));
    for (const [type, cause] of CAUSES) {
      const e = mine.find(x => x.type === type);
      if (e) return {cause, text: a.stopReason || e.message};
    }
    if (a.stopReason) return {cause: 'stopped', text: a.stopReason};
    if (a.error) return {cause: 'failure', text: a.error.split('\n')[0]};
    return a.state === 'RUNNING' || a.state === 'PENDING' ? {cause: null, text: ''} : {cause: a.state.toLowerCase(), text: ''};
  }

  function whyCell(a) {
    const w = whyEnded(a);
    return [w.cause ? h('span', {class: ['badge', 'cause', 'cause-' + w.cause.replace(/\s+/g, '-')]}, w.cause) : null, w.text ? ' ' + w.text : ''];
  }

  function renderAttempts() {
    if (!attempts.length) {
      fill(attemptsPanel, h('h2', {}, 'Attempts'), empty(job.state === 'QUEUED' ? 'Not placed yet.' : 'No attempts.'));
      return;
    }
    const t0 = Math.min(...attempts.map(a => Date.parse(a.placedAt)));
    const t1 = Math.max(Date.now() * (attempts.some(a => !a.endedAt) ? 1 : 0), ...attempts.map(a => Date.parse(a.endedAt || a.placedAt)));
    const span = Math.max(1, t1 - t0);
    const workers = [...new Set(attempts.map(a => a.worker || '?'))];
    const rows = workers.map(w => h('div', {class: 'tl-row'}, h('span', {}, h('strong', {}, w)),
      h('div', {class: 'tl-track'}, attempts.filter(a => (a.worker || '?') === w).map(a => {
        const start = Date.parse(a.placedAt), end = a.endedAt ? Date.parse(a.endedAt) : Date.now();
        const bar = h('div', {class: ['tl-bar', 'st-' + a.state.toLowerCase()], title: `attempt ${a.number}: ${a.state} ${fmt.duration(end - start)} — ${whyEnded(a).cause || 'running'}: ${whyEnded(a).text}`},
          `#${a.number} ${a.state.toLowerCase()}`);
        bar.style.left = (100 * (start - t0) / span) + '%';
        bar.style.width = Math.max(1.5, 100 * (end - start) / span) + '%';
        return bar;
      }))));
    fill(attemptsPanel,
      h('div', {class: 'panel-head'}, h('h2', {}, 'Attempts'), h('span', {class: 'muted'}, `${attempts.length} attempt${attempts.length === 1 ? '' : 's'} on ${workers.length} worker${workers.length === 1 ? '' : 's'}`)),
      h('div', {class: 'timeline', id: 'attempt-timeline'}, rows),
      h('div', {class: 'table-wrap'}, h('table', {id: 'attempts-table'},
        h('thead', {}, h('tr', {}, ['#', 'Worker', 'State', 'Desired', 'Placed', 'Ran for', 'Restored from', 'Why it ended'].map(t => h('th', {}, t)))),
        h('tbody', {}, attempts.map(a => h('tr', {'data-attempt': a.number},
          h('td', {}, a.number), h('td', {}, a.worker || '—'), h('td', {}, badge(a.state)), h('td', {}, badge(a.desired)),
          h('td', {class: 'muted nowrap'}, fmt.time(a.placedAt)),
          h('td', {}, a.startedAt ? fmt.duration((a.endedAt ? Date.parse(a.endedAt) : Date.now()) - Date.parse(a.startedAt)) : '—'),
          h('td', {}, a.restoredFromSeq != null ? `checkpoint #${a.restoredFromSeq}` : (a.restoreFromSeq != null ? `#${a.restoreFromSeq} (pending)` : 'fresh start')),
          h('td', {class: 'wrap why'}, whyCell(a))))))));
  }

  function renderCheckpoints() {
    if (!checkpoints.length) {
      fill(checkpointsPanel, h('h2', {}, 'Checkpoints'), empty('No checkpoints yet' + (job.state === 'RUNNING' ? ` — the first is due ${job.checkpointIntervalSeconds} s after the start.` : '.')));
      return;
    }
    const committed = checkpoints.filter(c => c.state === 'COMMITTED' || c.committedAt);
    const timeChart = h('div', {class: 'chart', id: 'checkpoint-time-chart'});
    const sizeChart = h('div', {class: 'chart', id: 'checkpoint-size-chart'});
    fill(checkpointsPanel,
      h('div', {class: 'panel-head'}, h('h2', {}, 'Checkpoints'),
        h('span', {class: 'muted'}, `${committed.length} committed · retained images can seed a new job`)),
      h('div', {class: 'grid grid-2'}, h('div', {}, h('h3', {}, 'Pause and commit time'), timeChart), h('div', {}, h('h3', {}, 'Image size'), sizeChart)),
      h('div', {class: 'table-wrap'}, h('table', {id: 'checkpoints-table'},
        h('thead', {}, h('tr', {}, ['Seq', 'State', 'Attempt', 'Step', 'Committed', 'Logical', 'Stored', 'Uploaded', 'Snapshot', 'Commit', ''].map((t, i) =>
          h('th', {class: i >= 5 && i <= 9 ? 'num' : null}, t)))),
        h('tbody', {}, [...checkpoints].reverse().slice(0, showAllCheckpoints ? undefined : 10).map(c => h('tr', {'data-seq': c.seq},
          h('td', {}, '#' + c.seq, c.pinned ? h('span', {class: 'chip', title: 'kept beyond retention'}, 'pinned') : null),
          h('td', {}, badge(c.state)), h('td', {}, c.attempt ?? '—'), h('td', {}, fmt.num(c.step)),
          h('td', {class: 'muted nowrap'}, fmt.time(c.committedAt)),
          h('td', {class: 'num'}, fmt.bytes(c.logicalBytes)), h('td', {class: 'num'}, fmt.bytes(c.storedBytes)), h('td', {class: 'num'}, fmt.bytes(c.uploadedBytes)),
          h('td', {class: 'num'}, fmt.ms(c.snapshotMs)), h('td', {class: 'num'}, fmt.ms(c.commitMs)),
          h('td', {}, c.state === 'COMMITTED' ? h('button', {class: 'btn btn-sm', 'data-resubmit': c.seq, onclick: () => resubmit(c.seq)}, 'Resubmit from #' + c.seq) : null)))))));
    if (checkpoints.length > 10) {
      checkpointsPanel.append(h('button', {class: 'btn btn-sm', type: 'button', id: 'toggle-checkpoints', onclick: () => { showAllCheckpoints = !showAllCheckpoints; renderCheckpoints(); }},
        showAllCheckpoints ? 'Show the newest 10' : `Show all ${checkpoints.length} checkpoints`));
    }
    const shown = committed.slice(-40);
    chart(timeChart, {labels: shown.map(c => c.seq), type: 'bars',
      series: [{name: 'snapshot (job paused)', values: shown.map(c => c.snapshotMs || 0)}, {name: 'commit (upload)', values: shown.map(c => c.commitMs || 0)}],
      xFormat: s => '#' + s, yFormat: v => fmt.ms(Math.round(v)), height: 180});
    chart(sizeChart, {labels: shown.map(c => c.seq), type: 'lines',
      series: [{name: 'logical', values: shown.map(c => c.logicalBytes || 0)}, {name: 'stored', values: shown.map(c => c.storedBytes || 0)},
        {name: 'uploaded', values: shown.map(c => c.uploadedBytes || 0)}],
      xFormat: s => '#' + s, yFormat: v => fmt.bytes(v), height: 180});
  }

  function renderRestores() {
    const restores = attempts.filter(a => a.restoredFromSeq != null);
    fill(restoresPanel, h('div', {class: 'panel-head'}, h('h2', {}, 'Restores'), h('span', {class: 'muted'}, 'recovery = from the decision to restore until the job runs again')),
      restores.length ? h('div', {class: 'table-wrap'}, h('table', {id: 'restores-table'},
        h('thead', {}, h('tr', {}, ['Attempt', 'Worker', 'From checkpoint', 'Restored bytes', 'Restore', 'Recovery'].map((t, i) => h('th', {class: i >= 3 ? 'num' : null}, t)))),
        h('tbody', {}, restores.map(a => h('tr', {},
          h('td', {}, '#' + a.number), h('td', {}, a.worker || '—'), h('td', {}, a.restoredFromSeq != null ? '#' + a.restoredFromSeq : '—'),
          h('td', {class: 'num'}, fmt.bytes(a.restoredBytes)), h('td', {class: 'num'}, fmt.ms(a.restoreMs)), h('td', {class: 'num'}, fmt.ms(a.recoveryMs)))))))
        : empty('This job has not been restored from a checkpoint.'));
  }

  function renderEvents() {
    fill(eventsPanel, h('div', {class: 'panel-head'}, h('h2', {}, 'Event log'), h('span', {class: 'muted'}, `${events.length} events`)),
      events.length ? h('ul', {class: 'events', id: 'job-event-log'}, [...events].reverse().map(e => eventItem({...e, jobId: id}, false, false))) : empty('No events.'));
  }

  async function act(action, body, done) {
    try {
      await post(`/api/v1/jobs/${id}/${action}`, body);
      toast(done, 'ok');
      load();
    } catch (e) {
      toast(e.status === 404 || e.status === 405 ? `This scheduler does not offer "${action}" yet.` : e.describe(), 'error');
    }
  }

  function checkpointNow() { act('checkpoint', {}, 'Checkpoint requested'); }

  async function cancel() {
    if (await confirmAction(`Cancel job #${id}?`, `"${job.name}" stops now; its work since the last checkpoint is lost. This cannot be undone.`, 'Cancel job')) {
      act('cancel', undefined, 'Cancel requested');
    }
  }

  async function hold() {
    const reason = h('input', {name: 'reason', maxlength: 500, placeholder: 'optional'});
    const v = await dialog({title: `Hold job #${id}`, confirmLabel: 'Hold',
      body: [h('p', {class: 'muted'}, job.state === 'RUNNING' ? 'The job is checkpointed and stopped; it is not placed again until released.' : 'The job is not placed until released.'),
        field('Reason', reason)], collect: () => ({reason: reason.value.trim() || null})});
    if (v) act('hold', v, 'Hold requested');
  }

  async function priority() {
    const input = h('input', {name: 'priority', type: 'number', value: job.priority, step: 1});
    const v = await dialog({title: `Priority of job #${id}`, confirmLabel: 'Set priority', body: [field('Priority', input, 'Higher runs first.')],
      collect: () => ({priority: Number(input.value)})});
    if (v) act('priority', v, 'Priority set');
  }

  async function migrate() {
    let workers = [];
    try { workers = ctx.isOperator() ? await get('/api/v1/workers') : []; } catch { workers = []; }
    const sel = h('select', {name: 'targetWorker'}, h('option', {value: ''}, 'Any other worker'),
      workers.filter(w => w.state === 'ACTIVE' && w.name !== job.currentAttempt?.worker).map(w => h('option', {value: w.id}, `${w.name} (${w.freeSlots} free)`)));
    const reason = h('input', {name: 'reason', maxlength: 500, placeholder: 'optional'});
    const v = await dialog({title: `Migrate job #${id}`, confirmLabel: 'Migrate',
      body: [h('p', {class: 'muted'}, 'The job is checkpointed, stopped and restored on another worker.'), field('Target', sel), field('Reason', reason)],
      collect: () => ({workerId: sel.value ? Number(sel.value) : undefined, reason: reason.value.trim() || undefined})});
    if (v) act('migrate', v, 'Migration requested');
  }

  async function resubmit(seq) {
    const committed = checkpoints.filter(c => c.state === 'COMMITTED');
    const seqSel = h('select', {name: 'checkpointSeq', id: 'resubmit-seq'}, [...committed].reverse().map(c =>
      h('option', {value: c.seq, selected: seq === c.seq}, `#${c.seq} · step ${fmt.num(c.step)} · ${fmt.time(c.committedAt)}`)));
    const name = h('input', {name: 'name', id: 'resubmit-name', value: `${job.name}-from-${seq ?? committed[committed.length - 1]?.seq}`});
    const slots = h('input', {name: 'slots', id: 'resubmit-slots', type: 'number', value: job.resources.slots});
    const memory = h('input', {name: 'memoryMb', id: 'resubmit-memory', type: 'number', value: job.resources.memoryMb});
    const params = h('textarea', {name: 'parameters', id: 'resubmit-parameters', rows: 3},
      Object.entries(job.parameters || {}).map(([k, v]) => `${k}=${v}`).join('\n'));
    seqSel.addEventListener('change', () => { name.value = `${job.name}-from-${seqSel.value}`; });
    const v = await dialog({title: `Resubmit job #${id} from a checkpoint`, confirmLabel: 'Resubmit',
      body: [h('p', {class: 'muted'}, 'A new job starts from the chosen image. Change its resources or parameters if you need to.'),
        field('Checkpoint', seqSel), field('Name of the new job', name),
        h('div', {class: 'form-grid'}, field('Slots', slots), field('Memory (MB)', memory)),
        field('Parameters', params, 'one key=value per line')],
      collect: () => {
        const parameters = {};
        for (const line of params.value.split('\n').map(l => l.trim()).filter(Boolean)) {
          const at = line.indexOf('=');
          if (at < 1) throw new Error(`"${line}" is not key=value.`);
          parameters[line.substring(0, at).trim()] = line.substring(at + 1).trim();
        }
        return {checkpointSeq: Number(seqSel.value),
          overrides: {name: name.value.trim() || undefined, parameters, resources: {slots: Number(slots.value), memoryMb: Number(memory.value)}}};
      }});
    if (!v) return;
    try {
      const created = await post(`/api/v1/jobs/${id}/resubmit`, v);
      toast(`Job #${created.id} submitted from checkpoint #${v.checkpointSeq}`, 'ok');
      ctx.navigate('#/jobs/' + created.id);
    } catch (e) {
      toast(e.status === 404 || e.status === 405 ? 'This scheduler does not offer resubmit yet.' : e.describe(), 'error');
    }
  }

  const later = debounce(load, 500);
  const off = onLive(m => { if (m.kind === 'job' && m.event.jobId === id) later(); });
  const ticker = setInterval(() => { if (job && job.state === 'RUNNING') { renderSummary(); } }, 5000);
  load();
  return () => { alive = false; off(); clearInterval(ticker); logs.close(); };
}
