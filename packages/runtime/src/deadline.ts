/** Whether work finished by its deadline ('drained') or was left running ('forced'). */
export type DrainOutcome = 'drained' | 'forced';

/** `work`'s result, or a rejection once `ms` have passed (the work itself is not stopped). */
export function withinMs<T>(work: Promise<T>, ms: number, what = 'no answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * 'drained' when `work` settles (resolved or rejected) within `ms`, else 'forced' at the deadline.
 * Work still running then is abandoned to the process exit.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<DrainOutcome> {
  try {
    await withinMs(work.catch(() => undefined), ms);
    return 'drained';
  } catch {
    return 'forced';
  }
}
