#!/usr/bin/python3
"""Writes tests/numpy_training_expected.txt: the numbers backstep's training
lessons and tests assert, as NumPy computes them for the programs of the
lesson documents (the seeds) and for backstep's own training conventions.

    /usr/bin/python3 tests/numpy_training_expected.py

Needs NumPy (Debian's python3-numpy); backstep does not.  Every line of the
output is `name = value` with value written by repr() (shortest round trip,
up to 17 significant digits); `#` lines say which setup made the numbers
below them.  Weight matrices are written in backstep's layout: W_l has one
row per neuron and one column per input (z = W x + b), named 1-based, so
W1[j,k] is neuron j's weight on input k.  A program that computes X @ W with
W of shape (n_in, n_out) keeps the transpose of backstep's matrix.

The arithmetic follows the seed programs step for step (the same NumPy calls
in the same order), so each number is what that program computes here."""
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_training_expected.txt")
lines = []

def comment(*texts):
    lines.extend("# " + t if t else "#" for t in texts)

def put(name, value):
    lines.append("%s = %r" % (name, value if isinstance(value, int) else float(value)))

def put_matrix(name, W):
    """W in backstep's layout (rows = neurons), written 1-based."""
    for j in range(W.shape[0]):
        for k in range(W.shape[1]):
            put("%s[%d,%d]" % (name, j + 1, k + 1), W[j, k])

def put_vector(name, v):
    for j, value in enumerate(np.ravel(v)):
        put("%s[%d]" % (name, j + 1), value)

def put_params(prefix, Ws, bs):
    for l, (W, b) in enumerate(zip(Ws, bs), start=1):
        put_matrix("%sW%d" % (prefix, l), W)
        put_vector("%sb%d" % (prefix, l), b)

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

# --- a small dense network, one column per sample (seed 002's layout) -------

def forward(Ws, bs, acts, X):
    """z_l = W_l a_{l-1} + b_l, a_l = f_l(z_l); returns the lists z and a."""
    zs, As = [], [X]
    for W, b, f in zip(Ws, bs, acts):
        z = W @ As[-1] + b
        a = sigmoid(z) if f == "sigmoid" else np.maximum(z, 0) if f == "relu" else z
        zs.append(z)
        As.append(a)
    return zs, As

def slope(f, z, a):
    """da/dz; sigmoid's from a as a (1 - a), as the seeds write it."""
    return a * (1 - a) if f == "sigmoid" else (z > 0) * 1.0 if f == "relu" else np.ones_like(z)

def backward(Ws, acts, zs, As, T):
    """Batch-mean gradients of the half-sse loss, as seed 002's backward:
    dz = (y - t) f'(z), dW = (1/m)(dz a_prev^T), db = (1/m) sum(dz)."""
    m = As[0].shape[1]
    dz = (As[-1] - T) * slope(acts[-1], zs[-1], As[-1])
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dWs[l] = (1 / m) * (dz @ As[l].T)
        dbs[l] = (1 / m) * np.sum(dz, axis=1, keepdims=True)
        if l > 0:
            dz = (Ws[l].T @ dz) * slope(acts[l - 1], zs[l - 1], As[l])
    return dWs, dbs

def half_sse(Y, T):
    """Per-sample ½ Σ_j (y_j - t_j)², one value per column."""
    return 0.5 * np.sum((Y - T) ** 2, axis=0)

def draw(seed, sizes, scale):
    """np.random.seed(seed), then randn(n_out, n_in) * scale for W1, W2, ...;
    scale may be a function of n_in.  Biases are zero columns."""
    np.random.seed(seed)
    Ws = [np.random.randn(o, i) * (scale(i) if callable(scale) else scale)
          for i, o in zip(sizes, sizes[1:])]
    return Ws, [np.zeros((o, 1)) for o in sizes[1:]]


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float).T
XOR_T = np.array([[0, 1, 1, 0]], dtype=float)

# --- optimizers, schedules and clipping as backstep defines them -----------

