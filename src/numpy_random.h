/* numpy_random: NumPy's legacy random generator (np.random.seed, randn,
 * random_sample, uniform), reproduced bit for bit so that a lesson written
 * against NumPy starts from the very same weights.
 *
 * It is the Mersenne Twister MT19937, seeded from one 32-bit integer as
 * RandomState.seed(N) does (Matsumoto and Nishimura's init_genrand); a
 * double takes two 32-bit draws, and randn is the polar Box–Muller method,
 * which makes two normal values at a time and keeps the second for the next
 * call.  No globals: each NumpyRandom is a complete, independent state. */
#ifndef BACKSTEP_NUMPY_RANDOM_H
#define BACKSTEP_NUMPY_RANDOM_H

#include <stdbool.h>
#include <stdint.h>

enum { NUMPY_RANDOM_STATE_WORDS = 624 };   /* MT19937's state: 624 words of 32 bits */

typedef struct {
    uint32_t key[NUMPY_RANDOM_STATE_WORDS];  /* the twister's state */
    int position;                            /* next word of key to temper; 624: twist first */
    bool has_gauss;                          /* randn has a second value kept back */
    double gauss;                            /* that value */
} NumpyRandom;

/* Seeds the state as np.random.seed(seed) does for an integer seed
 * (NumPy accepts 0 to 2^32 - 1, which is every uint32_t). */
void numpy_random_seed(NumpyRandom *random, uint32_t seed);

/* The next raw 32-bit draw (np.random.randint(0, 2**32, dtype=np.uint64)
 * would give the same draws). */
uint32_t numpy_random_uint32(NumpyRandom *random);

/* The next double in [0, 1), as np.random.random_sample(): 53 random bits
 * made of two draws, (a >> 5) × 2^26 + (b >> 6), over 2^53. */
double numpy_random_sample(NumpyRandom *random);

/* The next standard normal value, as np.random.randn(). */
double numpy_random_gauss(NumpyRandom *random);

/* The next value of np.random.uniform(low, high): low + (high - low) × random_sample. */
double numpy_random_uniform(NumpyRandom *random, double low, double high);

#endif
