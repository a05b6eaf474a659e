/**
 * Keeps V8's optimized string code fast in a process that loads ioredis.
 *
 * When a class extends String (ioredis 5 declares `class VerbatimString extends String`, and bullmq
 * loads it), V8 turns String.prototype into a dictionary-mode object and leaves it so; optimized
 * code then cannot inline `text.charCodeAt(i)` or any other string method and calls a generic
 * property lookup for each — about a tenth of the parser's CPU time (perf: the `LoadIC` builtin
 * under the row writer, the key scanner and every transformer).
 *
 * V8 makes a prototype fast again, and marks it to stay fast, when a property lookup on an object
 * whose prototype it is misses an inline cache that has already seen another map. Strings are not
 * objects, so they never trigger it; two String wrapper objects of different maps do. Once marked,
 * String.prototype is no longer turned into a dictionary by later subclasses. Cheap and idempotent.
 */
function readThrough(wrapper: object): unknown {
  return (wrapper as { charCodeAt?: unknown }).charCodeAt;
}

export function keepStringPrototypeFast(): void {
  const plain = new String('a');
  const marked = new String('b') as String & { probe?: boolean };
  marked.probe = true; // same prototype, another map (not Object.assign: it leaves the wrapper slow)
  readThrough(plain);
  readThrough(marked);
}
