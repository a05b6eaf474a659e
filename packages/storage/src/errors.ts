/**
 * S3 errors that say which object they are about: the SDK's messages ("The specified key does
 * not exist.") name neither bucket nor key.
 */
export class S3OperationError extends Error {
  /** The S3 error code, e.g. NoSuchKey, NoSuchBucket, AccessDenied. */
  readonly code: string;
  readonly statusCode: number | undefined;

  constructor(operation: string, url: string, cause: unknown) {
    const { code, message, statusCode } = describeCause(cause);
    super(`${operation} ${url} failed: ${code}: ${message}`, { cause });
    this.name = 'S3OperationError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

function describeCause(cause: unknown): { code: string; message: string; statusCode: number | undefined } {
  if (cause instanceof Error) {
    const statusCode = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return { code: cause.name, message: cause.message, statusCode };
  }
  return { code: 'Error', message: String(cause), statusCode: undefined };
}

export function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey' || error.name === 'NoSuchBucket';
}
