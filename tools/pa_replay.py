#!/usr/bin/env python3
"""tools/pa_replay.py: replay PostgreSQL Anonymizer's pg_regress expected
outputs against anon, and say how many statements have PA's outcome.

usage: pa_replay.py [-v] FILE.out ...
  PA_REPLAY_BIN   directory of psql (default: that of pg_config in PATH)
  PGHOST, PGPORT  a running server with anon in shared_preload_libraries,
                  superuser postgres, trust authentication
  RUN_SKIPPED=1   also run the statements marked @skip (PA's internals)
  PA_REPLAY_WORK  where the generated scripts and logs go (default /tmp/pa-replay)

The expected files are PA's tests/expected/*.out (not part of anon: fetch
them yourself); hand-trimmed copies may use the shorthands below.

Each expected file is split into statements and the output PA printed for
each.  Statements run in a fresh database "contrib_regression" (configured
as PA's installcheck does: anon.masking_policies = 'devtests, analytics'),
one psql session per file.  A statement has the same outcome when both
error, or both succeed and (when PA printed a result table) the rows match.
Shorthands in hand-written expected files: "@t" (one row, true), "@E"
(an error).
"""
import collections
import glob
import os
import re
import subprocess
import sys

HERE = os.getcwd()
BIN = os.environ.get('PA_REPLAY_BIN') or subprocess.run(
    ['pg_config', '--bindir'], capture_output=True, text=True).stdout.strip()
WORK = os.environ.get('PA_REPLAY_WORK', '/tmp/pa-replay')
ENV = dict(os.environ, PGUSER='postgres', PGDATESTYLE='Postgres, MDY', PGTZ='PST8PDT',
           PATH=BIN + ':' + os.environ['PATH'])
PSQL = [BIN + '/psql', '-X', '-q']

OUT_RE = re.compile(r'^( |-+(\+-+)*$|\(\d+ rows?\)$|$|(ERROR|NOTICE|WARNING|DETAIL|HINT|'
                    r'CONTEXT|INFO|QUERY|LINE \d+|PL/pgSQL function|SQL statement|'
                    r'SQL function|psql):|@t$|@E$|@skip$|@= )')


