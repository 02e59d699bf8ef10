/* Thin C shim: GLPK and PCRE2 calls with their failure modes turned into return codes.
   GLPK aborts the process on an internal error unless the error hook does not return: the hook
   longjmps back into the shim function that made the call, and the (now unusable) GLPK
   environment of this thread is freed. Handles created before that are marked dead by an epoch. */
#include "cshim.h"
#include <glpk.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

/* ================= GLPK ================= */

struct mi_lp { glp_prob *P; unsigned long epoch; int it_lim; };

static _Thread_local jmp_buf *mi_jump;
static _Thread_local unsigned long mi_epoch;
static _Thread_local char mi_message[512];

static void mi_error_hook(void *info) {
    (void)info;
    if (mi_jump) longjmp(*mi_jump, 1);
}

static int mi_term_hook(void *info, const char *s) {
    (void)info;
    size_t used = strlen(mi_message);
    if (used > 400) used = 0;                       /* keep the tail of long outputs */
    strncpy(mi_message + used, s, sizeof mi_message - used - 1);
    mi_message[sizeof mi_message - 1] = 0;
    return 1;                                       /* never print to stdout */
}

/* Every GLPK call runs between GUARD_BEGIN and GUARD_END. */
#define GUARD_BEGIN(lp, failure)                                         \
    if ((lp) && (lp)->epoch != mi_epoch) return failure;                 \
    jmp_buf mi_buf; jmp_buf *mi_prev = mi_jump; mi_jump = &mi_buf;       \
    glp_error_hook(mi_error_hook, NULL); glp_term_hook(mi_term_hook, NULL); \
    if (setjmp(mi_buf)) { mi_jump = mi_prev; glp_free_env(); mi_epoch++; return failure; }
#define GUARD_END() mi_jump = mi_prev

const char *mi_lp_last_message(void) { return mi_message; }

mi_lp *mi_lp_create(void) {
    mi_lp *lp = calloc(1, sizeof *lp);
    if (!lp) return NULL;
    mi_message[0] = 0;
    GUARD_BEGIN((mi_lp *)NULL, (free(lp), (mi_lp *)NULL));
    lp->P = glp_create_prob();
    glp_set_obj_dir(lp->P, GLP_MIN);
    lp->epoch = mi_epoch;
    GUARD_END();
    return lp;
}

void mi_lp_free(mi_lp *lp) {
    if (!lp) return;
    if (lp->epoch == mi_epoch && lp->P) {
        jmp_buf mi_buf; jmp_buf *mi_prev = mi_jump; mi_jump = &mi_buf;
        if (!setjmp(mi_buf)) glp_delete_prob(lp->P); else { glp_free_env(); mi_epoch++; }
        mi_jump = mi_prev;
    }
    free(lp);
}

mi_lp *mi_lp_copy(const mi_lp *source) {
    if (!source || source->epoch != mi_epoch) return NULL;
    mi_lp *lp = calloc(1, sizeof *lp);
    if (!lp) return NULL;
    mi_message[0] = 0;
    GUARD_BEGIN((mi_lp *)NULL, (free(lp), (mi_lp *)NULL));
    lp->P = glp_create_prob();
    glp_copy_prob(lp->P, source->P, GLP_OFF);   /* rows, columns, bounds and the basis statuses */
    lp->epoch = mi_epoch;
    lp->it_lim = source->it_lim;
    GUARD_END();
    return lp;
}

int mi_lp_num_cols(const mi_lp *lp) { return (lp && lp->epoch == mi_epoch) ? glp_get_num_cols(lp->P) : -1; }
int mi_lp_num_rows(const mi_lp *lp) { return (lp && lp->epoch == mi_epoch) ? glp_get_num_rows(lp->P) : -1; }

int mi_lp_add_cols(mi_lp *lp, int count, const double *obj) {
    if (!lp || count <= 0) return -1;
    for (int k = 0; k < count; k++) if (!isfinite(obj[k])) return -1;
    GUARD_BEGIN(lp, -1);
    int first = glp_add_cols(lp->P, count);
    for (int k = 0; k < count; k++) {
        glp_set_col_bnds(lp->P, first + k, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp->P, first + k, obj[k]);
    }
    GUARD_END();
    return first - 1;
}

