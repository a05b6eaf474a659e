import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@spade/runtime';
import { messagePage } from '../views/messagePage';
import { sendHtml } from './responses';

/** Anything no route answered. */
export function notFound(req: Request, res: Response): void {
  sendHtml(res, 404, messagePage('Not found', `Nothing is at ${req.path}.`, null));
}

/**
 * Errors of the body parsers (413 too large, 400 malformed) say what was wrong; anything else is
 * logged and answered with a generic 500 that leaks nothing.
 */
export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status = httpStatusOf(error);
    if (status >= 500) log.error({ err: error, path: req.path }, 'dashboard request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    const message = status === 413 ? 'The request body is too large.' : status < 500 ? 'The request could not be read.' : 'Something went wrong; the dashboard log has the details.';
    if (req.originalUrl.startsWith('/queues/api/')) res.status(status).json({ error: message });
    else sendHtml(res, status, messagePage(`Error ${status}`, message, null));
  };
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
