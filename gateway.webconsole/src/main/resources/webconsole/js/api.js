// The console's one way to the gateway: the public HTTP API, with the operator's token from session
// storage in the Authorization header (never in a URL), and every refusal as an ApiError.

const TOKEN_KEY = 'tyrum.console.token';

/** The codes with which the API refuses a token: the console then asks for one again. */
export const TOKEN_REFUSALS = new Set(['unauthenticated', 'token_revoked', 'token_expired']);

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer of the API that is not a success, in its error shape: code, message, details. */
export class ApiError extends Error {
  constructor(status, code, message, details, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = Array.isArray(details) ? details : [];
    this.body = body;
  }
}

let tokenRefused = () => {};

/** Calls {@code listener(error)} whenever the API refuses the token (401). */
export function onTokenRefused(listener) {
  tokenRefused = listener;
}

async function send(method, path, body, accept) {
  const headers = { Authorization: 'Bearer ' + (session.token() || ''), Accept: accept };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'gateway_unreachable', 'the gateway did not answer (' + e.message + '); is it running?', []);
  }
  if (!response.ok) {
    const text = await response.text();
    let error = null;
    try {
      error = JSON.parse(text).error;
    } catch (ignored) {
      // not the API's shape: reported below with the status
    }
    const failure = error && typeof error.code === 'string'
      ? new ApiError(response.status, error.code, String(error.message || ''), error.details, error)
      : new ApiError(response.status, 'http_' + response.status, text.slice(0, 300), []);
    if (response.status === 401) {
      tokenRefused(failure);
    }
    throw failure;
  }
  return response;
}

/** {@code method path} with an optional JSON body; resolves to {status, body} with the parsed JSON. */
export async function api(method, path, body) {
  const response = await send(method, path, body, 'application/json');
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

export const get = (path) => api('GET', path).then((answer) => answer.body);

/** Downloads {@code path} through fetch (so the token stays in the header) and saves it as {@code name}. */
export async function download(path, name) {
  const response = await send('GET', path, undefined, '*/*');
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return blob.size;
}

/** Path segment {@code value}, percent-encoded. */
export const seg = (value) => encodeURIComponent(value);
