-- Generalization, k-anonymity, l-diversity, t-closeness, risk and automatic
-- generalization (src/generalize.c, src/kanon.c, src/kanon_search.c).

-- Generalization keeps a value true but less precise.
SELECT anon.generalize_int4range(42) AS age_bucket,
       anon.generalize_daterange('1983-07-14', 'year') AS birth_year,
       anon.generalize_prefix('75012', 3) AS zip3;

-- Birth date, zip code and gender single people out: label them.
SECURITY LABEL FOR anon ON COLUMN customer.birth_date IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN customer.zipcode IS 'QUASI-IDENTIFIER';
SECURITY LABEL FOR anon ON COLUMN customer.gender IS 'QUASI-IDENTIFIER';
SELECT relid, attname FROM anon.quasi_identifiers WHERE relid = 'customer'::regclass;

-- Raw, every customer is alone in their class.
SELECT anon.k_anonymity('customer') AS k;
SELECT * FROM anon.risk('customer', 0.2) WHERE measure NOT LIKE '%without%';

-- Which generalization makes the table 5-anonymous with the least loss?
SELECT attname, level, max_level, rule, k_achieved, suppressed,
       round(loss::numeric, 3) AS loss, nodes_checked
FROM anon.generalize_to_k('customer', 5);

-- Measure the generalized data through a query (a masked view would be
-- measured the same way): k, l-diversity and t-closeness of the salary.
SELECT format('SELECT %s, salary FROM customer',
              string_agg(format('%s AS %I', expression, attname), ', ')) AS q
FROM anon.generalize_to_k('customer', 5) \gset
SELECT anon.k_anonymity_query(:'q', '{birth_date,zipcode,gender}') AS k_generalized;
SELECT * FROM anon.l_diversity_query(:'q', 'salary', '{birth_date,zipcode,gender}');
SELECT round(anon.t_closeness_query(:'q', 'salary', '{birth_date,zipcode,gender}')::numeric, 3) AS t;

-- Bad input is an error that says what is wrong.
\set ON_ERROR_STOP 0
SELECT * FROM anon.generalize_to_k('customer', 0);
SELECT anon.k_anonymity('customer', '{no_such_column}');
\set ON_ERROR_STOP 1

SECURITY LABEL FOR anon ON COLUMN customer.birth_date IS NULL;
SECURITY LABEL FOR anon ON COLUMN customer.zipcode IS NULL;
SECURITY LABEL FOR anon ON COLUMN customer.gender IS NULL;