class Optimizer:
    def __init__(self, kind, beta=0.9, rho=0.9, b1=0.9, b2=0.999, eps=1e-8):
        self.kind, self.beta, self.rho, self.b1, self.b2, self.eps = kind, beta, rho, b1, b2, eps
        self.t = 0
        self.state = {}

    def step(self, params, grads, lr):
        """Updates params in place; the state of parameter i is state[i]."""
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            s = self.state.setdefault(i, {k: np.zeros_like(p) for k in ("v", "cache", "m")})
            if self.kind == "sgd":
                p -= lr * g
            elif self.kind == "momentum":
                s["v"] = self.beta * s["v"] - lr * g
                p += s["v"]
            elif self.kind == "rmsprop":
                s["cache"] = self.rho * s["cache"] + (1 - self.rho) * g ** 2
                p -= lr * g / (np.sqrt(s["cache"]) + 1e-8)
            else:  # adam
                s["m"] = self.b1 * s["m"] + (1 - self.b1) * g
                s["v"] = self.b2 * s["v"] + (1 - self.b2) * g ** 2
                s["mhat"] = s["m"] / (1 - self.b1 ** self.t)
                s["vhat"] = s["v"] / (1 - self.b2 ** self.t)
                p -= lr * s["mhat"] / (np.sqrt(s["vhat"]) + self.eps)

