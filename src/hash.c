/*-------------------------------------------------------------------------
 *
 * hash.c
 *		Irreversible pseudonyms: anon.hash(), keyed with the database key,
 *		anon.digest(), salted, and the anon.salt setting.
 *
 * anon.hash(value) is HMAC-SHA256 (RFC 2104) under the key named 'default'
 * (made at its first use), of uint32_be(len(salt)) || salt || value, where
 * salt is the anon.salt setting (empty by default); the result is the hex
 * encoding.  Without the key nobody can recompute a pseudonym from a
 * guessed input, unlike a plain salted digest.
 *
 * anon.digest(value, salt, algorithm) is the digest of value || salt in
 * hex, as PostgreSQL Anonymizer computes it, with SHA-2 (FIPS 180-4), SHA-3
 * (FIPS 202) or, for policies written for PostgreSQL Anonymizer, MD5 (RFC
 * 1321; broken, kept only because PostgreSQL Anonymizer accepts it).  SHA-1
 * is refused, as PostgreSQL Anonymizer 2 refuses it.
 *
 * anon.random_hash(value [, algorithm]) is the digest of value || 16 random
 * bytes from src/random.c, so the same value gives a different hash at each
 * call (PostgreSQL Anonymizer salts with random_string(6); 128 bits of salt
 * make the result impossible to recompute from a guessed value).  The
 * algorithm defaults to sha256.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <openssl/evp.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "compat.h"
#include "hash.h"
#include "keys.h"
#include "random.h"

/* bytes of random salt appended by anon.random_hash() */
#define ANON_RANDOM_HASH_SALT_LEN 16

/* ---- GUC variables ---- */

char	   *anon_salt = NULL;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_hash);
PG_FUNCTION_INFO_V1(anon_digest);
PG_FUNCTION_INFO_V1(anon_random_hash);
PG_FUNCTION_INFO_V1(anon_random_hash_alg);

typedef struct AnonDigestAlg
{
	const char *name;
	const char *openssl_name;
	const EVP_MD *md;
} AnonDigestAlg;

static AnonDigestAlg anon_digest_algs[] = {
	{"sha224", "SHA224", NULL},
	{"sha256", "SHA256", NULL},
	{"sha384", "SHA384", NULL},
	{"sha512", "SHA512", NULL},
	{"sha3-224", "SHA3-224", NULL},
	{"sha3-256", "SHA3-256", NULL},
	{"sha3-384", "SHA3-384", NULL},
	{"sha3-512", "SHA3-512", NULL},
	{"md5", "MD5", NULL},
};

static EVP_MD_CTX *anon_digest_ctx = NULL;

/*
 * A secret setting must not be stored where every role reads it:
 * ALTER DATABASE / ALTER ROLE ... SET write pg_db_role_setting, CREATE and
 * ALTER FUNCTION ... SET write pg_proc.proconfig, and both catalogs are
 * readable by PUBLIC, masked roles included.  PostgreSQL checks the value
 * of those commands with the source PGC_S_TEST (and only them: the
 * configuration file, ALTER SYSTEM and SET have their own sources), so
 * that source is refused (anon.custom_values; anon.salt below).  Values
 * already stored there are still applied when a session starts
 * (PGC_S_DATABASE, PGC_S_USER).
 */
bool
anon_guc_secret_source_ok(const char *name, GucSource source)
{
	if (source != PGC_S_TEST)
		return true;
	GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
	GUC_check_errmsg("%s cannot be stored with ALTER DATABASE, ALTER ROLE or a function's SET clause", name);
	GUC_check_errdetail("Every role can read those settings (pg_db_role_setting, pg_proc), masked ones included, and %s holds a secret.", name);
	GUC_check_errhint("Set %s in postgresql.conf or with ALTER SYSTEM, or with SET in the session.", name);
	return false;
}

/*
 * anon.salt keys the one-argument pseudo_* functions and anon.hash(): a
 * role that knows it can compute the pseudonyms of its guesses.  ALTER
 * DATABASE / ALTER ROLE ... SET and a function's SET clause store the value
 * in pg_db_role_setting or pg_proc, which every role can read; those are the
 * settings checked with source PGC_S_TEST, so refuse a non-empty salt there
 * (postgresql.conf, ALTER SYSTEM and SET keep it from other roles).
 */
static bool
anon_check_salt(char **newval, void **extra, GucSource source)
{
	if (source == PGC_S_TEST && *newval != NULL && (*newval)[0] != '\0')
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("anon.salt cannot be stored with ALTER DATABASE, ALTER ROLE or a function's SET clause");
		GUC_check_errdetail("Every role can read those settings (pg_db_role_setting, pg_proc), and whoever knows the salt can compute the pseudonyms of guessed values.");
		GUC_check_errhint("Set anon.salt in postgresql.conf or with ALTER SYSTEM, or with SET in the session.");
		return false;
	}
	return true;
}

/* SHOW anon.salt: superusers only, members of pg_read_all_settings too */
static const char *
anon_show_salt(void)
{
	return anon_guc_show_secret(anon_salt);
}

void
anon_hash_init(void)
{
	DefineCustomStringVariable("anon.salt",
							   "Salt mixed into anon.hash().",
							   "Only superusers can read or change it.",
							   &anon_salt,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							   anon_check_salt, NULL, anon_show_salt);
}