int mi_lp_add_row(mi_lp *lp, int len, const int *cols, const double *vals, int kind, double rhs) {
    if (!lp || len < 0 || !isfinite(rhs) || (kind != 0 && kind != 1)) return -1;
    if (lp->epoch != mi_epoch) return -1;
    int ncols = glp_get_num_cols(lp->P);
    int *ind = malloc(sizeof(int) * (size_t)(len + 1));
    double *val = malloc(sizeof(double) * (size_t)(len + 1));
    char *seen = calloc((size_t)ncols + 1, 1);
    if (!ind || !val || !seen) { free(ind); free(val); free(seen); return -1; }
    for (int k = 0; k < len; k++) {
        int c = cols[k];
        if (c < 0 || c >= ncols || seen[c] || !isfinite(vals[k])) { free(ind); free(val); free(seen); return -1; }
        seen[c] = 1; ind[k + 1] = c + 1; val[k + 1] = vals[k];
    }
    free(seen);
    int row = -1;
    GUARD_BEGIN(lp, (free(ind), free(val), -1));
    row = glp_add_rows(lp->P, 1);
    glp_set_row_bnds(lp->P, row, kind == 1 ? GLP_FX : GLP_LO, rhs, rhs);
    glp_set_mat_row(lp->P, row, len, ind, val);
    GUARD_END();
    free(ind); free(val);
    return row - 1;
}

int mi_lp_set_maximize(mi_lp *lp, int maximize) {
    if (!lp || lp->epoch != mi_epoch) return -1;
    glp_set_obj_dir(lp->P, maximize ? GLP_MAX : GLP_MIN);
    return 0;
}

int mi_lp_add_upper_rows(mi_lp *lp, int count, double upper) {
    if (!lp || count <= 0 || !isfinite(upper)) return -1;
    GUARD_BEGIN(lp, -1);
    int first = glp_add_rows(lp->P, count);
    for (int k = 0; k < count; k++) glp_set_row_bnds(lp->P, first + k, GLP_UP, 0.0, upper);
    GUARD_END();
    return first - 1;
}

int mi_lp_free_row(mi_lp *lp, int row) {
    if (!lp || row < 0 || lp->epoch != mi_epoch || row >= glp_get_num_rows(lp->P)) return -1;
    GUARD_BEGIN(lp, -1);
    glp_set_row_bnds(lp->P, row + 1, GLP_FR, 0.0, 0.0);
    GUARD_END();
    return 0;
}

int mi_lp_shift_objective_by_row(mi_lp *lp, int row, double factor) {
    if (!lp || row < 0 || !isfinite(factor) || lp->epoch != mi_epoch || row >= glp_get_num_rows(lp->P)) return -1;
    int ncols = glp_get_num_cols(lp->P);
    int *ind = malloc(sizeof(int) * (size_t)(ncols + 1));
    double *val = malloc(sizeof(double) * (size_t)(ncols + 1));
    if (!ind || !val) { free(ind); free(val); return -1; }
    GUARD_BEGIN(lp, (free(ind), free(val), -1));
    int len = glp_get_mat_row(lp->P, row + 1, ind, val);
    for (int k = 1; k <= len; k++)
        glp_set_obj_coef(lp->P, ind[k], glp_get_obj_coef(lp->P, ind[k]) + factor * val[k]);
    GUARD_END();
    free(ind);
    free(val);
    return 0;
}

int mi_lp_bound_row(mi_lp *lp, int row, double upper) {
    if (!lp || row < 0 || !isfinite(upper) || lp->epoch != mi_epoch || row >= glp_get_num_rows(lp->P)) return -1;
    GUARD_BEGIN(lp, -1);
    glp_set_row_bnds(lp->P, row + 1, GLP_UP, 0.0, upper);
    GUARD_END();
    return 0;
}

int mi_lp_add_col(mi_lp *lp, double obj, int free_column, int len, const int *rows, const double *vals) {
    if (!lp || len < 0 || !isfinite(obj) || lp->epoch != mi_epoch) return -1;
    int nrows = glp_get_num_rows(lp->P);
    int *ind = malloc(sizeof(int) * (size_t)(len + 1));
    double *val = malloc(sizeof(double) * (size_t)(len + 1));
    char *seen = calloc((size_t)nrows + 1, 1);
    if (!ind || !val || !seen) { free(ind); free(val); free(seen); return -1; }
    for (int k = 0; k < len; k++) {
        int r = rows[k];
        if (r < 0 || r >= nrows || seen[r] || !isfinite(vals[k])) { free(ind); free(val); free(seen); return -1; }
        seen[r] = 1; ind[k + 1] = r + 1; val[k + 1] = vals[k];
    }
    free(seen);
    int col = -1;
    GUARD_BEGIN(lp, (free(ind), free(val), -1));
    col = glp_add_cols(lp->P, 1);
    glp_set_col_bnds(lp->P, col, free_column ? GLP_FR : GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp->P, col, obj);
    glp_set_mat_col(lp->P, col, len, ind, val);
    GUARD_END();
    free(ind); free(val);
    return col - 1;
}