def statement_complete(text):
    """True when text ends with ';' outside quotes and dollar quotes."""
    i, n = 0, len(text)
    dq = None
    last = None
    while i < n:
        c = text[i]
        if dq:
            if text.startswith(dq, i):
                i += len(dq)
                dq = None
                last = 'x'
                continue
            i += 1
            continue
        if c == '-' and text.startswith('--', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
            continue
        if c == "'":
            j = i + 1
            while j < n:
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            last = 'x'
            continue
        if c == '"':
            j = text.find('"', i + 1)
            i = n if j < 0 else j + 1
            last = 'x'
            continue
        if c == '$':
            m = re.match(r'\$[A-Za-z_]*\$', text[i:])
            if m:
                dq = m.group(0)
                i += len(dq)
                continue
        if not c.isspace():
            last = c
        i += 1
    return dq is None and last == ';'


def parse(lines, expected=True):
    """[(statement, [output lines])]"""
    items = []
    cur = []
    mode = 'sql'
    in_copy_out = False
    in_table = False
    for k, line in enumerate(lines):
        if mode == 'out':
            nxt = lines[k + 1] if k + 1 < len(lines) else ''
            if line.startswith(' ') and not re.match(r'^\s*\^\s*$', line):
                is_out = in_table or re.match(r'^-+(\+-+)*$', nxt)
                if is_out:
                    in_table = True
            else:
                is_out = OUT_RE.match(line) or (in_copy_out and not statement_start(line))
            if re.match(r'^\(\d+ rows?\)$', line):
                in_table = False
            if is_out:
                items[-1][1].append(line)
                continue
            mode = 'sql'
        # sql mode
        if not cur and (line.startswith('--') or line.strip() == ''):
            continue
        if not cur and line.startswith('\\'):
            items.append((line, []))
            mode = 'out'
            in_copy_out = False
            continue
        cur.append(line)
        text = '\n'.join(cur)
        if statement_complete(text):
            items.append((text, []))
            in_copy_out = bool(re.match(r'(?is)^\s*copy\b.*\bto\s+stdout', text))
            cur = []
            mode = 'out'
    if cur:
        items.append(('\n'.join(cur), []))
    return items


def statement_start(line):
    return bool(re.match(r'(?i)^(select|insert|update|delete|create|drop|alter|set|reset|'
                         r'security|grant|revoke|begin|commit|rollback|savepoint|copy|with|'
                         r'explain|truncate|do|comment|\\|--)', line))


def outcome(out):
    err = [l for l in out if re.match(r'^(psql:[^ ]*: )?ERROR:', l) or l == '@E']
    if err:
        return ('error', err[0])
    if '@t' in out:
        return ('rows', ['t'])
    eq = [l[3:] for l in out if l.startswith('@= ')]
    if eq:
        return ('ok', eq)
    rows = table_rows(out)
    return ('ok', rows)


def table_rows(out):
    rows = None
    for i, l in enumerate(out):
        if re.match(r'^-+(\+-+)*$', l) and i > 0:
            rows = []
            for r in out[i + 1:]:
                if re.match(r'^\(\d+ rows?\)$', r):
                    break
                rows.append('|'.join(c.strip() for c in r.split('|')))
            break
    copy = [l for l in out if l and not re.match(r'^(@|[A-Z]+:|psql:)', l)]
    if rows is None and copy:
        rows = copy
    return rows


def run_file(path, verbose=False):
    name = os.path.basename(path)[:-4]
    items = parse(open(path).read().split('\n'))
    subprocess.run(PSQL + ['-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS contrib_regression_source WITH (FORCE)'], env=ENV, capture_output=True)
    subprocess.run(PSQL + ['-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS contrib_regression WITH (FORCE)'],
                   env=ENV, capture_output=True)
    roles = subprocess.run(PSQL + ['-d', 'postgres', '-At', '-c',
                                   "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> 'postgres'"],
                           env=ENV, capture_output=True, text=True).stdout.split()
    for r in roles:
        subprocess.run(PSQL + ['-d', 'postgres', '-c', 'DROP OWNED BY %s CASCADE; DROP ROLE %s' % (r, r)],
                       env=ENV, capture_output=True)
    setup = ["CREATE DATABASE contrib_regression",
             "ALTER DATABASE contrib_regression SET anon.masking_policies = 'devtests, analytics'",
             "ALTER DATABASE contrib_regression SET client_min_messages = notice"]
    for s in setup:
        p = subprocess.run(PSQL + ['-d', 'postgres', '-c', s], env=ENV, capture_output=True, text=True)
        if p.returncode and verbose:
            print('setup:', s, p.stderr.strip())
    script = []
    for i, (stmt, exp) in enumerate(items):
        script.append('\\echo @@STMT@@ %d' % i)
        if '@skip' in exp and not os.environ.get('RUN_SKIPPED'):
            continue
        if stmt.startswith('\\!'):
            script.append(stmt.replace('psql ', 'psql -X '))
        else:
            script.append(stmt)
    script.append('\\echo @@STMT@@ end')
    sqlfile = os.path.join(WORK, '%s.sql' % name)
    os.makedirs(os.path.dirname(sqlfile), exist_ok=True)
    open(sqlfile, 'w').write('\n'.join(script) + '\n')
    p = subprocess.run('%s/psql -X -q -d contrib_regression -f %s 2>&1' % (BIN, sqlfile), shell=True,
                       env=ENV, capture_output=True, text=True, timeout=600)
    open(os.path.join(WORK, '%s.log' % name), 'w').write(p.stdout)
    got = collections.defaultdict(list)
    cur = None
    for line in p.stdout.split('\n'):
        m = re.match(r'^@@STMT@@ (\S+)$', line)
        if m:
            cur = m.group(1)
            continue
        if cur is not None and cur != 'end':
            got[int(cur)].append(re.sub(r'^psql:[^ ]*:\d+: ', '', line))
    results = []
    for i, (stmt, exp) in enumerate(items):
        eo = outcome(exp)
        go = outcome(got.get(i, []))
        if '@skip' in exp:
            kind = 'skip'
        elif stmt.startswith('\\') and not stmt.startswith('\\!'):
            kind = 'same'
        elif eo[0] == 'error' and go[0] == 'error':
            kind = 'same'
        elif eo[0] == 'error':
            kind = 'pa-errors'
        elif go[0] == 'error':
            kind = 'ours-errors'
        elif eo[0] == 'rows':
            kind = 'same' if go[1] and [x.strip() for x in go[1]] == ['t'] else 'result'
        elif eo[1] is not None and eo[1] != go[1]:
            kind = 'result'
        else:
            kind = 'same'
        results.append((name, i, stmt, kind, eo, go))
    return results


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('-')]
    verbose = '-v' in sys.argv
    files = args or sorted(glob.glob(os.path.join(HERE, 'expected', '*.out')))
    allres = []
    for f in files:
        res = run_file(f, verbose)
        res = [r for r in res if r[3] != 'skip']
        same = sum(1 for r in res if r[3] == 'same')
        print('%-36s %4d/%4d  %5.1f%%' % (os.path.basename(f), same, len(res), 100.0 * same / max(1, len(res))))
        allres += res
    same = sum(1 for r in allres if r[3] == 'same')
    print('TOTAL %d/%d = %.1f%% (%d files)' % (same, len(allres), 100.0 * same / max(1, len(allres)), len(files)))
    groups = collections.defaultdict(list)
    root = {}
    for name, i, stmt, kind, eo, go in allres:
        if kind == 'same':
            continue
        if kind == 'ours-errors' and 'current transaction is aborted' in go[1] and name in root:
            cause = root[name] + '  (+cascade)'
        elif kind == 'ours-errors' and 'savepoint' in go[1] and 'does not exist' in go[1] and name in root:
            cause = root[name] + '  (+cascade)'
        elif kind == 'ours-errors':
            cause = 'ours errors: ' + re.sub(r'"[^"]*"', '"…"', go[1])[:110]
        elif kind == 'pa-errors':
            cause = 'PA errors, ours not: ' + eo[1][:90]
        else:
            cause = 'result differs'
        if '(+cascade)' not in cause:
            root[name] = cause
        groups[cause].append((name, i, stmt, eo, go))
    merged = collections.defaultdict(list)
    for cause, lst in groups.items():
        merged[cause.replace('  (+cascade)', '')] += lst
    groups = merged
    for cause, lst in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print('\n[%d] %s' % (len(lst), cause))
        for name, i, stmt, eo, go in lst[: (50 if verbose else 4)]:
            print('   %s#%d: %s' % (name, i, stmt.replace('\n', ' ')[:150]))
            if cause == 'result differs' and verbose:
                print('        PA:', eo[1], ' ours:', go[1])


if __name__ == '__main__':
    main()
