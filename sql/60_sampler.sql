-- Exact DP samplers (src/dp_sampler.c): draws against the exact pmf.
--
-- Each check is a chi-square statistic against a fixed threshold whose
-- false-alarm rate is 1e-7 (test/tools/chi2_critical.py DF): df 1 28.37,
-- df 4 38.24, df 8 47.97, df 10 52.31, df 16 64.23, df 20 71.59.  Draws are
-- binned as floor(x / w) clamped to [-k, k] (so the two outer bins hold the
-- tails); the expected count of each bin is the exact pmf summed over it.
-- Only verdicts are printed.
\set VERBOSITY terse

CREATE FUNCTION pg_temp.dp_chi2(kind text, num bigint, den bigint, n int,
                                w int, k int)
RETURNS TABLE (bins bigint, min_expected_ok boolean, stat float8)
LANGUAGE sql AS $$
WITH draws AS (
	SELECT greatest(-k, least(k, floor(x::numeric / w)))::int AS b
	FROM unnest(anon._dp_samples(kind, num, den, n)) x
), support AS (
	-- wide enough that the mass left out is below e^-40
	SELECT x, CASE kind
		WHEN 'laplace' THEN exp(-abs(x)::float8 * den / num)
		ELSE exp(-(x::float8 * x) * den / (2.0 * num)) END AS m
	FROM generate_series(-(40 * ceil(num::float8 / den) + 40)::bigint,
	                     (40 * ceil(num::float8 / den) + 40)::bigint) x
	WHERE kind = 'laplace'
	UNION ALL
	SELECT x, exp(-(x::float8 * x) * den / (2.0 * num))
	FROM generate_series(-(10 * ceil(sqrt(num::float8 / den)) + 10)::bigint,
	                     (10 * ceil(sqrt(num::float8 / den)) + 10)::bigint) x
	WHERE kind = 'gaussian'
), expected AS (
	SELECT greatest(-k, least(k, floor(x::numeric / w)))::int AS b,
	       sum(m) / (SELECT sum(m) FROM support) * n AS e
	FROM support GROUP BY 1
), observed AS (
	SELECT b, count(*) AS o FROM draws GROUP BY b
)
SELECT count(*), min(e) >= 20, sum((coalesce(o, 0) - e) ^ 2 / e)
FROM expected LEFT JOIN observed USING (b)
$$;

-- discrete Laplace, scale 3/2: 17 bins
SELECT bins, min_expected_ok, stat < 64.23 AS fits FROM pg_temp.dp_chi2('laplace', 3, 2, 200000, 1, 8);
-- scale 1/3: almost all mass at 0
SELECT bins, min_expected_ok, stat < 38.24 AS fits FROM pg_temp.dp_chi2('laplace', 1, 3, 200000, 1, 2);
-- scale 7/3 (t and s both > 1 in Algorithm 2)
SELECT bins, min_expected_ok, stat < 71.59 AS fits FROM pg_temp.dp_chi2('laplace', 7, 3, 200000, 1, 10);
-- scale 1000, bins of 250
SELECT bins, min_expected_ok, stat < 71.59 AS fits FROM pg_temp.dp_chi2('laplace', 1000, 1, 200000, 250, 10);
-- scale 2^40 / 2^30 = 1024 with a power-of-two denominator, as the grid uses
SELECT bins, min_expected_ok, stat < 71.59 AS fits FROM pg_temp.dp_chi2('laplace', 1099511627776, 1073741824, 200000, 256, 10);

-- discrete Gaussian, variance 4
SELECT bins, min_expected_ok, stat < 52.31 AS fits FROM pg_temp.dp_chi2('gaussian', 4, 1, 200000, 1, 5);
-- variance 1/2 (t = 1 in Algorithm 3)
SELECT bins, min_expected_ok, stat < 38.24 AS fits FROM pg_temp.dp_chi2('gaussian', 1, 2, 200000, 1, 2);
-- variance 7/3
SELECT bins, min_expected_ok, stat < 47.97 AS fits FROM pg_temp.dp_chi2('gaussian', 7, 3, 200000, 1, 4);
-- variance 10^6, bins of 250
SELECT bins, min_expected_ok, stat < 71.59 AS fits FROM pg_temp.dp_chi2('gaussian', 1000000, 1, 200000, 250, 10);

-- Bernoulli(exp(-gamma)): binomial counts, df 1
SELECT g AS gamma, (sum(x) - n * exp(-g)) ^ 2 / (n * exp(-g) * (1 - exp(-g))) < 28.37 AS fits
FROM (VALUES (1::bigint, 2::bigint), (3, 2), (7, 3), (1, 1), (13, 4)) AS p(num, den),
     LATERAL (SELECT num::float8 / den AS g, 200000 AS n) c,
     LATERAL unnest(anon._dp_samples('bernoulli_exp', num, den, 200000)) x
GROUP BY g, n ORDER BY g;
-- gamma = 0 is certain, a huge gamma is (almost) never
SELECT min(x) = 1 AS always FROM unnest(anon._dp_samples('bernoulli_exp', 0, 1, 1000)) x;
SELECT max(x) = 0 AS never FROM unnest(anon._dp_samples('bernoulli_exp', 1000, 1, 1000)) x;
-- a 128-bit denominator path: gamma = 1/2 as (2^62)/(2^63)
SELECT (sum(x) - 200000 * exp(-0.5)) ^ 2 / (200000 * exp(-0.5) * (1 - exp(-0.5))) < 28.37 AS fits
FROM unnest(anon._dp_samples('bernoulli_exp', 4611686018427387904, 9223372036854775807, 200000)) x;

-- errors
SELECT anon._dp_samples('poisson', 1, 1, 1);
SELECT anon._dp_samples('laplace', 0, 1, 1);
SELECT anon._dp_samples('gaussian', 1, 0, 1);
SELECT anon._dp_samples('laplace', 1, 1, -1);
-- fail (a scale of 2^63 overflows the exact sampler: it errors, never wraps)
SELECT anon._dp_samples('laplace', 9223372036854775807, 1, 1000);
\echo :LAST_ERROR_SQLSTATE
SELECT cardinality(anon._dp_samples('laplace', 1, 1, 0)) AS empty;
CREATE ROLE regress_dp_sampler;
SET ROLE regress_dp_sampler;
SELECT anon._dp_samples('laplace', 1, 1, 1);	-- fail: not granted
RESET ROLE;
GRANT EXECUTE ON FUNCTION anon._dp_samples(text, bigint, bigint, integer) TO regress_dp_sampler;
SET ROLE regress_dp_sampler;
SELECT anon._dp_samples('laplace', 1, 1, 1);	-- fail: superuser only
RESET ROLE;
REVOKE EXECUTE ON FUNCTION anon._dp_samples(text, bigint, bigint, integer) FROM regress_dp_sampler;
DROP ROLE regress_dp_sampler;
