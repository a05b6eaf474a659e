import type { QueueCounts } from '@spade/pipeline';
import { PARSE_QUEUE } from '@spade/queues';
import type { MinuteLoad } from '../pipeline/ledgerQueries';
import type { PipelineOverview, Section } from '../pipeline/overview';
import type { SinkDigest } from '../pipeline/sinkDigest';
import { minuteBarChart, minuteSeries } from './chart';
import { formatAge, formatCount, formatMinute } from './format';
import { html, type HtmlValue, type SafeHtml } from './html';
import { page, type PageViewer } from './layout';

export function pipelinePage(overview: PipelineOverview, who: PageViewer): string {
  const from = new Date(Math.floor(overview.generatedAt.getTime() / 60_000) * 60_000 - (overview.windowMinutes - 1) * 60_000);
  return page(
    'Pipeline',
    '/pipeline',
    who,
    html`<h1>Pipeline <span class="muted">at ${formatMinute(overview.generatedAt)}</span></h1>
${shown(overview.status, (status) => html`
<section id="files"><h2>Files</h2><div class="cards">
${card('discovered', status.files.discovered)}${card('parsed', status.files.parsed)}${card('loaded', status.files.loaded)}
${card('failed jobs', status.failedJobs, status.failedJobs > 0)}
<div class="card" id="oldest-unloaded"><div class="n">${status.oldestUnloadedFile ? formatAge(status.oldestUnloadedFile.ageMs) : 'none'}</div>
<div class="l">oldest unloaded file${status.oldestUnloadedFile ? html` <span class="muted">found ${formatMinute(status.oldestUnloadedFile.discoveredAt)}</span>` : ''}</div></div>
</div>
<div class="cards" style="margin-top:12px">${card('lines', status.lines)}${card('events', status.events)}${card('rejects', status.rejects, status.rejects > 0)}${card('non-tracked', status.nontracked)}</div></section>
<section id="queues"><h2>Queues</h2>${queueTable(status.queues)}</section>`)}
<section id="loads"><h2>Rows loaded per minute <span class="muted">(last ${overview.windowMinutes} min)</span></h2>
${shown(overview.loads, (loads) => loadsSection(loads, overview, from))}</section>
<section id="rejects"><h2>Rejects: top reasons</h2>${shown(overview.rejects, (d) => sinkTable(d, 'reason'))}</section>
<section id="nontracked"><h2>Non-tracked events: top event names</h2>${shown(overview.nontracked, (d) => sinkTable(d, 'event'))}</section>`,
  );
}

function shown<T>(section: Section<T>, render: (value: T) => SafeHtml): SafeHtml {
  return section.ok ? render(section.value) : html`<p class="error">Cannot read this: ${section.error}</p>`;
}

function card(label: string, n: number, bad = false): SafeHtml {
  return html`<div class="card${bad ? ' bad' : ''}"><div class="n">${formatCount(n)}</div><div class="l">${label}</div></div>`;
}

function queueLink(queue: string, status?: string): string {
  return `/queues/queue/${encodeURIComponent(queue)}${status ? `?status=${status}` : ''}`;
}

/** Parse and every queue with work or failures get a row; idle load queues share one (Bull Board lists them all). */
function queueTable(queues: readonly QueueCounts[]): SafeHtml {
  if (queues.length === 0) return html`<p class="muted">No queues yet: nothing was scheduled.</p>`;
  const shown = queues.filter((q) => q.queue === PARSE_QUEUE || q.waiting + q.active + q.delayed + q.failed > 0);
  const idle = queues.filter((q) => !shown.includes(q));
  const rows = shown.map((q) => html`<tr><td><a href="${queueLink(q.queue)}">${q.queue}</a></td>
<td class="num">${formatCount(q.waiting)}</td><td class="num">${formatCount(q.active)}</td><td class="num">${formatCount(q.delayed)}</td>
<td class="num${q.failed > 0 ? ' bad' : ''}">${q.failed > 0 ? html`<a class="bad" href="${queueLink(q.queue, 'failed')}">${formatCount(q.failed)}</a>` : '0'}</td>
<td class="num">${formatCount(q.completed)}</td></tr>`);
  const idleRow = idle.length > 0
    ? html`<tr class="idle"><td><a href="/queues">${formatCount(idle.length)} idle load ${idle.length === 1 ? 'queue' : 'queues'}</a></td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td>
<td class="num">${formatCount(idle.reduce((n, q) => n + q.completed, 0))}</td></tr>`
    : '';
  return html`<table><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th><th>completed</th></tr></thead><tbody>${rows}${idleRow}</tbody></table>`;
}

function loadsSection(loads: readonly MinuteLoad[], overview: PipelineOverview, from: Date): SafeHtml {
  const minutes = overview.windowMinutes;
  const chart = minuteBarChart(minuteSeries(loads, from, minutes), from, { width: 720, height: 120, labels: true, title: 'rows loaded per minute, all tables' });
  const byTable = new Map<string, MinuteLoad[]>();
  for (const load of loads) {
    const list = byTable.get(load.table);
    if (list) list.push(load);
    else byTable.set(load.table, [load]);
  }
  const totals = new Map((overview.status.ok ? overview.status.value.tables : []).map((t) => [t.table, t]));
  const names = [...new Set([...totals.keys(), ...byTable.keys()])].sort();
  if (names.length === 0) return html`${chart}<p class="muted">No rows loaded yet.</p>`;
  const rows: HtmlValue[] = names.map((name) => {
    const recent = byTable.get(name) ?? [];
    const total = totals.get(name);
    const series = minuteSeries(recent, from, minutes);
    return html`<tr><td>${name}</td><td class="num">${formatCount(series.reduce((a, b) => a + b, 0))}</td>
<td>${minuteBarChart(series, from, { width: 180, height: 22, labels: false, title: `rows loaded per minute into ${name}` })}</td>
<td class="num">${formatCount(total?.rows ?? 0)}</td><td class="num">${formatCount(total?.parts ?? 0)}</td></tr>`;
  });
  return html`${chart}
<table id="tables"><thead><tr><th>table</th><th>rows, last ${minutes} min</th><th>per minute</th><th>rows, all time</th><th>parts, all time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function sinkTable(digest: SinkDigest, what: string): SafeHtml {
  if (digest.objectsRead === 0) return html`<p class="muted">None recorded.</p>`;
  const rows = digest.top.map((t) => html`<tr><td><code>${t.value}</code></td><td class="num">${formatCount(t.count)}</td></tr>`);
  return html`<p class="muted">From the newest ${digest.objectsRead} objects (${formatCount(digest.recordsRead)} records${digest.truncated ? ', some objects only in part' : ''}; newest parsed ${digest.newestAt ? formatMinute(digest.newestAt) : '-'}).</p>
<table><thead><tr><th>${what}</th><th>records</th></tr></thead><tbody>${rows}</tbody></table>`;
}
