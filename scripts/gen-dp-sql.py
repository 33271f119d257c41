#!/usr/bin/env python3
"""scripts/gen-dp-sql.py: generate the per-type declarations of the
differentially private aggregates from one list (the FAMILIES below).

    python3 scripts/gen-dp-sql.py [SQLSRC_DIR]        (make dp-sql)

writes
    sqlsrc/61_dp_aggregates.sql                  the fresh install
    sqlsrc/upgrade/1.0--1.1/61_dp_aggregates.sql the upgrade from 1.0

Both files are committed; test/t/062_dp_sql_generated.pl fails when they
differ from what this script writes.  The types, combine functions and
everything that is not one declaration per type and signature stay by hand
in sqlsrc/60_dp.sql.

A family is a set of aggregates that share one transition function: for
each value type and each signature, one transition function, then for each
aggregate one final function (FINALFUNC_EXTRA: same arguments) and the
aggregate.  `since` says in which version an object appeared (the upgrade
creates those of the current version and re-sets the comments of the
others); `dropped` says in which version an aggregate left (the upgrade
drops it).  Adding a DP aggregate is a change here; see doc/DEVELOPING.md.
"""
import os
import sys

CURRENT = '1.1'  # the version the fresh install builds (anon.control)
PREVIOUS = '1.0'  # the version the upgrade starts from

# (SQL name, integer-valued?)
NUMERIC_TYPES = [('smallint', True), ('integer', True), ('bigint', True),
                 ('real', False), ('double precision', False),
                 ('numeric', False)]

GAUSSIAN = ', (epsilon, delta) by the discrete Gaussian'
DEFAULT_EPS = ', epsilon anon.dp_default_epsilon'

