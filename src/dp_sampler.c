/*-------------------------------------------------------------------------
 *
 * dp_sampler.c
 *		Exact samplers for differential privacy, and the release of a noisy
 *		value on a power-of-two grid.
 *
 * Textbook Laplace noise, b * log(u) on a uniform double u, is not private
 * on a computer: the set of doubles it can produce depends on the exact
 * value, so the low-order bits of a release can tell neighbouring data sets
 * apart (Mironov, "On Significance of the Least Significant Bits for
 * Differential Privacy", CCS 2012).  anon never applies log() or exp() to a
 * random number.  Noise is an integer, drawn with the exact samplers of
 * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020, arXiv:2004.00010):
 *
 *	 - Algorithm 1: Bernoulli(exp(-gamma)) for a rational gamma, from
 *	   Bernoulli(num/den) trials only (von Neumann's method);
 *	 - Algorithm 2: the discrete Laplace distribution of rational scale t/s,
 *	   P(x) proportional to exp(-|x| s / t);
 *	 - Algorithm 3: the discrete Gaussian of rational variance sigma^2,
 *	   P(x) proportional to exp(-x^2 / (2 sigma^2)), by rejection from a
 *	   discrete Laplace of scale floor(sigma) + 1.
 *
 * Every random bit comes from src/random.h (OpenSSL); the arithmetic on
 * random values is exact integer arithmetic (128 bits where needed).
 *
 * Real-valued results (a sum of doubles, an average) are released on a
 * grid whose step g is a power of two chosen from the noise scale (the
 * "granularity" method of Google's secure noise generation and of CKS
 * section 5): the exact value is rounded to the nearest multiple of g, and
 * g times an integer noise is added.  Every possible output is a multiple of
 * g, whatever the exact value, so there are no tell-tale low-order bits.
 * Rounding moves a value by at most g/2, so two neighbouring data sets
 * differ by at most sensitivity/g + 1 grid units: the noise is calibrated
 * to that, i.e. a little more noise than the textbook mechanism, never
 * less.  g is chosen so that the noise scale is about 2^30 (Laplace) or
 * 2^20 (Gaussian) grid units, which keeps the extra noise negligible and
 * the integers small enough for exact 128-bit arithmetic.  When every
 * exact value is an integer and the scale is small, g is 1 and rounding is
 * exact.
 *
 * The Gaussian mechanism is calibrated through zero-concentrated DP: the
 * discrete Gaussian with variance sigma^2 is Delta^2 / (2 sigma^2)-zCDP
 * (CKS Theorem 4), and rho-zCDP implies (rho + 2 sqrt(rho ln(1/delta)),
 * delta)-DP (Bun and Steinke 2016, Proposition 1.3), which gives
 * sqrt(rho) = sqrt(ln(1/delta) + epsilon) - sqrt(ln(1/delta)).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "compat.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "anon.h"
#include "dp_sampler.h"
#include "random.h"

PG_FUNCTION_INFO_V1(anon_dp_samples);

/* grid units of the noise scale (Laplace) or standard deviation (Gaussian) */
#define ANON_DP_LAPLACE_UNITS_LOG2	30
#define ANON_DP_GAUSS_UNITS_LOG2	20
/* bits of precision of the rational noise parameter */
#define ANON_DP_PARAM_LOG2			40
/* parameters are rounded up by this relative margin, against float error */
#define ANON_DP_MARGIN				(1.0 + 1e-9)

#define ANON_UINT128_MAX			(~(uint128) 0)

/*
 * Uniform integer in [0, den) for a 128-bit den, by rejection.
 */
static uint128
anon_dp_random_below128(uint128 den)
{
	uint64		hi_bound = (uint64) (den >> 64);
	uint64		mask;

	Assert(den > 0);
	if (hi_bound == 0)
		return (uint128) anon_random_below((uint64) den);

	/* mask of the bits of the high word of den - 1 */
	mask = (uint64) ((den - 1) >> 64);
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	mask |= mask >> 32;
	for (;;)
	{
		uint128		x;

		x = ((uint128) (anon_random_uint64() & mask) << 64) | anon_random_uint64();
		if (x < den)
			return x;
	}
}

