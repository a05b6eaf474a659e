/**
 * The property names one table reads, numbered as slots, looked up straight from the bytes of a JSON
 * key (an open-addressing table over the same hash the string cache uses), so the keys of a payload
 * need not become strings. Keys with escapes or non-ASCII bytes are looked up by their decoded string.
 */
import { stepHash } from './stringCache';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function spread(hash: number): number {
  return hash ^ (hash >>> 15);
}

/** Printable ASCII other than `"` and `\\`: a name JSON writes as it is. */
function isPlainName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * Clients send an event's properties in the same order every time, so the key that followed a slot
 * in the previous event of the table is the first guess for the key after it in this one, and the
 * key after the guess the second (a property left out costs no miss): a hit costs a comparison of
 * the key's bytes instead of a hash and a lookup. Only keys found by lookup change the guesses.
 */
export class PropertySlots {
  /** Name → slot, for keys that had to be decoded. */
  private readonly byName: ReadonlyMap<string, number>;
  /** Open-addressing table: index → slot + 1 (0: empty), for ASCII names. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Whether each name can be matched against raw key bytes (see isPlainName). */
  private readonly plain: boolean[];
  /** The guessed slot of the key after slot s at index s + 1, of the first key at 0 (-1: no guess). */
  private readonly guesses: Int32Array;
  /** The names' bytes (Latin-1 for comparing with raw keys) back to back, slot s at `nameStarts[s]`. */
  private readonly nameBytes: Uint8Array;
  private readonly nameStarts: Int32Array;

  /** `names[i]` gets slot i. */
  constructor(readonly names: readonly string[]) {
    this.byName = new Map(names.map((name, slot) => [name, slot]));
    this.plain = names.map(isPlainName);
    this.guesses = new Int32Array(names.length + 1).fill(-1);
    this.nameStarts = new Int32Array(names.length + 1);
    names.forEach((name, slot) => (this.nameStarts[slot + 1] = this.nameStarts[slot] + name.length));
    this.nameBytes = Buffer.from(names.join(''), 'latin1');
    let size = 8;
    while (size < names.length * 4) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    names.forEach((name, slot) => {
      if (!isAscii(name)) return;
      let hash = 0;
      for (let i = 0; i < name.length; i++) hash = stepHash(hash, name.charCodeAt(i));
      let index = spread(hash) & this.mask;
      while (this.table[index] !== 0) index = (index + 1) & this.mask;
      this.table[index] = slot + 1;
    });
  }

  get size(): number {
    return this.names.length;
  }

  /**
   * The slot guessed for the key after slot `previous` (-1: the first key) when the key at
   * `buf[start…]` (after its opening quote) is exactly that name, with its closing quote and the
   * colon right after it; else -1. When the guess is not the key, the guess's own successor is
   * tried: a property left out of this event (clients skip what they do not know) costs no miss.
   */
  guessedSlot(previous: number, buf: Uint8Array, start: number): number {
    const guess = this.guesses[previous + 1];
    if (guess < 0) return -1;
    if (this.isKeyAt(guess, buf, start)) return guess;
    const next = this.guesses[guess + 1];
    return next >= 0 && this.isKeyAt(next, buf, start) ? next : -1;
  }

  /** Whether `slot`'s name, its closing quote and a colon are at `buf[start…]`. */
  private isKeyAt(slot: number, buf: Uint8Array, start: number): boolean {
    if (!this.plain[slot]) return false;
    const nameStart = this.nameStarts[slot];
    const length = this.nameStarts[slot + 1] - nameStart;
    if (start + length + 1 >= buf.length || buf[start + length] !== 0x22 || buf[start + length + 1] !== 0x3a) return false;
    const nameBytes = this.nameBytes;
    for (let i = 0; i < length; i++) if (nameBytes[nameStart + i] !== buf[start + i]) return false;
    return true;
  }

  /** Notes that `slot` followed `previous` (-1: came first), for the next event's guess. */
  remember(previous: number, slot: number): void {
    this.guesses[previous + 1] = slot;
  }

  /** Slot of a decoded key, or -1. */
  slotOfName(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Slot of the key whose (plain ASCII) bytes are `buf[start, end)` with stepHash `hash`, or -1. */
  slotOfBytes(buf: Uint8Array, start: number, end: number, hash: number): number {
    const { table, nameBytes, nameStarts } = this;
    const length = end - start;
    for (let index = spread(hash) & this.mask; ; index = (index + 1) & this.mask) {
      const entry = table[index];
      if (entry === 0) return -1;
      const nameStart = nameStarts[entry - 1];
      if (nameStarts[entry] - nameStart !== length) continue;
      let i = 0;
      while (i < length && nameBytes[nameStart + i] === buf[start + i]) i++;
      if (i === length) return entry - 1;
    }
  }
}
