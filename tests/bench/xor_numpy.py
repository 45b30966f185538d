#!/usr/bin/python3
"""The XOR program of seed 002 (Lesson 3.4, "Using the Network"), for
tests/bench/train.sh to time against backstep's `train`.

The same arithmetic as the seed's TwoLayerNetworkWithBackprop, restated:
a 2-4-1 sigmoid network, weights randn * 0.01 and biases 0, full batch over
the four XOR rows as columns of X, output delta (y - t) * y * (1 - y),
gradients averaged over the batch (1/m), plain gradient descent with
learning rate 1.0 for 5000 epochs, the loss (mean of (y - t)^2, as the seed
prints it) every 500 epochs, then the final predictions.  Only
np.random.seed(0) is added, so every run draws the same weights.

/usr/bin/python3 because Debian's python3-numpy is installed for it; the
python3 first on PATH may lack NumPy.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class XorNetwork:
    def __init__(self, n_in, n_hidden, n_out):
        self.W1 = np.random.randn(n_hidden, n_in) * 0.01
        self.b1 = np.zeros((n_hidden, 1))
        self.W2 = np.random.randn(n_out, n_hidden) * 0.01
        self.b2 = np.zeros((n_out, 1))

    def forward(self, x):
        self.x = x
        self.a1 = sigmoid(self.W1 @ x + self.b1)
        self.a2 = sigmoid(self.W2 @ self.a1 + self.b2)
        return self.a2

    def step(self, x, t, lr):
        y = self.forward(x)
        loss = np.mean((y - t) ** 2)
        m = x.shape[1]
        dz2 = (y - t) * y * (1 - y)
        dW2 = dz2 @ self.a1.T / m
        db2 = dz2.sum(axis=1, keepdims=True) / m
        dz1 = (self.W2.T @ dz2) * self.a1 * (1 - self.a1)
        dW1 = dz1 @ x.T / m
        db1 = dz1.sum(axis=1, keepdims=True) / m
        self.W1 -= lr * dW1
        self.b1 -= lr * db1
        self.W2 -= lr * dW2
        self.b2 -= lr * db2
        return loss


np.random.seed(0)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]).T  # (2, 4): one row per column
T = np.array([[0, 1, 1, 0]])                       # (1, 4)
net = XorNetwork(2, 4, 1)

print("Training XOR network with backpropagation...")
for epoch in range(5000):
    loss = net.step(X, T, 1.0)
    if epoch % 500 == 0:
        print(f"Epoch {epoch:4d}: Loss = {loss:.6f}")

print("\nFinal Predictions:")
Y = net.forward(X)
for i in range(4):
    x1, x2 = X[:, i]
    p = Y[0, i]
    print(f"  [{int(x1)}, {int(x2)}] → True: {int(T[0, i])}, "
          f"Predicted: {p:.4f}, Rounded: {1 if p > 0.5 else 0}")
