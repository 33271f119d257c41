/*-------------------------------------------------------------------------
 *
 * keys.c
 *		Pseudonymization keys: anon.create_key(), anon.rotate_key(),
 *		anon.drop_key(), and the per-backend key cache that every keyed
 *		function (anon.hash, anon.pseudonymize, ...) reads through.
 *
 * Keys live in the table anon.keys (name, version, key, created, active),
 * which PUBLIC cannot read; members of anon_key_admin may list its rows but
 * not the key column.  A key never travels through SQL text: it is drawn
 * from the CSPRNG (random.c) here, handed to SPI as a parameter, and read
 * back by a direct heap scan of anon.keys, which checks no SQL privilege.
 * So a masked role can call anon.pseudonymize() in a masking rule, which
 * runs as that role, without ever being able to read a key.
 *
 * The keyed functions are deliberately not SECURITY DEFINER: they check
 * the *calling* role (superuser or member of anon_key_admin) where a key's
 * secret could come out (depseudonymize, key management), which a SECURITY
 * DEFINER function could not see, and they pay no per-call GUC switch.
 * Writes to anon.keys run through SPI as the owner of the table, inside a
 * security-restricted operation with search_path = pg_catalog, pg_temp.
 *
 * Cache: every version of every key is loaded at the first use in a
 * backend, into a child of CacheMemoryContext, together with the OpenSSL
 * contexts derived from it (AES key schedule, HMAC pads).  A statement
 * trigger on anon.keys sends a relcache invalidation of the table on any
 * INSERT, UPDATE, DELETE or TRUNCATE, so every backend drops its cache at
 * its next invalidation processing, and the writing backend at once.  Keys
 * are read with the latest snapshot, as catalogs are: a key made earlier in
 * the same transaction is seen.  Freed key bytes are wiped.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "keys.h"
#include "random.h"

/* attribute numbers of anon.keys, as created by sqlsrc/40_pseudo.sql */
#define Anum_keys_name		1
#define Anum_keys_version	2
#define Anum_keys_key		3
#define Anum_keys_active	5
#define KEY_NAME_MAXLEN		63

/* ---- Cache state ---- */

static MemoryContext anon_keys_cxt = NULL;
static AnonKey *anon_keys = NULL;
static int	anon_nkeys = 0;
static bool anon_keys_valid = false;
static bool anon_keys_callback_registered = false;
static Oid	anon_keys_relid = InvalidOid;
static AnonKey *anon_keys_last = NULL;

static const EVP_MD *anon_sha256_md = NULL;
static EVP_MD_CTX *anon_hmac_tmp = NULL;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_create_key);
PG_FUNCTION_INFO_V1(anon_rotate_key);
PG_FUNCTION_INFO_V1(anon_drop_key);
PG_FUNCTION_INFO_V1(anon_keys_changed);

/*
 * Drop the cache: free the OpenSSL contexts and wipe the key bytes.
 */
static void
anon_keys_flush(void)
{
	int			i;

	for (i = 0; i < anon_nkeys; i++)
	{
		AnonKey    *k = &anon_keys[i];

		if (k->aes)
			EVP_CIPHER_CTX_free(k->aes);
		if (k->hmac_inner)
			EVP_MD_CTX_free(k->hmac_inner);
		if (k->hmac_outer)
			EVP_MD_CTX_free(k->hmac_outer);
		OPENSSL_cleanse(k->bytes, sizeof(k->bytes));
	}
	anon_keys = NULL;
	anon_nkeys = 0;
	anon_keys_last = NULL;
	anon_keys_valid = false;
	if (anon_keys_cxt)
		MemoryContextReset(anon_keys_cxt);
}

/* relcache callback: anon.keys changed (or every relation did) */
static void
anon_keys_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == anon_keys_relid ||
		anon_keys_relid == InvalidOid)
		anon_keys_valid = false;
}

