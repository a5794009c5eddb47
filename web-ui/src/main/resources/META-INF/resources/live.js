// One live connection to /api/v1/events/stream (server-sent events) shared by all pages. The
// browser reconnects by itself and resumes with Last-Event-ID, so no event is missed.

const listeners = new Set();
const statusListeners = new Set();
let source = null;
let status = 'connecting';

function setStatus(s) {
  status = s;
  statusListeners.forEach(f => f(s));
}

/** Opens the stream (once). */
export function connect() {
  if (source) return;
  source = new EventSource('/api/v1/events/stream');
  source.addEventListener('open', () => setStatus('live'));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      setStatus('offline');
      // e.g. the session ended: check, then retry later
      fetch('/api/v1/me', {credentials: 'same-origin'}).then(r => {
        if (r.status === 401) location.href = '/login';
      }).catch(() => {});
      source = null;
      setTimeout(connect, 3000);
    } else {
      setStatus('reconnecting');
    }
  });
  source.addEventListener('job', e => {
    const event = JSON.parse(e.data);
    listeners.forEach(f => f({kind: 'job', event}));
  });
  source.addEventListener('workers', () => listeners.forEach(f => f({kind: 'workers'})));
}

/** Calls fn({kind: 'job', event} | {kind: 'workers'}) for every live message; returns an unsubscribe. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Calls fn(status) now and whenever the connection status changes. */
export function onStatus(fn) {
  statusListeners.add(fn);
  fn(status);
  return () => statusListeners.delete(fn);
}