int mi_lp_row_duals(mi_lp *lp, double *out, int count) {
    if (!lp || lp->epoch != mi_epoch || count > glp_get_num_rows(lp->P)) return -1;
    for (int k = 0; k < count; k++) out[k] = glp_get_row_dual(lp->P, k + 1);
    return 0;
}

int mi_lp_col_states(mi_lp *lp, double *value, int *basic, int count) {
    if (!lp || lp->epoch != mi_epoch || count > glp_get_num_cols(lp->P)) return -1;
    for (int k = 0; k < count; k++) {
        value[k] = glp_get_col_prim(lp->P, k + 1);
        basic[k] = glp_get_col_stat(lp->P, k + 1) == GLP_BS;
    }
    return 0;
}

static int mi_lp_delete(mi_lp *lp, int count, const int *items, int rows);
int mi_lp_delete_cols(mi_lp *lp, int count, const int *cols) { return mi_lp_delete(lp, count, cols, 0); }

static int mi_lp_solve_with(mi_lp *lp, int method, int *status, int *iterations);

int mi_lp_solve_primal(mi_lp *lp, int *status, int *iterations) {
    return mi_lp_solve_with(lp, GLP_PRIMAL, status, iterations);
}

int mi_lp_solve(mi_lp *lp, int *status, int *iterations) {
    return mi_lp_solve_with(lp, GLP_DUALP, status, iterations);
}

/* Simplex iterations allowed per attempt: GLPK's simplex can cycle on a degenerate LP even after perturbing
   it (seen on a 5.5k-row dual LP of 30 categories), and a stalled attempt must end. The limit grows with the
   LP and counts iterations, not seconds, so results do not depend on the machine's speed. */
static int mi_iteration_limit(mi_lp *lp) {
    if (lp->it_lim > 0) return lp->it_lim;
    return 2 * (glp_get_num_rows(lp->P) + glp_get_num_cols(lp->P)) + 10000;
}

void mi_lp_set_iteration_limit(mi_lp *lp, int limit) {
    if (lp) lp->it_lim = limit > 0 ? limit : 0;
}

/* 0 optimal; 1 infeasible; 2 unbounded; 3 no optimum after retries (numerical trouble or stalling); 4 GLPK error. */
static int mi_lp_solve_with(mi_lp *lp, int method, int *status, int *iterations) {
    if (!lp) return 4;
    mi_message[0] = 0;
    GUARD_BEGIN(lp, 4);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = method;
    parm.presolve = GLP_OFF;
    parm.it_lim = mi_iteration_limit(lp);
    int other = method == GLP_PRIMAL ? GLP_DUALP : GLP_PRIMAL;
    int before = glp_get_it_cnt(lp->P);
    int rc = glp_simplex(lp->P, &parm);
    int scaled = 0;
    if (rc != 0 || glp_get_status(lp->P) != GLP_OPT) {
        /* Stalled or in numerical trouble: the same method from the same basis on the scaled problem. A cold LP of
           Gemma's (3,151 rows, 10,001 columns, coefficients from 1 to 6.5e4) stalled at its starting vertex for the
           whole iteration limit unscaled and finished in 573 more iterations scaled. The scale factors go again
           below: scaling before every warm solve was slower (docs/performance.md). */
        glp_scale_prob(lp->P, GLP_SF_AUTO);
        scaled = 1;
        rc = glp_simplex(lp->P, &parm);
    }
    if (rc == GLP_EITLIM) {
        /* Stalled: the basis is still a good start for the other method. */
        parm.meth = other;
        rc = glp_simplex(lp->P, &parm);
    }
    if (rc != 0 || glp_get_status(lp->P) != GLP_OPT) {
        /* A warm basis that went bad: start again from an advanced basis, then try the other method. */
        glp_adv_basis(lp->P, 0);
        parm.meth = other;
        rc = glp_simplex(lp->P, &parm);
    }
    if (rc != 0 || (glp_get_status(lp->P) != GLP_OPT && glp_get_status(lp->P) != GLP_NOFEAS
                    && glp_get_status(lp->P) != GLP_UNBND)) {
        glp_std_basis(lp->P);
        parm.presolve = GLP_ON;
        rc = glp_simplex(lp->P, &parm);
    }
    if (scaled) glp_unscale_prob(lp->P);     /* the solution is kept unscaled; only the factors go */
    int st = glp_get_status(lp->P);
    if (status) *status = st;
    if (iterations) *iterations = glp_get_it_cnt(lp->P) - before;
    GUARD_END();
    if (st == GLP_OPT && rc == 0) return 0;
    if (st == GLP_NOFEAS || rc == GLP_ENOPFS) return 1;
    if (st == GLP_UNBND || rc == GLP_ENODFS) return 2;
    return 3;
}

