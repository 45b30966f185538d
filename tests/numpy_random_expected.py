#!/usr/bin/python3
"""Writes tests/numpy_random_expected.h: the values NumPy's legacy generator
gives, which tests/test_numpy_random.c asserts bit for bit.

    /usr/bin/python3 tests/numpy_random_expected.py > tests/numpy_random_expected.h

Needs NumPy (Debian's python3-numpy); the C test does not.  Doubles are
written with float.hex(), so the C literals hold exactly NumPy's bits.
Each kind of draw starts from a fresh np.random.seed(N)."""
import numpy as np

SEEDS = [0, 1, 42, 2**32 - 1]
COUNT = 200

def rows(values, per_line, text):
    items = [text(v) for v in values]
    return "\n".join("    " + " ".join(s + "," for s in items[i:i + per_line])
                     for i in range(0, len(items), per_line))

def raw(seed):
    np.random.seed(seed)
    first = np.random.mtrand._rand._bit_generator.random_raw(COUNT)
    np.random.seed(seed)   # the same draws, asked for another way
    second = np.random.randint(0, 2**32, size=COUNT, dtype=np.uint32)
    assert [int(v) for v in first] == [int(v) for v in second]
    return [int(v) for v in first]

def draws(seed, draw):
    np.random.seed(seed)
    return [float(v) for v in draw()]

print("/* numpy_random_expected: what NumPy %s's legacy generator gives, written by" % np.__version__)
print(" * tests/numpy_random_expected.py (do not edit by hand).  For each seed, from a")
print(" * fresh np.random.seed(seed): the first %d raw 32-bit draws, random_sample()" % COUNT)
print(" * values and randn() values; then np.random.uniform(-0.5, 0.5, 12) after")
print(" * np.random.seed(7). */")
print("#ifndef BACKSTEP_NUMPY_RANDOM_EXPECTED_H")
print("#define BACKSTEP_NUMPY_RANDOM_EXPECTED_H")
print("#include <stdint.h>")
print("enum { EXPECTED_SEEDS = %d, EXPECTED_COUNT = %d, EXPECTED_UNIFORM_COUNT = 12 };" % (len(SEEDS), COUNT))
print("static const uint32_t EXPECTED_SEED[EXPECTED_SEEDS] = {%s};" % ", ".join("%dU" % s for s in SEEDS))
for name, kind, make, per_line, text in [
        ("EXPECTED_UINT32", "uint32_t", raw, 6, lambda v: "0x%08xU" % v),
        ("EXPECTED_SAMPLE", "double", lambda s: draws(s, lambda: np.random.random_sample(COUNT)), 4, float.hex),
        ("EXPECTED_RANDN", "double", lambda s: draws(s, lambda: np.random.randn(COUNT)), 4, float.hex)]:
    print("static const %s %s[EXPECTED_SEEDS][EXPECTED_COUNT] = {" % (kind, name))
    for seed in SEEDS:
        print("  { /* seed %d */" % seed)
        print(rows(make(seed), per_line, text))
        print("  },")
    print("};")
np.random.seed(7)
print("static const double EXPECTED_UNIFORM[EXPECTED_UNIFORM_COUNT] = {")
print(rows([float(v) for v in np.random.uniform(-0.5, 0.5, 12)], 4, float.hex))
print("};")
print("#endif")
