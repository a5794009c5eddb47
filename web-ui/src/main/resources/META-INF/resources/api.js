// The REST client of the dashboard: same-origin calls with the session cookie; state-changing
// calls carry the CSRF token from the XSRF-TOKEN cookie (double submit). Errors are RFC 9457
// problems turned into ApiError.

/** An error answer of the API (problem details), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
    /** [{field, message}] for validation errors. */
    this.fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
  /** A one-line text for a person. */
  describe() {
    if (this.status === 0) return 'Cannot reach the scheduler: ' + this.message;
    const title = this.problem.title || ('HTTP ' + this.status);
    return title + ': ' + this.message;
  }
}

export function csrfToken() {
  const c = document.cookie.split('; ').find(x => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}

/** Calls the API; resolves with the parsed JSON body (or null), rejects with ApiError. */
export async function api(method, path, body) {
  const headers = {'Accept': 'application/json'};
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(path, {method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, {detail: e.message});
  }
  if (r.status === 401) {
    location.href = '/login';
    throw new ApiError(401, {title: 'Not logged in', detail: 'Your session ended; log in again.'});
  }
  const text = await r.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = {detail: text.slice(0, 300)}; }
  }
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const del = path => api('DELETE', path);