/*
 * Bernoulli(num/den), exactly.
 */
bool
anon_dp_bernoulli_rational(uint128 num, uint128 den)
{
	Assert(den > 0 && num <= den);
	if (num == 0)
		return false;
	if (num >= den)
		return true;
	return anon_dp_random_below128(den) < num;
}

/*
 * The exact samplers work in 128-bit integers: a scale so large that they
 * would overflow (reachable with extreme parameters) is a user error.
 */
pg_noreturn static void anon_dp_sampler_out_of_range(void);

static void
anon_dp_sampler_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("noise scale is out of range for the exact discrete sampler"),
			 errhint("Use a larger epsilon or narrower bounds.")));
}

/*
 * Bernoulli(exp(-gamma)) for gamma = num/den in [0, 1]: CKS Algorithm 1,
 * first case.  Draw A_k ~ Bernoulli(gamma / k) for k = 1, 2, ... until the
 * first A_k = 0; the answer is whether that k is odd.
 */
static bool
anon_dp_bernoulli_exp_le1(uint128 num, uint128 den)
{
	uint64		k = 1;

	for (;;)
	{
		if (den > ANON_UINT128_MAX / k)
			anon_dp_sampler_out_of_range();
		if (!anon_dp_bernoulli_rational(num, den * k))
			break;
		k++;
	}
	return (k & 1) == 1;
}

/*
 * Bernoulli(exp(-gamma)) for gamma = num/den >= 0: CKS Algorithm 1.  For
 * gamma > 1, exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma -
 * floor(gamma))): one Bernoulli(exp(-1)) trial per unit, stopping at the
 * first failure, then one trial for the fractional part.
 */
bool
anon_dp_bernoulli_exp(uint128 num, uint128 den)
{
	Assert(den > 0);
	while (num > den)
	{
		if (!anon_dp_bernoulli_exp_le1(1, 1))
			return false;
		num -= den;
	}
	return anon_dp_bernoulli_exp_le1(num, den);
}

/*
 * Discrete Laplace of scale t/s: CKS Algorithm 2.
 */
int64
anon_dp_discrete_laplace(uint64 t, uint64 s)
{
	if (t == 0 || s == 0)
		elog(ERROR, "discrete Laplace scale must be positive");

	for (;;)
	{
		uint64		u = anon_random_below(t);
		uint64		v = 0;
		uint128		x;
		uint128		y;
		bool		negative;

		if (!anon_dp_bernoulli_exp(u, t))
			continue;
		while (anon_dp_bernoulli_exp_le1(1, 1))
			v++;
		x = (uint128) u + (uint128) t * v;
		y = x / s;
		negative = anon_random_bit();
		if (negative && y == 0)
			continue;
		if (y > (uint128) (PG_INT64_MAX / 4))
			anon_dp_sampler_out_of_range();
		return negative ? -(int64) y : (int64) y;
	}
}

/*
 * Discrete Gaussian of variance sigma^2 = num/den: CKS Algorithm 3.
 *
 * With t = floor(sigma) + 1, draw Y from the discrete Laplace of scale t
 * and accept it with probability exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)).
 * In integers: gamma = (|Y| den t - num)^2 / (2 num den t^2).
 */
