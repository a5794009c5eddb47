// Submit: a form for the example job types, the user's own uploaded jars, or any entry class on the
// workers, with parameters, resources, checkpoint interval and retries. A jar is uploaded here (with
// its progress) and its job classes offered to pick the entry class from. The server validates; its
// problem response is shown next to the fields it names.
import {get, post, uploadArtifact, ApiError} from './api.js';
import {h, fill, field, toast, fmt, progressBar, debounce} from './dom.js';

const TYPES = [
  {key: 'pi', type: 'pi', title: 'π by Monte Carlo', text: 'Throws random points into the unit square. Tiny state.',
    params: {samples: '200000000', samplesPerStep: '1000000', seed: '42'}},
  {key: 'primes', type: 'primes', title: 'Prime count', text: 'Segmented sieve up to a limit. Result: π(limit).',
    params: {limit: '2000000000', segmentSize: '2097152'}},
  {key: 'pagerank', type: 'pagerank', title: 'PageRank', text: 'Power iteration over a generated graph; 16 bytes of state per node.',
    params: {nodes: '1000000', outDegree: '8', iterations: '20', nodesPerStep: '100000', damping: '0.85'}},
  {key: 'artifact', type: '', title: 'Your jar', text: 'Upload a jar, or pick one uploaded before, and choose its job class.', params: {}},
  {key: 'entry-class', type: '', title: 'Entry class', text: 'A class implementing io.tern.sdk.CheckpointableJob on the workers’ class path.', params: {}},
];