/* the OID of anon.keys; ERROR when the extension is not installed */
static Oid
anon_keys_table(void)
{
	Oid			nsp = get_namespace_oid("anon", true);
	Oid			relid = InvalidOid;

	if (OidIsValid(nsp))
		relid = get_relname_relid("keys", nsp);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table anon.keys does not exist"),
				 errhint("Run CREATE EXTENSION anon in this database.")));
	return relid;
}

/*
 * (Re)load every key version into the cache.
 */
static void
anon_keys_load(void)
{
	Oid			relid;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tuple;
	Snapshot	snapshot;
	int			cap = 8;

	if (!anon_keys_callback_registered)
	{
		CacheRegisterRelcacheCallback(anon_keys_invalidate, (Datum) 0);
		anon_keys_callback_registered = true;
	}
	if (anon_keys_cxt == NULL)
		anon_keys_cxt = AllocSetContextCreate(CacheMemoryContext,
											  "anon key cache",
											  ALLOCSET_SMALL_SIZES);

	relid = anon_keys_table();
	/* opening may process invalidations: do it before filling the cache */
	rel = table_open(relid, AccessShareLock);

	anon_keys_flush();
	anon_keys_relid = relid;
	anon_keys = MemoryContextAllocZero(anon_keys_cxt, cap * sizeof(AnonKey));

	if (IsInParallelMode())
		snapshot = GetActiveSnapshot();
	else
		snapshot = GetLatestSnapshot();
	snapshot = RegisterSnapshot(snapshot);
	scan = table_beginscan(rel, snapshot, 0, NULL);
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull;
		Datum		d;
		AnonKey    *k;
		bytea	   *raw;

		if (anon_nkeys == cap)
		{
			anon_keys = repalloc(anon_keys, 2 * cap * sizeof(AnonKey));
			memset(anon_keys + cap, 0, cap * sizeof(AnonKey));
			cap *= 2;
		}
		k = &anon_keys[anon_nkeys];

		d = heap_getattr(tuple, Anum_keys_name, desc, &isnull);
		if (isnull)
			continue;
		k->name = MemoryContextStrdup(anon_keys_cxt, TextDatumGetCString(d));
		d = heap_getattr(tuple, Anum_keys_version, desc, &isnull);
		k->version = isnull ? 0 : DatumGetInt32(d);
		d = heap_getattr(tuple, Anum_keys_active, desc, &isnull);
		k->active = isnull ? false : DatumGetBool(d);
		d = heap_getattr(tuple, Anum_keys_key, desc, &isnull);
		if (isnull)
			k->len = 0;
		else
		{
			raw = DatumGetByteaPP(d);
			k->len = VARSIZE_ANY_EXHDR(raw);
			if (k->len > ANON_KEY_BYTES)
				k->len = -1;	/* unusable: reported at use */
			else
				memcpy(k->bytes, VARDATA_ANY(raw), k->len);
			if ((Pointer) raw != DatumGetPointer(d))
			{
				OPENSSL_cleanse(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
				pfree(raw);
			}
		}
		anon_nkeys++;
	}
	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	anon_keys_valid = true;
}

static AnonKey *
anon_key_find(const char *name, int32 version)
{
	int			i;

	if (!anon_keys_valid)
		anon_keys_load();

	if (anon_keys_last != NULL &&
		(version == 0 ? anon_keys_last->active :
		 anon_keys_last->version == version) &&
		strcmp(anon_keys_last->name, name) == 0)
		return anon_keys_last;

	for (i = 0; i < anon_nkeys; i++)
	{
		AnonKey    *k = &anon_keys[i];

		if ((version == 0 ? k->active : k->version == version) &&
			strcmp(k->name, name) == 0)
		{
			anon_keys_last = k;
			return k;
		}
	}
	return NULL;
}

static bool
anon_key_name_exists(const char *name)
{
	int			i;

	for (i = 0; i < anon_nkeys; i++)
		if (strcmp(anon_keys[i].name, name) == 0)
			return true;
	return false;
}

