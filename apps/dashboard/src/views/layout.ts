import type { Viewer } from '../auth/dashboardAuth';
import { html, SafeHtml } from './html';

/** Who the page is for: shapes the header (user, role, log-out button). */
export interface PageViewer {
  viewer: Viewer;
  authEnabled: boolean;
}

/** A constant of this file, so it is emitted as is (escaping would break the CSS). */
const STYLE = new SafeHtml(`
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{display:flex;align-items:center;gap:20px;padding:10px 24px;background:#1f2933;color:#fff}
header a{color:#cbd2d9;text-decoration:none}header a:hover,header a.current{color:#fff}
header .brand{font-weight:600;color:#fff;margin-right:12px}header .who{margin-left:auto;color:#9aa5b1}
header form{display:inline;margin:0}header button{background:none;border:1px solid #52606d;color:#cbd2d9;border-radius:4px;padding:2px 10px;cursor:pointer}
main{padding:20px 24px;max-width:1200px}
h1{font-size:20px;margin:0 0 16px}h2{font-size:16px;margin:24px 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:6px;padding:10px 16px;min-width:120px}
.card .n{font-size:22px;font-weight:600}.card .l{color:#616e7c;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.bad .n{color:#c81e1e}
table{border-collapse:collapse;background:#fff;border:1px solid #e4e7eb}
th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#c81e1e}.muted{color:#7b8794}.error{background:#fde8e8;border:1px solid #f8b4b4;padding:8px 12px;border-radius:4px;color:#9b1c1c}
.chart rect{fill:#3e7bfa}.chart .axis{font-size:10px;fill:#616e7c}.chart .baseline{stroke:#cbd2d9}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
pre{background:#fff;border:1px solid #e4e7eb;padding:8px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
textarea{width:100%;box-sizing:border-box;font-family:ui-monospace,monospace;font-size:12px}
.status{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;background:#e4e7eb}
.status-ok{background:#def7ec;color:#03543f}.status-skipped_column{background:#fdf6b2;color:#723b13}
.status-nontracked{background:#e1effe;color:#1e429f}.status-malformed,.status-empty{background:#fde8e8;color:#9b1c1c}
.event{background:#fff;border:1px solid #e4e7eb;border-radius:6px;padding:10px 14px;margin:10px 0}
.login{max-width:320px;margin:80px auto;background:#fff;border:1px solid #e4e7eb;border-radius:6px;padding:24px}
.login label{display:block;margin:10px 0 4px}.login input{width:100%;box-sizing:border-box;padding:6px}
.login button,.primary{margin-top:14px;padding:6px 16px;background:#3e7bfa;color:#fff;border:0;border-radius:4px;cursor:pointer}
`);

const NAV: [string, string][] = [
  ['/pipeline', 'Pipeline'],
  ['/pipeline/parse', 'Parse debugger'],
  ['/queues', 'Queues'],
];

function header(current: string, who: PageViewer | null): SafeHtml {
  const links = NAV.map(([href, text]) => html`<a href="${href}"${href === current ? html` class="current"` : ''}>${text}</a>`);
  let user: SafeHtml | string = '';
  if (who && who.authEnabled) {
    user = html`<span class="who">${who.viewer.user}${who.viewer.role === 'readonly' ? ' (read-only)' : ''}</span>
<form method="post" action="/logout"><button type="submit">Log out</button></form>`;
  } else if (who) {
    user = html`<span class="who">authentication off</span>`;
  }
  return html`<header><span class="brand">Spade</span>${who ? links : ''}${user}</header>`;
}

/** A whole HTML document. `current` is the path of the nav entry to highlight. */
export function page(title: string, current: string, who: PageViewer | null, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Spade</title><style>${STYLE}</style></head>
<body>${header(current, who)}<main>${body}</main></body></html>`.text;
}