export function mount(host, ctx) {
  let chosen = TYPES.find(t => t.key === (ctx.params.get('type') || 'pi')) || TYPES[0];
  const cards = h('div', {class: 'type-cards', role: 'group', 'aria-label': 'Job type'});
  const name = h('input', {name: 'name', id: 'submit-name', maxlength: 200, placeholder: 'defaults to the type'});
  const entryClass = h('input', {name: 'entryClass', id: 'submit-entry-class', placeholder: 'com.acme.MyJob'});
  const entryField = field('Entry class', entryClass, 'fully qualified class name', 'entryClass');
  const paramRows = h('div', {id: 'submit-params'});
  const slots = h('input', {name: 'slots', id: 'submit-slots', type: 'number', value: 1});
  const memory = h('input', {name: 'memoryMb', id: 'submit-memory', type: 'number', value: 512, step: 64});
  const interval = h('input', {name: 'checkpointIntervalSeconds', id: 'submit-interval', type: 'number', value: 30});
  const retries = h('input', {name: 'maxRetries', id: 'submit-retries', type: 'number', placeholder: 'scheduler default'});
  const priority = h('input', {name: 'priority', id: 'submit-priority', type: 'number', value: 0});
  const retain = h('input', {name: 'retainCheckpoints', id: 'submit-retain', type: 'number', placeholder: 'scheduler default'});
  const formError = h('div', {class: 'form-error', id: 'submit-error', role: 'alert'});
  const submit = h('button', {class: 'btn btn-primary', type: 'submit', id: 'submit-button'}, 'Submit job');
  const code = codePanel();

  const form = h('form', {id: 'submit-form', novalidate: true, onsubmit: onSubmit},
    h('section', {class: 'panel'}, h('h2', {}, 'What to run'), cards, entryField, field('Name', name, null, 'name')),
    code.panel,
    h('section', {class: 'panel'},
      h('div', {class: 'panel-head'}, h('h2', {}, 'Parameters'), h('button', {class: 'btn btn-sm', type: 'button', id: 'add-param', onclick: () => addParam('', '')}, '+ Add parameter')),
      h('div', {class: 'field', 'data-field': 'parameters'}, paramRows, h('small', {class: 'field-error'}))),
    h('section', {class: 'panel'}, h('h2', {}, 'Resources and policies'),
      h('div', {class: 'form-grid'},
        field('Slots', slots, '1 to 64', 'resources.slots'),
        field('Memory (MB)', memory, 'heap of the job JVM, 64 to 65536', 'resources.memoryMb'),
        field('Checkpoint every (s)', interval, '1 to 86400', 'checkpointIntervalSeconds'),
        field('Max retries', retries, 'failures of the job itself; 0 to 100', 'maxRetries'),
        field('Priority', priority, 'higher runs first', 'priority'),
        field('Checkpoints to keep', retain, '1 to 100', 'retainCheckpoints'))),
    formError,
    h('div', {class: 'actions'}, submit, h('a', {class: 'btn', href: '#/jobs'}, 'Cancel')));

  fill(host, h('div', {class: 'page-head'}, h('div', {}, h('h1', {}, 'Submit a job'),
    h('div', {class: 'sub'}, 'Runs on the workers as a checkpointable job; it survives worker failures and drains.'))), form);

  function renderCards() {
    fill(cards, TYPES.map(t => h('button', {type: 'button', class: 'type-card', 'aria-pressed': String(t === chosen), 'data-type': t.key,
      onclick: () => { chosen = t; renderCards(); resetParams(); }}, h('strong', {}, t.title), h('span', {}, t.type ? `type "${t.type}" · ${t.text}` : t.text))));
    entryField.hidden = chosen.key !== 'entry-class';
    code.panel.hidden = chosen.key !== 'artifact';
    name.placeholder = chosen.type ? 'defaults to the type' : 'defaults to the class name';
    if (chosen.key === 'artifact') code.load();
  }

  function addParam(k, v) {
    const key = h('input', {name: 'param-key', value: k, placeholder: 'name', 'aria-label': 'Parameter name'});
    const value = h('input', {name: 'param-value', value: v, placeholder: 'value', 'aria-label': 'Parameter value'});
    const row = h('div', {class: 'param-row'}, key, value,
      h('button', {class: 'btn btn-sm', type: 'button', 'aria-label': 'Remove parameter', onclick: () => row.remove()}, '✕'));
    paramRows.append(row);
  }

  function resetParams() {
    fill(paramRows);
    Object.entries(chosen.params).forEach(([k, v]) => addParam(k, v));
  }

  function num(input) {
    return input.value.trim() === '' ? undefined : Number(input.value);
  }

  function clearErrors() {
    form.querySelectorAll('.field.invalid').forEach(f => f.classList.remove('invalid'));
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    fill(formError);
  }

  /** The shown field named fieldName (two fields share the name entryClass; one is hidden). */
  function fieldNamed(fieldName) {
    return [...form.querySelectorAll(`[data-field="${CSS.escape(fieldName)}"]`)].find(f => !f.closest('[hidden]'));
  }

  function showError(fieldName, message) {
    const f = fieldNamed(fieldName) || (fieldName.startsWith('resources') ? null : fieldNamed(fieldName.split('.')[0]));
    if (!f) return false;
    f.classList.add('invalid');
    f.querySelector('.field-error').textContent = message;
    return true;
  }

  async function onSubmit(e) {
    e.preventDefault();
    clearErrors();
    const parameters = {};
    paramRows.querySelectorAll('.param-row').forEach(r => {
      const [k, v] = r.querySelectorAll('input');
      if (k.value.trim()) parameters[k.value.trim()] = v.value;
    });
    const fromJar = chosen.key === 'artifact';
    const body = {
      name: name.value.trim() || undefined,
      type: chosen.type || undefined,
      entryClass: chosen.type ? undefined : (fromJar ? code.entryClass() : entryClass.value.trim()),
      artifacts: fromJar ? code.artifacts() : undefined,
      parameters,
      resources: {slots: num(slots), memoryMb: num(memory)},
      checkpointIntervalSeconds: num(interval), maxRetries: num(retries), priority: num(priority), retainCheckpoints: num(retain),
    };
    if (fromJar && !body.artifacts.length) {
      showError('artifacts', 'Upload a jar or pick one from the list.');
      fill(formError, 'The job was not submitted: fix the fields marked above.');
      return;
    }
    submit.disabled = true;
    try {
      const job = await post('/api/v1/jobs', body);
      toast(`Job #${job.id} submitted`, 'ok');
      ctx.navigate('#/jobs/' + job.id);
    } catch (err) {
      let placed = 0;
      for (const fe of err.fieldErrors || []) if (showError(fe.field, fe.message)) placed++;
      const detail = err.problem?.detail || '';
      const named = detail.match(/^(?:Field|Parameter) '([^']+)'/);
      if (!placed && named && showError(named[0].startsWith('Parameter') ? 'parameters' : named[1], detail)) placed++;
      if (!placed && /'entryClass'|'type'/.test(detail) && !chosen.type && showError('entryClass', detail)) placed++;
      if (!placed && /'artifacts'/.test(detail) && fromJar && showError('artifacts', detail)) placed++;
      fill(formError, placed ? 'The job was not submitted: fix the fields marked above.' : problemText(err));
      const first = form.querySelector('.field.invalid input, .field.invalid select');
      if (first) first.focus();
    } finally {
      submit.disabled = false;
    }
  }

  renderCards();
  resetParams();
  return () => code.close();
}

