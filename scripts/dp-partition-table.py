#!/usr/bin/env python3
"""scripts/dp-partition-table.py: the table of doc/differential-privacy.md
that says which groups partition selection releases, computed from the
threshold that anon._dp_partition_select applies (src/dp_agg.c):

    T = 1 + ceil(ln(1 / (delta (1 + q))) / epsilon),  q = e^-epsilon

A group of n people is released when n + Z >= T, Z discrete Laplace with
P(Z = z) = (1 - q) / (1 + q) q^|z|, so P(Z >= m) = q^m / (1 + q) for m >= 1
and 1 - q^(1 - m) / (1 + q) for m <= 0.  Printed: T, the smallest group
released with probability 1/2, 0.95 and 0.99, and the probability that a
group of 100 is released.  test/t/062_dp_sql_generated.pl checks that the
page holds exactly this output.
"""
import math

EPSILONS = [(0.1, '0.1'), (0.5, '0.5'), (1.0, '1'), (math.log(3), 'ln 3'), (2.0, '2')]
DELTAS = [(1e-5, '1e-5'), (1e-6, '1e-6'), (1e-9, '1e-9')]


def p_release(n, t, eps):
    q = math.exp(-eps)
    m = t - n
    if m >= 1:
        return q ** m / (1 + q)
    return 1 - q ** (1 - m) / (1 + q)


def smallest(t, eps, p):
    n = 1
    while p_release(n, t, eps) < p:
        n += 1
    return n


def main():
    print('| epsilon | delta | threshold | released at 50% | at 95% | at 99% | P(group of 100 released) |')
    print('| --- | --- | --- | --- | --- | --- | --- |')
    for eps, eps_name in EPSILONS:
        for delta, delta_name in DELTAS:
            q = math.exp(-eps)
            t = 1 + math.ceil(math.log(1 / (delta * (1 + q))) / eps)
            p100 = p_release(100, t, eps)
            print('| %s | %s | %d | %d | %d | %d | %s |' % (
                eps_name, delta_name, t, smallest(t, eps, 0.5), smallest(t, eps, 0.95),
                smallest(t, eps, 0.99), ('%.3g' % p100) if p100 < 0.9995 else '1'))


if __name__ == '__main__':
    main()
