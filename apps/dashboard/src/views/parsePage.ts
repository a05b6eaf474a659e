import type { DebuggedEvent, DebugResult } from '../parse/debugLines';
import { formatCount } from './format';
import { html, type SafeHtml } from './html';
import { page, type PageViewer } from './layout';

export interface ParsePageInput {
  text: string;
  result?: DebugResult;
  warnings: string[];
  /** Why nothing could be parsed (the table config could not be read). */
  error?: string;
  maxLines: number;
}

/** The parse debugger: a form for edge log lines and, once posted, how each event was parsed. */
export function parsePage(input: ParsePageInput, who: PageViewer): string {
  return page(
    'Parse debugger',
    '/pipeline/parse',
    who,
    html`<h1>Parse debugger</h1>
<p class="muted">Paste edge log lines (either format, up to ${input.maxLines}). Each event shows its status, table and reason, and the row its table would receive.</p>
<form method="post" action="/pipeline/parse"><textarea name="lines" rows="8" spellcheck="false" placeholder="one edge log line per line">${input.text}</textarea>
<button class="primary" type="submit">Parse</button></form>
${input.warnings.map((w) => html`<p class="muted">warning: ${w}</p>`)}
${input.error !== undefined ? html`<p class="error">${input.error}</p>` : ''}
${input.result ? results(input.result) : ''}`,
  );
}

function results(result: DebugResult): SafeHtml {
  const counts = new Map<string, number>();
  for (const e of result.events) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${formatCount(n)} ${status}`).join(', ');
  return html`<section id="results"><h2>${formatCount(result.lines)} lines, ${formatCount(result.events.length)} events${summary ? `: ${summary}` : ''}</h2>
${result.skippedLines > 0 ? html`<p class="error">${formatCount(result.skippedLines)} more lines were not parsed.</p>` : ''}
${result.events.map(eventCard)}</section>`;
}

function eventCard(e: DebuggedEvent): SafeHtml {
  return html`<div class="event"><div>line ${e.line} · <strong>${e.event}</strong> · <span class="status status-${e.status}">${e.status}</span>
${e.table !== null ? html` · table <code>${e.table}</code> v${e.version}` : ''} · uuid <code>${e.uuid}</code></div>
${e.reason !== undefined ? html`<div class="reason">reason: ${e.reason}</div>` : ''}
${e.columns ? columnsTable(e.columns) : ''}
${e.loadLine !== undefined ? html`<div class="muted">as loaded (TAB-separated, loading encoding):</div><pre class="load-line">${e.loadLine}</pre>` : ''}</div>`;
}

function columnsTable(columns: NonNullable<DebuggedEvent['columns']>): SafeHtml {
  const rows = columns.map((c) => html`<tr><td><code>${c.name}</code></td><td>${columnValue(c.value)}</td></tr>`);
  return html`<table class="columns"><thead><tr><th>column</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** An empty value is loaded as NULL too (the original's EMPTYASNULL), so the page says so. */
function columnValue(value: string | null): SafeHtml {
  if (value === null) return html`<em class="muted">NULL</em>`;
  if (value === '') return html`<em class="muted">empty (loaded as NULL)</em>`;
  return html`<code>${value}</code>`;
}
