import type { Request, Response } from 'express';

/** GET /healthz: the process serves requests (liveness; no dependency is checked), as every Spade process answers it. */
export function healthzRoute(_req: Request, res: Response): void {
  res.status(200).set('cache-control', 'no-store').json({ status: 'ok' });
}
