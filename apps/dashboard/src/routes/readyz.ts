import type { Request, Response } from 'express';
import { runReadiness, type ReadinessCheck } from '@spade/runtime';

/**
 * GET /readyz: 200 when Redis and the warehouse answer, else 503 naming what does not — the same
 * checks and JSON as the ops server of the other processes. 503 "draining" once stopping.
 */
export function readyzRoute(checks: readonly ReadinessCheck[], isDraining: () => boolean) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.set('cache-control', 'no-store');
    if (isDraining()) {
      res.status(503).json({ status: 'not ready', failing: ['draining'], checks: {} });
      return;
    }
    const report = await runReadiness(checks);
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', failing: report.failing, checks: report.checks });
  };
}
