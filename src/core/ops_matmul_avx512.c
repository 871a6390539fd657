/* ops_matmul_avx512.c: the AVX-512 kernel set (ops_kernels.h). Its training products (fwd_batch, dx,
 * dw) run the AVX2 set's drivers (the same blocking and sum order) with the 32-column panel of
 * ops_matmul_x16.h compiled here for zmm registers; the panels narrower than 32 columns and the
 * inference forward (a decoding step, bound by memory) stay on the AVX2 code. Every product adds
 * its terms one fused multiply-add at a time in the same order as the AVX2 set, so both sets give
 * the same bits. Only this file uses AVX-512; it runs only where the CPU (and the OS) has it. */
#include "core/ops_kernels.h"

#ifdef S2S_HAVE_AVX512_KERNELS
#pragma GCC target("avx512f,avx2,fma")
#include <immintrin.h>

#define X16_PANEL mm_panel32_avx512
#define X16_FMA(a, b, c) ((x16)_mm512_fmadd_ps((__m512)(a), (__m512)(b), (__m512)(c)))
#include "core/ops_matmul_x16.h"
#endif
