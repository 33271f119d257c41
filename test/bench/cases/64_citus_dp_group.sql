-- name: anon_avg GROUP BY on a Citus distributed table (4M rows) vs avg
-- target: 1.25
-- requires: citus
--
-- Both run distributed: partial aggregates on the shards, combined on the
-- coordinator (for ours, Citus plans worker_partial_agg / coord_combine_agg,
-- and each worker computes the partial states natively with the aggregate's
-- partial twin; Citus's own sum and count for avg); ours adds the noise
-- there, once per group.
-- setup:
DROP TABLE IF EXISTS bench_cdp;
CREATE TABLE bench_cdp (id int, grp int, v int);
SELECT create_distributed_table('bench_cdp', 'id');
INSERT INTO bench_cdp SELECT g, g % 1000, (g % 1000)::int FROM generate_series(1, 4000000) g;
VACUUM ANALYZE bench_cdp;
-- ours:
SELECT count(*) FROM (SELECT grp, anon.anon_avg(v, 1.0, 0, 1000) FROM bench_cdp GROUP BY grp) s;
-- baseline:
SELECT count(*) FROM (SELECT grp, avg(v) FROM bench_cdp GROUP BY grp) s;