FAMILIES = [
    # ---- anon_count(epsilon): count(*) ----
    dict(
        types=[None], state='anon.dp_state', combine='anon._dp_combine',
        trans=('_dp_count_star_trans', 'anon_dp_count_star_trans',
               'transition function of anon.anon_count(epsilon): counts the rows'),
        signatures=[dict(args=['epsilon float8'], suffix='', since='1.0')],
        aggregates=[
            dict(name='anon_count', since='1.0',
                 final=('_dp_count_final', 'anon_dp_count_final', 'bigint'),
                 final_comment='final function of anon.anon_count: adds the noise',
                 comment='differentially private count(*): discrete Laplace noise of scale 1/epsilon'),
            dict(name='anon_count_unclamped', since='1.1',
                 final=('_dp_count_unclamped_final', 'anon_dp_count_unclamped_final', 'bigint'),
                 final_comment='final function of anon.anon_count_unclamped: adds the noise, keeping negative releases',
                 comment='differentially private count(*), negative releases kept: unbiased, so that sums of releases are too'),
        ]),
    # ---- anon_count(expr [, epsilon [, delta]]) ----
    dict(
        types=[None], state='anon.dp_state', combine='anon._dp_combine',
        trans=('_dp_count_trans', 'anon_dp_count_trans',
               'transition function of anon.anon_count(expr, ...): counts the non-null values'),
        signatures=[
            dict(args=['expr anyelement', 'epsilon float8'], suffix='', since='1.0'),
            dict(args=['expr anyelement', 'epsilon float8', 'delta float8'],
                 suffix=GAUSSIAN, since='1.0'),
            dict(args=['expr anyelement'], suffix=DEFAULT_EPS + " (Google's signature)",
                 since='1.1'),
        ],
        aggregates=[
            dict(name='anon_count', since='1.0',
                 final=('_dp_count_final', 'anon_dp_count_final', 'bigint'),
                 final_comment='final function of anon.anon_count: adds the noise',
                 comment='differentially private count of non-null values'),
            dict(name='anon_count_unclamped', since='1.1',
                 final=('_dp_count_unclamped_final', 'anon_dp_count_unclamped_final', 'bigint'),
                 final_comment='final function of anon.anon_count_unclamped: adds the noise, keeping negative releases',
                 comment='differentially private count of non-null values, negative releases kept (unbiased)'),
        ]),
    # ---- anon_sum, anon_avg, anon_var, anon_stddev (expr, epsilon, lower, upper [, delta]) ----
    dict(
        types=NUMERIC_TYPES, state='anon.dp_state', combine='anon._dp_combine',
        trans=('_dp_value_trans', 'anon_dp_value_trans',
               'transition function of anon.anon_sum, anon_avg, anon_var and anon_stddev: adds the value clamped to the bounds'),
        signatures=[
            dict(args=['expr T', 'epsilon float8', 'lower T', 'upper T'], suffix='', since='1.0'),
            dict(args=['expr T', 'epsilon float8', 'lower T', 'upper T', 'delta float8'],
                 suffix=GAUSSIAN, since='1.0'),
        ],
        aggregates=[
            dict(name='anon_sum', since='1.0',
                 final=('_dp_sum_final', ('anon_dp_sum_final_int', 'bigint'), ('anon_dp_sum_final', 'float8')),
                 final_comment='final function of anon.anon_sum: adds the noise',
                 comment='differentially private sum of the values clamped to [lower, upper]'),
            dict(name='anon_avg', since='1.0',
                 final=('_dp_avg_final', 'anon_dp_avg_final', 'float8'),
                 final_comment='final function of anon.anon_avg: releases a noisy count and a noisy sum',
                 comment='differentially private average of the values clamped to [lower, upper]'),
            dict(name='anon_var', since='1.0',
                 final=('_dp_var_final', 'anon_dp_var_final', 'float8'),
                 final_comment='final function of anon.anon_var: releases noisy moments',
                 comment='differentially private population variance of the values clamped to [lower, upper]'),
            dict(name='anon_stddev', since='1.0',
                 final=('_dp_stddev_final', 'anon_dp_stddev_final', 'float8'),
                 final_comment='final function of anon.anon_stddev: releases noisy moments',
                 comment='differentially private population standard deviation of the values clamped to [lower, upper]'),
        ]),
    # ---- Google's anon_*_with_bounds (expr, lower, upper [, epsilon]) ----
    dict(
        types=NUMERIC_TYPES, state='anon.dp_state', combine='anon._dp_combine',
        trans=('_dp_bounded_trans', 'anon_dp_bounded_trans',
               "transition function of anon.anon_sum_with_bounds, anon_avg_with_bounds, anon_var_with_bounds and anon_stddev_with_bounds (Google's signatures): adds the value clamped to the bounds"),
        signatures=[
            dict(args=['expr T', 'lower T', 'upper T'], suffix=DEFAULT_EPS, since='1.1'),
            dict(args=['expr T', 'lower T', 'upper T', 'epsilon float8'], suffix='', since='1.1'),
        ],
        aggregates=[
            dict(name='anon_sum_with_bounds', since='1.1',
                 final=('_dp_bounded_sum_final', ('anon_dp_bounded_sum_final_int', 'bigint'),
                        ('anon_dp_bounded_sum_final', 'float8')),
                 final_comment='final function of anon.anon_sum_with_bounds: adds the noise',
                 comment="differentially private sum of the values clamped to [lower, upper] (Google's signature)"),
            dict(name='anon_avg_with_bounds', since='1.1',
                 final=('_dp_bounded_avg_final', 'anon_dp_bounded_avg_final', 'float8'),
                 final_comment='final function of anon.anon_avg_with_bounds: releases a noisy count and a noisy sum',
                 comment="differentially private average of the values clamped to [lower, upper] (Google's signature)"),
            dict(name='anon_var_with_bounds', since='1.1',
                 final=('_dp_bounded_var_final', 'anon_dp_bounded_var_final', 'float8'),
                 final_comment='final function of anon.anon_var_with_bounds: releases noisy moments',
                 comment="differentially private population variance of the values clamped to [lower, upper] (Google's signature)"),
            dict(name='anon_stddev_with_bounds', since='1.1',
                 final=('_dp_bounded_stddev_final', 'anon_dp_bounded_stddev_final', 'float8'),
                 final_comment='final function of anon.anon_stddev_with_bounds: releases noisy moments',
                 comment="differentially private population standard deviation of the values clamped to [lower, upper] (Google's signature)"),
        ]),
    # ---- anon_percentile (expr, p, epsilon, lower, upper [, delta]) ----
    dict(
        types=NUMERIC_TYPES, state='anon.dp_quantile_state', combine='anon._dp_quantile_combine',
        trans=('_dp_quantile_trans', 'anon_dp_quantile_trans',
               'transition function of anon.anon_percentile: a histogram of the values clamped to the bounds'),
        signatures=[
            dict(args=['expr T', 'p float8', 'epsilon float8', 'lower T', 'upper T'], suffix='', since='1.0'),
            dict(args=['expr T', 'p float8', 'epsilon float8', 'lower T', 'upper T', 'delta float8'],
                 suffix=GAUSSIAN, since='1.0'),
        ],
        aggregates=[
            dict(name='anon_percentile', since='1.0',
                 final=('_dp_quantile_final', 'anon_dp_quantile_final', 'float8'),
                 final_comment='final function of anon.anon_percentile: reads the quantile from a noisy histogram',
                 comment='differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]'),
            # 1.0 named it anon_ntile in our argument order, which clashes
            # with Google's anon_ntile for double precision: 1.1 has Google's
            dict(name='anon_ntile', since='1.0', dropped='1.1',
                 final=('_dp_quantile_final', 'anon_dp_quantile_final', 'float8'),
                 final_comment='final function of anon.anon_percentile and anon.anon_ntile: reads the quantile from a noisy histogram',
                 comment='differentially private p-quantile (0 <= p <= 1) of the values clamped to [lower, upper]'),
        ]),
    # ---- Google's anon_ntile (expr, percentile, lower, upper [, epsilon]) ----
    dict(
        types=NUMERIC_TYPES, state='anon.dp_quantile_state', combine='anon._dp_quantile_combine',
        trans=('_dp_ntile_trans', 'anon_dp_ntile_trans',
               "transition function of anon.anon_ntile (Google's signature): a histogram of the values clamped to the bounds"),
        signatures=[
            dict(args=['expr T', 'percentile float8', 'lower T', 'upper T'], suffix=DEFAULT_EPS, since='1.1'),
            dict(args=['expr T', 'percentile float8', 'lower T', 'upper T', 'epsilon float8'],
                 suffix='', since='1.1'),
        ],
        aggregates=[
            dict(name='anon_ntile', since='1.1',
                 final=('_dp_ntile_final', ('anon_dp_ntile_final_int', 'bigint'),
                        ('anon_dp_ntile_final', 'float8')),
                 final_comment='final function of anon.anon_ntile: reads the quantile from a noisy histogram',
                 comment="differentially private percentile (0 <= percentile <= 1) of the values clamped to [lower, upper], an integer for integer values (Google's signature)"),
        ]),
]


