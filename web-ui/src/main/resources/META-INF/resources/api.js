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
    if (this.status === 0 && !this.problem.title) return 'Cannot reach the scheduler: ' + this.message;
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
  const json = parseBody(await r.text());
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

function parseBody(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return {detail: text.slice(0, 300)}; }
}

/** The API path of an artifact ({@code sha256:<hex>}; the colon stays as it is). */
export function artifactPath(id) {
  return '/api/v1/artifacts/' + encodeURIComponent(id).replace(/%3A/gi, ':');
}

/**
 * Uploads a jar as an artifact: its bytes as the raw request body of
 * POST /api/v1/artifacts?name=&kind=. XMLHttpRequest rather than fetch, for the upload progress:
 * onProgress(sentBytes, totalBytes). Aborted through `signal`. Resolves with {artifact, created}
 * (created: false when the caller had uploaded the same bytes before), rejects with ApiError.
 */
export function uploadArtifact(file, kind, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/artifacts?' + new URLSearchParams({name: file.name, kind}));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/java-archive');
    xhr.setRequestHeader('X-XSRF-TOKEN', csrfToken());
    xhr.upload.onprogress = e => { if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size); };
    xhr.onload = () => {
      if (xhr.status === 401) {
        location.href = '/login';
        reject(new ApiError(401, {title: 'Not logged in', detail: 'Your session ended; log in again.'}));
        return;
      }
      const json = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve({artifact: json, created: xhr.status === 201});
      else reject(new ApiError(xhr.status, json));
    };
    xhr.onerror = () => reject(new ApiError(0, {detail: 'the upload of ' + file.name + ' was interrupted.'}));
    xhr.onabort = () => reject(new ApiError(0, {title: 'Upload cancelled', detail: 'the upload of ' + file.name + ' was cancelled.'}));
    if (signal) {
      if (signal.aborted) { xhr.abort(); return; }
      signal.addEventListener('abort', () => xhr.abort(), {once: true});
    }
    xhr.send(file);
  });
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const del = path => api('DELETE', path);
