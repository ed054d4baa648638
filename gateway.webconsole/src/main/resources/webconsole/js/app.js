// The console's frame: the token form, the navigation, one page at a time chosen by the URL's fragment
// (#/plugins, #/plugins/echo, ...), and the message line that announces what happened.

import { session, onTokenRefused, get, ApiError } from './api.js';
import { h, problem } from './dom.js';
import * as plugins from './plugins.js';
import * as catalogue from './catalogue.js';
import * as tools from './tools.js';
import * as approvals from './approvals.js';
import * as audit from './audit.js';
import * as tokens from './tokens.js';
import * as status from './status.js';

const PAGES = { plugins, catalogue, tools, approvals, audit, tokens, status };

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
const message = document.getElementById('message');

let leave = () => {};
let rendering = 0;
let afterNavigation = null;

/** Announces {@code text} (or an ApiError) in the message line, which screen readers read out. */
export function say(text, kind) {
  message.replaceChildren();
  if (text instanceof ApiError) {
    message.append(problem(text));
    message.dataset.kind = 'error';
  } else {
    message.append(h('p', null, text));
    message.dataset.kind = kind || 'info';
  }
}

/** Goes to {@code hash} and announces {@code text} there. */
function go(hash, text) {
  afterNavigation = text;
  location.hash = hash;
}

function clearMessage() {
  message.replaceChildren();
  delete message.dataset.kind;
}

function showTokenForm(refusal) {
  leave();
  leave = () => {};
  nav.hidden = true;
  signOutButton.hidden = true;
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help' });
  const form = h('form', { id: 'token-form', method: 'post', class: 'card narrow' },
    h('h1', null, 'Sign in'),
    refusal ? h('div', { id: 'token-refusal' }, problem(refusal, 'The gateway refused the token.')) : null,
    h('label', { for: 'token' }, 'Operator token'),
    input,
    h('p', { id: 'token-help', class: 'hint' },
      'Paste a bearer token (tyr_...), such as the bootstrap admin token the gateway printed at its first start. ',
      'It is kept in this tab\'s session storage only, and sent in the Authorization header of each API call.'),
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      return;
    }
    session.signIn(token);
    try {
      await get('/status');
    } catch (e) {
      if (e.status !== 401 && e.status !== 403) {
        // a token without operator.read still signs in: each page says what it lacks
        session.signOut();
        say(e);
        return;
      }
      if (e.status === 401) {
        return; // onTokenRefused has shown the form again, with the refusal
      }
    }
    clearMessage();
    if (!location.hash.startsWith('#/')) {
      location.hash = '#/plugins';
    }
    route();
  });
  main.replaceChildren(form);
  document.title = 'Sign in · Tyrum Gateway console';
  input.focus();
}

onTokenRefused((refusal) => {
  session.signOut();
  clearMessage();
  showTokenForm(refusal);
});

signOutButton.addEventListener('click', () => {
  session.signOut();
  clearMessage();
  showTokenForm(null);
});

/** The page and its parameters for the fragment: #/NAME[/PARAM]. */
function parse(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const name = PAGES[parts[0]] ? parts[0] : 'plugins';
  return { name, params: parts.slice(1) };
}

async function route() {
  if (!session.token()) {
    showTokenForm(null);
    return;
  }
  leave();
  leave = () => {};
  nav.hidden = false;
  signOutButton.hidden = false;
  const { name, params } = parse(location.hash);
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const ticket = ++rendering;
  const page = h('section', { id: 'page-' + name, class: 'page', 'aria-busy': 'true' });
  main.replaceChildren(page);
  try {
    const cleanup = await PAGES[name].render(page, params, { say, go, refresh: route });
    if (ticket !== rendering) {
      if (typeof cleanup === 'function') cleanup();
      return;
    }
    leave = typeof cleanup === 'function' ? cleanup : () => {};
  } catch (e) {
    if (ticket === rendering && !(e instanceof ApiError && e.status === 401)) {
      page.append(e instanceof ApiError ? problem(e, 'The gateway refused to show this page.') : problem({ code: 'console_error', message: String(e) }));
    }
  } finally {
    page.removeAttribute('aria-busy');
    page.dataset.ready = 'true';
  }
  const heading = page.querySelector('h1');
  document.title = (heading ? heading.textContent + ' · ' : '') + 'Tyrum Gateway console';
}

window.addEventListener('hashchange', () => {
  clearMessage();
  if (afterNavigation) {
    say(afterNavigation);
    afterNavigation = null;
  }
  route().then(() => main.focus({ preventScroll: true }));
});

route();
