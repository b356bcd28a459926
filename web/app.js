// The worklist app: a hash router over its pages (worklist, case, submit, remittances) and the token prompt.
import { clearToken, getToken, setToken } from './api.js';
import { h, render } from './dom.js';
import { showCase } from './views/case.js';
import { showRemittance, showRemittances } from './views/remittance.js';
import { showSubmit } from './views/submit.js';
import { showWorklist } from './views/worklist.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');

/** `#/cases/pa_1?x=y` -> { parts: ['cases', 'pa_1'], query: URLSearchParams } */
export function parseHash(hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

function showSignIn(message) {
  signOut.hidden = true;
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'token-hint',
  });
  const form = h(
    'form',
    {
      class: 'card sign-in',
      on: {
        submit: (event) => {
          event.preventDefault();
          if (!input.value.trim()) {
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          setToken(input.value);
          route();
        },
      },
    },
    h('h1', {}, 'Sign in'),
    message ? h('p', { class: 'notice notice--error', role: 'alert' }, message) : null,
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'API token'), input),
    h(
      'p',
      { id: 'token-hint', class: 'hint' },
      'The bearer token of this installation (the local stack prints it at start and keeps it in ',
      h('code', {}, '.local/api-token'),
      '). It is kept in this browser tab only.',
    ),
    h('button', { type: 'submit', class: 'button' }, 'Continue'),
  );
  render(main, form);
  input.focus();
}

function markNav(name) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  if (!getToken()) {
    markNav(null);
    showSignIn();
    return;
  }
  signOut.hidden = false;
  const { parts, query } = parseHash(location.hash);
  const [page, id] = parts;
  if (page === 'cases' && id) {
    markNav(null);
    await showCase(main, id);
  } else if (page === 'remittances') {
    markNav('remittances');
    await (id ? showRemittance(main, id) : showRemittances(main));
  } else if (page === 'submit') {
    markNav('submit');
    showSubmit(main);
  } else {
    markNav('worklist');
    await showWorklist(main, query);
  }
}

window.addEventListener('hashchange', () => route());
window.addEventListener('pa:unauthorized', () =>
  showSignIn('The API did not accept the token. Enter it again.'),
);
signOut.addEventListener('click', () => {
  clearToken();
  showSignIn();
});

route();