/* ERROR unless the key bytes make an AES key */
static void
anon_key_check_usable(AnonKey *k)
{
	if (k->len != 16 && k->len != 24 && k->len != 32)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("key \"%s\" version %d is not a valid key",
						k->name, k->version),
				 errdetail("A key must be 16, 24 or 32 bytes long.")));
}

AnonKey *
anon_key_get(const char *name, int32 version)
{
	AnonKey    *k = anon_key_find(name, version);

	if (k == NULL)
	{
		if (!anon_key_name_exists(name))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" does not exist", name),
					 errhint("Create it with anon.create_key().")));
		else if (version == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" has no active version", name)));
		else
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" has no version %d", name, version)));
	}
	anon_key_check_usable(k);
	return k;
}

/*
 * The privilege check of everything that manages keys or reverses what they
 * hide: superusers and roles with the privileges of anon_key_admin.
 */
void
anon_key_require_admin(const char *action)
{
	Oid			admin;

	if (superuser())
		return;
	admin = get_role_oid(ANON_KEY_ADMIN_ROLE, true);
	if (OidIsValid(admin) && has_privs_of_role(GetUserId(), admin))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", action),
			 errdetail("Only superusers and members of role \"%s\" may %s.",
					   ANON_KEY_ADMIN_ROLE, action)));
}

/*
 * Run one statement on anon.keys through SPI as the owner of the table, in
 * a security-restricted operation with a safe search_path.  Returns the
 * SPI result code; *result receives the first column of the first row when
 * asked and there is one.
 */
static int
anon_keys_spi(const char *sql, int nargs, Oid *types, Datum *values,
			  int32 *result, bool *found)
{
	Oid			relid = anon_keys_table();
	HeapTuple	ctup;
	Oid			owner;
	Oid			save_userid;
	int			save_sec;
	int			save_nestlevel;
	int			ret;

	if (RecoveryInProgress() || XactReadOnly)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("cannot change keys in a read-only transaction")));

	ctup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(ctup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(ctup))->relowner;
	ReleaseSysCache(ctup);

	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_with_args(sql, nargs, types, values, NULL, false, 0);
	if (ret < 0)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));
	if (found)
		*found = false;
	if (result && SPI_processed > 0 && SPI_tuptable != NULL)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0],
									  SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			*result = DatumGetInt32(d);
			if (found)
				*found = true;
		}
	}
	else if (found && SPI_processed > 0)
		*found = true;
	SPI_finish();

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec);

	/* make the change visible, and drop this backend's cache at once */
	CommandCounterIncrement();
	return ret;
}

/* insert a fresh random key version; ON CONFLICT DO NOTHING when asked */
static void
anon_keys_insert(const char *name, int32 version, bool if_missing)
{
	uint8		raw[ANON_KEY_BYTES];
	bytea	   *key = palloc(VARHDRSZ + ANON_KEY_BYTES);
	Oid			types[3] = {TEXTOID, INT4OID, BYTEAOID};
	Datum		values[3];

	anon_random_bytes(raw, ANON_KEY_BYTES);
	SET_VARSIZE(key, VARHDRSZ + ANON_KEY_BYTES);
	memcpy(VARDATA(key), raw, ANON_KEY_BYTES);
	OPENSSL_cleanse(raw, ANON_KEY_BYTES);

	values[0] = CStringGetTextDatum(name);
	values[1] = Int32GetDatum(version);
	values[2] = PointerGetDatum(key);
	anon_keys_spi(if_missing ?
				  "INSERT INTO anon.keys (name, version, key, active) "
				  "VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING" :
				  "INSERT INTO anon.keys (name, version, key, active) "
				  "VALUES ($1, $2, $3, true)",
				  3, types, values, NULL, NULL);
	OPENSSL_cleanse(VARDATA(key), ANON_KEY_BYTES);
	pfree(key);
}

