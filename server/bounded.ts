/**
 * `work`, or a rejection with `timeoutError()` if it has not settled within `ms`. The work itself is not cancelled:
 * used where a promise may never settle (postgres.js can leave a query pending for ever when its connection dies
 * while connecting, upstream #1130) and the caller must get on.
 */
export function bounded<T>(work: Promise<T>, ms: number, timeoutError: () => Error = () => new Error(`timed out after ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(timeoutError()), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
