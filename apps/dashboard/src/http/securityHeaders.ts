import type { NextFunction, Request, Response } from 'express';

/** The dashboard's own pages carry no script and load nothing from elsewhere. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers for every response; the strict content policy only outside Bull Board (a React app with its own assets). */
export function securityHeaders(boardPath: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.set({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
    if (req.path !== boardPath && !req.path.startsWith(`${boardPath}/`)) res.set('content-security-policy', PAGE_POLICY);
    next();
  };
}
