#!/usr/bin/env python3
"""scripts/gen-fake-sql.py: generate the pairs of PostgreSQL Anonymizer's
dummy_* family, anon.dummy_x() for anon.locale and anon.dummy_x_locale(locale)
for a given locale, from one list (the three lists below).

    python3 scripts/gen-fake-sql.py [SQLSRC_DIR]        (make fake-sql)

writes sqlsrc/10_fake_dummy.sql, the fresh install's declarations of the
pairs.  The file is committed; test/t/062_dp_sql_generated.pl fails when it
differs from what this script writes.  Every pair exists since 1.0
(anon--1.0.sql), so no upgrade fragment is generated: a pair added later
also needs its CREATE in the upgrade fragment of its version.  The other
fake_* and dummy_* functions (without a locale form, or with other
arguments) stay by hand in sqlsrc/10_fake.sql.

An entry is (x, C symbol, description): the functions are anon.dummy_x()
and anon.dummy_x_locale(locale text), both text, VOLATILE STRICT PARALLEL
SAFE, calling the C symbol and the C symbol with the suffix _locale.  The
comment is the description followed by " (anon.locale)" and " for locale"
for the dictionary pickers, by nothing and ", for locale" for the values
generated without a dictionary.  Adding a pair is a change here, then
`make fake-sql`; see doc/DEVELOPING.md.
"""
import os
import sys

# pickers from the dictionaries of the locale (src/fake.c)
DICTIONARY = [
    ('first_name', 'anon_fake_first_name',
     'a random first name'),
    ('last_name', 'anon_fake_last_name',
     'a random last name'),
    ('name', 'anon_fake_name',
     'a random first name and last name'),
    ('city_name', 'anon_fake_city',
     'a random city name'),
    ('country_name', 'anon_fake_country',
     'a random country name'),
    ('street_name', 'anon_fake_street',
     'a random street name'),
    ('building_number', 'anon_fake_building_number',
     'a random building number'),
    ('zip_code', 'anon_fake_postcode',
     'a random postcode'),
    ('post_code', 'anon_fake_postcode',
     'a random postcode'),
    ('company_name', 'anon_fake_company',
     'a random company name'),
    ('company_suffix', 'anon_fake_company_suffix',
     'a random legal form of company'),
    ('job_title', 'anon_fake_job_title',
     'a random job title'),
    ('free_email', 'anon_fake_email',
     'a random email address at a free email provider'),
    ('free_email_provider', 'anon_fake_email_provider',
     'a random free email provider domain'),
    ('safe_email', 'anon_fake_safe_email',
     'a random email address at example.com, example.org or example.net'),
    ('username', 'anon_fake_username',
     'a random username'),
    ('word', 'anon_fake_word',
     'a random word'),
    ('sentence', 'anon_fake_sentence',
     'a random sentence of 4 to 12 words'),
    ('paragraph', 'anon_fake_paragraph',
     'a random paragraph of 3 to 7 sentences'),
    ('name_with_title', 'anon_fake_name_with_title',
     'a random title, first name and last name'),
    ('title', 'anon_fake_title',
     'a random title (Mr., Mme, Herr, ...)'),
    ('secondary_address', 'anon_fake_secondary_address',
     'a random secondary address line (apartment, floor, ...)'),
    ('street_suffix', 'anon_fake_street_suffix',
     'a random street suffix'),
    ('state_name', 'anon_fake_state',
     'a random state or region of the locale'),
    ('country_code', 'anon_fake_country_code',
     'a random ISO 3166-1 alpha-2 country code'),
    ('timezone', 'anon_fake_time_zone',
     'a random IANA time zone name'),
    ('color', 'anon_fake_color',
     'a random colour name'),
    ('currency_code', 'anon_fake_currency_code',
     'a random ISO 4217 currency code'),
    ('currency_name', 'anon_fake_currency_name',
     'a random currency name'),
    ('domain_suffix', 'anon_fake_domain_suffix',
     'a random domain suffix'),
    ('profession', 'anon_fake_profession',
     'a random profession'),
    ('buzzword', 'anon_fake_buzzword',
     'a random business buzzword'),
    ('catchphrase', 'anon_fake_catch_phrase',
     'a random company catch phrase'),
    ('bs', 'anon_fake_bs',
     'a random business phrase'),
]

# more pickers from the dictionaries of the locale (src/fake.c)
DICTIONARY_MORE = [
    ('phone_number', 'anon_fake_phone',
     'a random phone number in a national format'),
    ('cell_number', 'anon_fake_cell_phone',
     'a random mobile phone number in a national format'),
    ('city_prefix', 'anon_fake_city_prefix',
     'a random city name prefix (North, Port, ...)'),
    ('city_suffix', 'anon_fake_city_suffix',
     'a random city name suffix (ville, town, ...)'),
    ('state_abbr', 'anon_fake_state_abbr',
     'a random abbreviation of a state or region'),
    ('secondary_address_type', 'anon_fake_secondary_address_type',
     'a random kind of secondary address (Apt., Suite, ...)'),
    ('suffix', 'anon_fake_suffix',
     'a random name suffix (Jr., PhD, ...)'),
    ('currency_symbol', 'anon_fake_currency_symbol',
     'a random currency symbol'),
    ('buzzword_middle', 'anon_fake_buzzword_middle',
     'a random catch phrase middle word'),
    ('buzzword_tail', 'anon_fake_buzzword_tail',
     'a random catch phrase last word'),
    ('bs_verb', 'anon_fake_bs_verb',
     'a random business verb'),
    ('bs_adj', 'anon_fake_bs_adj',
     'a random business adjective'),
    ('bs_noun', 'anon_fake_bs_noun',
     'a random business noun'),
    ('industry', 'anon_fake_industry',
     'a random industry (ISIC Rev. 4 section)'),
    ('user_agent', 'anon_fake_user_agent',
     'a random web browser user agent string'),
    ('file_extension', 'anon_fake_file_extension',
     'a random file name extension'),
    ('file_name', 'anon_fake_file_name',
     'a random file name'),
    ('dir_path', 'anon_fake_dir_path',
     'a random directory path'),
    ('file_path', 'anon_fake_file_path',
     'a random file path: a directory and a file name'),
]

