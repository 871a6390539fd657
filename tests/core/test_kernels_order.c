/* test_kernels_order.c: the AVX2 set's training products (fwd_batch, dx, dw) give, bit for bit,
 * the reference order of ops_kernels.h: each element is its starting value (the bias, or what dx
 * and dw held) plus its products one fused multiply-add at a time in ascending order of the summed
 * index. Checked on both of the products' paths (direct and blocked), on shapes just either side of
 * each condition that switches between them, and on shapes with a ragged edge at every block and
 * tile. The AVX-512 set is checked against this one in test_kernels_wide. */
#include "test_util.h"

#include "core/ops_kernels.h"

#ifdef S2S_HAVE_AVX2_KERNELS
static void fill(float *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) p[i] = (float)(((i + seed) * 2654435761u) % 2001) / 1000.0f - 1.0f;
}
static float *filled(size_t n, unsigned seed) {
    float *p = malloc(sizeof(float) * n);
    fill(p, n, seed);
    return p;
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
static const order_shape SHAPES[] = {
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
    for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
        int N = SHAPES[s].N, I = SHAPES[s].I, O = SHAPES[s].O;
        const int *want = SHAPES[s].blocked;
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
#endif

int main(void) {
#ifdef S2S_HAVE_AVX2_KERNELS
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_training_products_keep_the_fused_order)};
    return cmocka_run_group_tests(tests, NULL, NULL);
#else
    printf("no AVX2 kernels in this build\n");
    return 0;
#endif
}
