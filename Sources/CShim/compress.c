/* Decompression for corpora: zstd (streaming, multi-frame), gzip/zlib (streaming and whole-buffer) and
   Snappy raw blocks. No library type crosses cshim.h; every function reports failure by its return value. */
#include "cshim.h"

#include <stdlib.h>
#include <string.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* ================= streaming decompressor ================= */

struct mi_inflow {
    int codec;
    ZSTD_DStream *zstd;
    z_stream zlib;
    int zlib_ready;
    int at_boundary;   /* the last step ended exactly at the end of a frame / member */
};

mi_inflow *mi_inflow_create(int codec) {
    if (codec != MI_CODEC_ZSTD && codec != MI_CODEC_GZIP) return NULL;
    mi_inflow *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->codec = codec;
    if (codec == MI_CODEC_ZSTD) {
        f->zstd = ZSTD_createDStream();
        if (!f->zstd || ZSTD_isError(ZSTD_initDStream(f->zstd))) { mi_inflow_free(f); return NULL; }
    } else {
        /* 15 + 32: zlib or gzip framing, detected from the header. */
        if (inflateInit2(&f->zlib, 15 + 32) != Z_OK) { free(f); return NULL; }
        f->zlib_ready = 1;
    }
    return f;
}

void mi_inflow_free(mi_inflow *f) {
    if (!f) return;
    if (f->zstd) ZSTD_freeDStream(f->zstd);
    if (f->zlib_ready) inflateEnd(&f->zlib);
    free(f);
}

static int zstd_step(mi_inflow *f, const uint8_t *in, size_t in_len, size_t *consumed,
                     uint8_t *out, size_t out_len, size_t *produced) {
    ZSTD_inBuffer input = { in, in_len, 0 };
    ZSTD_outBuffer output = { out, out_len, 0 };
    size_t rc = ZSTD_decompressStream(f->zstd, &output, &input);
    *consumed = input.pos;
    *produced = output.pos;
    if (ZSTD_isError(rc)) {
        return ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation ? MI_INFLOW_NO_MEMORY : MI_INFLOW_CORRUPT;
    }
    f->at_boundary = (rc == 0);
    return f->at_boundary ? MI_INFLOW_BOUNDARY : MI_INFLOW_OK;
}

static int zlib_step(mi_inflow *f, const uint8_t *in, size_t in_len, size_t *consumed,
                     uint8_t *out, size_t out_len, size_t *produced) {
    /* zlib counts in uInt: cap each call at 1 GiB either way. */
    uInt in_chunk = in_len > (1u << 30) ? (1u << 30) : (uInt)in_len;
    uInt out_chunk = out_len > (1u << 30) ? (1u << 30) : (uInt)out_len;
    if (f->at_boundary && in_chunk > 0) {
        if (inflateReset(&f->zlib) != Z_OK) return MI_INFLOW_CORRUPT;
        f->at_boundary = 0;
    }
    f->zlib.next_in = (Bytef *)in;
    f->zlib.avail_in = in_chunk;
    f->zlib.next_out = out;
    f->zlib.avail_out = out_chunk;
    int rc = in_chunk > 0 ? inflate(&f->zlib, Z_NO_FLUSH) : Z_BUF_ERROR;
    *consumed = in_chunk - f->zlib.avail_in;
    *produced = out_chunk - f->zlib.avail_out;
    if (rc == Z_STREAM_END) { f->at_boundary = 1; return MI_INFLOW_BOUNDARY; }
    if (rc == Z_OK || rc == Z_BUF_ERROR) return f->at_boundary ? MI_INFLOW_BOUNDARY : MI_INFLOW_OK;
    return rc == Z_MEM_ERROR ? MI_INFLOW_NO_MEMORY : MI_INFLOW_CORRUPT;
}

int mi_inflow_step(mi_inflow *f, const uint8_t *in, size_t in_len, size_t *consumed,
                   uint8_t *out, size_t out_len, size_t *produced) {
    *consumed = 0;
    *produced = 0;
    if (!f || (!in && in_len) || (!out && out_len)) return MI_INFLOW_CORRUPT;
    if (f->codec == MI_CODEC_ZSTD) return zstd_step(f, in, in_len, consumed, out, out_len, produced);
    return zlib_step(f, in, in_len, consumed, out, out_len, produced);
}

