/* A small, deterministic compute kernel: REPS products of two N x N matrices.
 * Prints the compiler that built it, a checksum (the same for every correct compiler)
 * and the time the products took. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 160

static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * j) % 7) / 7.0;
            b[i][j] = (double)((i + j) % 5) / 5.0;
        }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++)
                    c[i][j] += aik * b[k][j];
            }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sum = 0.0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += c[i][j];
    printf("compiler: %s\n", __VERSION__);
    printf("checksum: %.3f\n", sum);
    printf("seconds: %.4f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
