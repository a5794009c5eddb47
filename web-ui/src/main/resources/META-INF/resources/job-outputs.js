// The Outputs panel of the job page: the files a completed job left in ctx.outputDir()
// (GET /api/v1/jobs/{id}/outputs), each with a download link to GET /api/v1/jobs/{id}/outputs/{path}.
// Outputs are published when the job completes; until then the panel says so.
import {get} from './api.js';
import {h, fill, fmt} from './dom.js';

/** The download path of output file {@code path} of job {@code id}: each segment percent-encoded. */
export function outputPath(id, path) {
  return `/api/v1/jobs/${id}/outputs/` + path.split('/').map(encodeURIComponent).join('/');
}

/** Returns {element, render(job)}: the panel, and a function that shows it for the job as loaded. */
export function outputsPanel(id) {
  const body = h('div', {id: 'job-outputs-body'}, h('p', {class: 'muted'}, 'Loading…'));
  const element = h('section', {class: 'panel', id: 'job-outputs'},
    h('div', {class: 'panel-head'}, h('h2', {}, 'Outputs')), body);
  let loaded = false;

  async function render(job) {
    if (job.state !== 'COMPLETED') {
      fill(body, h('p', {class: 'muted'}, 'Output files are published when the job completes.'));
      return;
    }
    if (loaded) return;
    loaded = true;
    let listing;
    try {
      listing = await get(`/api/v1/jobs/${id}/outputs`);
    } catch (e) {
      loaded = false;
      fill(body, h('div', {class: 'alert'}, e.describe ? e.describe() : String(e)));
      return;
    }
    if (!listing.files.length) {
      fill(body, h('p', {class: 'muted'}, 'The job left no output files.'));
      return;
    }
    fill(body, h('div', {class: 'table-wrap'}, h('table', {id: 'job-outputs-table'},
      h('thead', {}, h('tr', {}, h('th', {}, 'File'), h('th', {class: 'num'}, 'Size'), h('th', {}, 'Mode'))),
      h('tbody', {}, ...listing.files.map(f => h('tr', {},
        h('td', {}, h('a', {href: outputPath(id, f.path), download: f.path.split('/').pop(), class: 'output-link'}, f.path)),
        h('td', {class: 'num'}, fmt.bytes(f.size)),
        h('td', {}, h('code', {}, f.mode))))))));
  }
  return {element, render};
}
