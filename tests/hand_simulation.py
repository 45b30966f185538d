#!/usr/bin/env python3
"""Simulates people computing one training step by hand, to test the grader.

A person working at d significant digits writes every intermediate down
before using it: rounded half away from zero, rounded half to even, or cut
off, and may switch habits from one step to the next.  On the way to a
step's value they may write down parts too: each product of a sum, or
e^(−z) on the way to σ(z).  Below 3 digits a
number that is exact with one digit more (1.4 at 1 digit) may also be kept
as it is.  The given numbers (x, t, the parameters, lr) stay exact.

This program is independent of backstep: plain Python decimal arithmetic
over the same steps backstep records (one step per z, a, loss, dL/da,
da/dz, dL/dz, dL/dW, dL/db, lr x gradient and updated parameter).  For each
network below and each d it runs many mixed hand computations, plus the
pure habits, plus for each quantity two computations that a local search
over the choices pushes as far up and down as it can, and prints the networks and what the hand computations reach
for a choice of quantities, as C for tests/test_hand_ranges.c:

    {network, d, "name", exact, least reached, most reached, sign flips}

Run it with  python3 tests/hand_simulation.py > tests/hand_simulation.h
(it takes a few minutes).
"""
import math
import random
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP

HABITS = (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN)   # HALF_UP is away from zero


def clean(x):
    """x as decimal, with binary noise removed at 15 significant digits."""
    return Decimal(f"{x:.14e}")


def write(x, d, habit):
    """x written with d significant digits under one habit."""
    if x == 0 or not math.isfinite(x):
        return x
    v = clean(x)
    exponent = v.adjusted() - d + 1
    return float(v.quantize(Decimal(1).scaleb(exponent), rounding=habit))


def is_short(x, d):
    return x == 0 or write(x, d, ROUND_DOWN) == float(clean(x))


KEEP = len(HABITS)   # a fourth choice: keep a short number as it is


class Hand:
    """One person's way through the step: a habit per written number.

    With `choices`, the n-th number written uses choices[n] (an index into
    HABITS, or KEEP); numbers past the list, or all of them without one,
    take a random habit, or `fixed` when it is given.  `made` records the
    choice made for every number, so a way can be replayed and varied."""

    def __init__(self, d, rng, fixed=None, choices=None):
        self.d, self.rng, self.fixed, self.choices = d, rng, fixed, choices
        self.made = []
        # writing parts down is a person's habit too: one writes every
        # product and e^(−z), another none (the local search always does)
        self.parts = choices is not None or (rng is not None and rng.random() < 0.5)

    def __call__(self, x):
        if self.d >= 15:
            return x
        n = len(self.made)
        if self.choices is not None and n < len(self.choices):
            choice = self.choices[n]
        elif self.fixed is not None:
            choice = HABITS.index(self.fixed)
        else:
            choice = self.rng.randrange(len(HABITS) + 1)
        if choice == KEEP and not (self.d < 3 and is_short(x, self.d + 1)):
            choice = self.rng.randrange(len(HABITS)) if self.choices is None else 0
        self.made.append(choice)
        return x if choice == KEEP else write(x, self.d, HABITS[choice])


def push(net, name, d, rng, sign, passes=2):
    """A hand computation that pushes `name` as far as it can in the
    direction of `sign`: from a random start, each written number in turn
    takes the choice that moves `name` furthest, for a few passes (a local
    search over the choices, apart from any derivative)."""
    start = Hand(d, rng)
    best_value = one_step(net, start)[name]
    best = start.made
    for _ in range(passes):
        for n in range(len(best)):
            for choice in range(len(HABITS) + 1):
                if choice == best[n]:
                    continue
                trial = best[:n] + [choice] + best[n + 1:]
                value = one_step(net, Hand(d, rng, choices=trial))[name]
                if sign * (value - best_value) > 0:
                    best_value, best = value, trial
    return best_value


ACTIVATIONS = {
    # value, slope read from a
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (math.tanh, lambda a: 1 - a * a),
}


def activation(name, z, hand):
    """a = f(z), worked either at once (a calculator's σ) or, as often on
    paper, through parts written down: σ through e^(−z), tanh through e^z
    and e^(−z), as the person's habit is."""
    if hand.d >= 15 or not hand.parts:
        return ACTIVATIONS[name][0](z)
    if name == "sigmoid":
        return 1 / (1 + hand(math.exp(-z)))
    p, m = hand(math.exp(z)), hand(math.exp(-z))
    return (p - m) / (p + m)


def total(terms, hand, whole=0.0):
    """A sum of products, each product written down before it is added (as
    the person's habit is), and `whole` added as it is."""
    if hand.d >= 15 or not hand.parts:
        return sum(terms) + whole
    return sum(hand(t) for t in terms) + whole


LOSSES = {
    # value, gradient
    "half-sse": (lambda a, t: 0.5 * sum((p - q) ** 2 for p, q in zip(a, t)), lambda a, t, j: a[j] - t[j]),
    "sse": (lambda a, t: sum((p - q) ** 2 for p, q in zip(a, t)), lambda a, t, j: 2 * (a[j] - t[j])),
}