def schedule_rate(schedule, lr0, e, E):
    if schedule is None:
        return lr0
    kind, *args = schedule
    if kind == "step":
        return lr0 * args[0] ** (e // args[1])
    if kind == "exp":
        return lr0 * math.exp(-args[0] * e)
    return args[0] + 0.5 * (lr0 - args[0]) * (1 + math.cos(math.pi * e / E))  # cosine MIN

def grad_norm(grads):
    return math.sqrt(sum(float(np.sum(g * g)) for g in grads))

def clip_grads(grads, clip):
    if clip is None:
        return grads
    kind, limit = clip
    if kind == "value":
        return [np.clip(g, -limit, limit) for g in grads]
    norm = grad_norm(grads)
    return [g * (limit / norm) for g in grads] if norm > limit else grads

def train(Ws, bs, acts, X, T, opt, lr0, epochs, batch, schedule=None, clip=None):
    """Trains in place; returns the recorded loss of every epoch: the mean
    of the per-sample half-sse losses of that epoch's forward passes."""
    n = X.shape[1]
    size = n if batch == "full" else batch
    recorded = []
    seen = train.seen = []   # each step's gradient before clipping: (norm, max |g|)
    for e in range(epochs):
        lr = schedule_rate(schedule, lr0, e, epochs)
        total = 0.0
        for s in range(0, n, size):
            xb, tb = X[:, s:s + size], T[:, s:s + size]
            zs, As = forward(Ws, bs, acts, xb)
            total += float(np.sum(half_sse(As[-1], tb)))
            dWs, dbs = backward(Ws, acts, zs, As, tb)
            seen.append((grad_norm(dWs + dbs), max(float(np.max(np.abs(g))) for g in dWs + dbs)))
            grads = clip_grads(dWs + dbs, clip)
            opt.step(Ws + bs, grads, lr)
        recorded.append(total / n)
    return recorded

def mean_loss(Ws, bs, acts, X, T):
    return float(np.mean(half_sse(forward(Ws, bs, acts, X)[1][-1], T)))

# --- 1. seed 000's 2-2-1 NeuralNetwork, in its own X @ W layout -------------

def seed000_network():
    np.random.seed(42)
    W1 = np.random.randn(2, 2) * 0.5   # (n_in, n_out): backstep's W1 is W1.T
    W2 = np.random.randn(2, 1) * 0.5
    return {"W1": W1, "b1": np.zeros((1, 2)), "W2": W2, "b2": np.zeros((1, 1))}

def seed000_forward(p, X):
    a1 = sigmoid(np.dot(X, p["W1"]) + p["b1"])
    return a1, sigmoid(np.dot(a1, p["W2"]) + p["b2"])

def seed000_step(p, X, y, lr):
    """One train_step: forward, loss, backward, update; returns what it saw."""
    a1, a2 = seed000_forward(p, X)
    loss = np.mean(0.5 * (a2 - y) ** 2)
    m = X.shape[0]
    dz2 = (a2 - y) * (a2 * (1 - a2))
    g = {"W2": np.dot(a1.T, dz2) / m, "b2": np.sum(dz2, axis=0, keepdims=True) / m}
    dz1 = np.dot(dz2, p["W2"].T) * (a1 * (1 - a1))
    g["W1"] = np.dot(X.T, dz1) / m
    g["b1"] = np.sum(dz1, axis=0, keepdims=True) / m
    for k in ("W2", "b2", "W1", "b1"):
        p[k] -= lr * g[k]
    return a2[0][0], loss, g

def section_seed000():
    X, y = np.array([[2, 3]]), np.array([[1]])
    comment("", "section seed000",
            "Seed 000's 2-2-1 NeuralNetwork: np.random.seed(42); W1 = randn(2,2)*0.5 and",
            "W2 = randn(2,1)*0.5 in its X @ W layout (written here transposed, backstep's",
            "layout); biases 0; sigmoid both layers; X = [[2, 3]], y = [[1]]; lr 0.5;",
            "loss mean(0.5*(pred-y)**2), i.e. half-sse of one sample.")
    p = seed000_network()
    put_matrix("seed000.init.W1", p["W1"].T)
    put_matrix("seed000.init.W2", p["W2"].T)
    comment("The 5-epoch run: each epoch's printed prediction and loss (before its update);",
            "the gradients of epoch 1 (what print_gradients shows, and each entry).")
    for epoch in range(1, 6):
        pred, loss, g = seed000_step(p, X, y, 0.5)
        put("seed000.run5.epoch%d.prediction" % epoch, pred)
        put("seed000.run5.epoch%d.loss" % epoch, loss)
        if epoch == 1:
            put("seed000.run5.epoch1.dW2_max_abs", np.max(np.abs(g["W2"])))
            put("seed000.run5.epoch1.dW1_max_abs", np.max(np.abs(g["W1"])))
            put("seed000.run5.epoch1.db2", g["b2"][0][0])
            put_vector("seed000.run5.epoch1.db1", g["b1"][0])
            put_matrix("seed000.run5.epoch1.dW1", g["W1"].T)
            put_matrix("seed000.run5.epoch1.dW2", g["W2"].T)
    comment("The 100-epoch run (train_and_visualize, a fresh network): losses[0],",
            "losses[-1] and predictions[-1] are recorded before the 100th update; then",
            "one more forward pass after it.")
    p = seed000_network()
    seen = [seed000_step(p, X, y, 0.5) for _ in range(100)]
    put("seed000.run100.losses[0]", seen[0][1])
    put("seed000.run100.losses[-1]", seen[-1][1])
    put("seed000.run100.predictions[-1]", seen[-1][0])
    after = seed000_forward(p, X)[1]
    put("seed000.run100.after.prediction", after[0][0])
    put("seed000.run100.after.loss", np.mean(0.5 * (after - y) ** 2))
    put_matrix("seed000.run100.after.W1", p["W1"].T)
    put_vector("seed000.run100.after.b1", p["b1"][0])
    put_matrix("seed000.run100.after.W2", p["W2"].T)
    put("seed000.run100.after.b2", p["b2"][0][0])

# --- 2. seed 002's XOR TwoLayerNetworkWithBackprop -------------------------

SIG2 = ["sigmoid", "sigmoid"]

def section_xor():
    comment("", "section xor",
            "Seed 002's TwoLayerNetworkWithBackprop on XOR: np.random.seed(0); W1 =",
            "randn(4,2)*scale, W2 = randn(1,4)*scale (already backstep's layout), biases 0;",
            "sigmoid both layers; rows [0,0]->0, [0,1]->1, [1,0]->1, [1,1]->0; lr 1.0;",
            "5000 full-batch epochs; the gradient is that of the mean half-sse",
            "(the program's backward), while the loss it prints is mean((y-t)**2).",
            "Names xor.x<scale>.*: the program writes scale 0.01; 0.5 for comparison.")
    for scale in (0.01, 0.5):
        pre = "xor.x%g." % scale
        Ws, bs = draw(0, [2, 4, 1], scale)
        comment("scale %g: initial weights; at initialization, per layer, mean |dW| and" % scale,
                "max |dW| of the batch-mean gradient")
        put_matrix(pre + "init.W1", Ws[0])
        put_matrix(pre + "init.W2", Ws[1])
        zs, As = forward(Ws, bs, SIG2, XOR_X)
        dWs, _ = backward(Ws, SIG2, zs, As, XOR_T)
        for l, dW in enumerate(dWs, start=1):
            put(pre + "init.dW%d_mean_abs" % l, np.mean(np.abs(dW)))
            put(pre + "init.dW%d_max_abs" % l, np.max(np.abs(dW)))
        comment("scale %g: at epochs 0, 500, ..., 4500 (before that epoch's update) the" % scale,
                "printed loss mean((y-t)**2) and the mean half-sse (half of it); then",
                "after the 5000 epochs: mean half-sse, predictions and hidden activations a1")
        for epoch in range(5000):
            zs, As = forward(Ws, bs, SIG2, XOR_X)
            if epoch % 500 == 0:
                printed = np.mean((As[-1] - XOR_T) ** 2)
                put(pre + "epoch%d.printed_loss" % epoch, printed)
                put(pre + "epoch%d.mean_half_sse" % epoch, np.mean(half_sse(As[-1], XOR_T)))
            dWs, dbs = backward(Ws, SIG2, zs, As, XOR_T)
            for p, g in zip(Ws + bs, dWs + dbs):
                p -= 1.0 * g
        zs, As = forward(Ws, bs, SIG2, XOR_X)
        put(pre + "final.mean_half_sse", np.mean(half_sse(As[-1], XOR_T)))
        for row in range(4):
            put(pre + "final.prediction[%d]" % (row + 1), As[-1][0, row])
        for row in range(4):
            put_vector(pre + "final.row%d.a1" % (row + 1), As[1][:, row])

# --- 3. seed 002's numerical gradient check --------------------------------

def central(p, idx, loss, eps):
    """(loss(p[idx] + eps) - loss(p[idx] - eps)) / (2 eps), p restored after."""
    keep = p[idx]
    p[idx] = keep + eps
    up = loss()
    p[idx] = keep - eps
    down = loss()
    p[idx] = keep
    return (up - down) / (2 * eps)

def all_params_numeric(Ws, bs, loss, eps):
    """Central differences of loss() for every entry of W1, b1, W2, b2."""
    return np.array([central(p, idx, loss, eps) for p in (Ws[0], bs[0], Ws[1], bs[1])
                     for idx in np.ndindex(p.shape)])

def relative_error(a, n):
    return np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n))

