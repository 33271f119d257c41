/*-------------------------------------------------------------------------
 *
 * dp_sampler.h
 *		Exact samplers for differential privacy: Bernoulli(exp(-gamma)),
 *		discrete Laplace and discrete Gaussian over the integers, and the
 *		release of a value on a power-of-two granularity grid.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_DP_SAMPLER_H
#define ANON_DP_SAMPLER_H

/* true with probability num/den exactly; num <= den, den > 0 */
extern bool anon_dp_bernoulli_rational(uint128 num, uint128 den);

/* true with probability exp(-num/den) exactly; den > 0 */
extern bool anon_dp_bernoulli_exp(uint128 num, uint128 den);

/* integer X with P(X = x) proportional to exp(-|x| * den / num): scale num/den */
extern int64 anon_dp_discrete_laplace(uint64 num, uint64 den);

/* integer X with P(X = x) proportional to exp(-x^2 / (2 * num / den)) */
extern int64 anon_dp_discrete_gaussian(uint64 num, uint64 den);

/*
 * The noise of one released value.  The value is rounded to a grid of step
 * `granularity` (a power of two) and an integer noise, drawn from the
 * discrete Laplace distribution of scale num/den or the discrete Gaussian
 * of variance num/den (in grid units), is added to the grid index.
 */
typedef struct AnonDpNoise
{
	bool		gaussian;
	double		granularity;	/* a power of two */
	uint64		num;			/* Laplace scale or Gaussian variance ... */
	uint64		den;			/* ... as the fraction num/den, in grid units */
} AnonDpNoise;

/*
 * Noise for a query of sensitivity `sensitivity` (L1 for Laplace, L2 for
 * Gaussian) under epsilon (delta = 0: Laplace) or (epsilon, delta) (delta >
 * 0: discrete Gaussian).  integer_valued says that every exact value is an
 * integer, so that the grid step can be 1 and rounding costs nothing.
 * Rounding only ever adds noise: the real scale is never below the one the
 * guarantee needs.
 */
extern AnonDpNoise anon_dp_noise(double sensitivity, double epsilon,
								 double delta, bool integer_valued);

/* value rounded to the grid, plus granularity times one noise sample */
extern double anon_dp_release(double value, const AnonDpNoise *noise);

/* half-width of a (1 - alpha) two-sided confidence interval of the noise */
extern double anon_dp_noise_halfwidth(const AnonDpNoise *noise, double alpha);

/*
 * The range of epsilon that every DP aggregate accepts: below 1e-6 the
 * noise (scale 1/epsilon for a count) swamps any answer and a count
 * saturates at the largest bigint.
 */
#define ANON_DP_EPSILON_MIN		1e-6
#define ANON_DP_EPSILON_MAX		1000.0

/* parameter checks shared by every DP function */
extern void anon_dp_check_epsilon(double epsilon);
extern void anon_dp_check_delta(double delta);

#endif							/* ANON_DP_SAMPLER_H */
