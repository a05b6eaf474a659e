import { formatClock, formatCount } from './format';
import { html, type SafeHtml } from './html';

export interface MinutePoint {
  minute: Date;
  rows: number;
}

export interface BarChartOptions {
  width: number;
  height: number;
  /** Axis labels (max value, first and last minute); off for sparklines. */
  labels: boolean;
  /** Text for screen readers. */
  title: string;
}

const MINUTE_MS = 60_000;

/** Rows per minute for each of `minutes` minutes starting at `from` (minutes without loads are 0). */
export function minuteSeries(points: readonly MinutePoint[], from: Date, minutes: number): number[] {
  const start = Math.floor(from.getTime() / MINUTE_MS);
  const series = new Array<number>(minutes).fill(0);
  for (const point of points) {
    const slot = Math.floor(point.minute.getTime() / MINUTE_MS) - start;
    if (slot >= 0 && slot < minutes) series[slot] += point.rows;
  }
  return series;
}

/** An inline SVG bar chart, one bar per minute, each with its count as a tooltip. */
export function minuteBarChart(series: readonly number[], from: Date, options: BarChartOptions): SafeHtml {
  const { width, height, labels } = options;
  const top = labels ? 14 : 1;
  const bottom = labels ? 14 : 1;
  const plot = height - top - bottom;
  const max = Math.max(1, ...series);
  const slot = width / Math.max(1, series.length);
  const bars = series.map((rows, i) => {
    const h = rows === 0 ? 0 : Math.max(1, (rows / max) * plot);
    const minute = new Date(from.getTime() + i * MINUTE_MS);
    return html`<rect x="${(i * slot + 0.5).toFixed(1)}" y="${(top + plot - h).toFixed(1)}" width="${Math.max(1, slot - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${formatClock(minute)} UTC: ${formatCount(rows)} rows</title></rect>`;
  });
  const axis = labels
    ? html`<text x="0" y="10" class="axis">${formatCount(Math.max(...series, 0))} rows/min</text>
<text x="0" y="${height - 2}" class="axis">${formatClock(from)}</text>
<text x="${width}" y="${height - 2}" class="axis" text-anchor="end">${formatClock(new Date(from.getTime() + (series.length - 1) * MINUTE_MS))} UTC</text>
<line x1="0" y1="${top + plot + 0.5}" x2="${width}" y2="${top + plot + 0.5}" class="baseline"/>`
    : '';
  return html`<svg class="chart" role="img" aria-label="${options.title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axis}${bars}</svg>`;
}
