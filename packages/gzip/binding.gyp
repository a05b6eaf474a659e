# The libdeflate binding (src/binding.c) and the part of libdeflate it uses: the compressor only.
# -Wno-sign-compare: upstream compares pointer differences with sizes throughout (node-gyp builds with -Wextra).
{
  "targets": [
    {
      "target_name": "spade_gzip",
      "sources": [
        "src/binding.c",
        "vendor/libdeflate/lib/deflate_compress.c",
        "vendor/libdeflate/lib/gzip_compress.c",
        "vendor/libdeflate/lib/crc32.c",
        "vendor/libdeflate/lib/utils.c",
        "vendor/libdeflate/lib/x86/cpu_features.c",
        "vendor/libdeflate/lib/arm/cpu_features.c"
      ],
      "include_dirs": ["vendor/libdeflate"],
      "cflags": ["-O2", "-std=gnu99", "-Wno-sign-compare"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
