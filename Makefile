# Makefile: PGXS build of the anon extension
#
# Sources are every src/*.c.  The version comes from anon.control
# (default_version).  The fresh install script anon--$(EXTVERSION).sql is
# built by concatenating sqlsrc/*.sql in name order, so each module owns one
# fragment; the released scripts of earlier versions (anon--1.0.sql) are
# frozen files, never rebuilt; the upgrade script from the previous version
# is built from sqlsrc/upgrade/<from>--<to>/*.sql the same way.
# pg_regress suites are every sql/*.sql, run in name order.

EXTENSION = anon
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(srcdir)/anon.control)
UPGRADE_FROM = 1.0

MODULE_big = anon
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

DATA_built = anon--$(EXTVERSION).sql anon--$(UPGRADE_FROM)--$(EXTVERSION).sql
DATA = anon--1.0.sql

REGRESS = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=$(srcdir)

PG_CPPFLAGS = -I$(srcdir)/src
SHLIB_LINK += -lcrypto
EXTRA_CLEAN = $(DATA_built) results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

anon--$(EXTVERSION).sql: $(sort $(wildcard sqlsrc/*.sql))
	cat $^ > $@

anon--$(UPGRADE_FROM)--$(EXTVERSION).sql: $(sort $(wildcard sqlsrc/upgrade/$(UPGRADE_FROM)--$(EXTVERSION)/*.sql))
	cat $^ > $@

# The per-type declarations of the DP aggregates are generated from the list
# in scripts/gen-dp-sql.py (output committed; test/t/062_dp_sql_generated.pl
# checks it is current).
.PHONY: dp-sql
dp-sql:
	python3 $(srcdir)/scripts/gen-dp-sql.py $(srcdir)/sqlsrc

# The pairs dummy_x() / dummy_x_locale(locale) of sqlsrc/10_fake_dummy.sql
# are generated from the lists in scripts/gen-fake-sql.py (output committed;
# test/t/062_dp_sql_generated.pl checks it is current).
.PHONY: fake-sql
fake-sql:
	python3 $(srcdir)/scripts/gen-fake-sql.py $(srcdir)/sqlsrc

# PGXS tracks no header dependencies unless PostgreSQL was configured with
# --enable-depend: rebuild every object when a header of ours changes.
$(OBJS): $(wildcard src/*.h)