/* lower-case hex of n bytes, as a text datum */
text *
anon_hex_text(const uint8 *bytes, int n)
{
	static const char hex[] = "0123456789abcdef";
	text	   *result = palloc(VARHDRSZ + 2 * n);
	char	   *p = VARDATA(result);
	int			i;

	SET_VARSIZE(result, VARHDRSZ + 2 * n);
	for (i = 0; i < n; i++)
	{
		*p++ = hex[bytes[i] >> 4];
		*p++ = hex[bytes[i] & 15];
	}
	return result;
}

/* anon.hash(value text): keyed pseudonym, hex HMAC-SHA256 */
Datum
anon_hash(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *salt = anon_salt ? anon_salt : "";
	size_t		saltlen = strlen(salt);
	size_t		vlen = VARSIZE_ANY_EXHDR(value);
	AnonKey    *key = anon_key_get_default();
	uint8		mac[32];
	char	   *msg;

	msg = palloc(4 + saltlen + vlen);
	msg[0] = (saltlen >> 24) & 0xff;
	msg[1] = (saltlen >> 16) & 0xff;
	msg[2] = (saltlen >> 8) & 0xff;
	msg[3] = saltlen & 0xff;
	memcpy(msg + 4, salt, saltlen);
	memcpy(msg + 4 + saltlen, VARDATA_ANY(value), vlen);
	anon_key_hmac_sha256(key, msg, 4 + saltlen + vlen, mac);
	pfree(msg);
	PG_RETURN_TEXT_P(anon_hex_text(mac, 32));
}

/* the digest algorithm of that name, or an error */
static AnonDigestAlg *
anon_digest_lookup_name(const char *algname)
{
	AnonDigestAlg *alg = NULL;
	int			i;

	for (i = 0; i < lengthof(anon_digest_algs); i++)
		if (pg_strcasecmp(algname, anon_digest_algs[i].name) == 0)
			alg = &anon_digest_algs[i];
	if (alg == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported hash algorithm \"%s\"", algname),
				 errhint("Use sha224, sha256, sha384, sha512, sha3-224, sha3-256, sha3-384 or sha3-512 (md5 is accepted for PostgreSQL Anonymizer policies; SHA-1 is broken and not offered).")));

	if (alg->md == NULL)
	{
		alg->md = EVP_MD_fetch(NULL, alg->openssl_name, NULL);
		if (alg->md == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("OpenSSL provides no %s digest", alg->openssl_name)));
	}
	return alg;
}

/* the digest algorithm named by a text argument, or an error */
static AnonDigestAlg *
anon_digest_lookup(text *algorithm)
{
	char	   *algname = text_to_cstring(algorithm);
	AnonDigestAlg *alg = anon_digest_lookup_name(algname);

	pfree(algname);
	return alg;
}

/* hex digest of a || b (b may be empty) */
static text *
anon_digest_hex(AnonDigestAlg *alg, const char *a, size_t alen,
				const char *b, size_t blen)
{
	uint8		md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;

	if (anon_digest_ctx == NULL)
	{
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();

		if (ctx == NULL)
			anon_openssl_oom("a digest context");
		anon_digest_ctx = ctx;
	}
	if (EVP_DigestInit_ex(anon_digest_ctx, alg->md, NULL) != 1 ||
		EVP_DigestUpdate(anon_digest_ctx, a, alen) != 1 ||
		EVP_DigestUpdate(anon_digest_ctx, b, blen) != 1 ||
		EVP_DigestFinal_ex(anon_digest_ctx, md, &mdlen) != 1)
		anon_openssl_error(psprintf("compute a %s digest", alg->openssl_name));
	return anon_hex_text(md, mdlen);
}

/* anon.digest(value text, salt text, algorithm text): hex digest */
Datum
anon_digest(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	text	   *salt = PG_GETARG_TEXT_PP(1);
	char	   *algname = text_to_cstring(PG_GETARG_TEXT_PP(2));
	AnonDigestAlg *alg;

	/*
	 * SHA-1 is broken and not offered; PostgreSQL Anonymizer 2 returns NULL
	 * for it, and so does anon.digest, so that its policies still mask (to
	 * NULL) rather than fail.  Any other unknown name is an error.
	 */
	if (pg_strcasecmp(algname, "sha1") == 0)
		PG_RETURN_NULL();
	alg = anon_digest_lookup_name(algname);
	pfree(algname);

	PG_RETURN_TEXT_P(anon_digest_hex(alg,
									 VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
									 VARDATA_ANY(salt), VARSIZE_ANY_EXHDR(salt)));
}

/* hex digest of value || fresh random salt */
static text *
anon_random_hash_of(text *value, AnonDigestAlg *alg)
{
	char		salt[ANON_RANDOM_HASH_SALT_LEN];

	anon_random_bytes(salt, sizeof(salt));
	return anon_digest_hex(alg, VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value),
						   salt, sizeof(salt));
}

/* anon.random_hash(value text): sha256 of value and a random salt */
Datum
anon_random_hash(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	AnonDigestAlg *alg = anon_digest_lookup_name("sha256");

	PG_RETURN_TEXT_P(anon_random_hash_of(value, alg));
}

/* anon.random_hash(value text, algorithm text) */
Datum
anon_random_hash_alg(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	AnonDigestAlg *alg = anon_digest_lookup(PG_GETARG_TEXT_PP(1));

	PG_RETURN_TEXT_P(anon_random_hash_of(value, alg));
}
