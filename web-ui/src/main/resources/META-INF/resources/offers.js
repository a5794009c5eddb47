// Which operations this scheduler offers, from its live OpenAPI description, so the dashboard
// shows only actions that work here (a scheduler may be older or newer than the dashboard).
let paths = null;
let loading = null;

/** Loads the description once; resolves when known (or when it cannot be read: then everything is offered). */
export function loadOffers() {
  if (!loading) {
    loading = fetch('/v3/api-docs', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(r => (r.ok ? r.json() : null))
      .then(doc => { paths = doc && doc.paths ? doc.paths : null; })
      .catch(() => { paths = null; });
  }
  return loading;
}

/** Whether `method` on `path` (an OpenAPI path template such as /api/v1/jobs/{id}/hold) exists. */
export function offers(method, path) {
  if (!paths) return true;
  const item = paths[path];
  return !!(item && item[method.toLowerCase()]);
}