def section_gradcheck002():
    comment("", "section gradcheck002",
            "Seed 002's gradient check at the xor x0.01 initialization (np.random.seed(0),",
            "randn(4,2)*0.01, randn(1,4)*0.01, before training), epsilon 1e-5, central",
            "differences.  The analytical gradient (backward) is that of 1/2 mean((y-t)**2);",
            "the program differentiates its loss mean((y-t)**2) numerically: twice as much.")
    Ws, bs = draw(0, [2, 4, 1], 0.01)
    zs, As = forward(Ws, bs, SIG2, XOR_X)
    dWs, dbs = backward(Ws, SIG2, zs, As, XOR_T)

    def program_loss():
        return np.mean((forward(Ws, bs, SIG2, XOR_X)[1][-1] - XOR_T) ** 2)

    def half_loss():
        return 0.5 * np.mean((forward(Ws, bs, SIG2, XOR_X)[1][-1] - XOR_T) ** 2)

    eps = 1e-5
    numeric = {name: central(Ws[0], (0, 0), loss, eps)
               for name, loss in (("program_loss", program_loss), ("half_loss", half_loss))}
    comment("dW1[1,1] (numpy W1[0,0]): analytical; numerical of mean((y-t)**2) as the",
            "program does it; |difference| (the program accepts below 1e-7); numerical of",
            "1/2 mean((y-t)**2)")
    put("gradcheck002.dW1[1,1].analytical", dWs[0][0, 0])
    put("gradcheck002.dW1[1,1].numerical_program_loss", numeric["program_loss"])
    put("gradcheck002.dW1[1,1].abs_difference", abs(dWs[0][0, 0] - numeric["program_loss"]))
    put("gradcheck002.dW1[1,1].numerical_half_loss", numeric["half_loss"])
    comment("Over all 17 parameters (W1, b1, W2, b2): ||a - n|| / (||a|| + ||n||)",
            "with n of the program's loss (1/3 when n = 2a) and of the matching half loss")
    analytical = np.concatenate([g.ravel() for g in (dWs[0], dbs[0], dWs[1], dbs[1])])
    put("gradcheck002.all.relative_error_program_loss",
        relative_error(analytical, all_params_numeric(Ws, bs, program_loss, eps)))
    put("gradcheck002.all.relative_error_half_loss",
        relative_error(analytical, all_params_numeric(Ws, bs, half_loss, eps)))

