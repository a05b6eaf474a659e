/*
 * gzip(bytes, level) -> Buffer: one gzip member of `bytes`, compressed whole by libdeflate.
 *
 *   1. Reads `bytes` (a Uint8Array: a Buffer is one) without copying it.
 *   2. Compresses it with this environment's compressor for `level`, made on first use and kept,
 *      into this environment's scratch space (grown to libdeflate's bound when too small).
 *   3. Returns a new Buffer holding exactly the member.
 *
 * Each Node environment (the main thread, every worker thread) has its own compressors and
 * scratch space: libdeflate's compressors hold match-finder state and are not shared between
 * threads. They are freed with the environment.
 *
 * Throws TypeError when `bytes` is not a Uint8Array or `level` not an integer, RangeError for a
 * level outside 0-12, and Error when memory runs out.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include "libdeflate.h"

#define MAX_LEVEL 12

typedef struct {
  struct libdeflate_compressor *compressors[MAX_LEVEL + 1];
  void *scratch;
  size_t scratch_size;
} GzipState;

static void free_state(napi_env env, void *data, void *hint) {
  GzipState *state = data;
  for (int level = 0; level <= MAX_LEVEL; level++) {
    if (state->compressors[level] != NULL) libdeflate_free_compressor(state->compressors[level]);
  }
  free(state->scratch);
  free(state);
}

typedef enum { TYPE_ERROR, RANGE_ERROR, PLAIN_ERROR } ErrorKind;

/** Throws and returns NULL (what a callback returns after throwing). */
static napi_value fail(napi_env env, ErrorKind kind, const char *message) {
  if (kind == TYPE_ERROR) napi_throw_type_error(env, NULL, message);
  else if (kind == RANGE_ERROR) napi_throw_range_error(env, NULL, message);
  else napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value gzip(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  GzipState *state;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&state) != napi_ok) return NULL;

  bool is_typed_array = false;
  if (argc < 2 || napi_is_typedarray(env, argv[0], &is_typed_array) != napi_ok || !is_typed_array) {
    return fail(env, TYPE_ERROR, "gzip: bytes must be a Uint8Array");
  }
  napi_typedarray_type type;
  size_t bytes;
  void *data;
  if (napi_get_typedarray_info(env, argv[0], &type, &bytes, &data, NULL, NULL) != napi_ok) return NULL;
  if (type != napi_uint8_array) return fail(env, TYPE_ERROR, "gzip: bytes must be a Uint8Array");

  double requested;
  if (napi_get_value_double(env, argv[1], &requested) != napi_ok || requested != (double)(int64_t)requested) {
    return fail(env, TYPE_ERROR, "gzip: level must be an integer");
  }
  if (requested < 0 || requested > MAX_LEVEL) return fail(env, RANGE_ERROR, "gzip: level must be 0-12");
  int level = (int)requested;

  if (state->compressors[level] == NULL) {
    state->compressors[level] = libdeflate_alloc_compressor(level);
    if (state->compressors[level] == NULL) return fail(env, PLAIN_ERROR, "gzip: out of memory for a compressor");
  }
  struct libdeflate_compressor *compressor = state->compressors[level];
  size_t bound = libdeflate_gzip_compress_bound(compressor, bytes);
  if (bound > state->scratch_size) {
    void *grown = malloc(bound);
    if (grown == NULL) return fail(env, PLAIN_ERROR, "gzip: out of memory for the output");
    free(state->scratch);
    state->scratch = grown;
    state->scratch_size = bound;
  }
  size_t written = libdeflate_gzip_compress(compressor, data, bytes, state->scratch, bound);
  if (written == 0) return fail(env, PLAIN_ERROR, "gzip: the output did not fit libdeflate's own bound");

  napi_value result;
  void *copy;
  if (napi_create_buffer_copy(env, written, state->scratch, &copy, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  GzipState *state = calloc(1, sizeof(GzipState));
  if (state == NULL) return fail(env, PLAIN_ERROR, "gzip: out of memory");
  if (napi_set_instance_data(env, state, free_state, NULL) != napi_ok) {
    free(state);
    return NULL;
  }
  napi_value fn;
  if (napi_create_function(env, "gzip", NAPI_AUTO_LENGTH, gzip, state, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "gzip", fn) != napi_ok) return NULL;
  return exports;
}