AnonKey *
anon_key_get_default(void)
{
	AnonKey    *k = anon_key_find(ANON_DEFAULT_KEY, 0);

	if (k == NULL)
	{
		if (IsInParallelMode() || RecoveryInProgress() || XactReadOnly)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" does not exist", ANON_DEFAULT_KEY),
					 errdetail("It is made at its first use, which cannot happen in a read-only transaction or a parallel query."),
					 errhint("Run SELECT anon.create_key('%s') once in a read-write transaction.",
							 ANON_DEFAULT_KEY)));
		if (anon_key_name_exists(ANON_DEFAULT_KEY))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" has no active version", ANON_DEFAULT_KEY)));
		anon_keys_insert(ANON_DEFAULT_KEY, 1, true);
		k = anon_key_find(ANON_DEFAULT_KEY, 0);
		if (k == NULL)
			elog(ERROR, "default key not found after its creation");
	}
	anon_key_check_usable(k);
	return k;
}

EVP_CIPHER_CTX *
anon_aes_ecb_new(const uint8 *key, int len)
{
	const EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx;

	switch (len)
	{
		case 16:
			cipher = EVP_aes_128_ecb();
			break;
		case 24:
			cipher = EVP_aes_192_ecb();
			break;
		case 32:
			cipher = EVP_aes_256_ecb();
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid AES key length"),
					 errdetail("An AES key is 16, 24 or 32 bytes long, not %d.", len)));
			return NULL;		/* keep compiler quiet */
	}
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		anon_openssl_oom("a cipher context");
	if (EVP_EncryptInit_ex(ctx, cipher, NULL, key, NULL) != 1 ||
		EVP_CIPHER_CTX_set_padding(ctx, 0) != 1)
	{
		EVP_CIPHER_CTX_free(ctx);
		anon_openssl_error("initialize AES");
	}
	return ctx;
}

void
anon_openssl_error(const char *action)
{
	unsigned long err = ERR_get_error();
	const char *reason = err ? ERR_reason_error_string(err) : NULL;

	ERR_clear_error();
	if (reason != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not %s", action),
				 errdetail("OpenSSL reported: %s.", reason)));
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("could not %s", action),
			 errdetail("OpenSSL reported no reason.")));
	pg_unreachable();
}

void
anon_openssl_oom(const char *what)
{
	ERR_clear_error();
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 errdetail("OpenSSL could not allocate %s.", what)));
	pg_unreachable();
}

EVP_CIPHER_CTX *
anon_key_aes(AnonKey *key)
{
	if (key->aes == NULL)
		key->aes = anon_aes_ecb_new(key->bytes, key->len);
	return key->aes;
}

/*
 * HMAC-SHA256 (RFC 2104) with the inner and outer states after the key
 * pads kept per key, so that a call costs two short digests.
 */
void
anon_key_hmac_sha256(AnonKey *key, const void *msg, size_t len, uint8 *out)
{
	uint8		inner[32];
	unsigned int outlen;

	if (anon_sha256_md == NULL)
	{
		anon_hmac_tmp = EVP_MD_CTX_new();
		if (anon_hmac_tmp == NULL)
			anon_openssl_oom("a digest context");
		anon_sha256_md = EVP_sha256();
	}
	if (key->hmac_inner == NULL)
	{
		uint8		pad[64];
		int			i;
		EVP_MD_CTX *hin = EVP_MD_CTX_new();
		EVP_MD_CTX *hout = EVP_MD_CTX_new();
		bool		ok;

		if (hin == NULL || hout == NULL)
		{
			EVP_MD_CTX_free(hin);
			EVP_MD_CTX_free(hout);
			anon_openssl_oom("a digest context");
		}
		for (i = 0; i < 64; i++)
			pad[i] = (i < key->len ? key->bytes[i] : 0) ^ 0x36;
		ok = EVP_DigestInit_ex(hin, anon_sha256_md, NULL) == 1 &&
			EVP_DigestUpdate(hin, pad, 64) == 1;
		for (i = 0; i < 64; i++)
			pad[i] = (i < key->len ? key->bytes[i] : 0) ^ 0x5c;
		ok = ok && EVP_DigestInit_ex(hout, anon_sha256_md, NULL) == 1 &&
			EVP_DigestUpdate(hout, pad, 64) == 1;
		OPENSSL_cleanse(pad, sizeof(pad));
		if (!ok)
		{
			/* keep no half-made state: the next call starts again */
			EVP_MD_CTX_free(hin);
			EVP_MD_CTX_free(hout);
			anon_openssl_error("compute HMAC-SHA256");
		}
		key->hmac_inner = hin;
		key->hmac_outer = hout;
	}
	if (EVP_MD_CTX_copy_ex(anon_hmac_tmp, key->hmac_inner) != 1 ||
		EVP_DigestUpdate(anon_hmac_tmp, msg, len) != 1 ||
		EVP_DigestFinal_ex(anon_hmac_tmp, inner, &outlen) != 1 ||
		EVP_MD_CTX_copy_ex(anon_hmac_tmp, key->hmac_outer) != 1 ||
		EVP_DigestUpdate(anon_hmac_tmp, inner, 32) != 1 ||
		EVP_DigestFinal_ex(anon_hmac_tmp, out, &outlen) != 1)
		anon_openssl_error("compute HMAC-SHA256");
}