# --- 4. seed 004 exercise 3: gradient check of a 4-8-2 relu network --------

def section_gradcheck004():
    acts = ["relu", "linear"]
    Ws, bs = draw(1, [4, 8, 2], 0.5)
    x = np.array([[0.5], [-1.0], [2.0], [0.1]])
    t = np.array([[1.0], [0.0]])
    zs, As = forward(Ws, bs, acts, x)
    closest = float(np.min(np.abs(zs[0])))
    assert closest > 1e-3, "a hidden z is near relu's kink"
    comment("", "section gradcheck004",
            "Seed 004 exercise 3: network 4-8-2, hidden relu, output linear;",
            "np.random.seed(1), W1 = randn(8,4)*0.5 then W2 = randn(2,8)*0.5 (backstep's",
            "layout), biases 0; one sample x = [0.5, -1, 2, 0.1], t = [1, 0]; half-sse.",
            "No hidden z is within 1e-3 of 0 (the smallest |z1| is %.6g), so every" % closest,
            "central difference with h = 1e-5 stays on one side of relu's kink.")
    dWs, dbs = backward(Ws, acts, zs, As, t)
    put("gradcheck004.L", half_sse(As[-1], t)[0])
    comment("analytical gradients")
    put_params("gradcheck004.analytical.d", dWs, dbs)

    def loss():
        return half_sse(forward(Ws, bs, acts, x)[1][-1], t)[0]

    comment("central differences, h = 1e-5")
    numeric = all_params_numeric(Ws, bs, loss, 1e-5)
    sizes = [p.size for p in (Ws[0], bs[0], Ws[1], bs[1])]
    pieces = np.split(numeric, np.cumsum(sizes)[:-1])
    put_params("gradcheck004.numerical.d", [pieces[0].reshape(8, 4), pieces[2].reshape(2, 8)],
               [pieces[1], pieces[3]])
    analytical = np.concatenate([g.ravel() for g in (dWs[0], dbs[0], dWs[1], dbs[1])])
    put("gradcheck004.relative_error", relative_error(analytical, numeric))

# --- 5. one and two steps of each optimizer on lesson 000's neuron ---------

