// The dashboard: reads the REST API with the session cookie; sends the CSRF token (from the
// XSRF-TOKEN cookie) with state-changing requests. Without a session it goes to /login.
(function () {
  const csrf = () => {
    const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
    return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
  };
  const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text ?? ''; if (cls) td.className = cls; return td; };
  const items = (body) => Array.isArray(body) ? body : (body.items ?? body.content ?? []);
  async function get(path) {
    const r = await fetch(path, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
    if (r.status === 401) { location.href = '/login'; throw new Error('not logged in'); }
    return r;
  }
  async function refresh() {
    try {
      document.getElementById('csrf').value = csrf();
      const me = await (await get('/api/v1/me')).json();
      document.getElementById('user').textContent = me.owner + ' (' + me.role + ') ';
      const workersAnswer = await get('/api/v1/workers');
      const wb = document.querySelector('#workers tbody'); wb.replaceChildren();
      document.getElementById('workers-note').textContent = workersAnswer.status === 403 ? 'Workers are visible to operators.' : '';
      if (workersAnswer.ok) {
        for (const w of items(await workersAnswer.json())) {
          const tr = document.createElement('tr');
          tr.append(cell(w.name), cell(w.state, 'state ' + w.state), cell(w.slots), cell(w.lastSeenAt));
          wb.append(tr);
        }
      }
      const jobs = await (await get('/api/v1/jobs?size=100')).json();
      const jb = document.querySelector('#jobs tbody'); jb.replaceChildren();
      for (const j of items(jobs)) {
        const tr = document.createElement('tr');
        const progress = (typeof j.progress === 'number' && isFinite(j.progress)) ? (100 * j.progress).toFixed(1) + ' %' : '';
        const outcome = j.error ? j.error : (j.result ? JSON.stringify(j.result) : '');
        tr.append(cell(j.id), cell(j.owner), cell(j.name), cell(j.type ?? j.entryClass), cell(j.state, 'state ' + j.state),
                  cell(j.currentAttempt?.number), cell(progress), cell(outcome));
        jb.append(tr);
      }
      document.getElementById('error').textContent = '';
    } catch (e) {
      document.getElementById('error').textContent = 'Cannot reach the scheduler: ' + e;
    }
  }
  refresh(); setInterval(refresh, 2000);
})();
