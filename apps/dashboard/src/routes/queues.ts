import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { QueueBoards } from '../board/queueBoards';
import { viewerOf } from '../http/responses';

/**
 * /queues/*: the Bull Board of the viewer's role. A board is an Express app; Express restores the
 * parent's request and response prototypes only for apps it mounts itself, so this does the same
 * when a board passes a request on.
 */
export function queueBoardRoute(boards: QueueBoards) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const board = boards.routerFor(viewerOf(res).role) as unknown as RequestHandler;
    const requestPrototype = Object.getPrototypeOf(req) as object;
    const responsePrototype = Object.getPrototypeOf(res) as object;
    board(req, res, (error?: unknown) => {
      Object.setPrototypeOf(req, requestPrototype);
      Object.setPrototypeOf(res, responsePrototype);
      next(error);
    });
  };
}
