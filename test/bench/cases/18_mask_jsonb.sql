-- name: anon.mask_jsonb of three paths in 1 KB documents vs nested jsonb_set
-- target: 0.5
-- setup:
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_jsonb;
CREATE TABLE bench_jsonb AS
SELECT jsonb_build_object(
         'id', i,
         'customer', jsonb_build_object('email', 'user' || i || '@example.com',
                                        'name', 'Name ' || i,
                                        'address', repeat('street ', 20)),
         'items', (SELECT jsonb_agg(jsonb_build_object('sku', md5((i * 10 + j)::text), 'qty', j,
                                                       'note', repeat('n', 40)))
                   FROM generate_series(1, 5) j),
         'phone', '+33 6 ' || lpad(i::text, 8, '0'),
         'comment', repeat('lorem ipsum ', 20)) AS d
FROM generate_series(1, 100000) i;
VACUUM ANALYZE bench_jsonb;
-- ours:
SET max_parallel_workers_per_gather = 0;
SELECT sum(pg_column_size(anon.mask_jsonb(d, '{"customer.email": "anon.partial_email",
                                        "customer.name": "pg_catalog.md5",
                                        "phone": "pg_catalog.md5"}'))) FROM bench_jsonb;
-- baseline:
SET max_parallel_workers_per_gather = 0;
SELECT sum(pg_column_size(jsonb_set(jsonb_set(jsonb_set(d,
         '{customer,email}', to_jsonb(anon.partial_email(d #>> '{customer,email}'))),
         '{customer,name}', to_jsonb(md5(d #>> '{customer,name}'))),
         '{phone}', to_jsonb(md5(d ->> 'phone'))))) FROM bench_jsonb;