def section_optimizers():
    comment("", "section optimizers",
            "Lesson 000's neuron: x = [2, 3], target 1, w1 = 0.5, w2 = -0.2, b = 1, sigmoid,",
            "half-sse, lr 0.1, one sample, exact double arithmetic (no rounding).  After",
            "step 1 and step 2: the gradient used, the optimizer's state for w1, w2, b,",
            "the new parameters and the loss L after the step.  momentum beta 0.9,",
            "rmsprop rho 0.9, adam b1 0.9, b2 0.999, eps 1e-8; state starts at 0.")
    x = np.array([2.0, 3.0])
    names = ("w1", "w2", "b")
    states = {"sgd": (), "momentum": ("v",), "rmsprop": ("cache",),
              "adam": ("m", "v", "mhat", "vhat")}
    for kind, keys in states.items():
        params = np.array([0.5, -0.2, 1.0])
        opt = Optimizer(kind)
        for step in (1, 2):
            a = sigmoid(np.dot(x, params[:2]) + params[2])
            dz = (a - 1.0) * (a * (1 - a))
            grad = np.array([dz * x[0], dz * x[1], dz])
            opt.step([params], [grad], 0.1)
            pre = "optimizers.%s.step%d." % (kind, step)
            for name, g in zip(names, grad):
                put(pre + "dL/d" + name, g)
            for key in keys:
                for name, value in zip(names, opt.state[0][key]):
                    put(pre + "%s.%s" % (key, name), value)
            for name, value in zip(names, params):
                put(pre + name, value)
            a = sigmoid(np.dot(x, params[:2]) + params[2])
            put(pre + "L", 0.5 * (a - 1.0) ** 2)

# --- 6. seed 004 exercise 4: vanishing gradients in a deep network ---------

def section_vanishing():
    comment("", "section vanishing",
            "Seed 004 exercise 4 in backstep's terms: network 4-8-8-8-8-8-8-8-8-8-8-1",
            "(10 hidden layers of 8), hidden sigmoid or relu, output linear; biases 0;",
            "one sample x = [1, -1, 0.5, 2], t = [1]; half-sse.  np.random.seed(0), then",
            "W_l = randn(n_out, n_in) * 1.0 for l = 1..11 in turn (run he: * sqrt(2/n_in)).",
            "Per layer: mean |dW_l|, max |dW_l|, Frobenius norm; ratio = mean|dW1| /",
            "mean|dW11|.  dead lists (relu runs) the hidden units with activation 0 on this",
            "sample as layer:unit, 1-based.")
    sizes = [4] + [8] * 10 + [1]
    x = np.array([[1.0], [-1.0], [0.5], [2.0]])
    t = np.array([[1.0]])
    he = lambda n_in: math.sqrt(2 / n_in)
    for run, act, scale, seed in (("sigmoid", "sigmoid", 1.0, 0), ("relu", "relu", 1.0, 0),
                                  ("he", "relu", he, 0), ("relu_seed1", "relu", 1.0, 1),
                                  ("he_seed1", "relu", he, 1)):
        if run == "relu_seed1":
            comment("Extra runs, np.random.seed(1) instead of 0: with seed 0 every unit of",
                    "hidden layers 6 to 10 is dead for this sample, so every relu gradient is 0;",
                    "seed 1 leaves a live path.  (With zero biases relu is positively",
                    "homogeneous: He scaling changes magnitudes, never which units are dead.)")
        Ws, bs = draw(seed, sizes, scale)
        acts = [act] * 10 + ["linear"]
        zs, As = forward(Ws, bs, acts, x)
        dWs, _ = backward(Ws, acts, zs, As, t)
        pre = "vanishing.%s." % run
        comment("run %s: hidden %s, np.random.seed(%d), W_l = randn(n_out, n_in) * %s" %
                (run, act, seed, "sqrt(2/n_in)" if callable(scale) else "1.0"))
        put(pre + "output", As[-1][0, 0])
        put(pre + "L", half_sse(As[-1], t)[0])
        for l, dW in enumerate(dWs, start=1):
            put(pre + "dW%d.mean_abs" % l, np.mean(np.abs(dW)))
            put(pre + "dW%d.max_abs" % l, np.max(np.abs(dW)))
            put(pre + "dW%d.norm" % l, np.linalg.norm(dW))
        if np.any(dWs[-1]):
            put(pre + "ratio", np.mean(np.abs(dWs[0])) / np.mean(np.abs(dWs[-1])))
        else:
            comment("%s.ratio: none, every gradient is 0 (mean|dW11| = 0)" % pre.rstrip("."))
        if act == "relu":
            dead = ["%d:%d" % (l, j + 1) for l in range(1, 11)
                    for j in range(8) if As[l][j, 0] == 0]
            comment("%s.dead (%d of 80) = %s" % (pre.rstrip("."), len(dead), " ".join(dead)))
            put(pre + "dead_count", len(dead))

