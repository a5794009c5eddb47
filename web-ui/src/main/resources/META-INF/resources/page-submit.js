// Submit: a form for the example job types (or any entry class) with parameters, resources,
// checkpoint interval and retries. The server validates; its problem response is shown next to
// the fields it names.
import {post} from './api.js';
import {h, fill, field, toast} from './dom.js';

const TYPES = [
  {type: 'pi', title: 'π by Monte Carlo', text: 'Throws random points into the unit square. Tiny state.',
    params: {samples: '200000000', samplesPerStep: '1000000', seed: '42'}},
  {type: 'primes', title: 'Prime count', text: 'Segmented sieve up to a limit. Result: π(limit).',
    params: {limit: '2000000000', segmentSize: '2097152'}},
  {type: 'pagerank', title: 'PageRank', text: 'Power iteration over a generated graph; 16 bytes of state per node.',
    params: {nodes: '1000000', outDegree: '8', iterations: '20', nodesPerStep: '100000', damping: '0.85'}},
  {type: '', title: 'Entry class', text: 'Any class implementing io.tern.sdk.CheckpointableJob on the workers.', params: {}},
];

export function mount(host, ctx) {
  let chosen = TYPES.find(t => t.type === (ctx.params.get('type') || 'pi')) || TYPES[0];
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

  const form = h('form', {id: 'submit-form', novalidate: true, onsubmit: onSubmit},
    h('section', {class: 'panel'}, h('h2', {}, 'What to run'), cards, entryField, field('Name', name, null, 'name')),
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
    fill(cards, TYPES.map(t => h('button', {type: 'button', class: 'type-card', 'aria-pressed': String(t === chosen), 'data-type': t.type || 'entry-class',
      onclick: () => { chosen = t; renderCards(); resetParams(); }}, h('strong', {}, t.title), h('span', {}, t.type ? `type "${t.type}" · ${t.text}` : t.text))));
    entryField.hidden = !!chosen.type;
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

  function showError(fieldName, message) {
    const f = form.querySelector(`[data-field="${CSS.escape(fieldName)}"]`) ||
      (fieldName.startsWith('resources') ? null : form.querySelector(`[data-field="${CSS.escape(fieldName.split('.')[0])}"]`));
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
    const body = {
      name: name.value.trim() || undefined,
      type: chosen.type || undefined,
      entryClass: chosen.type ? undefined : entryClass.value.trim(),
      parameters,
      resources: {slots: num(slots), memoryMb: num(memory)},
      checkpointIntervalSeconds: num(interval), maxRetries: num(retries), priority: num(priority), retainCheckpoints: num(retain),
    };
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
      fill(formError, placed ? 'The job was not submitted: fix the fields marked above.' : (err.describe ? err.describe() : String(err)));
      const first = form.querySelector('.field.invalid input, .field.invalid select');
      if (first) first.focus();
    } finally {
      submit.disabled = false;
    }
  }

  renderCards();
  resetParams();
  return () => {};
}