def version_key(v):
    return tuple(int(x) for x in v.split('.'))


def exists_in(obj, version):
    """was the object there in that version?"""
    if version_key(obj['since']) > version_key(version):
        return False
    return 'dropped' not in obj or version_key(obj['dropped']) > version_key(version)


def objects():
    """every function and aggregate, in install order, as dicts with the
    SQL to create it, its identity, comment, since and dropped"""
    seen = set()
    out = []
    for fam in FAMILIES:
        tname, tsym, tcomment = fam['trans']
        for typ in fam['types']:
            tsql, integer = typ if typ else (None, True)
            for sig in fam['signatures']:
                args = [a.replace(' T', ' ' + tsql) if tsql else a for a in sig['args']]
                argtypes = [a.split(' ', 1)[1] for a in args]
                fargs = ', '.join([fam['state']] + argtypes)
                live = [ag for ag in fam['aggregates']]
                since_trans = min((max(sig['since'], ag['since'], key=version_key) for ag in live),
                                  key=version_key)
                key = ('f', tname, fargs)
                if key not in seen:
                    seen.add(key)
                    out.append(dict(
                        kind='FUNCTION', ident='anon.%s(%s)' % (tname, fargs),
                        since=since_trans, comment=tcomment,
                        sql='CREATE FUNCTION anon.%s(%s)\n'
                            'RETURNS %s AS \'MODULE_PATHNAME\', \'%s\'\n'
                            'LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;\n'
                            % (tname, fargs, fam['state'], tsym)))
                for ag in fam['aggregates']:
                    fname = ag['final'][0]
                    if isinstance(ag['final'][1], tuple):
                        fsym, ret = ag['final'][1] if integer else ag['final'][2]
                    else:
                        fsym, ret = ag['final'][1], ag['final'][2]
                    since = max(sig['since'], ag['since'], key=version_key)
                    key = ('f', fname, fargs)
                    if key not in seen:
                        seen.add(key)
                        out.append(dict(
                            kind='FUNCTION', ident='anon.%s(%s)' % (fname, fargs),
                            since=since, comment=ag['final_comment'],
                            sql='CREATE FUNCTION anon.%s(%s)\n'
                                'RETURNS %s AS \'MODULE_PATHNAME\', \'%s\'\n'
                                'LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL SAFE;\n'
                                % (fname, fargs, ret, fsym)))
                    obj = dict(
                        kind='AGGREGATE', ident='anon.%s(%s)' % (ag['name'], ', '.join(argtypes)),
                        since=since, comment=ag['comment'] + sig['suffix'],
                        sql='CREATE AGGREGATE anon.%s(%s) (\n'
                            '\tSFUNC = anon.%s, STYPE = %s,\n'
                            '\tCOMBINEFUNC = %s,\n'
                            '\tFINALFUNC = anon.%s, FINALFUNC_EXTRA,\n'
                            '\tFINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);\n'
                            % (ag['name'], ', '.join(args), tname, fam['state'],
                               fam['combine'], fname))
                    if 'dropped' in ag:
                        obj['dropped'] = ag['dropped']
                    out.append(obj)
    return out


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def comment_sql(o):
    return 'COMMENT ON %s %s\nIS %s;\n' % (o['kind'], o['ident'], quote(o['comment']))


