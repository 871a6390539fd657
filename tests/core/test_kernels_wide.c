/* test_kernels_wide.c: the training products' order on both paths, and the AVX-512 kernel set and
 * its choice, on any machine.
 *   - the AVX2 set's training products (fwd_batch, dx, dw) give, bit for bit, the reference order
 *     of ops_kernels.h: each element is its starting value (the bias, or what dx and dw held) plus
 *     its products one fused multiply-add at a time in ascending order of the summed index; on
 *     both of their paths (direct and blocked), on shapes just either side of each condition that
 *     switches between them, and on shapes with a ragged edge at every block and tile;
 *   - the choice is a table: AVX-512F with AVX2 and FMA gets the AVX-512 set, AVX2 with FMA the
 *     AVX2 set, anything else the portable C; the set in use is the one this CPU's features pick;
 *   - the 32-column panel (ops_matmul_x16.h), compiled here for AVX2 (each 16-float vector as two
 *     ymm registers) since this machine may lack AVX-512, adds each product with one fused
 *     multiply-add in order, bit for bit the scalar order;
 *   - the AVX2 set's drivers around that panel (what the AVX-512 set is) give the AVX2 set's bits
 *     on the training shapes, ragged edges and shapes either side of the switch to the blocked path;
 *   - where the CPU has AVX-512, the real AVX-512 set gives the same bits (otherwise said and
 *     skipped). */
#include "test_util.h"

#include "core/ops_kernels.h"

#ifdef S2S_HAVE_AVX512_KERNELS
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#pragma GCC diagnostic ignored "-Wpsabi" /* 64-byte vectors between inlined functions only: no ABI */
#include <immintrin.h>
typedef float x16 __attribute__((vector_size(64)));
static inline __attribute__((always_inline)) x16 fma_halves(x16 a, x16 b, x16 c) {
    union {
        x16 v;
        __m256 h[2];
    } ua = {a}, ub = {b}, uc = {c}, r;
    r.h[0] = _mm256_fmadd_ps(ua.h[0], ub.h[0], uc.h[0]);
    r.h[1] = _mm256_fmadd_ps(ua.h[1], ub.h[1], uc.h[1]);
    return r.v;
}
#define X16_PANEL panel32_on_avx2
#define X16_FMA(a, b, c) fma_halves(a, b, c)
#include "core/ops_matmul_x16.h"
#pragma GCC pop_options

static int has_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

static void fill(float *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) p[i] = (float)(((i + seed) * 2654435761u) % 2001) / 1000.0f - 1.0f;
}
static float *filled(size_t n, unsigned seed) {
    float *p = malloc(sizeof(float) * n);
    fill(p, n, seed);
    return p;
}
#endif

static void test_choice_is_a_table(void **state) {
    (void)state;
    assert_ptr_equal(mm_kernels_for(0, 0, 0), &mm_kernels_portable);
    assert_ptr_equal(mm_kernels_for(1, 0, 0), &mm_kernels_portable);
    assert_ptr_equal(mm_kernels_for(1, 1, 0), &mm_kernels_portable);
    assert_ptr_equal(mm_kernels_for(0, 1, 0), &mm_kernels_portable);
#ifdef S2S_HAVE_AVX512_KERNELS
    assert_ptr_equal(mm_kernels_for(0, 1, 1), &mm_kernels_avx2);
    assert_ptr_equal(mm_kernels_for(1, 1, 1), &mm_kernels_avx512);
    __builtin_cpu_init();
    const mm_kernels *mine = mm_kernels_for(__builtin_cpu_supports("avx512f"), __builtin_cpu_supports("avx2"),
                                            __builtin_cpu_supports("fma"));
    assert_ptr_equal(mm_kernels_active(), mine);
#endif
    printf("  in use here: %s\n", mm_kernels_active()->name);
}