double mi_lp_objective(mi_lp *lp) {
    if (!lp || lp->epoch != mi_epoch) return NAN;
    return glp_get_obj_val(lp->P);
}

int mi_lp_col_values(mi_lp *lp, double *out, int count) {
    if (!lp || lp->epoch != mi_epoch || count > glp_get_num_cols(lp->P)) return -1;
    for (int k = 0; k < count; k++) out[k] = glp_get_col_prim(lp->P, k + 1);
    return 0;
}

int mi_lp_row_states(mi_lp *lp, double *activity, int *basic, int count) {
    if (!lp || lp->epoch != mi_epoch || count > glp_get_num_rows(lp->P)) return -1;
    for (int k = 0; k < count; k++) {
        activity[k] = glp_get_row_prim(lp->P, k + 1);
        basic[k] = glp_get_row_stat(lp->P, k + 1) == GLP_BS;
    }
    return 0;
}

/* Deletes distinct, in-range 0-based rows (rows != 0) or columns; -1 on bad input or GLPK error. */
static int mi_lp_delete(mi_lp *lp, int count, const int *items, int rows) {
    if (!lp || lp->epoch != mi_epoch || count < 0) return -1;
    if (count == 0) return 0;
    int limit = rows ? glp_get_num_rows(lp->P) : glp_get_num_cols(lp->P);
    int *num = malloc(sizeof(int) * (size_t)(count + 1));
    char *seen = calloc((size_t)limit + 1, 1);
    if (!num || !seen) { free(num); free(seen); return -1; }
    for (int k = 0; k < count; k++) {
        if (items[k] < 0 || items[k] >= limit || seen[items[k]]) { free(num); free(seen); return -1; }
        seen[items[k]] = 1;
        num[k + 1] = items[k] + 1;
    }
    free(seen);
    GUARD_BEGIN(lp, (free(num), -1));
    if (rows) glp_del_rows(lp->P, count, num); else glp_del_cols(lp->P, count, num);
    GUARD_END();
    free(num);
    return 0;
}

int mi_lp_delete_rows(mi_lp *lp, int count, const int *rows) { return mi_lp_delete(lp, count, rows, 1); }

int mi_lp_write_cplex(mi_lp *lp, const char *path) {
    if (!lp || !path) return -1;
    GUARD_BEGIN(lp, -1);
    int rc = glp_write_lp(lp->P, NULL, path);
    GUARD_END();
    return rc == 0 ? 0 : -1;
}

/* ================= PCRE2 ================= */

struct mi_regex { pcre2_code *code; int jit; };
struct mi_matcher {
    const mi_regex *re;
    pcre2_match_data *data;
    pcre2_match_context *context;
    pcre2_jit_stack *stack;
};

mi_regex *mi_regex_compile(const char *pattern, size_t length, char *error, size_t error_size) {
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, length, PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
    if (!re) {
        if (error && error_size > 0) {
            PCRE2_UCHAR buffer[256];
            pcre2_get_error_message(code, buffer, sizeof buffer);
            snprintf(error, error_size, "%s at offset %zu", (const char *)buffer, (size_t)offset);
        }
        return NULL;
    }
    mi_regex *r = malloc(sizeof *r);
    if (!r) { pcre2_code_free(re); return NULL; }
    r->code = re;
    r->jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
    return r;
}

void mi_regex_free(mi_regex *re) {
    if (!re) return;
    pcre2_code_free(re->code);
    free(re);
}

mi_matcher *mi_matcher_create(const mi_regex *re) {
    if (!re) return NULL;
    mi_matcher *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->re = re;
    m->data = pcre2_match_data_create_from_pattern(re->code, NULL);
    m->context = pcre2_match_context_create(NULL);
    if (re->jit) {
        m->stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, NULL);
        if (m->stack) pcre2_jit_stack_assign(m->context, NULL, m->stack);
    }
    if (!m->data || !m->context) { mi_matcher_free(m); return NULL; }
    return m;
}

void mi_matcher_free(mi_matcher *m) {
    if (!m) return;
    if (m->data) pcre2_match_data_free(m->data);
    if (m->context) pcre2_match_context_free(m->context);
    if (m->stack) pcre2_jit_stack_free(m->stack);
    free(m);
}

int mi_regex_find(mi_matcher *m, const uint8_t *subject, size_t length, size_t start,
                  size_t *match_start, size_t *match_end) {
    /* The caller guarantees valid UTF-8; checking it on every call would make a split quadratic. */
    int rc = pcre2_match(m->re->code, subject, length, start, PCRE2_NO_UTF_CHECK, m->data, m->context);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) return rc;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->data);
    *match_start = ov[0];
    *match_end = ov[1];
    return 1;
}