/** A problem's title in bold, then its detail. */
function problemText(err) {
  if (!(err instanceof ApiError)) return String(err);
  if (err.status === 0 && !err.problem.title) return err.describe();
  return [h('strong', {}, err.problem.title || ('HTTP ' + err.status)), ' ', err.message];
}

/**
 * The "Code" panel of a job from uploaded jars: upload one (with progress), or pick from the jars
 * uploaded before (GET /api/v1/artifacts), and choose the entry class among the job classes the
 * scheduler found in the chosen jars.
 */
function codePanel() {
  const file = h('input', {type: 'file', id: 'artifact-file', name: 'file', accept: '.jar,application/java-archive'});
  const kind = h('select', {id: 'artifact-kind', name: 'kind'},
    h('option', {value: 'application'}, 'application — contains the job class'),
    h('option', {value: 'library'}, 'library — a jar the job uses'));
  const upload = h('button', {type: 'button', class: 'btn', id: 'artifact-upload', onclick: startUpload}, 'Upload');
  const cancelUpload = h('button', {type: 'button', class: 'btn btn-sm', id: 'artifact-upload-cancel', hidden: true,
    onclick: () => { if (uploading) uploading.abort(); }}, 'Cancel upload');
  const progress = h('div', {class: 'upload-progress', id: 'artifact-progress', hidden: true, 'aria-live': 'polite'});
  const uploadError = h('div', {class: 'form-error', id: 'artifact-error', role: 'alert'});
  const filter = h('input', {type: 'search', id: 'artifact-filter', placeholder: 'file name', 'aria-label': 'Filter by file name', autocomplete: 'off'});
  const table = h('div', {class: 'table-wrap', id: 'artifact-list'});
  const selectedNote = h('span', {class: 'muted', id: 'artifact-selected'});
  const entry = h('select', {id: 'submit-entry-class-select', name: 'entryClass'});
  const panel = h('section', {class: 'panel', id: 'submit-code', hidden: true},
    h('h2', {}, 'Code'),
    h('div', {class: 'upload-row'},
      field('Upload a jar', file, 'built without job-sdk inside (scope provided)'),
      field('Kind', kind),
      h('div', {class: 'upload-actions'}, upload, cancelUpload)),
    progress, uploadError,
    h('div', {class: 'field', 'data-field': 'artifacts'},
      h('div', {class: 'panel-head'}, h('label', {for: filter.id}, 'Jars to run with'), selectedNote),
      filter, table, h('small', {class: 'field-error', 'aria-live': 'polite'})),
    field('Entry class', entry, 'a CheckpointableJob found in the chosen jars', 'entryClass'));

  const known = new Map();   // id -> ArtifactView, of every artifact listed or uploaded here
  let listed = [];           // the artifacts the list shows, newest first
  let selected = [];         // ids, in the order they were chosen
  let loaded = false;
  let uploading = null;      // AbortController of the upload in progress
  let listError = null;

  async function load() {
    const q = filter.value.trim();
    try {
      const list = await get('/api/v1/artifacts' + (q ? '?' + new URLSearchParams({name: q}) : ''));
      listed = Array.isArray(list) ? list : [];
      listed.forEach(a => known.set(a.id, a));
      listError = null;
    } catch (e) {
      listError = e;
    }
    loaded = true;
    render();
  }

  async function startUpload() {
    fill(uploadError);
    const f = file.files && file.files[0];
    if (!f) {
      fill(uploadError, 'Choose a jar file first.');
      file.focus();
      return;
    }
    uploading = new AbortController();
    upload.disabled = true;
    cancelUpload.hidden = false;
    progress.hidden = false;
    showProgress(0, f.size);
    try {
      const {artifact, created} = await uploadArtifact(f, kind.value, showProgress, uploading.signal);
      known.set(artifact.id, artifact);
      listed = [artifact, ...listed.filter(a => a.id !== artifact.id)];
      if (!selected.includes(artifact.id)) selected.push(artifact.id);
      if (artifact.kind !== 'library' && (artifact.jobClasses || []).length) entry.dataset.want = artifact.jobClasses[0];
      toast(created ? `Uploaded ${artifact.name} (${fmt.digest(artifact.id)})`
        : `${artifact.name}: these bytes were uploaded before (${fmt.digest(artifact.id)})`, 'ok');
      file.value = '';
      render();
    } catch (e) {
      fill(uploadError, problemText(e));
    } finally {
      uploading = null;
      upload.disabled = false;
      cancelUpload.hidden = true;
      progress.hidden = true;
    }
  }

  function showProgress(sent, total) {
    fill(progress, progressBar(total ? sent / total : NaN), h('span', {class: 'muted'}, ` ${fmt.bytes(sent)} of ${fmt.bytes(total)}`));
  }

  function toggle(id, on) {
    selected = on ? [...selected.filter(x => x !== id), id] : selected.filter(x => x !== id);
    render();
  }

  function render() {
    const rows = [...listed];
    for (const id of selected) if (!rows.some(a => a.id === id) && known.has(id)) rows.push(known.get(id));
    if (listError) {
      fill(table, h('div', {class: 'alert'}, problemText(listError)));
    } else if (!rows.length) {
      fill(table, h('div', {class: 'empty'}, !loaded ? 'Loading…' : filter.value.trim() ? 'No jar with that name.' : 'No jars uploaded yet: upload one above.'));
    } else {
      fill(table, h('table', {id: 'artifact-table'},
        h('thead', {}, h('tr', {}, ['', 'File', 'Kind', 'Digest', 'Size', 'Job classes', 'Uploaded'].map((t, i) => h('th', {class: i === 4 ? 'num' : null}, t)))),
        h('tbody', {}, rows.map(a => h('tr', {'data-artifact': a.id},
          h('td', {}, h('input', {type: 'checkbox', 'aria-label': 'Run with ' + a.name, checked: selected.includes(a.id),
            onchange: e => toggle(a.id, e.target.checked)})),
          h('td', {class: 'wrap'}, a.name, a.pinned ? h('span', {class: 'chip', title: 'kept even when no job uses it'}, 'pinned') : null),
          h('td', {}, a.kind),
          h('td', {}, h('code', {title: a.id}, fmt.digest(a.id))),
          h('td', {class: 'num'}, fmt.bytes(a.size)),
          h('td', {class: 'wrap'}, (a.jobClasses || []).length ? a.jobClasses.map(c => h('span', {class: 'chip'}, c)) : h('span', {class: 'muted'}, 'none')),
          h('td', {class: 'muted nowrap'}, fmt.time(a.uploadedAt), a.owner ? h('div', {}, a.owner) : null))))));
    }
    selectedNote.textContent = selected.length ? `${selected.length} chosen` : '';
    renderEntry();
  }

  function renderEntry() {
    const classes = [];
    for (const id of ordered()) for (const c of known.get(id)?.jobClasses || []) if (!classes.includes(c)) classes.push(c);
    const want = entry.dataset.want || entry.value;
    delete entry.dataset.want;
    fill(entry, classes.length ? classes.map(c => h('option', {value: c, selected: c === want}, c))
      : h('option', {value: ''}, selected.length ? 'no job class in the chosen jars' : 'choose a jar first'));
    entry.disabled = !classes.length;
  }

  /** The chosen artifacts, applications before libraries. */
  function ordered() {
    const isLib = id => known.get(id)?.kind === 'library';
    return [...selected.filter(id => !isLib(id)), ...selected.filter(isLib)];
  }

  filter.addEventListener('input', debounce(load, 300));
  return {
    panel,
    load: () => { if (!loaded) { render(); load(); } },
    artifacts: ordered,
    entryClass: () => entry.value || undefined,
    close: () => { if (uploading) uploading.abort(); },
  };
}
