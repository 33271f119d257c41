-- PII detection (sqlsrc/17_detect.sql): columns that look like personal
-- data, by name (here French and English) and by sampled values, each with
-- a SECURITY LABEL statement to review and apply.
SELECT table_name, column_name, identifiers_category, direct, matched_by
FROM anon.detect('customer'::regclass, 'fr_FR')
ORDER BY column_name;
SELECT security_label FROM anon.detect('customer'::regclass, 'fr_FR') ORDER BY column_name;
