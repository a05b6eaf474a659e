import type { NextFunction, Request, Response } from 'express';
import { viewerOf } from './responses';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The server-side rule for the read-only role on Bull Board: every Bull Board route that changes
 * something (retry, clean, promote, remove, pause, resume, add, update, obliterate …) is a PUT,
 * POST, PATCH or DELETE, and every one of those is refused with 403 — also routes a later Bull
 * Board version adds. The board such a viewer sees is in read-only mode as well, so it offers none
 * of those buttons.
 */
export function readOnlyGuard(req: Request, res: Response, next: NextFunction): void {
  if (viewerOf(res).role === 'admin' || SAFE_METHODS.has(req.method)) {
    next();
    return;
  }
  res.status(403).json({ error: 'read-only user: changing jobs or queues is not allowed' });
}
