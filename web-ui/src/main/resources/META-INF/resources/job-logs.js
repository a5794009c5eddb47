// The Logs panel of the job page: the job's log across all attempts (GET /api/v1/jobs/{id}/logs), followed
// live over server-sent events while the job runs. Attempt markers stand out; the browser's EventSource
// reconnects by itself with Last-Event-ID, so a reconnect (to any scheduler replica) repeats and misses nothing.
import {h, fill} from './dom.js';

/** Keeps at most this many lines on the page (the download has them all). */
const MAX_LINES = 5000;

/** Returns {element, close}: the panel, and a function that stops following. */
export function logsPanel(id) {
  const status = h('span', {class: 'muted', id: 'job-log-status'}, 'connecting…');
  const pre = h('pre', {class: 'log', id: 'job-log', 'aria-live': 'polite'});
  const element = h('section', {class: 'panel', id: 'job-logs'},
    h('div', {class: 'panel-head'}, h('h2', {}, 'Logs'),
      h('span', {}, status, ' · ',
        h('a', {href: `/api/v1/jobs/${id}/logs`, download: `job-${id}.log`, id: 'job-log-download'}, 'Download'))),
    pre);
  let lines = 0;
  let stick = true;
  pre.addEventListener('scroll', () => { stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4; });

  function add(text, marker) {
    pre.appendChild(h('div', {class: marker ? 'log-marker' : 'log-line'}, text));
    if (++lines > MAX_LINES) { pre.removeChild(pre.firstChild); lines--; }
    if (stick) pre.scrollTop = pre.scrollHeight;
  }

  const source = new EventSource(`/api/v1/jobs/${id}/logs?follow=true`);
  source.addEventListener('open', () => fill(status, 'live'));
  source.addEventListener('line', e => add(e.data, false));
  source.addEventListener('marker', e => add(e.data, true));
  source.addEventListener('end', () => { fill(status, lines ? 'complete' : 'no output'); source.close(); });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) fill(status, 'offline');
    else fill(status, 'reconnecting…');
  });
  return {element, close: () => source.close()};
}
