import { html } from './html';
import { page } from './layout';

/** The login form; `failed` adds the wrong-credentials message. `next` is where to go after. */
export function loginPage(next: string, failed: boolean): string {
  return page(
    'Log in',
    '',
    null,
    html`<form class="login" method="post" action="/login">
<h1>Spade dashboard</h1>
${failed ? html`<p class="error" role="alert">Wrong user name or password.</p>` : ''}
<input type="hidden" name="next" value="${next}">
<label for="user">User</label><input id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`,
  );
}
