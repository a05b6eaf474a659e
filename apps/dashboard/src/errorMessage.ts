/** The message of anything thrown (duck-typed: errors from another realm fail `instanceof Error`). */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
