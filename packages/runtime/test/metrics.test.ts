import { SpadeMetrics } from '@spade/runtime';

/** The sample lines of a Prometheus text (no comments), for exact comparison. */
function samples(text: string, prefix: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(prefix));
}

describe('SpadeMetrics', () => {
  it('counts parse progress: lines, input bytes and events by status', async () => {
    const metrics = new SpadeMetrics({ processMetrics: false });
    metrics.addParseProgress({ lines: 10, bytes: 1000, ok: 6, skippedColumn: 2, nontracked: 1, malformed: 1, empty: 0 });
    metrics.addParseProgress({ lines: 5, bytes: 250, ok: 3, skippedColumn: 0, nontracked: 0, malformed: 0, empty: 2 });
    const text = await metrics.text();
    expect(samples(text, 'spade_lines_read_total')).toEqual(['spade_lines_read_total 15']);
    expect(samples(text, 'spade_input_bytes_total')).toEqual(['spade_input_bytes_total 1250']);
    expect(samples(text, 'spade_events_total')).toEqual([
      'spade_events_total{status="ok"} 9',
      'spade_events_total{status="skipped_column"} 2',
      'spade_events_total{status="nontracked"} 1',
      'spade_events_total{status="malformed"} 1',
      'spade_events_total{status="empty"} 2',
    ]);
  });

  it('shows every event status at 0 before any event', async () => {
    const text = await new SpadeMetrics({ processMetrics: false }).text();
    expect(samples(text, 'spade_events_total')).toHaveLength(5);
    expect(samples(text, 'spade_events_total{status="empty"}')).toEqual(['spade_events_total{status="empty"} 0']);
  });

  it('counts parts, batch bytes, rows per table and load durations per table', async () => {
    const metrics = new SpadeMetrics({ processMetrics: false });
    metrics.addPartsEmitted(3);
    metrics.addPartsEmitted(4);
    metrics.addBatchWritten(2048);
    metrics.addLoad('login', 120, 0.2);
    metrics.addLoad('login', 30, 3);
    metrics.addLoad('signup', 7, 0.04);
    const text = await metrics.text();
    expect(samples(text, 'spade_parts_emitted_total')).toEqual(['spade_parts_emitted_total 7']);
    expect(samples(text, 'spade_output_bytes_total')).toEqual(['spade_output_bytes_total 2048']);
    expect(samples(text, 'spade_rows_loaded_total')).toEqual(['spade_rows_loaded_total{table="login"} 150', 'spade_rows_loaded_total{table="signup"} 7']);
    expect(samples(text, 'spade_load_duration_seconds_count')).toEqual([
      'spade_load_duration_seconds_count{table="login"} 2',
      'spade_load_duration_seconds_count{table="signup"} 1',
    ]);
    expect(samples(text, 'spade_load_duration_seconds_bucket{le="0.25",table="login"}')).toEqual(['spade_load_duration_seconds_bucket{le="0.25",table="login"} 1']);
    expect(samples(text, 'spade_load_duration_seconds_bucket{le="5",table="login"}')).toEqual(['spade_load_duration_seconds_bucket{le="5",table="login"} 2']);
    expect(samples(text, 'spade_load_duration_seconds_sum{table="login"}')).toEqual(['spade_load_duration_seconds_sum{table="login"} 3.2']);
  });

  it('declares the metric types', async () => {
    const text = await new SpadeMetrics({ processMetrics: false }).text();
    const types = text.split('\n').filter((line) => line.startsWith('# TYPE'));
    expect(types).toEqual([
      '# TYPE spade_lines_read_total counter',
      '# TYPE spade_input_bytes_total counter',
      '# TYPE spade_events_total counter',
      '# TYPE spade_parts_emitted_total counter',
      '# TYPE spade_output_bytes_total counter',
      '# TYPE spade_rows_loaded_total counter',
      '# TYPE spade_load_duration_seconds histogram',
    ]);
  });

  it('includes the process metrics under the spade_ prefix by default', async () => {
    const text = await new SpadeMetrics().text();
    expect(text).toContain('# TYPE spade_process_cpu_seconds_total counter');
    expect(text).toContain('# TYPE spade_nodejs_heap_size_used_bytes gauge');
  });

  it('keeps each registry separate, so two in one process do not collide', async () => {
    const first = new SpadeMetrics({ processMetrics: false });
    const second = new SpadeMetrics({ processMetrics: false });
    first.addPartsEmitted(5);
    expect(samples(await second.text(), 'spade_parts_emitted_total')).toEqual(['spade_parts_emitted_total 0']);
    expect(samples(await first.text(), 'spade_parts_emitted_total')).toEqual(['spade_parts_emitted_total 5']);
  });
});
