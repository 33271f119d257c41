-- Shuffling (src/shuffle.c): the values of a column change rows, the
-- column's totals do not.  Transactional: here rolled back at the end.
BEGIN;
SELECT sum(salary) AS total_before FROM customer;
SELECT anon.shuffle_column('customer', 'salary', 'id');
SELECT sum(salary) AS total_after FROM customer;
SELECT id, first_name, salary FROM customer ORDER BY id LIMIT 5;
ROLLBACK;

\set ON_ERROR_STOP 0
SELECT anon.shuffle_column('customer', 'salary', 'city');
\set ON_ERROR_STOP 1