# --- 7. XOR training with each optimizer, batch size, schedule and clip ---

def section_optimizers_xor():
    comment("", "section optimizers_xor",
            "XOR 2-4-1 as in section xor with scale 0.5: np.random.seed(0), W1 =",
            "randn(4,2)*0.5, W2 = randn(1,4)*0.5, biases 0, sigmoid both layers; half-sse;",
            "lr 0.5; 200 epochs; batches of consecutive rows in data order (no shuffle).",
            "final_loss: the mean half-sse over the 4 rows after training; epoch1_loss and",
            "epoch200_loss: the recorded loss (mean of that epoch's per-sample losses).")
    optimizers = ("sgd", "momentum", "rmsprop", "adam")
    for kind in optimizers:
        for batch in ("full", 1, 2):
            Ws, bs = draw(0, [2, 4, 1], 0.5)
            recorded = train(Ws, bs, SIG2, XOR_X, XOR_T, Optimizer(kind), 0.5, 200, batch)
            pre = "optimizers_xor.%s.batch%s." % (kind, batch)
            comment("%s, batch %s" % (kind, batch))
            put(pre + "final_loss", mean_loss(Ws, bs, SIG2, XOR_X, XOR_T))
            put(pre + "epoch1_loss", recorded[0])
            put(pre + "epoch200_loss", recorded[-1])
            put_params(pre, Ws, bs)
    comment("sgd, full batch, lr 2.0, 200 epochs, with a schedule (per epoch e = 0..199,",
            "E = 200) or a clip of the batch-mean gradient: final_loss and W1[1,1]; none:",
            "no schedule, no clip, for comparison, with the largest gradient norm and",
            "|entry| of its 200 steps; clip runs: clipped_steps, how many steps the clip",
            "changed.  clip norm 0.05 never acts (the largest norm is below 0.05), so the",
            "extra run clip_norm_0.02 shows one that does.")
    for name, schedule, clip in (("step_0.5_50", ("step", 0.5, 50), None),
                                 ("exp_0.01", ("exp", 0.01), None),
                                 ("cosine_0.01", ("cosine", 0.01), None),
                                 ("none", None, None),
                                 ("clip_norm_0.05", None, ("norm", 0.05)),
                                 ("clip_value_0.01", None, ("value", 0.01)),
                                 ("clip_norm_0.02", None, ("norm", 0.02))):
        Ws, bs = draw(0, [2, 4, 1], 0.5)
        train(Ws, bs, SIG2, XOR_X, XOR_T, Optimizer("sgd"), 2.0, 200, "full", schedule, clip)
        pre = "optimizers_xor.lr2.%s." % name
        put(pre + "final_loss", mean_loss(Ws, bs, SIG2, XOR_X, XOR_T))
        put(pre + "W1[1,1]", Ws[0][0, 0])
        if clip is None and schedule is None:
            put(pre + "max_grad_norm", max(n for n, _ in train.seen))
            put(pre + "max_grad_abs", max(g for _, g in train.seen))
        elif clip is not None:
            put(pre + "clipped_steps", sum(1 for n, g in train.seen
                                           if (n if clip[0] == "norm" else g) > clip[1]))

def main():
    comment("numpy_training_expected: generated by tests/numpy_training_expected.py with",
            "NumPy %s; do not edit by hand.  Regenerate with" % np.__version__,
            "    /usr/bin/python3 tests/numpy_training_expected.py",
            "Lines are `name = value` (value: Python repr, up to 17 significant digits).",
            "Weights are in backstep's layout: W_l[j,k] is neuron j's weight on input k,",
            "1-based; b_l[j] neuron j's bias.")
    section_seed000()
    section_xor()
    section_gradcheck002()
    section_gradcheck004()
    section_optimizers()
    section_vanishing()
    section_optimizers_xor()
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    main()