#ifdef S2S_HAVE_AVX512_KERNELS
/* The panel against the scalar order: C[r][c] = fma(A[r][p], B[p][c], C[r][c]) for p = 0, 1, ... */
static void test_panel_is_the_scalar_order(void **state) {
    (void)state;
    if (!has_avx2()) skip();
    static const int RS[] = {1, 2, 3, 4, 5, 7, 12, 13, 14, 25}, PS[] = {1, 7, 256};
    for (size_t ri = 0; ri < sizeof RS / sizeof RS[0]; ri++)
        for (size_t pi = 0; pi < sizeof PS / sizeof PS[0]; pi++)
            for (int layout = 0; layout < 2; layout++) {
                int R = RS[ri], P = PS[pi], ldc = 40, ldb = 35;
                /* layout 0: A is (R, P) row-major (dx, fwd_batch); 1: (P, R) (dw over g) */
                size_t ars = layout ? 1 : (size_t)P, aps = layout ? (size_t)R : 1;
                float *A = filled((size_t)R * P, 7), *B = filled((size_t)P * ldb, 8);
                float *C = filled((size_t)R * ldc, 9), *want = malloc(sizeof(float) * (size_t)R * ldc);
                memcpy(want, C, sizeof(float) * (size_t)R * ldc);
                for (int r = 0; r < R; r++)
                    for (int c = 0; c < 32; c++)
                        for (int p = 0; p < P; p++)
                            want[(size_t)r * ldc + c] =
                                fmaf(A[r * ars + p * aps], B[(size_t)p * ldb + c], want[(size_t)r * ldc + c]);
                panel32_on_avx2(R, C, ldc, A, ars, aps, B, ldb, P);
                assert_memory_equal(C, want, sizeof(float) * (size_t)R * ldc); /* columns 32.. untouched too */
                free(A), free(B), free(C), free(want);
            }
    printf("  the 32-column panel (as AVX2 code) equals the scalar fused order bit for bit\n");
}

/* C (M, W) [m][c] = fma(A(m, p), B(c, p), C[m][c]) for p = 0, 1, ..., K-1: element (i, p) of an
 * operand at X[i * is + p * ps]. */
static void fused_order(float *C, int M, int W, int K, const float *A, size_t ais, size_t aps, const float *B,
                        size_t bis, size_t bps) {
    for (int m = 0; m < M; m++)
        for (int c = 0; c < W; c++) {
            float v = C[(size_t)m * W + c];
            for (int p = 0; p < K; p++) v = fmaf(A[m * ais + p * aps], B[c * bis + p * bps], v);
            C[(size_t)m * W + c] = v;
        }
}

typedef struct {
    int N, I, O;
    int blocked[3]; /* whether fwd_batch, dx and dw take the blocked path */
} order_shape;

/* (N, I, O): fwd_batch is C (M N, W O) summed over I, dx (N, I) over O, dw (O, I) over N. The blocked
 * path starts where the three matrices hold more than 262,144 floats (384 x 256 x 256 is exactly
 * that), where C is more than 256 wide, or where dw has more than 512 rows; the shapes lie either
 * side of each, and the blocked ones cross every block and tile edge (rows past 144 and a tile of 6,
 * columns past 512 and 16, a sum past 256 and not a multiple of 8). */
static const order_shape ORDER_SHAPES[] = {
    {384, 256, 256, {0, 0, 0}},  {385, 256, 256, {1, 1, 1}},  {200, 256, 100, {0, 0, 0}},
    {200, 257, 100, {0, 1, 1}},  {100, 64, 512, {1, 0, 0}},   {100, 64, 513, {1, 0, 1}},
    {150, 530, 300, {1, 1, 1}},  {13, 1100, 260, {1, 1, 1}},  {290, 37, 1030, {1, 1, 1}},
    {208, 64, 192, {0, 0, 0}},   {208, 256, 64, {0, 0, 0}},   {208, 64, 30, {0, 0, 0}},
    {600, 64, 100, {0, 0, 0}},
};

static void test_training_products_keep_the_fused_order(void **state) {
    (void)state;
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) skip();
    const mm_kernels *k = &mm_kernels_avx2;
    for (size_t s = 0; s < sizeof ORDER_SHAPES / sizeof ORDER_SHAPES[0]; s++) {
        int N = ORDER_SHAPES[s].N, I = ORDER_SHAPES[s].I, O = ORDER_SHAPES[s].O;
        const int *want = ORDER_SHAPES[s].blocked;
        assert_int_equal(mm_blocked(N, I, O, 0), want[0]);
        assert_int_equal(mm_blocked(N, O, I, 0), want[1]);
        assert_int_equal(mm_blocked(O, N, I, 1), want[2]);
        float *x = filled((size_t)N * I, 1), *w = filled((size_t)O * I, 2), *b = filled((size_t)O, 3);
        float *g = filled((size_t)N * O, 4), *y = malloc(sizeof(float) * (size_t)N * O);
        float *ref = malloc(sizeof(float) * (size_t)N * O);
        for (int n = 0; n < N; n++) memcpy(ref + (size_t)n * O, b, sizeof(float) * (size_t)O);
        fused_order(ref, N, O, I, x, (size_t)I, 1, w, (size_t)I, 1);
        k->fwd_batch(y, O, x, w, b, N, I, O);
        assert_memory_equal(y, ref, sizeof(float) * (size_t)N * O);

        float *dx = filled((size_t)N * I, 5), *rdx = filled((size_t)N * I, 5);
        fused_order(rdx, N, I, O, g, (size_t)O, 1, w, 1, (size_t)I);
        k->dx(dx, g, w, N, I, O);
        assert_memory_equal(dx, rdx, sizeof(float) * (size_t)N * I);

        float *dw = filled((size_t)O * I, 6), *rdw = filled((size_t)O * I, 6);
        fused_order(rdw, O, I, N, g, 1, (size_t)O, x, 1, (size_t)I);
        k->dw(dw, g, x, N, I, O);
        assert_memory_equal(dw, rdw, sizeof(float) * (size_t)O * I);
        printf("  %3d x %4d -> %4d: fwd_batch (%s), dx (%s), dw (%s) equal the fused order bit for bit\n", N, I, O,
               want[0] ? "blocked" : "direct", want[1] ? "blocked" : "direct", want[2] ? "blocked" : "direct");
        free(x), free(w), free(b), free(g), free(y), free(ref), free(dx), free(rdx), free(dw), free(rdw);
    }
}

