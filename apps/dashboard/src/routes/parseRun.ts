import type { Request, Response } from 'express';
import { errorMessage } from '../errorMessage';
import { pageViewerOf, sendHtml } from '../http/responses';
import { debugLines, MAX_DEBUG_LINES } from '../parse/debugLines';
import type { ParserToolsLoader } from '../parse/parserTools';
import { parsePage } from '../views/parsePage';

/**
 * POST /pipeline/parse (form: lines): parses the pasted lines with the parsers' table config and
 * GeoIP databases. It changes nothing, so the read-only role may use it too.
 */
export function parseRunRoute(tools: ParserToolsLoader) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = req.body as Record<string, unknown> | undefined;
    const text = typeof body?.lines === 'string' ? body.lines : '';
    const who = pageViewerOf(res);
    let loaded;
    try {
      loaded = await tools.get();
    } catch (error) {
      const message = `The table config cannot be read: ${errorMessage(error)}`;
      sendHtml(res, 503, parsePage({ text, warnings: [], error: message, maxLines: MAX_DEBUG_LINES }, who));
      return;
    }
    const result = debugLines(text, loaded);
    sendHtml(res, 200, parsePage({ text, result, warnings: loaded.warnings, maxLines: MAX_DEBUG_LINES }, who));
  };
}
