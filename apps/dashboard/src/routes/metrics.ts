import type { Request, Response } from 'express';
import type { SpadeMetrics } from '@spade/runtime';

/** GET /metrics: Prometheus text of the dashboard's registry (queue depths, process metrics). */
export function metricsRoute(registry: SpadeMetrics['registry']) {
  return async (_req: Request, res: Response): Promise<void> => {
    const text = await registry.metrics();
    res.status(200).set({ 'content-type': registry.contentType, 'cache-control': 'no-store' }).send(text);
  };
}
