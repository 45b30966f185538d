/* test_random: the reproducible numbers the unit tests draw their random
 * networks and points from (xorshift64).  A test may seed it with a number
 * of its own; the same seed gives the same draws on every run. */
#ifndef BACKSTEP_TEST_RANDOM_H
#define BACKSTEP_TEST_RANDOM_H

static unsigned long long test_random_state = 0x9E3779B97F4A7C15ULL;

static inline void test_random_seed(unsigned long long seed) { test_random_state = seed; }

static inline unsigned long long test_random_next(void)
{
    test_random_state ^= test_random_state << 13;
    test_random_state ^= test_random_state >> 7;
    test_random_state ^= test_random_state << 17;
    return test_random_state;
}

/* A number in [low, high). */
static inline double uniform(double low, double high)
{
    return low + (high - low) * (double)(test_random_next() >> 11) / 9007199254740992.0;
}

#endif
