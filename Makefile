# Makefile: PGXS build of the anon extension
#
# Sources are every src/*.c; the install script anon--1.0.sql is built by
# concatenating sqlsrc/*.sql in name order, so each module owns one fragment.
# pg_regress suites are every sql/*.sql, run in name order.

MODULE_big = anon
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

EXTENSION = anon
DATA_built = anon--1.0.sql
DATA = $(wildcard anon--*--*.sql)

REGRESS = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=$(srcdir)

PG_CPPFLAGS = -I$(srcdir)/src
SHLIB_LINK += -lcrypto
EXTRA_CLEAN = anon--1.0.sql results regression.diffs regression.out

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

anon--1.0.sql: $(sort $(wildcard sqlsrc/*.sql))
	cat $^ > $@

# PGXS tracks no header dependencies unless PostgreSQL was configured with
# --enable-depend: rebuild every object when a header of ours changes.
$(OBJS): $(wildcard src/*.h)
