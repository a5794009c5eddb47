// Small DOM and formatting helpers shared by the pages. No framework: h() builds elements.

/** Builds an element: h('a', {href: '#/jobs', class: 'x', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const svg = ['svg', 'g', 'path', 'line', 'rect', 'text', 'circle', 'polyline', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.substring(2), v);
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && !svg) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A coloured state badge. */
export function badge(state, extra) {
  return h('span', {class: ['badge', 'st-' + String(state || 'NONE').toLowerCase(), extra]}, state || '—');
}

/** A progress bar (0..1) with its percentage. */
export function progressBar(value) {
  if (typeof value !== 'number' || !isFinite(value)) return h('span', {class: 'muted'}, '—');
  const pct = Math.max(0, Math.min(1, value)) * 100;
  const bar = h('span', {class: 'progress-fill'});
  bar.style.width = pct.toFixed(1) + '%';
  return h('span', {class: 'progress', role: 'progressbar', 'aria-valuenow': pct.toFixed(0), 'aria-valuemin': '0', 'aria-valuemax': '100'},
    h('span', {class: 'progress-track'}, bar), h('span', {class: 'progress-label'}, pct.toFixed(pct < 10 ? 1 : 0) + ' %'));
}

export const fmt = {
  bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = Number(n), i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  },
  ms(n) {
    if (n === null || n === undefined) return '—';
    if (n < 1000) return n + ' ms';
    if (n < 60000) return (n / 1000).toFixed(n < 10000 ? 2 : 1) + ' s';
    return fmt.duration(n);
  },
  duration(ms) {
    if (ms === null || ms === undefined || !isFinite(ms)) return '—';
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + 's';
    const m = Math.floor(s / 60);
    if (m < 60) return m + 'm ' + (s % 60) + 's';
    const hr = Math.floor(m / 60);
    if (hr < 48) return hr + 'h ' + (m % 60) + 'm';
    return Math.floor(hr / 24) + 'd ' + (hr % 24) + 'h';
  },
  ago(instant) {
    if (!instant) return '—';
    const ms = Date.now() - Date.parse(instant);
    return ms < 1500 ? 'just now' : fmt.duration(ms) + ' ago';
  },
  time(instant) {
    if (!instant) return '—';
    const d = new Date(instant);
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString() : d.toLocaleString();
  },
  num(n) {
    return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
  },
  /** sha256:0123456789ab… — enough to tell artifacts apart (show the whole id as a title). */
  digest(id) {
    const m = /^sha256:([0-9a-f]+)$/.exec(id || '');
    return m ? 'sha256:' + m[1].slice(0, 12) + '…' : (id || '—');
  },
};

/** A short-lived message at the bottom of the screen; kind: 'ok' | 'error' | 'info'. */
export function toast(message, kind = 'info') {
  let host = document.getElementById('toasts');
  if (!host) { host = h('div', {id: 'toasts', 'aria-live': 'polite'}); document.body.append(host); }
  const t = h('div', {class: ['toast', 'toast-' + kind], role: kind === 'error' ? 'alert' : 'status'}, message);
  host.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 9000 : 4000);
}

/**
 * A modal dialog (native <dialog>: focus is trapped and Escape closes it). body: nodes; the
 * optional form function collects values (return undefined to keep the dialog open).
 * Resolves with the collected value, true, or null when cancelled.
 */
export function dialog({title, body, confirmLabel = 'OK', danger = false, collect}) {
  return new Promise(resolve => {
    const error = h('p', {class: 'form-error', role: 'alert'});
    const form = h('form', {method: 'dialog', class: 'dialog-form', novalidate: true},
      h('h2', {}, title), h('div', {class: 'dialog-body'}, body), error,
      h('div', {class: 'dialog-actions'},
        h('button', {type: 'button', class: 'btn', value: 'cancel', onclick: () => { d.close(); }}, 'Cancel'),
        h('button', {type: 'submit', class: ['btn', danger ? 'btn-danger' : 'btn-primary'], 'data-confirm': ''}, confirmLabel)));
    const d = h('dialog', {class: 'modal', 'aria-label': title}, form);
    let result = null;
    form.addEventListener('submit', e => {
      e.preventDefault();
      try {
        const v = collect ? collect() : true;
        if (v === undefined) return;
        result = v;
        d.close();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    d.addEventListener('close', () => { d.remove(); resolve(result); });
    document.body.append(d);
    d.showModal();
    const first = d.querySelector('input, select, textarea');
    (first || d.querySelector('[data-confirm]')).focus();
  });
}

/** Asks before a destructive action. */
export function confirmAction(title, text, label = 'Confirm', danger = true) {
  return dialog({title, body: h('p', {}, text), confirmLabel: label, danger});
}

/** Calls fn at most once per `ms`, trailing. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    if (timer) return;
    timer = setTimeout(() => { timer = null; fn(...args); }, ms);
  };
}

/** A labelled form field. */
export function field(label, input, hint, name) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', {class: 'field', 'data-field': name || input.name || ''},
    h('label', {for: id}, label), input,
    hint ? h('small', {class: 'hint'}, hint) : null,
    h('small', {class: 'field-error', 'aria-live': 'polite'}));
}

/** An empty-state placeholder. */
export function empty(text) {
  return h('div', {class: 'empty'}, text);
}
