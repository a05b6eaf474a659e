/**
 * The base of the errors that say what is wrong with input — a line, a payload, a value. They end
 * as reject reasons and are never shown with a stack, and a bad line can raise several (the fast
 * path's, then the general path's), so they skip V8's stack capture: walking the stack of the
 * parser's optimized frames cost more than the rest of the bad line's work.
 */
export class InputError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
