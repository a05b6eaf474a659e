import type { Request, Response } from 'express';
import { pageViewerOf, sendHtml } from '../http/responses';
import type { PipelineOverviewReader } from '../pipeline/overview';
import { pipelinePage } from '../views/pipelinePage';

/** GET /pipeline: files by state, queues, rows per minute, rejects and non-tracked events. */
export function pipelineRoute(reader: PipelineOverviewReader) {
  return async (_req: Request, res: Response): Promise<void> => {
    sendHtml(res, 200, pipelinePage(await reader.read(), pageViewerOf(res)));
  };
}
