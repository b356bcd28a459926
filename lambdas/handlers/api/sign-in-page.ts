/**
 * The local issuer's sign-in page (GET and POST /oauth2/authorize): one accessible HTML form,
 * e-mail and password, carrying the authorization request back as a signed field. No script; its
 * own styles inline; nothing else may load, and it may not be framed.
 */
import type { HttpResult } from '#adapters/http.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#f4f5f7}
main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #d5d9e0;border-radius:6px}
h1{font-size:1.5rem;margin:0 0 .25rem}p{margin:.5rem 0 1rem}.muted{color:#505a66}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{box-sizing:border-box;width:100%;font:inherit;padding:.5rem .625rem;border:1px solid #505a66;border-radius:6px}
input:focus,button:focus{outline:3px solid #ffbf47;outline-offset:1px}
button{margin-top:1.5rem;font:inherit;font-weight:600;color:#fff;background:#1f4fb8;border:0;border-radius:6px;padding:.625rem 1.25rem;cursor:pointer}
button:hover{background:#163a88}
.error{color:#b42318;background:#fdecea;border-left:4px solid #b42318;padding:.5rem .75rem}`;

/** The page's headers: HTML, never cached, no framing, only its inline style, the form posts here (and redirects to `redirectOrigin`). */
function pageHeaders(redirectOrigin?: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${
      redirectOrigin ? ` ${redirectOrigin}` : ''
    }; frame-ancestors 'none'; base-uri 'none'`,
  };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export interface SignInForm {
  /** The signed authorization request the form posts back. */
  pending: string;
  email?: string;
  error?: string;
  redirectOrigin: string;
}

/** The sign-in form, with an error (and the e-mail typed) when a try failed. */
export function signInPage(form: SignInForm, statusCode = 200): HttpResult {
  const error = form.error
    ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(form.error)}</p>`
    : '';
  const described = form.error ? ' aria-describedby="sign-in-error"' : '';
  const body = `<h1>Sign in</h1>
<p class="muted">Durvalumab prior auth &amp; appeals</p>
${error}
<form method="post" action="authorize" novalidate>
<input type="hidden" name="pending" value="${escapeHtml(form.pending)}">
<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required spellcheck="false" value="${escapeHtml(form.email ?? '')}"${described}${form.error ? ' aria-invalid="true"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${form.error ? ' aria-invalid="true"' : ''}>
<button type="submit">Sign in</button>
</form>`;
  return { statusCode, headers: pageHeaders(form.redirectOrigin), body: page('Sign in', body) };
}

/** A request that cannot go on and must not be redirected (unknown client or return address, a stale form). */
export function signInErrorPage(message: string, statusCode = 400): HttpResult {
  return {
    statusCode,
    headers: pageHeaders(),
    body: page('Sign-in problem', `<h1>Sign-in problem</h1><p role="alert">${escapeHtml(message)}</p>`),
  };
}

/** 303 to the client's redirect URI with the query (code and state, or an error). */
export function redirectTo(redirectUri: string, query: Record<string, string | undefined>): HttpResult {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, value);
  return { statusCode: 303, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}
