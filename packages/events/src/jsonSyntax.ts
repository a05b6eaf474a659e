/**
 * The byte-level vocabulary of the JSON decoder: the syntax error, byte classes inside strings, the
 * simple escapes, and how an offending byte is shown in a message.
 */

import { InputError } from './inputError';

/** A syntax error: `reason` is short (Go-like), `offset` the byte position where decoding stopped. */
export class JsonSyntaxError extends InputError {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Byte classes inside a string literal. */
export const PLAIN = 0;
export const QUOTE = 1;
export const BACKSLASH = 2;
export const CONTROL = 3;
export const HIGH = 4;
export const STRING_BYTE_KIND = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) STRING_BYTE_KIND[b] = CONTROL;
for (let b = 0x80; b < 0x100; b++) STRING_BYTE_KIND[b] = HIGH;
STRING_BYTE_KIND[0x22] = QUOTE;
STRING_BYTE_KIND[0x5c] = BACKSLASH;

/** Go's quoteChar-like rendering of an offending byte for error messages. */
export function describeByte(b: number): string {
  if (b === 0x27) return "'\\''";
  if (b >= 0x20 && b < 0x7f) return `'${String.fromCharCode(b)}'`;
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** Value of a hexadecimal digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Values of the one-character escapes (`\n`…), by the byte after the backslash. */
export const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};