# values generated without a dictionary (src/fake_dummy.c)
GENERATED = [
    ('latitude', 'anon_dummy_latitude',
     'a random latitude in degrees (uniform on the sphere), 6 decimals'),
    ('longitude', 'anon_dummy_longitude',
     'a random longitude in degrees, 6 decimals'),
    ('isbn', 'anon_dummy_isbn',
     'a random ISBN-10 with a valid check digit'),
    ('isbn13', 'anon_dummy_isbn13',
     'a random ISBN-13 (978) with a valid check digit'),
    ('hex_color', 'anon_dummy_hex_color',
     'a random colour as #rrggbb'),
    ('rgb_color', 'anon_dummy_rgb_color',
     'a random colour as rgb(r, g, b)'),
    ('rgba_color', 'anon_dummy_rgba_color',
     'a random colour as rgba(r, g, b, a)'),
    ('hsl_color', 'anon_dummy_hsl_color',
     'a random colour as hsl(h, s%, l%)'),
    ('hsla_color', 'anon_dummy_hsla_color',
     'a random colour as hsla(h, s%, l%, a)'),
    ('credit_card_number', 'anon_dummy_credit_card',
     'a random Luhn-valid test card number'),
    ('bic', 'anon_dummy_bic',
     'a random test BIC (ISO 9362) of the country of the locale'),
    ('isin', 'anon_dummy_isin',
     'a random ISIN (ISO 6166) of the country of the locale, valid check digit'),
    ('rfc_status_code', 'anon_dummy_rfc_status_code',
     'a random registered HTTP status code and its reason phrase'),
    ('valid_statux_code', 'anon_dummy_valid_status_code',
     'a random HTTP status code of 100-599 (PostgreSQL Anonymizers spelling)'),
    ('valid_status_code', 'anon_dummy_valid_status_code',
     'a random HTTP status code of 100-599'),
    ('ipv4', 'anon_dummy_ipv4',
     'a random public unicast IPv4 address'),
    ('ipv6', 'anon_dummy_ipv6',
     'a random global unicast IPv6 address'),
    ('ip', 'anon_dummy_ip',
     'a random public IPv4 or IPv6 address'),
    ('mac_address', 'anon_dummy_mac_address',
     'a random unicast, locally administered MAC address'),
]

SECTIONS = [
    ("dummy_*: PostgreSQL Anonymizer's dummy family, for anon.locale or a locale",
     DICTIONARY, ' (anon.locale)', ' for locale'),
    ("More of PostgreSQL Anonymizer's dummy_* family, for anon.locale or a locale",
     DICTIONARY_MORE, ' (anon.locale)', ' for locale'),
    ("dummy_* values generated without a dictionary (src/fake_dummy.c)",
     GENERATED, '', ', for locale'),
]

RULE = '-' * 74


def quote(text):
    """an SQL string literal"""
    return "'" + text.replace("'", "''") + "'"


def function(name, args, argtypes, symbol, comment):
    return ("CREATE FUNCTION anon.%s(%s)\n"
            "RETURNS text\n"
            "AS 'MODULE_PATHNAME', %s\n"
            "LANGUAGE C VOLATILE STRICT PARALLEL SAFE;\n"
            "COMMENT ON FUNCTION anon.%s(%s)\n"
            "IS %s;\n" % (name, args, quote(symbol), name, argtypes, quote(comment)))


def generate():
    out = ["-- GENERATED by scripts/gen-fake-sql.py (make fake-sql) from its lists:\n"
           "-- do not edit.  The pairs of PostgreSQL Anonymizer's dummy_* family:\n"
           "-- anon.dummy_x() for anon.locale, anon.dummy_x_locale(locale) for a\n"
           "-- given locale (src/fake.c, src/fake_dummy.c).\n"]
    seen = set()
    for title, entries, plain, localized in SECTIONS:
        out.append("\n%s\n-- %s\n%s\n" % (RULE, title, RULE))
        for name, symbol, description in entries:
            if name in seen:
                sys.exit('gen-fake-sql.py: dummy_%s is listed twice' % name)
            seen.add(name)
            out.append("\n")
            out.append(function('dummy_' + name, '', '', symbol,
                                description + plain))
            out.append("\n")
            out.append(function('dummy_%s_locale' % name, 'locale text', 'text',
                                symbol + '_locale', description + localized))
    return ''.join(out)


def main():
    sqlsrc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'sqlsrc')
    with open(os.path.join(sqlsrc, '10_fake_dummy.sql'), 'w') as f:
        f.write(generate())


if __name__ == '__main__':
    main()