/* ================= zstd frame headers ================= */

/* Frame header layout (RFC 8878 §3.1.1.1): magic, descriptor, window byte unless single-segment,
   dictionary id (0/1/2/4 bytes), content size (0/1/2/4/8 bytes). */
int mi_zstd_frame_header(const uint8_t *src, size_t length, uint64_t *content_size, size_t *header_size) {
    *content_size = 0;
    *header_size = 0;
    if (length < 5) return -1;
    uint8_t descriptor = src[4];
    int single = (descriptor >> 5) & 1, fcs_flag = descriptor >> 6;
    static const size_t dict_sizes[4] = {0, 1, 2, 4}, fcs_sizes[4] = {0, 2, 4, 8};
    size_t fcs = (fcs_flag == 0 && single) ? 1 : fcs_sizes[fcs_flag];
    size_t size = 5 + (single ? 0 : 1) + dict_sizes[descriptor & 3] + fcs;
    if (size > length) return -1;
    unsigned long long content = ZSTD_getFrameContentSize(src, size);
    if (content == ZSTD_CONTENTSIZE_ERROR) return -1;
    *header_size = size;
    if (content == ZSTD_CONTENTSIZE_UNKNOWN) return 1;
    *content_size = content;
    return 0;
}

/* ================= Snappy raw blocks ================= */

int mi_snappy_uncompressed_length(const uint8_t *input, size_t length, size_t *result) {
    *result = 0;
    return snappy_uncompressed_length((const char *)input, length, result) == SNAPPY_OK ? 0 : -1;
}

int mi_snappy_uncompress(const uint8_t *input, size_t length, uint8_t *output, size_t capacity, size_t *written) {
    size_t needed = 0;
    *written = 0;
    if (snappy_uncompressed_length((const char *)input, length, &needed) != SNAPPY_OK) return -1;
    if (needed > capacity) return -2;
    size_t out_length = capacity;
    if (snappy_uncompress((const char *)input, length, (char *)output, &out_length) != SNAPPY_OK) return -1;
    *written = out_length;
    return 0;
}

/* ================= zlib: whole-buffer gunzip ================= */

int mi_gunzip(const uint8_t *input, size_t length, uint8_t **out, size_t *out_length) {
    *out = NULL; *out_length = 0;
    size_t capacity = length * 4 + 1024, used = 0;
    uint8_t *buffer = malloc(capacity);
    if (!buffer) return -3;
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) { free(buffer); return -3; }
    s.next_in = (Bytef *)input;
    size_t consumed = 0;
    int result = 0;
    for (;;) {
        size_t chunk = length - consumed > (1u << 30) ? (1u << 30) : length - consumed;
        s.next_in = (Bytef *)(input + consumed);
        s.avail_in = (uInt)chunk;
        if (used == capacity) {
            capacity *= 2;
            uint8_t *grown = realloc(buffer, capacity);
            if (!grown) { result = -3; break; }
            buffer = grown;
        }
        size_t room = capacity - used > (1u << 30) ? (1u << 30) : capacity - used;
        s.next_out = buffer + used;
        s.avail_out = (uInt)room;
        int rc = inflate(&s, Z_NO_FLUSH);
        consumed += chunk - s.avail_in;
        used += room - s.avail_out;
        if (rc == Z_STREAM_END) {
            if (consumed >= length) break;
            if (input[consumed] != 0x1f) break;          /* trailing garbage after the last member: ignore */
            if (inflateReset(&s) != Z_OK) { result = -1; break; }
            continue;
        }
        if (rc == Z_BUF_ERROR && consumed >= length) { result = -2; break; }
        if (rc != Z_OK && rc != Z_BUF_ERROR) { result = (rc == Z_MEM_ERROR) ? -3 : -1; break; }
        if (consumed >= length && s.avail_out != 0) { result = -2; break; }
    }
    inflateEnd(&s);
    if (result != 0) { free(buffer); return result; }
    *out = buffer;
    *out_length = used;
    return 0;
}

void mi_free(void *p) { free(p); }
