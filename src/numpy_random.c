/* numpy_random: NumPy's legacy generator, bit for bit (see numpy_random.h).
 *
 * Each function follows the arithmetic of NumPy's own C code step by step,
 * in the same order, because a value that is merely close would not do: a
 * lesson's weights must be the ones NumPy prints.  The project is built as
 * ISO C17, where the compiler does not fuse a × b + c into one rounding, so
 * every product and sum here is rounded as NumPy's are. */
#include "numpy_random.h"

#include <math.h>

enum {
    SHIFT_WORDS = 397,   /* MT19937's middle word: key[i] mixes with key[i + 397] */
};

static const uint32_t MATRIX_A = 0x9908b0dfU;     /* the twist's constant */
static const uint32_t UPPER_BIT = 0x80000000U;
static const uint32_t LOWER_BITS = 0x7fffffffU;

void numpy_random_seed(NumpyRandom *random, uint32_t seed)
{
    /* key[i] = 1812433253 × (key[i-1] xor (key[i-1] >> 30)) + i, modulo 2^32 */
    random->key[0] = seed;
    for (int i = 1; i < NUMPY_RANDOM_STATE_WORDS; i++) {
        uint32_t previous = random->key[i - 1];
        random->key[i] = 1812433253U * (previous ^ (previous >> 30)) + (uint32_t)i;
    }
    random->position = NUMPY_RANDOM_STATE_WORDS;
    random->has_gauss = false;
    random->gauss = 0.0;
}

/* Makes the next 624 words at once: each word's top bit with the next
 * word's low 31 bits, shifted, mixed with the word 397 further on. */
static void twist(NumpyRandom *random)
{
    uint32_t *key = random->key;
    for (int i = 0; i < NUMPY_RANDOM_STATE_WORDS; i++) {
        uint32_t y = (key[i] & UPPER_BIT) | (key[(i + 1) % NUMPY_RANDOM_STATE_WORDS] & LOWER_BITS);
        uint32_t mixed = key[(i + SHIFT_WORDS) % NUMPY_RANDOM_STATE_WORDS] ^ (y >> 1);
        key[i] = (y & 1U) ? mixed ^ MATRIX_A : mixed;
    }
    random->position = 0;
}

uint32_t numpy_random_uint32(NumpyRandom *random)
{
    if (random->position >= NUMPY_RANDOM_STATE_WORDS)
        twist(random);
    uint32_t y = random->key[random->position++];
    /* tempering */
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= y >> 18;
    return y;
}

double numpy_random_sample(NumpyRandom *random)
{
    uint32_t high = numpy_random_uint32(random) >> 5;   /* 27 bits */
    uint32_t low = numpy_random_uint32(random) >> 6;    /* 26 bits */
    return ((double)high * 67108864.0 + (double)low) / 9007199254740992.0;   /* 2^26, 2^53 */
}

double numpy_random_gauss(NumpyRandom *random)
{
    if (random->has_gauss) {
        double kept = random->gauss;
        random->has_gauss = false;
        random->gauss = 0.0;
        return kept;
    }
    /* a point uniform in the unit disc (not its centre), then
     * f = sqrt(-2 ln r² / r²) turns its two coordinates into two
     * independent normal values; NumPy returns f × x2 and keeps f × x1 */
    double x1, x2, r2;
    do {
        x1 = 2.0 * numpy_random_sample(random) - 1.0;
        x2 = 2.0 * numpy_random_sample(random) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = sqrt(-2.0 * log(r2) / r2);
    random->gauss = f * x1;
    random->has_gauss = true;
    return f * x2;
}

double numpy_random_uniform(NumpyRandom *random, double low, double high)
{
    double range = high - low;
    return low + range * numpy_random_sample(random);
}