HEADER = """--------------------------------------------------------------------------
-- GENERATED by scripts/gen-dp-sql.py (make dp-sql) from its list of DP
-- aggregate families: edit the list, not this file.
--------------------------------------------------------------------------
"""


def fresh():
    parts = [HEADER, '\n-- Differential privacy: one declaration per aggregate, value type and\n'
             '-- signature (the support types are in 60_dp.sql)\n']
    for o in objects():
        if exists_in(o, CURRENT):
            parts.append(o['sql'] + comment_sql(o))
    return ''.join(parts)


def upgrade():
    parts = [HEADER, '\n-- %s -> %s: the DP aggregates that left, those that came, and the\n'
             '-- comments of those that stayed\n' % (PREVIOUS, CURRENT)]
    objs = objects()
    for o in objs:
        if exists_in(o, PREVIOUS) and not exists_in(o, CURRENT):
            parts.append('DROP %s %s;\n' % (o['kind'], o['ident']))
    for o in objs:
        if exists_in(o, CURRENT) and not exists_in(o, PREVIOUS):
            parts.append(o['sql'] + comment_sql(o))
    for o in objs:
        if exists_in(o, CURRENT) and exists_in(o, PREVIOUS):
            parts.append(comment_sql(o))
    return ''.join(parts)


def main():
    sqlsrc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'sqlsrc')
    outputs = {
        os.path.join(sqlsrc, '61_dp_aggregates.sql'): fresh(),
        os.path.join(sqlsrc, 'upgrade', '%s--%s' % (PREVIOUS, CURRENT), '61_dp_aggregates.sql'): upgrade(),
    }
    for path, text in outputs.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
