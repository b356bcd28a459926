// The worklist app: a hash router over its pages (worklist, case, submit, remittances) and sign-in (auth.js).
import { beginSignIn, completeSignIn, currentUser, signOut as forgetToken, signedIn } from './auth.js';
import { h, render } from './dom.js';
import { showCase } from './views/case.js';
import { showRemittance, showRemittances } from './views/remittance.js';
import { showSubmit } from './views/submit.js';
import { showWorklist } from './views/worklist.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');
const who = document.getElementById('signed-in-as');

/** `#/cases/pa_1?x=y` -> { parts: ['cases', 'pa_1'], query: URLSearchParams } */
export function parseHash(hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

/** The sign-in card: one button to the issuer's sign-in page (the token never goes through a field here). */
function showSignIn(message) {
  signOut.hidden = true;
  who.hidden = true;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button',
      on: { click: () => beginSignIn().catch((error) => showSignIn(error.message)) },
    },
    'Sign in',
  );
  render(
    main,
    h(
      'section',
      { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title' }, 'Sign in'),
      message ? h('p', { class: 'notice notice--error', role: 'alert' }, message) : null,
      h(
        'p',
        {},
        'Sign in with your work e-mail and password. You stay signed in in this browser tab until you sign out or close it.',
      ),
      button,
    ),
  );
}

/** Who is signed in: name, organization and roles, in the header. */
function showWho() {
  const user = currentUser();
  who.hidden = !user;
  if (!user) return;
  who.replaceChildren(
    h('span', { class: 'visually-hidden' }, 'Signed in as '),
    h('strong', {}, user.name ?? ''),
    ` · ${user.organizationId ?? ''} · ${user.roles.join(', ')}`,
  );
}

function markNav(name) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  if (!signedIn()) {
    markNav(null);
    showSignIn();
    return;
  }
  signOut.hidden = false;
  showWho();
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
window.addEventListener('pa:unauthorized', () => showSignIn('Your session has ended. Sign in again.'));
signOut.addEventListener('click', () => {
  forgetToken();
  showSignIn();
});

// Back from the issuer with a code: exchange it first, then show the page the person was on.
completeSignIn().then(
  (problem) => (problem ? showSignIn(problem) : route()),
  () => showSignIn('The sign-in did not finish. Sign in again.'),
);