int64
anon_dp_discrete_gaussian(uint64 num, uint64 den)
{
	uint64		t;
	uint128		b;

	if (num == 0 || den == 0)
		elog(ERROR, "discrete Gaussian variance must be positive");

	/* t = floor(sqrt(num/den)) + 1, exactly */
	t = (uint64) sqrt((double) num / (double) den);
	while (t > 0 && (uint128) t * t * den > num)
		t--;
	while ((uint128) (t + 1) * (t + 1) * den <= num)
		t++;
	t++;

	if ((uint128) num * den > ANON_UINT128_MAX / ((uint128) 2 * t * t))
		anon_dp_sampler_out_of_range();
	b = (uint128) 2 * num * den * t * t;

	for (;;)
	{
		int64		y = anon_dp_discrete_laplace(t, 1);
		uint128		ay = (uint128) (y < 0 ? -y : y);
		uint128		a;

		/* a = | |Y| den t - num | */
		if (ay > ANON_UINT128_MAX / ((uint128) den * t))
			a = ANON_UINT128_MAX;
		else
		{
			uint128		p = ay * den * t;

			a = p >= num ? p - num : num - p;
		}

		if (a >> 63 == 0)
		{
			if (anon_dp_bernoulli_exp(a * a, b))
				return y;
		}
		else
		{
			/*
			 * a^2 does not fit in 128 bits, so gamma >= 2^126 / b, far
			 * above 2^20: run the first 2^20 unit trials of Algorithm 1;
			 * one of them fails with overwhelming probability.
			 */
			int			i;

			Assert(b < ((uint128) 1 << 100));
			for (i = 0; i < (1 << 20); i++)
				if (!anon_dp_bernoulli_exp_le1(1, 1))
					break;
			if (i == (1 << 20))
				anon_dp_sampler_out_of_range();
		}
	}
}

/*
 * num/den >= x, with den a power of two giving ANON_DP_PARAM_LOG2 bits.
 */
static void
anon_dp_rational_above(double x, uint64 *num, uint64 *den)
{
	int			e;
	int			shift;

	Assert(x > 0 && isfinite(x));
	(void) frexp(x, &e);		/* x < 2^e */
	shift = ANON_DP_PARAM_LOG2 - e;
	if (shift > 62)
		shift = 62;
	if (shift < 0)
		shift = 0;
	*den = UINT64CONST(1) << shift;
	*num = (uint64) ceil(ldexp(x * ANON_DP_MARGIN, shift));
	if (*num == 0)
		*num = 1;
}

/*
 * Noise of a release: see the file header.
 */
AnonDpNoise
anon_dp_noise(double sensitivity, double epsilon, double delta,
			  bool integer_valued)
{
	AnonDpNoise noise;
	double		scale;			/* Laplace scale or Gaussian sigma */
	double		factor;			/* scale = sensitivity * factor */
	int			units_log2;
	double		sens_units;
	int			e;

	anon_dp_check_epsilon(epsilon);
	anon_dp_check_delta(delta);
	if (!(sensitivity >= 0) || !isfinite(sensitivity))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sensitivity of a differentially private release is out of range"),
				 errdetail("The bounds of the aggregate make its sensitivity infinite."),
				 errhint("Give bounds that are closer to each other.")));

	noise.gaussian = delta > 0;
	if (noise.gaussian)
	{
		double		l = log(1.0 / delta);
		double		sqrt_rho = epsilon / (sqrt(l + epsilon) + sqrt(l));

		factor = 1.0 / (sqrt(2.0) * sqrt_rho);
		units_log2 = ANON_DP_GAUSS_UNITS_LOG2;
	}
	else
	{
		factor = 1.0 / epsilon;
		units_log2 = ANON_DP_LAPLACE_UNITS_LOG2;
	}
	scale = sensitivity * factor;

	if (integer_valued && scale <= ldexp(1.0, units_log2))
	{
		/* grid of step 1: rounding an integer is exact */
		noise.granularity = 1.0;
		sens_units = sensitivity;
	}
	else
	{
		if (scale == 0)
			e = 0;
		else
			(void) frexp(scale, &e);	/* scale < 2^e */
		noise.granularity = ldexp(1.0, e - units_log2);
		if (integer_valued && noise.granularity < 1.0)
			noise.granularity = 1.0;
		sens_units = sensitivity / noise.granularity + 1.0;
	}

	if (sens_units == 0)
	{
		/* nothing to hide: the value is released as it is */
		noise.num = 0;
		noise.den = 1;
		return noise;
	}

	scale = sens_units * factor;
	if (noise.gaussian)
		anon_dp_rational_above(scale * scale, &noise.num, &noise.den);
	else
		anon_dp_rational_above(scale, &noise.num, &noise.den);
	return noise;
}

