/**
 * gzip members of whole buffers, for the parser's parts (its largest single cost after parsing).
 *
 * libdeflate, vendored and built by node-gyp at install (`binding.gyp`), compresses the
 * benchmark's rows at level 1 about 1.6× faster than zlib's fastest useful settings, and smaller
 * (0.320 of the rows against 0.338). Where it could not be built (no C toolchain) or does not load
 * (a binding built on another machine), Node's zlib does the same job, and `gzipEngine` says which
 * one runs: both write standard members that any gunzip, PostgreSQL's and Redshift's COPY read,
 * alone or concatenated.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type GzipEngine = 'libdeflate' | 'zlib';

interface LibdeflateBinding {
  gzip(bytes: Uint8Array, level: number): Buffer;
}

/** Where `npm install` leaves the binding (from src/ in tests, from dist/ when built). */
export const BINDING_PATH = join(__dirname, '..', 'build', 'Release', 'spade_gzip.node');

/** The binding at `path`, or why it is not there or does not load. */
export function loadBinding(path: string): { binding: LibdeflateBinding } | { problem: string } {
  try {
    return { binding: require(path) as LibdeflateBinding };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'MODULE_NOT_FOUND' ? 'libdeflate was not built at install' : `libdeflate did not load (${message})`;
    return { problem: `${why}: parts are gzipped by zlib, about 1.6× slower` };
  }
}

/** libdeflate's fastest level; zlib's, with an 8 KiB window (about 35 rows back): measured cheapest per byte kept. */
const LIBDEFLATE_LEVEL = 1;
const ZLIB_OPTIONS = { level: 1, windowBits: 13 };

export function gzipByLibdeflate(binding: LibdeflateBinding, bytes: Uint8Array): Buffer {
  return binding.gzip(bytes, LIBDEFLATE_LEVEL);
}

export function gzipByZlib(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, ZLIB_OPTIONS);
}

const loaded = loadBinding(BINDING_PATH);

/** Which compressor gzipFast uses in this process. */
export const gzipEngine: GzipEngine = 'binding' in loaded ? 'libdeflate' : 'zlib';
/** Why zlib is used instead of libdeflate (undefined when libdeflate is). */
export const gzipEngineProblem: string | undefined = 'problem' in loaded ? loaded.problem : undefined;

/** `bytes` as one gzip member, at the fastest settings worth having. */
export const gzipFast: (bytes: Uint8Array) => Buffer =
  'binding' in loaded ? (bytes) => gzipByLibdeflate(loaded.binding, bytes) : gzipByZlib;