/* ERROR on a key name anon.keys would refuse, with a clearer message */
static char *
anon_key_name_arg(FunctionCallInfo fcinfo)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (name[0] == '\0' || strlen(name) > KEY_NAME_MAXLEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid key name"),
				 errdetail("A key name has from 1 to %d bytes.", KEY_NAME_MAXLEN)));
	return name;
}

/* serialize writers of anon.keys; readers are not blocked */
static void
anon_keys_lock(void)
{
	anon_keys_spi("LOCK TABLE anon.keys IN SHARE ROW EXCLUSIVE MODE",
				  0, NULL, NULL, NULL, NULL);
}

/* anon.create_key(name): version 1 of a new key */
Datum
anon_create_key(PG_FUNCTION_ARGS)
{
	char	   *name = anon_key_name_arg(fcinfo);

	anon_key_require_admin("manage keys");
	anon_keys_lock();
	if (!anon_keys_valid)
		anon_keys_load();
	if (anon_key_name_exists(name))
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("key \"%s\" already exists", name),
				 errhint("Use anon.rotate_key() to make a new version of it.")));
	anon_keys_insert(name, 1, false);
	PG_RETURN_INT32(1);
}

/* anon.rotate_key(name): a new active version; the old ones are kept */
Datum
anon_rotate_key(PG_FUNCTION_ARGS)
{
	char	   *name = anon_key_name_arg(fcinfo);
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int32		last = 0;
	bool		found;

	anon_key_require_admin("manage keys");
	anon_keys_lock();
	values[0] = CStringGetTextDatum(name);
	anon_keys_spi("SELECT max(version) FROM anon.keys WHERE name = $1",
				  1, types, values, &last, &found);
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("key \"%s\" does not exist", name),
				 errhint("Create it with anon.create_key().")));
	if (last == PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("key \"%s\" has too many versions", name)));
	anon_keys_spi("UPDATE anon.keys SET active = false WHERE name = $1 AND active",
				  1, types, values, NULL, NULL);
	anon_keys_insert(name, last + 1, false);
	PG_RETURN_INT32(last + 1);
}

/* anon.drop_key(name): every version of the key; pseudonyms become final */
Datum
anon_drop_key(PG_FUNCTION_ARGS)
{
	char	   *name = anon_key_name_arg(fcinfo);
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	bool		found;

	anon_key_require_admin("manage keys");
	anon_keys_lock();
	values[0] = CStringGetTextDatum(name);
	anon_keys_spi("DELETE FROM anon.keys WHERE name = $1",
				  1, types, values, NULL, &found);
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("key \"%s\" does not exist", name)));
	PG_RETURN_VOID();
}

/*
 * Statement trigger on anon.keys: every backend drops its key cache.
 */
Datum
anon_keys_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("anon._keys_changed() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	PG_RETURN_POINTER(NULL);
}
