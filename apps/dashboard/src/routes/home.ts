import type { Request, Response } from 'express';
import { DEFAULT_PAGE } from '../auth/nextPath';

/** GET /: the pipeline page. */
export function homeRoute(_req: Request, res: Response): void {
  res.redirect(303, DEFAULT_PAGE);
}