def one_step(net, hand):
    """Every quantity of one training step, each written down by `hand`."""
    sizes, act_name, loss_name = net["sizes"], net["activation"], net["loss"]
    slope = ACTIVATIONS[act_name][1]
    loss, gradient = LOSSES[loss_name]
    W, b, x, t, lr = net["W"], net["b"], net["x"], net["t"], net["lr"]
    L = len(sizes) - 1
    got = {}
    a = [list(x)]
    for l in range(1, L + 1):
        z_l, a_l = [], []
        for j in range(sizes[l]):
            z = hand(total([a[l - 1][k] * W[l][j][k] for k in range(sizes[l - 1])], hand, b[l][j]))
            z_l.append(z)
            a_l.append(hand(activation(act_name, z, hand)))
            got[f"z{l}[{j + 1}]"], got[f"a{l}[{j + 1}]"] = z_l[j], a_l[j]
        a.append(a_l)
    got["L"] = hand(loss(a[L], t))
    dz = [None] * (L + 2)
    for l in range(L, 0, -1):
        dz_l = []
        for j in range(sizes[l]):
            if l == L:
                da = hand(gradient(a[L], t, j))
            else:
                da = hand(total([dz[l + 1][i] * W[l + 1][i][j] for i in range(sizes[l + 1])], hand))
            s = hand(slope(a[l][j]))
            dz_l.append(hand(da * s))
            got[f"dL/da{l}[{j + 1}]"], got[f"dL/dz{l}[{j + 1}]"] = da, dz_l[j]
        dz[l] = dz_l
        for j in range(sizes[l]):
            for k in range(sizes[l - 1]):
                g = hand(dz_l[j] * a[l - 1][k])
                got[f"dL/dW{l}[{j + 1},{k + 1}]"] = g
                got[f"W{l}[{j + 1},{k + 1}]_new"] = hand(W[l][j][k] - hand(lr * g))
            got[f"dL/db{l}[{j + 1}]"] = hand(dz_l[j])
    return got


def exact(net):
    return one_step(net, Hand(15, None))


def network(sizes, activation, loss, lr, seed):
    rng = random.Random(seed)
    draw = lambda: round(rng.uniform(-1, 1), 2)   # noqa: E731
    W = [None] + [[[draw() for _ in range(sizes[l - 1])] for _ in range(sizes[l])] for l in range(1, len(sizes))]
    b = [None] + [[draw() for _ in range(sizes[l])] for l in range(1, len(sizes))]
    x = [draw() for _ in range(sizes[0])]
    t = [round(rng.uniform(0.05, 0.95), 2) if activation == "sigmoid" else draw() for _ in range(sizes[-1])]
    return {"sizes": sizes, "activation": activation, "loss": loss, "lr": lr, "W": W, "b": b, "x": x, "t": t}


NETWORKS = [
    network([3, 4, 4, 2], "sigmoid", "sse", 0.5, 7),
    network([4, 4, 4, 4, 4, 1], "tanh", "half-sse", 0.1, 11),
    network([16, 16, 16, 16, 16, 1], "tanh", "half-sse", 0.1, 13),
]
# The local search costs a full pass per choice tried: the wide network is
# sampled only.
SEARCHED = (True, True, False)


def smallest(values, names, count):
    """The `count` names whose exact values are smallest in size: the
    ill-conditioned ones, where hand rounding moves the value most."""
    return sorted(names, key=lambda n: abs(values[n]))[:count]


def c_list(values):
    return "{" + ", ".join(repr(float(v)) for v in values) + "}"


def main():
    rng = random.Random(2024)
    print("/* Generated by tests/hand_simulation.py: what simulated hand computations")
    print(" * reach.  Do not edit; run the script again. */")
    print("static const SimulatedNetwork NETWORKS[] = {")
    for net in NETWORKS:
        sizes = net["sizes"]
        weights = [w for l in range(1, len(sizes)) for row in net["W"][l] for w in row]
        biases = [v for l in range(1, len(sizes)) for v in net["b"][l]]
        print(f'    {{"{"-".join(map(str, sizes))}", "{net["activation"]}", "{net["loss"]}", {net["lr"]!r},')
        print(f"     {c_list(weights)},")
        print(f"     {c_list(biases)},")
        print(f"     {c_list(net['x'])}, {c_list(net['t'])}}},")
    print("};")
    print("static const SimulatedRange RANGES[] = {")
    for index, net in enumerate(NETWORKS):
        sizes = net["sizes"]
        truth = exact(net)
        gradients = [n for n in truth if n.startswith("dL/dW") or n.startswith("dL/db")]
        chosen = smallest(truth, gradients, 6) + ["L", f"a{len(sizes) - 1}[1]", "dL/dW1[1,1]",
                                                    f"dL/dW{len(sizes) - 1}[1,1]", "W1[1,1]_new"]
        for d in (1, 2, 3):
            runs = [one_step(net, Hand(d, rng, habit)) for habit in HABITS]
            runs += [one_step(net, Hand(d, rng)) for _ in range(2000 if SEARCHED[index] else 400)]
            for name in dict.fromkeys(chosen):
                reached = [run[name] for run in runs]
                if SEARCHED[index]:
                    reached += [push(net, name, d, rng, sign) for sign in (1, -1)]
                flips = any(v * truth[name] < 0 for v in reached)
                print(f'    {{{index}, {d}, "{name}", {truth[name]!r}, {min(reached)!r}, {max(reached)!r}, '
                      f'{"true" if flips else "false"}}},')
    print("};")


if __name__ == "__main__":
    main()
