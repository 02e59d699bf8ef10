#ifndef MIXINFER_CSHIM_H
#define MIXINFER_CSHIM_H
/* The only C boundary of mixinfer: opaque handles over GLPK, PCRE2, zlib, zstd and Snappy.
   No library type appears here; every function reports failure by its return value. */
#include <stddef.h>
#include <stdint.h>

/* ---- GLPK: a minimisation LP whose columns are all >= 0. ---- */
typedef struct mi_lp mi_lp;
mi_lp *mi_lp_create(void);
void mi_lp_free(mi_lp *lp);
/* A new problem with the rows, columns, bounds and basis of `source` (made on this thread); NULL on failure.
   The copy's first solve starts from that basis. */
mi_lp *mi_lp_copy(const mi_lp *source);
/* Appends `count` columns with objective coefficients `obj`; returns the 0-based index of the first, or -1. */
int mi_lp_add_cols(mi_lp *lp, int count, const double *obj);
/* Appends a row  sum(vals[k] * x[cols[k]]) (>= if kind 0, == if kind 1) rhs; cols are 0-based.
   Returns the 0-based row index, or -1 (bad index, duplicate column, non-finite value, GLPK error). */
int mi_lp_add_row(mi_lp *lp, int len, const int *cols, const double *vals, int kind, double rhs);
/* Solves with the dual simplex from the current basis (falling back to primal and to a fresh basis).
   Returns 0 when solved to optimality; otherwise a positive code (see shim.c) and *status holds GLPK's status. */
int mi_lp_solve(mi_lp *lp, int *status, int *iterations);
int mi_lp_num_cols(const mi_lp *lp);
int mi_lp_num_rows(const mi_lp *lp);
double mi_lp_objective(mi_lp *lp);
/* Copies the primal values of columns [0, count) into out; returns 0 or -1. */
int mi_lp_col_values(mi_lp *lp, double *out, int count);
/* ---- Column-wise building (for solving the dual of a tall LP). ---- */
/* Sets the direction: 1 maximise, 0 minimise. */
int mi_lp_set_maximize(mi_lp *lp, int maximize);
/* Appends `count` empty rows  (row) <= upper; returns the 0-based index of the first, or -1. */
int mi_lp_add_upper_rows(mi_lp *lp, int count, double upper);
/* Makes the 0-based `row` free (no bounds); 0 on success, -1 on a bad row. */
int mi_lp_free_row(mi_lp *lp, int row);
/* Gives the 0-based `row` the bound (row) <= upper again; 0 on success, -1 on a bad row or bound. */
int mi_lp_bound_row(mi_lp *lp, int row, double upper);
/* Adds factor * (the column's entry in the 0-based `row`) to the objective coefficient of every column with an entry
   there; 0 on success, -1 on a bad row or factor. */
int mi_lp_shift_objective_by_row(mi_lp *lp, int row, double factor);
/* Appends one column (free if `free_column`, else >= 0) with objective `obj` and entries in 0-based rows;
   returns its 0-based index, or -1 (bad row, duplicate, non-finite). */
int mi_lp_add_col(mi_lp *lp, double obj, int free_column, int len, const int *rows, const double *vals);
/* Row duals of rows [0, count). */
int mi_lp_row_duals(mi_lp *lp, double *out, int count);
/* For columns [0, count): primal value and whether the column is basic. */
int mi_lp_col_states(mi_lp *lp, double *value, int *basic, int count);
/* Deletes the given 0-based columns (distinct, in range). */
int mi_lp_delete_cols(mi_lp *lp, int count, const int *cols);
/* Solves with the primal simplex from the current basis (for problems whose basis stays primal feasible). */
int mi_lp_solve_primal(mi_lp *lp, int *status, int *iterations);

/* For rows [0, count): activity (row value) and whether the row's auxiliary variable is basic. */
int mi_lp_row_states(mi_lp *lp, double *activity, int *basic, int count);
/* Deletes the given 0-based rows (distinct, in range); remaining rows keep their relative order. */
int mi_lp_delete_rows(mi_lp *lp, int count, const int *rows);
/* Writes the LP in CPLEX LP format; returns 0 or -1. */
int mi_lp_write_cplex(mi_lp *lp, const char *path);
/* The last message GLPK printed on this thread (its error text after a failure). */
const char *mi_lp_last_message(void);
/* Simplex iterations allowed per solve attempt (0: automatic, growing with the LP's size). */
void mi_lp_set_iteration_limit(mi_lp *lp, int limit);

/* ---- PCRE2 (8-bit, UTF + UCP, JIT when available). ---- */
typedef struct mi_regex mi_regex;
typedef struct mi_matcher mi_matcher;
mi_regex *mi_regex_compile(const char *pattern, size_t length, char *error, size_t error_size);
void mi_regex_free(mi_regex *re);
/* A matcher holds per-thread match state; create one per thread. */
mi_matcher *mi_matcher_create(const mi_regex *re);
void mi_matcher_free(mi_matcher *m);
/* Finds the first match at or after `start` in valid UTF-8 `subject`.
   Returns 1 and sets [*match_start, *match_end) on a match, 0 when none, negative on a matching error. */
int mi_regex_find(mi_matcher *m, const uint8_t *subject, size_t length, size_t start,
                  size_t *match_start, size_t *match_end);

/* ======== Compression (compress.c): zstd, gzip/zlib, Snappy. ========
   Opaque handles only; buffers belong to the caller unless a function says it allocates. */

/* A streaming decompressor: zstd (any number of frames) or gzip/zlib (framing detected from the header). */
typedef struct mi_inflow mi_inflow;
enum { MI_CODEC_ZSTD = 1, MI_CODEC_GZIP = 2 };
/* Results of mi_inflow_step. */
enum {
    MI_INFLOW_OK = 0,         /* progress; inside a frame / member (or nothing given) */
    MI_INFLOW_BOUNDARY = 1,   /* a frame / member ended and all its output was written */
    MI_INFLOW_CORRUPT = -1,   /* not valid data of the codec */
    MI_INFLOW_NO_MEMORY = -3
};
/* NULL for an unknown codec or when out of memory. */
mi_inflow *mi_inflow_create(int codec);
void mi_inflow_free(mi_inflow *f);
/* Decompresses from in[0, in_len) into out[0, out_len); *consumed / *produced say how much of each was used.
   For gzip, input given after a BOUNDARY starts a new member. Returns an MI_INFLOW_ result. */
int mi_inflow_step(mi_inflow *f, const uint8_t *in, size_t in_len, size_t *consumed,
                   uint8_t *out, size_t out_len, size_t *produced);
/* Reads a zstd frame header from src[0, length): *header_size its size; returns 0 and *content_size when the
   header states the content size, 1 when it does not, -1 when src does not start with a complete frame header. */
int mi_zstd_frame_header(const uint8_t *src, size_t length, uint64_t *content_size, size_t *header_size);

/* Snappy raw block (no framing). Returns 0 and the length the block states, or -1. */
int mi_snappy_uncompressed_length(const uint8_t *input, size_t length, size_t *result);
/* Returns 0 and *written, -1 corrupt data, -2 when the stated length exceeds capacity. */
int mi_snappy_uncompress(const uint8_t *input, size_t length, uint8_t *output, size_t capacity, size_t *written);

/* Whole-buffer gunzip (concatenated members allowed).
   Returns 0 and a malloc'd buffer in *out (free with mi_free); -1 corrupt data, -2 truncated, -3 out of memory. */
int mi_gunzip(const uint8_t *input, size_t length, uint8_t **out, size_t *out_length);
void mi_free(void *p);
/* ======== end of Compression ======== */

#endif