/*
 * Release value: nearest multiple of the grid step, plus the noise.
 */
double
anon_dp_release(double value, const AnonDpNoise *noise)
{
	double		index;
	int64		z;

	if (isnan(value))
		elog(ERROR, "cannot release a NaN value");
	index = rint(value / noise->granularity);
	if (noise->num == 0)
		z = 0;
	else if (noise->gaussian)
		z = anon_dp_discrete_gaussian(noise->num, noise->den);
	else
		z = anon_dp_discrete_laplace(noise->num, noise->den);
	/* the sum is post-processing of an integer; g is a power of two */
	return (index + (double) z) * noise->granularity;
}

/*
 * Half-width h of an interval [released - h, released + h] that holds the
 * exact value with probability at least 1 - alpha.
 */
double
anon_dp_noise_halfwidth(const AnonDpNoise *noise, double alpha)
{
	double		p = (double) noise->num / (double) noise->den;
	double		k;

	if (noise->num == 0)
		k = 0;
	else if (noise->gaussian)
	{
		/* the discrete Gaussian is sigma^2-subgaussian (CKS) */
		k = ceil(sqrt(2.0 * p * log(2.0 / alpha)));
	}
	else
	{
		/* P(|X| > k) = 2 q^(k+1) / (1 + q), q = e^(-1/b) */
		double		q = exp(-1.0 / p);

		k = ceil(p * log(2.0 / (alpha * (1.0 + q)))) - 1.0;
		if (k < 0)
			k = 0;
	}
	/* plus half a step for the rounding to the grid */
	return (k + 0.5) * noise->granularity;
}

void
anon_dp_check_epsilon(double epsilon)
{
	if (!(epsilon >= ANON_DP_EPSILON_MIN && epsilon <= ANON_DP_EPSILON_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must be between 1e-06 and 1000"),
				 errhint("Below 1e-06 the noise would swamp any answer.")));
}

void
anon_dp_check_delta(double delta)
{
	if (!(delta >= 0 && delta < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("delta must be at least 0 and less than 1")));
}

/*
 * anon._dp_samples(kind text, num bigint, den bigint, n int) -> bigint[]
 *
 * Test-only: n draws of a sampler with parameter num/den, for the
 * statistical tests.  kind is 'bernoulli_exp' (1 with probability
 * exp(-num/den)), 'laplace' (scale num/den) or 'gaussian' (variance
 * num/den).  Restricted to superusers: it releases noise without data and
 * without budget, which is harmless, but it is no API.
 */
Datum
anon_dp_samples(PG_FUNCTION_ARGS)
{
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64		num = PG_GETARG_INT64(1);
	int64		den = PG_GETARG_INT64(2);
	int32		n = PG_GETARG_INT32(3);
	Datum	   *out;
	int			i;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for function _dp_samples"),
				 errdetail("Only superusers may call this test function.")));
	if (num < 0 || den <= 0 || n < 0 || n > 10000000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid sampler parameters")));

	out = palloc(sizeof(Datum) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		int64		v;

		CHECK_FOR_INTERRUPTS();
		if (strcmp(kind, "bernoulli_exp") == 0)
			v = anon_dp_bernoulli_exp((uint128) num, (uint128) den) ? 1 : 0;
		else if (strcmp(kind, "laplace") == 0 && num > 0)
			v = anon_dp_discrete_laplace((uint64) num, (uint64) den);
		else if (strcmp(kind, "gaussian") == 0 && num > 0)
			v = anon_dp_discrete_gaussian((uint64) num, (uint64) den);
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid sampler parameters")));
		out[i] = Int64GetDatum(v);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, INT8OID, 8,
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
