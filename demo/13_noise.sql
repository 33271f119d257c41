-- Noise (src/noise.c): values moved at random within a ratio or an
-- interval, uniformly, never out of the range of their type.
SELECT salary, anon.noise(salary, 0.1) AS salary_noised,
       birth_date, anon.dnoise(birth_date, '2 years') AS birth_noised
FROM customer ORDER BY id LIMIT 5;

-- Clipped to the range of the type instead of overflowing.
SELECT anon.noise(32767::smallint, 0.5) BETWEEN 16384 AND 32767 AS clipped;

\set ON_ERROR_STOP 0
SELECT anon.noise(100, -0.1);
\set ON_ERROR_STOP 1
