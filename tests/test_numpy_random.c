/* test_numpy_random: numpy_random against NumPy itself.  The expected values
 * in numpy_random_expected.h were printed by NumPy's legacy generator
 * (tests/numpy_random_expected.py); every draw must equal NumPy's to the
 * last bit, for seeds 0, 1, 42 and 2^32 - 1, 200 draws of each kind. */
#include <stdint.h>
#include <string.h>

#include "numpy_random.h"
#include "numpy_random_expected.h"
#include "tap.h"

/* True when a and b are the same double, bit for bit (so -0.0 differs from 0.0). */
static bool same_bits(double a, double b)
{
    uint64_t bits_a, bits_b;
    memcpy(&bits_a, &a, sizeof bits_a);
    memcpy(&bits_b, &b, sizeof bits_b);
    return bits_a == bits_b;
}

/* Checks `count` draws of one kind from a fresh seed; reports the first that differs. */
static void check_doubles(uint32_t seed, const char *kind, double (*draw)(NumpyRandom *),
                          const double *expected, int count)
{
    NumpyRandom random;
    numpy_random_seed(&random, seed);
    int first_wrong = -1;
    double got = 0.0;
    for (int i = 0; i < count && first_wrong < 0; i++) {
        got = draw(&random);
        if (!same_bits(got, expected[i]))
            first_wrong = i;
    }
    if (!tap_ok(first_wrong < 0, "seed %u: %d %s values equal NumPy's bit for bit", (unsigned)seed, count, kind))
        printf("# draw %d: got %a, NumPy gives %a\n", first_wrong, got, expected[first_wrong]);
}

int main(void)
{
    for (int s = 0; s < EXPECTED_SEEDS; s++) {
        uint32_t seed = EXPECTED_SEED[s];
        NumpyRandom random;
        numpy_random_seed(&random, seed);
        int first_wrong = -1;
        uint32_t got = 0;
        for (int i = 0; i < EXPECTED_COUNT && first_wrong < 0; i++)
            if ((got = numpy_random_uint32(&random)) != EXPECTED_UINT32[s][i])
                first_wrong = i;
        if (!tap_ok(first_wrong < 0, "seed %u: %d raw 32-bit draws equal NumPy's", (unsigned)seed, EXPECTED_COUNT))
            printf("# draw %d: got 0x%08x, NumPy gives 0x%08x\n", first_wrong, (unsigned)got,
                   (unsigned)EXPECTED_UINT32[s][first_wrong]);
        check_doubles(seed, "random_sample", numpy_random_sample, EXPECTED_SAMPLE[s], EXPECTED_COUNT);
        check_doubles(seed, "randn", numpy_random_gauss, EXPECTED_RANDN[s], EXPECTED_COUNT);
    }

    /* np.random.seed(7); np.random.uniform(-0.5, 0.5, 12) */
    NumpyRandom random;
    numpy_random_seed(&random, 7);
    bool all_same = true;
    for (int i = 0; i < EXPECTED_UNIFORM_COUNT; i++)
        all_same = same_bits(numpy_random_uniform(&random, -0.5, 0.5), EXPECTED_UNIFORM[i]) && all_same;
    tap_ok(all_same, "seed 7: uniform(-0.5, 0.5) equals NumPy's bit for bit");

    /* seeding again forgets randn's kept-back second value, as np.random.seed does */
    numpy_random_seed(&random, 42);
    (void)numpy_random_gauss(&random);   /* leaves one value kept back */
    numpy_random_seed(&random, 42);
    tap_ok(same_bits(numpy_random_gauss(&random), EXPECTED_RANDN[2][0]),
           "seeding again drops the kept-back randn value");

    /* a sanity guard against comparing nothing: the draws are not all alike */
    tap_ok(!same_bits(EXPECTED_RANDN[0][0], EXPECTED_RANDN[0][1]) && EXPECTED_UINT32[1][0] != EXPECTED_UINT32[2][0],
           "the expected values differ from each other");
    return tap_done();
}
