/* The floor for tests/bench/train.sh: XOR training as a tight hand-written
 * C loop, the arithmetic a plain implementation does and nothing more.
 *
 *   cc -O2 -o xor_loop xor_loop.c -lm && ./xor_loop EPOCHS
 *
 * A 2-4-1 sigmoid network, half-sse per sample (0.5 (y - t)^2), full batch
 * over the four XOR rows (the gradient is the mean of the per-sample
 * gradients: summed over the rows, then divided by 4), plain gradient
 * descent with learning rate 1.  The weights start where backstep's
 * `init randn 0.5 seed 0` puts them (np.random.seed(0), then
 * randn(4, 2) * 0.5 for W1 and randn(1, 4) * 0.5 for W2), biases 0.
 * Prints the mean loss of the trained weights over the four rows, so the
 * compiler cannot drop the loop. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N_IN 2
#define N_HID 4
#define N_ROWS 4

/* backstep's sigmoid: no exp overflow on either side */
static double sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s EPOCHS\n", argv[0]);
        return 2;
    }
    char *end;
    long epochs = strtol(argv[1], &end, 10);
    if (*end || epochs < 0) {
        fprintf(stderr, "xor_loop: EPOCHS must be a whole number, not %s\n", argv[1]);
        return 2;
    }
    static const double x[N_ROWS][N_IN] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static const double t[N_ROWS] = {0, 1, 1, 0};
    double w1[N_HID][N_IN] = {
        {0.882026172983832, 0.20007860418361165},
        {0.4893689920528696, 1.120446599600729},
        {0.9337789950749837, -0.4886389399382055},
        {0.4750442087627947, -0.07567860414884894},
    };
    double b1[N_HID] = {0};
    double w2[N_HID] = {-0.05160942589677892, 0.20529925096918616, 0.072021785580439,
                        0.7271367534814875};
    double b2 = 0;
    const double lr = 1.0;

    for (long epoch = 0; epoch < epochs; epoch++) {
        double gw1[N_HID][N_IN] = {{0}}, gb1[N_HID] = {0}, gw2[N_HID] = {0}, gb2 = 0;
        for (int r = 0; r < N_ROWS; r++) {
            /* forward */
            double a1[N_HID], z2 = b2;
            for (int j = 0; j < N_HID; j++) {
                double z = b1[j];
                for (int k = 0; k < N_IN; k++)
                    z += w1[j][k] * x[r][k];
                a1[j] = sigmoid(z);
                z2 += w2[j] * a1[j];
            }
            double y = sigmoid(z2);
            /* backward: dL/dy = y - t for 0.5 (y - t)^2 */
            double d2 = (y - t[r]) * y * (1 - y);
            gb2 += d2;
            for (int j = 0; j < N_HID; j++) {
                gw2[j] += d2 * a1[j];
                double d1 = d2 * w2[j] * a1[j] * (1 - a1[j]);
                gb1[j] += d1;
                for (int k = 0; k < N_IN; k++)
                    gw1[j][k] += d1 * x[r][k];
            }
        }
        /* update with the mean gradient */
        for (int j = 0; j < N_HID; j++) {
            for (int k = 0; k < N_IN; k++)
                w1[j][k] -= lr * (gw1[j][k] / N_ROWS);
            b1[j] -= lr * (gb1[j] / N_ROWS);
            w2[j] -= lr * (gw2[j] / N_ROWS);
        }
        b2 -= lr * (gb2 / N_ROWS);
    }

    double loss = 0;
    for (int r = 0; r < N_ROWS; r++) {
        double z2 = b2;
        for (int j = 0; j < N_HID; j++) {
            double z = b1[j];
            for (int k = 0; k < N_IN; k++)
                z += w1[j][k] * x[r][k];
            z2 += w2[j] * sigmoid(z);
        }
        double y = sigmoid(z2);
        loss += 0.5 * (y - t[r]) * (y - t[r]);
    }
    printf("epochs %ld  mean loss %.10g\n", epochs, loss / N_ROWS);
    return 0;
}
