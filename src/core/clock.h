/* clock.h: the monotonic clock every timing in the program reads (decode passes, training
 * progress, benchmarks, the window's ticks). */
#ifndef S2S_CLOCK_H
#define S2S_CLOCK_H

/* Milliseconds since an arbitrary fixed point, monotonic, with sub-microsecond resolution. */
double clock_ms(void);
/* The same clock in microseconds (decode timings) and in seconds (training, benchmarks). */
double clock_us(void);
double clock_s(void);

#endif