typedef struct {
    const char *name;
    mm_panel32_fn *p32;
} wide_set;

/* The training products through the drivers with a wide panel, against the AVX2 set: same bits. */
static void check_wide_equals_avx2(wide_set ws) {
    static const int SHAPES[][3] = {{208, 64, 192}, {208, 64, 30},   {208, 256, 64},  {13, 33, 70},
                                    {37, 96, 33},   {300, 70, 520},  {5, 300, 600},   {64, 512, 2048},
                                    {385, 256, 256}, {150, 530, 300}, {290, 37, 1030}, {200, 257, 100}};
    for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
        int N = SHAPES[s][0], I = SHAPES[s][1], O = SHAPES[s][2];
        float *x = filled((size_t)N * I, 1), *w = filled((size_t)O * I, 2), *b = filled((size_t)O, 3);
        float *g = filled((size_t)N * O, 4);
        float *y1 = malloc(sizeof(float) * (size_t)N * O), *y2 = malloc(sizeof(float) * (size_t)N * O);
        float *dx1 = filled((size_t)N * I, 5), *dx2 = filled((size_t)N * I, 5);
        float *dw1 = filled((size_t)O * I, 6), *dw2 = filled((size_t)O * I, 6);
        mm_kernels_avx2.fwd_batch(y1, O, x, w, b, N, I, O);
        mm_fwd_batch_with(ws.p32, y2, O, x, w, b, N, I, O);
        assert_memory_equal(y1, y2, sizeof(float) * (size_t)N * O);
        mm_kernels_avx2.dx(dx1, g, w, N, I, O);
        mm_dx_with(ws.p32, dx2, g, w, N, I, O);
        assert_memory_equal(dx1, dx2, sizeof(float) * (size_t)N * I);
        mm_kernels_avx2.dw(dw1, g, x, N, I, O);
        mm_dw_with(ws.p32, dw2, g, x, N, I, O);
        assert_memory_equal(dw1, dw2, sizeof(float) * (size_t)O * I);
        free(x), free(w), free(b), free(g), free(y1), free(y2), free(dx1), free(dx2), free(dw1), free(dw2);
    }
    printf("  %s: fwd_batch, dx and dw equal the AVX2 set bit for bit on %zu shapes\n", ws.name,
           sizeof SHAPES / sizeof SHAPES[0]);
}

static void test_wide_set_as_avx2_code(void **state) {
    (void)state;
    if (!has_avx2()) skip();
    check_wide_equals_avx2((wide_set){"the AVX-512 drivers, panel as AVX2 code", panel32_on_avx2});
}

static void test_real_avx512_set(void **state) {
    (void)state;
    if (!has_avx2() || !__builtin_cpu_supports("avx512f")) {
        printf("  this CPU has no AVX-512: the real AVX-512 set is not run here\n");
        skip();
    }
    check_wide_equals_avx2((wide_set){"the AVX-512 set", mm_panel32_avx512});
    assert_ptr_equal(mm_kernels_avx512.fwd, mm_kernels_avx2.fwd); /* decoding: the AVX2 dot products */
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choice_is_a_table),
#ifdef S2S_HAVE_AVX512_KERNELS
        cmocka_unit_test(test_training_products_keep_the_fused_order),
        cmocka_unit_test(test_panel_is_the_scalar_order),
        cmocka_unit_test(test_wide_set_as_avx2_code),
        cmocka_unit_test(test_real_avx512_set),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
