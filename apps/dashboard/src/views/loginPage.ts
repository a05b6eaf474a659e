import { html } from './html';
import { page } from './layout';

/** Why the form is shown again: wrong credentials, or too many of them (minutes to wait). */
export type LoginNotice = { wrong: true } | { waitMinutes: number };

function noticeText(notice: LoginNotice): string {
  if ('wrong' in notice) return 'Wrong user name or password.';
  const minutes = notice.waitMinutes === 1 ? '1 minute' : `${notice.waitMinutes} minutes`;
  return `Too many failed logins from your address: try again in ${minutes}.`;
}

/** The login form, with a notice when it comes back after a refused login. `next` is where to go after. */
export function loginPage(next: string, notice?: LoginNotice): string {
  return page(
    'Log in',
    '',
    null,
    html`<form class="login" method="post" action="/login">
<h1>Spade dashboard</h1>
${notice ? html`<p class="error" role="alert">${noticeText(notice)}</p>` : ''}
<input type="hidden" name="next" value="${next}">
<label for="user">User</label><input id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`,
  );
}
