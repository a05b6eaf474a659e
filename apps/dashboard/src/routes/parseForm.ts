import type { Request, Response } from 'express';
import { pageViewerOf, sendHtml } from '../http/responses';
import { MAX_DEBUG_LINES } from '../parse/debugLines';
import { parsePage } from '../views/parsePage';

/** GET /pipeline/parse: the empty parse debugger. */
export function parseFormRoute(_req: Request, res: Response): void {
  sendHtml(res, 200, parsePage({ text: '', warnings: [], maxLines: MAX_DEBUG_LINES }, pageViewerOf(res)));
}
