#!/usr/bin/env python3
"""Writes a lesson file for the benchmark: the largest network backstep
accepts (12 layers of 64 tanh neurons after 64 inputs) with every weight and
bias drawn at random (seed 5, uniform in [-0.3, 0.3], two decimals), and a
few answers to check on it, right and wrong.  Grading there rebuilds and
bounds a derivation of about 70,000 steps for each answer.

    python3 tests/bench/wide_random.py > wide_random.bs
"""
import random

rng = random.Random(5)
print("network " + "-".join(["64"] * 13) + " tanh")
for layer in range(1, 13):
    for j in range(1, 65):
        for k in range(1, 65):
            print(f"set W{layer}[{j},{k}] {rng.uniform(-0.3, 0.3):.2f}")
        print(f"set b{layer}[{j}] {rng.uniform(-0.3, 0.3):.2f}")
print("input " + " ".join(f"{rng.uniform(-1, 1):.2f}" for _ in range(64)))
print("target " + " ".join(f"{rng.uniform(-0.9, 0.9):.2f}" for _ in range(64)))
for answer in ("a8[1] 0.758", "dL/dW8[1,1] -0.0170", "dL/dW1[1,1] -0.32", "dL/dW1[1,1] 0.777"):
    print(f"check {answer}")
