/*-------------------------------------------------------------------------
 *
 * keys.c
 *		Pseudonymization keys: anon.create_key(), anon.rotate_key(),
 *		anon.drop_key(), and the per-backend key cache that every keyed
 *		function (anon.hash, anon.pseudonymize, ...) reads through.
 *
 * Keys live in the table anon.keys (name, version, key, created, active),
 * which PUBLIC cannot read.  Every key is stored encrypted (AES-256-GCM)
 * under a key-encryption key (KEK) that is never in the database: it is
 * read from the file anon.kek_file (default "anon_kek" in the data
 * directory, made with mode 0600 when the first key is created) or printed
 * by the command anon.kek_command, both set only in postgresql.conf, as
 * pgsodium's and pg_tde's key providers do.  So a role that can read every
 * table (pg_read_all_data), a dump, or a copy of anon.keys sees only
 * ciphertext.  The associated data of each ciphertext is its key's name
 * and version, so a stored key cannot be moved to another name.  Stored
 * form: 0x01, a 12-byte nonce, the ciphertext, the 16-byte tag.  Keys
 * stored in clear by 1.0 are encrypted by the upgrade to 1.1
 * (anon.encrypt_keys()); until then they still work.
 *
 * A key never travels through SQL text: it is drawn from the CSPRNG
 * (random.c) here, encrypted, handed to SPI as a parameter, and read back
 * by a direct heap scan of anon.keys, which checks no SQL privilege, and
 * decrypted here.  So a masked role can call anon.pseudonymize() in a
 * masking rule, which runs as that role, without ever being able to read a
 * key.
 *
 * The keyed functions are deliberately not SECURITY DEFINER: they check
 * the *calling* role (a superuser, or a member of the role named by
 * anon.key_admin_role, "anon_key_admin" by default) where a key's secret
 * could come out (depseudonymize, key management), which a SECURITY
 * DEFINER function could not see, and they pay no per-call GUC switch.
 * The extension does not create that role (an extension must leave no
 * global object behind): a superuser creates and grants it.  Writes to
 * anon.keys run through SPI as the owner of the table, inside a
 * security-restricted operation with search_path = pg_catalog, pg_temp.
 *
 * Cache: every version of every key is loaded at the first use in a
 * backend, into a child of CacheMemoryContext, together with the OpenSSL
 * contexts derived from it (AES key schedule, HMAC pads).  A statement
 * trigger on anon.keys sends a relcache invalidation of the table on any
 * INSERT, UPDATE, DELETE or TRUNCATE, so every backend drops its cache at
 * its next invalidation processing, and the writing backend at once.  Keys
 * are read with the latest snapshot, as catalogs are: a key made earlier in
 * the same transaction is seen.  Freed key bytes are wiped; the KEK is kept
 * in static memory until anon.kek_file or anon.kek_command changes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port.h"
#include "storage/fd.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
#include "anon.h"
#include "citus.h"
#include "keys.h"
#include "progress.h"
#include "random.h"
#include "restricted.h"

/* attribute numbers of anon.keys, as created by sqlsrc/40_pseudo.sql */
#define Anum_keys_name		1
#define Anum_keys_version	2
#define Anum_keys_key		3
#define Anum_keys_active	5
#define KEY_NAME_MAXLEN		63

/* the stored form of a key: version byte, nonce, ciphertext, tag */
#define ANON_ENV_VERSION	1
#define ANON_ENV_NONCE		12
#define ANON_ENV_TAG		16
#define ANON_ENV_OVERHEAD	(1 + ANON_ENV_NONCE + ANON_ENV_TAG)

/* ---- GUC variables ---- */

static char *anon_kek_file = NULL;
static char *anon_kek_command = NULL;
static char *anon_key_admin_role = NULL;

/* the KEK, and where it was read from ("f:path" or "c:command") */
static uint8 anon_kek[ANON_KEK_BYTES];
static char *anon_kek_source = NULL;

/* ---- Cache state ---- */

static MemoryContext anon_keys_cxt = NULL;
static AnonKey *anon_keys = NULL;
static int	anon_nkeys = 0;
static bool anon_keys_valid = false;
static bool anon_keys_callback_registered = false;
static Oid	anon_keys_relid = InvalidOid;
static AnonKey *anon_keys_last = NULL;

/* anon_key_user_ok()'s last answer, and what it was computed for */
static bool anon_keyuse_valid = false;
static Oid	anon_keyuse_user = InvalidOid;
static char *anon_keyuse_role = NULL;
static bool anon_keyuse_ok = false;

/* see keys.h: a label's rule is being checked (label_analyse.c) */
bool		anon_key_rule_check = false;

static const EVP_MD *anon_sha256_md = NULL;
static EVP_MD_CTX *anon_hmac_tmp = NULL;

/* ---- Function declarations ---- */

PG_FUNCTION_INFO_V1(anon_create_key);
PG_FUNCTION_INFO_V1(anon_rotate_key);
PG_FUNCTION_INFO_V1(anon_drop_key);
PG_FUNCTION_INFO_V1(anon_keys_changed);
PG_FUNCTION_INFO_V1(anon_encrypt_keys);
PG_FUNCTION_INFO_V1(anon_list_keys);
PG_FUNCTION_INFO_V1(anon_key_plaintext);
PG_FUNCTION_INFO_V1(anon_reencrypt_keys);

/*
 * Module init: the settings that say where the KEK comes from, and who
 * administers keys.  (When anon is not preloaded this is not called: the
 * defaults below apply.)
 */
const char *
anon_guc_show_secret(const char *value)
{
	if (value == NULL || value[0] == '\0')
		return "";
	if (IsTransactionState() && superuser())
		return value;
	return "********";
}

static const char *
anon_show_kek_command(void)
{
	return anon_guc_show_secret(anon_kek_command);
}

void
anon_keys_init(void)
{
	DefineCustomStringVariable("anon.kek_file",
							   "File holding the key-encryption key of anon.keys.",
							   "64 hexadecimal digits (or 32 bytes); a relative path is relative to the data directory. "
							   "Made with mode 0600 when the first key is created and the file is missing. "
							   "Not used when anon.kek_command is set.",
							   &anon_kek_file,
							   "anon_kek",
							   PGC_SIGHUP,
							   GUC_SUPERUSER_ONLY | GUC_NOT_IN_SAMPLE,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("anon.kek_command",
							   "Shell command printing the key-encryption key of anon.keys.",
							   "It must print 64 hexadecimal digits and exit with status 0. "
							   "When set, anon.kek_file is not used.",
							   &anon_kek_command,
							   "",
							   PGC_SIGHUP,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							   NULL, NULL, anon_show_kek_command);
	DefineCustomStringVariable("anon.key_admin_role",
							   "Role whose members may manage keys and depseudonymize.",
							   "The extension does not create it. Empty: superusers only.",
							   &anon_key_admin_role,
							   ANON_KEY_ADMIN_ROLE,
							   PGC_SUSET,
							   0,
							   NULL, NULL, NULL);
}

/* ---- The key-encryption key ---- */

static int
anon_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A KEK from what a file or command gave: exactly 32 bytes, or 64
 * hexadecimal digits with white space around.  Never reports what it read.
 */
static bool
anon_kek_parse(const char *buf, size_t len, uint8 *out)
{
	size_t		i;

	if (len == ANON_KEK_BYTES)
	{
		memcpy(out, buf, ANON_KEK_BYTES);
		return true;
	}
	while (len > 0 && isspace((unsigned char) buf[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char) *buf))
	{
		buf++;
		len--;
	}
	if (len != 2 * ANON_KEK_BYTES)
		return false;
	for (i = 0; i < ANON_KEK_BYTES; i++)
	{
		int			hi = anon_hexval(buf[2 * i]);
		int			lo = anon_hexval(buf[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8) (hi << 4 | lo);
	}
	return true;
}

/* make a new KEK file (mode 0600) at path, unless one appeared meanwhile */
static void
anon_kek_create(const char *path)
{
	uint8		raw[ANON_KEK_BYTES];
	char		hex[2 * ANON_KEK_BYTES + 1];
	char	   *tmp = psprintf("%s.%d.tmp", path, MyProcPid);
	int			fd;
	int			i;
	bool		ok;

	anon_random_bytes(raw, ANON_KEK_BYTES);
	for (i = 0; i < ANON_KEK_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	hex[2 * ANON_KEK_BYTES] = '\n';
	OPENSSL_cleanse(raw, sizeof(raw));

	fd = OpenTransientFilePerm(tmp, O_WRONLY | O_CREAT | O_EXCL | PG_BINARY,
							   S_IRUSR | S_IWUSR);
	if (fd < 0)
	{
		OPENSSL_cleanse(hex, sizeof(hex));
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not create key-encryption key file \"%s\": %m", tmp)));
	}
	ok = write(fd, hex, sizeof(hex)) == sizeof(hex) && pg_fsync(fd) == 0;
	OPENSSL_cleanse(hex, sizeof(hex));
	CloseTransientFile(fd);
	/* link() fails when another backend made the file first: keep that one */
	if (!ok || (link(tmp, path) != 0 && errno != EEXIST))
	{
		int			save_errno = errno;

		(void) unlink(tmp);
		errno = save_errno;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not create key-encryption key file \"%s\": %m", path)));
	}
	(void) unlink(tmp);
	ereport(LOG,
			(errmsg("created key-encryption key file \"%s\" for anon.keys", path),
			 errhint("Back this file up with the data directory, and copy it along when you move or upgrade the cluster: without it, the keys of anon.keys cannot be read.")));
}

/* the KEK from file path; made first when missing and create is true */
static void
anon_kek_from_file(const char *path, bool create, uint8 *out)
{
	char		buf[256];
	struct stat st;
	int			fd;
	ssize_t		n;
	bool		ok;

	fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	if (fd < 0 && errno == ENOENT && create)
	{
		anon_kek_create(path);
		fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	}
	if (fd < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open key-encryption key file \"%s\": %m", path),
				 errhint("The file named by anon.kek_file is made when the first key is created; restore it from a backup of the data directory, or set anon.kek_command.")));
	if (fstat(fd, &st) != 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not stat key-encryption key file \"%s\": %m", path)));
	if (st.st_mode & S_IRWXO)
	{
		CloseTransientFile(fd);
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("key-encryption key file \"%s\" is accessible to every user of the system", path),
				 errhint("Run chmod 0600 on it.")));
	}
	n = read(fd, buf, sizeof(buf));
	CloseTransientFile(fd);
	ok = n > 0 && anon_kek_parse(buf, (size_t) n, out);
	OPENSSL_cleanse(buf, sizeof(buf));
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("key-encryption key file \"%s\" holds no valid key", path),
				 errdetail("It must hold 64 hexadecimal digits or 32 bytes.")));
}

/* the KEK printed by command */
static void
anon_kek_from_command(const char *command, uint8 *out)
{
	char		buf[256];
	FILE	   *fh;
	size_t		n;
	int			rc;
	bool		ok;

	fflush(NULL);
	fh = OpenPipeStream(command, "r");
	if (fh == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not run anon.kek_command: %m")));
	n = fread(buf, 1, sizeof(buf), fh);
	rc = ClosePipeStream(fh);
	ok = rc == 0 && anon_kek_parse(buf, n, out);
	OPENSSL_cleanse(buf, sizeof(buf));
	if (rc != 0)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("anon.kek_command failed"),
				 errdetail("The command %s.", wait_result_to_str(rc))));
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("anon.kek_command printed no valid key"),
				 errdetail("It must print 64 hexadecimal digits.")));
}

/*
 * The KEK, read again whenever anon.kek_file or anon.kek_command changed.
 * create: make the KEK file when it is missing (when a key is encrypted;
 * never to decrypt, where a new KEK could only fail).
 */
static const uint8 *
anon_kek_get(bool create)
{
	const char *command = anon_kek_command ? anon_kek_command : "";
	const char *file = anon_kek_file && anon_kek_file[0] ? anon_kek_file : "anon_kek";
	char	   *source;

	source = command[0] ? psprintf("c:%s", command) : psprintf("f:%s", file);
	if (anon_kek_source != NULL && strcmp(anon_kek_source, source) == 0)
		return anon_kek;
	if (anon_kek_source != NULL)
	{
		OPENSSL_cleanse(anon_kek, sizeof(anon_kek));
		free(anon_kek_source);
		anon_kek_source = NULL;
	}
	if (command[0])
		anon_kek_from_command(command, anon_kek);
	else
		anon_kek_from_file(file, create, anon_kek);
	anon_kek_source = strdup(source);
	if (anon_kek_source == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	return anon_kek;
}

/* the associated data of a stored key: its table, name and version */
static int
anon_key_aad(const char *name, int32 version, uint8 *aad)
{
	int			len = 0;
	uint32		v = (uint32) version;

	memcpy(aad, "anon.keys", 10);	/* with its NUL */
	len = 10;
	memcpy(aad + len, name, strlen(name) + 1);
	len += strlen(name) + 1;
	aad[len++] = (uint8) (v >> 24);
	aad[len++] = (uint8) (v >> 16);
	aad[len++] = (uint8) (v >> 8);
	aad[len++] = (uint8) v;
	return len;
}

/* the stored form of key (len bytes) named name, version version */
static bytea *
anon_key_seal(const char *name, int32 version, const uint8 *key, int len)
{
	const uint8 *kek = anon_kek_get(true);
	bytea	   *env = palloc(VARHDRSZ + ANON_ENV_OVERHEAD + len);
	uint8	   *p = (uint8 *) VARDATA(env);
	uint8		aad[10 + KEY_NAME_MAXLEN + 1 + 4];
	int			aadlen = anon_key_aad(name, version, aad);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int			outl;
	bool		ok;

	if (ctx == NULL)
		anon_openssl_oom("a cipher context");
	SET_VARSIZE(env, VARHDRSZ + ANON_ENV_OVERHEAD + len);
	p[0] = ANON_ENV_VERSION;
	anon_random_bytes(p + 1, ANON_ENV_NONCE);
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ANON_ENV_NONCE, NULL) == 1 &&
		EVP_EncryptInit_ex(ctx, NULL, NULL, kek, p + 1) == 1 &&
		EVP_EncryptUpdate(ctx, NULL, &outl, aad, aadlen) == 1 &&
		EVP_EncryptUpdate(ctx, p + 1 + ANON_ENV_NONCE, &outl, key, len) == 1 &&
		outl == len &&
		EVP_EncryptFinal_ex(ctx, p + 1 + ANON_ENV_NONCE + len, &outl) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, ANON_ENV_TAG,
							p + 1 + ANON_ENV_NONCE + len) == 1;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		anon_openssl_error("encrypt a key");
	return env;
}

/*
 * Decrypt the stored form env (envlen bytes) of key name, version version
 * into out; its length in *len.  False when it does not authenticate.
 */
static bool
anon_key_open_with(const uint8 *kek, const char *name, int32 version,
				   const uint8 *env, int envlen, uint8 *out, int *len)
{
	uint8		aad[10 + KEY_NAME_MAXLEN + 1 + 4];
	int			aadlen;
	int			n = envlen - ANON_ENV_OVERHEAD;
	EVP_CIPHER_CTX *ctx;
	int			outl;
	bool		ok;

	if (strlen(name) > KEY_NAME_MAXLEN || n <= 0 || n > ANON_KEY_BYTES ||
		env[0] != ANON_ENV_VERSION)
		return false;
	aadlen = anon_key_aad(name, version, aad);
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		anon_openssl_oom("a cipher context");
	ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ANON_ENV_NONCE, NULL) == 1 &&
		EVP_DecryptInit_ex(ctx, NULL, NULL, kek, env + 1) == 1 &&
		EVP_DecryptUpdate(ctx, NULL, &outl, aad, aadlen) == 1 &&
		EVP_DecryptUpdate(ctx, out, &outl, env + 1 + ANON_ENV_NONCE, n) == 1 &&
		outl == n &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, ANON_ENV_TAG,
							(void *) (env + 1 + ANON_ENV_NONCE + n)) == 1 &&
		EVP_DecryptFinal_ex(ctx, out + n, &outl) > 0;
	EVP_CIPHER_CTX_free(ctx);
	ERR_clear_error();
	if (!ok)
	{
		OPENSSL_cleanse(out, ANON_KEY_BYTES);
		return false;
	}
	*len = n;
	return true;
}

/* the same, under the current KEK */
static bool
anon_key_open(const char *name, int32 version, const uint8 *env, int envlen,
			  uint8 *out, int *len)
{
	return anon_key_open_with(anon_kek_get(false), name, version, env, envlen,
							  out, len);
}

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
			int			rawlen;

			raw = DatumGetByteaPP(d);
			rawlen = VARSIZE_ANY_EXHDR(raw);
			if (rawlen == 16 || rawlen == 24 || rawlen == 32)
			{
				/* stored in clear by 1.0: usable until encrypted */
				memcpy(k->bytes, VARDATA_ANY(raw), rawlen);
				k->len = rawlen;
				k->legacy = true;
			}
			else if (!anon_key_open(k->name, k->version,
									(const uint8 *) VARDATA_ANY(raw), rawlen,
									k->bytes, &k->len))
				k->len = -2;	/* unusable: reported at use */
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
	if (k->len == -2)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("key \"%s\" version %d could not be decrypted", k->name, k->version),
				 errdetail("The key-encryption key (anon.kek_file or anon.kek_command) is not the one it was encrypted under, or the stored key was altered."),
				 anon_citus_is_worker() ?
				 errhint("On a Citus worker, the key-encryption key must be the coordinator's: give this node the same anon.kek_file or anon.kek_command as the coordinator.") :
				 errhint("Restore the key-encryption key file of this cluster from a backup.")));
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
	AnonKey    *k;

	if (anon_key_check_use(name))
	{
		if (!anon_keys_valid)
			anon_keys_load();
		if (!anon_key_name_exists(name))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("key \"%s\" does not exist", name),
					 errhint("Create it with anon.create_key().")));
		return anon_key_throwaway();
	}
	k = anon_key_find(name, version);

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
/*
 * Is the key administrators' role admin, or a role that is a member of it
 * at any depth, granted to some role by a non-superuser, or with ADMIN
 * OPTION to a non-superuser?  Then *member and *role name that grant.
 * has_privs_of_role() would count such a grant: a CREATEROLE role can
 * create the role when it does not exist yet (the extension does not make
 * it), and PostgreSQL 16 and later then give it ADMIN OPTION on it, or
 * grant any role (15); and whoever is a member of a role of the tree, by
 * any grant, can SET ROLE to it or make it own a SECURITY DEFINER
 * function.  So until a superuser revokes such a grant no member counts
 * (superusers still do).
 */
static bool
anon_key_admin_tainted(Oid admin, Oid *member, Oid *role)
{
	List	   *todo = list_make1_oid(admin);
	List	   *seen = NIL;
	bool		tainted = false;

	while (todo != NIL && !tainted)
	{
		Oid			r = linitial_oid(todo);
		CatCList   *memlist;
		int			i;

		todo = list_delete_first(todo);
		if (list_member_oid(seen, r))
			continue;
		seen = lappend_oid(seen, r);
		memlist = SearchSysCacheList1(AUTHMEMROLEMEM, ObjectIdGetDatum(r));
		for (i = 0; i < memlist->n_members; i++)
		{
			Form_pg_auth_members m = (Form_pg_auth_members) GETSTRUCT(&memlist->members[i]->tuple);

			if (!superuser_arg(m->grantor) ||
				(m->admin_option && !superuser_arg(m->member)))
			{
				*member = m->member;
				*role = m->roleid;
				tainted = true;
				break;
			}
			todo = lappend_oid(todo, m->member);
		}
		ReleaseSysCacheList(memlist);
	}
	list_free(todo);
	list_free(seen);
	return tainted;
}

/*
 * Is user a key holder: a superuser, or a role with the privileges of the
 * key administrators' role through grants that anon_key_admin_tainted()
 * accepts?  Kept for the last user asked (a keyed function asks per row);
 * any change of roles or memberships, or of anon.key_admin_role, drops it.
 */
static void
anon_keyuse_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	anon_keyuse_valid = false;
}

static bool
anon_key_user_ok(Oid user)
{
	const char *role = anon_key_admin_role ? anon_key_admin_role : ANON_KEY_ADMIN_ROLE;
	static bool callbacks = false;
	Oid			admin;
	Oid			member;
	Oid			granted;
	bool		ok;

	if (superuser_arg(user))
		return true;
	if (!callbacks)
	{
		CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, anon_keyuse_invalidate, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, anon_keyuse_invalidate, (Datum) 0);
		callbacks = true;
	}
	if (anon_keyuse_valid && anon_keyuse_user == user &&
		anon_keyuse_role != NULL && strcmp(anon_keyuse_role, role) == 0)
		return anon_keyuse_ok;
	admin = role[0] ? get_role_oid(role, true) : InvalidOid;
	ok = OidIsValid(admin) && has_privs_of_role(user, admin) &&
		!anon_key_admin_tainted(admin, &member, &granted);
	if (anon_keyuse_role != NULL)
		pfree(anon_keyuse_role);
	anon_keyuse_role = MemoryContextStrdup(TopMemoryContext, role);
	anon_keyuse_user = user;
	anon_keyuse_ok = ok;
	anon_keyuse_valid = true;
	return ok;
}

/*
 * May the running code compute a value under the key name (a pseudonym, a
 * keyed hash, a keyed fake value)?  Whoever can compute one for a value of
 * its choice can test guesses against the pseudonyms it sees (compute the
 * pseudonym of "alice" and look for it), so only key holders may, directly:
 * superusers and key administrators (anon.key_admin_role).  Others compute
 * them only through a masking rule: a dynamic rule's own calls (restricted.c
 * marks them; their arguments are the table's columns, never the reader's
 * values), the check of a rule when its label is written (its result is
 * thrown away), and static masking or a masked copy that a key holder
 * started (progress.c records who started it), where the rules run as
 * each table's owner.  Static masking that a table's owner who is not a
 * key holder starts is refused: the owner could insert its guesses first.
 * Checked at every call, as the current user, so a key holder's session
 * after SET ROLE, a prepared statement or a cursor opened before it, or a
 * SECURITY DEFINER function of a role that is no key holder, get nothing.
 *
 * Returns true when the caller must compute with a throwaway key instead:
 * the check of a rule that a role holding no key writes.  Its result is
 * thrown away, but an error can quote it (CAST(anon.pseudonymize(v, 'k')
 * AS boolean) said: invalid input syntax for type boolean: "1863472324"),
 * and the owner chose the first row: so that check never sees the key.
 */
static int
anon_secret_use(void)
{
	Oid			initiator;

	if (anon_in_rule_call())
		return 0;
	/* the initiator first: per row, the one-entry cache then keeps it */
	initiator = anon_progress_initiator();
	if (OidIsValid(initiator) && anon_key_user_ok(initiator))
		return 0;
	if (anon_key_user_ok(GetUserId()))
		return 0;
	if (anon_key_rule_check)
		return 1;
	return 2;
}

/*
 * The same for anon.salt, the only secret of PostgreSQL Anonymizer's
 * one-argument pseudo_* functions when it is set (pa_compat.c): true when
 * the caller must use anon_salt_throwaway() instead.
 */
bool
anon_salt_check_use(void)
{
	const char *role = anon_key_admin_role ? anon_key_admin_role : ANON_KEY_ADMIN_ROLE;
	int			use = anon_secret_use();

	if (use < 2)
		return use == 1;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to use anon.salt"),
			 role[0] ?
			 errdetail("Only superusers and members of role \"%s\" (anon.key_admin_role) may compute pseudonyms with the secret salt, other roles only through masking rules.",
					   role) :
			 errdetail("Only superusers may compute pseudonyms with the secret salt (anon.key_admin_role is empty), other roles only through masking rules."),
			 errhint("Compute pseudonyms through masking rules, or pass a salt of your own.")));
	return false;				/* keep compiler quiet */
}

/* a salt drawn once per backend, never stored: see anon_key_throwaway() */
const char *
anon_salt_throwaway(void)
{
	static char salt[2 * ANON_KEY_BYTES + 1];

	if (salt[0] == '\0')
	{
		uint8		bytes[ANON_KEY_BYTES];
		int			i;

		anon_random_bytes(bytes, sizeof(bytes));
		for (i = 0; i < ANON_KEY_BYTES; i++)
			snprintf(salt + 2 * i, 3, "%02x", bytes[i]);
	}
	return salt;
}

bool
anon_key_check_use(const char *name)
{
	const char *role = anon_key_admin_role ? anon_key_admin_role : ANON_KEY_ADMIN_ROLE;
	int			use = anon_secret_use();

	if (use < 2)
		return use == 1;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to use key \"%s\"", name),
			 role[0] ?
			 errdetail("Only superusers and members of role \"%s\" (anon.key_admin_role) may compute pseudonyms with a key, other roles only through masking rules.",
					   role) :
			 errdetail("Only superusers may compute pseudonyms with a key (anon.key_admin_role is empty), other roles only through masking rules."),
			 errhint("Compute pseudonyms through masking rules, as a key holder, or in static masking that a key holder starts; masked replication needs a table owner that holds the key.")));
}

/* key, filled once per backend with random bytes, never stored */
static AnonKey *
anon_key_random_once(AnonKey *key, char *name)
{
	if (key->len == 0)
	{
		key->name = name;
		key->version = 1;
		key->active = true;
		anon_random_bytes(key->bytes, ANON_KEY_BYTES);
		key->len = ANON_KEY_BYTES;
	}
	return key;
}

/*
 * A key of random bytes drawn once per backend and never stored: what the
 * check of a rule written by a role holding no key computes with.
 */
AnonKey *
anon_key_throwaway(void)
{
	static AnonKey throwaway;

	return anon_key_random_once(&throwaway, "(throwaway)");
}

void
anon_key_require_admin(const char *action)
{
	Oid			admin;

	const char *role = anon_key_admin_role ? anon_key_admin_role : ANON_KEY_ADMIN_ROLE;

	if (superuser())
		return;
	admin = role[0] ? get_role_oid(role, true) : InvalidOid;
	if (OidIsValid(admin) && has_privs_of_role(GetUserId(), admin))
	{
		Oid			member = InvalidOid;
		Oid			granted = InvalidOid;

		if (!anon_key_admin_tainted(admin, &member, &granted))
			return;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", action),
				 errdetail("Role \"%s\" was granted role \"%s\" by a role that is not a superuser, or with ADMIN OPTION; until a superuser revokes that grant, no member of role \"%s\" (anon.key_admin_role) may %s.",
						   GetUserNameFromId(member, false),
						   GetUserNameFromId(granted, false), role, action),
				 errhint("Grant the key administrators' role as a superuser, without ADMIN OPTION.")));
	}
	if (role[0])
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", action),
				 errdetail("Only superusers and members of role \"%s\" (anon.key_admin_role) may %s.",
						   role, action)));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", action),
			 errdetail("Only superusers may %s: anon.key_admin_role is empty.", action)));
}

/*
 * Statements on anon.keys run through SPI as the owner of the table, in a
 * security-restricted operation with a safe search_path: enter and leave
 * that context.
 */
typedef struct AnonKeysContext
{
	Oid			save_userid;
	int			save_sec;
	int			save_nestlevel;
} AnonKeysContext;

static void
anon_keys_enter(AnonKeysContext *cx)
{
	Oid			relid = anon_keys_table();
	HeapTuple	ctup;
	Oid			owner;

	ctup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(ctup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(ctup))->relowner;
	ReleaseSysCache(ctup);

	GetUserIdAndSecContext(&cx->save_userid, &cx->save_sec);
	SetUserIdAndSecContext(owner, cx->save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	cx->save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

static void
anon_keys_leave(AnonKeysContext *cx)
{
	SPI_finish();
	AtEOXact_GUC(false, cx->save_nestlevel);
	SetUserIdAndSecContext(cx->save_userid, cx->save_sec);
}

/*
 * Run one statement on anon.keys (see above).  Returns the SPI result code;
 * *result receives the first column of the first row when asked and there
 * is one.
 */
static int
anon_keys_spi(const char *sql, int nargs, Oid *types, Datum *values,
			  int32 *result, bool *found)
{
	AnonKeysContext cx;
	int			ret;

	if (RecoveryInProgress() || XactReadOnly)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("cannot change keys in a read-only transaction")));

	anon_keys_enter(&cx);
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
	anon_keys_leave(&cx);

	/* make the change visible, and drop this backend's cache at once */
	CommandCounterIncrement();
	return ret;
}

/*
 * Does anon.keys hold keys encrypted?  Not while the extension's objects
 * are still those of 1.0 (the library is 1.1's, ALTER EXTENSION UPDATE has
 * not run yet): its table accepts keys in clear only, which the upgrade
 * encrypts.
 */
static bool
anon_keys_encrypted(void)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	bool		encrypted = true;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum("anon"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);

		if (!isnull && strcmp(TextDatumGetCString(d), "1.0") == 0)
			encrypted = false;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return encrypted;
}

/* insert a fresh random key version; ON CONFLICT DO NOTHING when asked */
static void
anon_keys_insert(const char *name, int32 version, bool if_missing)
{
	uint8		raw[ANON_KEY_BYTES];
	bytea	   *key;
	Oid			types[3] = {TEXTOID, INT4OID, BYTEAOID};
	Datum		values[3];

	anon_citus_refuse_key_change(name);
	anon_random_bytes(raw, ANON_KEY_BYTES);
	if (anon_keys_encrypted())
		key = anon_key_seal(name, version, raw, ANON_KEY_BYTES);
	else
	{
		key = palloc(VARHDRSZ + ANON_KEY_BYTES);
		SET_VARSIZE(key, VARHDRSZ + ANON_KEY_BYTES);
		memcpy(VARDATA(key), raw, ANON_KEY_BYTES);
	}
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
	OPENSSL_cleanse(VARDATA(key), VARSIZE(key) - VARHDRSZ);
	pfree(key);
}

/*
 * Set by anon_rule_validate() while it checks a rule written in a
 * read-write transaction, which it makes read-only for the rule's code: the
 * key "default" may still be made at its first use there (a fresh database
 * that never ran anon.init() or anon.create_key()).
 */
bool		anon_key_default_may_create = false;

AnonKey *
anon_key_get_default(void)
{
	AnonKey    *k;

	if (anon_key_check_use(ANON_DEFAULT_KEY))
		return anon_key_throwaway();
	k = anon_key_find(ANON_DEFAULT_KEY, 0);

	if (k == NULL && anon_key_default_may_create && anon_citus_is_worker())
	{
		/*
		 * A rule Citus copies to a worker is checked there before the
		 * coordinator's keys arrive (they are copied when its transaction
		 * commits): the check runs with a throwaway key, never stored, and
		 * a worker never makes a key of its own.
		 */
		static AnonKey transient;

		return anon_key_random_once(&transient, "default (transient)");
	}
	if (k == NULL)
	{
		bool		lift = XactReadOnly && anon_key_default_may_create;

		if (IsInParallelMode() || RecoveryInProgress() ||
			(XactReadOnly && !lift))
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
		if (lift)
		{
			/*
			 * The check of a rule written in a read-write transaction: the
			 * transaction was made read-only for the rule's code, not for
			 * this extension's own write of its key.
			 */
			XactReadOnly = false;
			PG_TRY();
			{
				anon_keys_insert(ANON_DEFAULT_KEY, 1, true);
			}
			PG_FINALLY();
			{
				XactReadOnly = true;
			}
			PG_END_TRY();
		}
		else
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
	anon_keys_spi("SELECT pg_catalog.max(version) FROM anon.keys WHERE name OPERATOR(pg_catalog.=) $1",
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
	anon_keys_spi("UPDATE anon.keys SET active = false WHERE name OPERATOR(pg_catalog.=) $1 AND active",
				  1, types, values, NULL, NULL);
	anon_keys_insert(name, last + 1, false);
	PG_RETURN_INT32(last + 1);
}

/*
 * ERROR when a masking rule names key name: a rule reads its key at every
 * masked read, so dropping the key would break every read of those tables.
 * A rule names a key as a string literal (anon.pseudonymize(email, 'pii'));
 * the key "default" is also used by rules without a key argument
 * (anon.hash, the seeded fakes, the pseudo_* functions without a salt), so
 * it is refused while any rule calls one of those.
 */
static const char *const anon_key_users_sql =
"SELECT pg_catalog.string_agg(pg_catalog.format('%s.%I', "
"  l.objoid::pg_catalog.regclass, a.attname), ', ' ORDER BY l.objoid, l.objsubid) "
"FROM pg_catalog.pg_seclabel l "
"JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) l.objoid "
"  AND a.attnum OPERATOR(pg_catalog.=) l.objsubid "
"WHERE l.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
"  AND l.objsubid OPERATOR(pg_catalog.>) 0 "
"  AND l.label OPERATOR(pg_catalog.~~*) 'MASKED WITH%' "
"  AND (pg_catalog.strpos(l.label, $1) OPERATOR(pg_catalog.>) 0 "
"       OR ($2 AND l.label OPERATOR(pg_catalog.~*) 'anon\\.(hash|seeded_|pseudo_)'))";

static void
anon_key_check_unused(const char *name)
{
	AnonKeysContext cx;
	Oid			types[2] = {TEXTOID, BOOLOID};
	Datum		values[2];
	char	   *rules = NULL;
	MemoryContext oldcxt = CurrentMemoryContext;
	int			ret;

	values[0] = CStringGetTextDatum(quote_literal_cstr(name));
	values[1] = BoolGetDatum(strcmp(name, ANON_DEFAULT_KEY) == 0);
	anon_keys_enter(&cx);
	ret = SPI_execute_with_args(anon_key_users_sql, 2, types, values, NULL,
								true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));
	if (SPI_processed > 0)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (v != NULL)
			rules = MemoryContextStrdup(oldcxt, v);
	}
	anon_keys_leave(&cx);
	if (rules != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				 errmsg("cannot drop key \"%s\" because masking rules use it", name),
				 errdetail("Rules of columns %s name the key.", rules),
				 errhint("Change or remove those rules first (SECURITY LABEL ... IS NULL), then drop the key.")));
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
	anon_citus_refuse_key_change(name);
	values[0] = CStringGetTextDatum(name);
	anon_key_check_unused(name);
	anon_keys_spi("DELETE FROM anon.keys WHERE name OPERATOR(pg_catalog.=) $1",
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
	/* on a Citus coordinator, the keys go to every worker at commit */
	anon_citus_sync_request();
	PG_RETURN_POINTER(NULL);
}

/*
 * anon.encrypt_keys(): encrypt under the KEK every key stored in clear
 * (by 1.0); returns how many.  Superusers only; the upgrade to 1.1 calls it.
 */
Datum
anon_encrypt_keys(PG_FUNCTION_ARGS)
{
	Oid			types[3] = {TEXTOID, INT4OID, BYTEAOID};
	int32		done = 0;
	int			i;
	List	   *todo = NIL;
	ListCell   *lc;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to encrypt keys"),
				 errdetail("Only superusers may encrypt keys.")));
	anon_keys_lock();
	anon_keys_load();
	/* seal first: the cache is dropped by the first UPDATE */
	for (i = 0; i < anon_nkeys; i++)
	{
		AnonKey    *k = &anon_keys[i];

		if (!k->legacy)
			continue;
		todo = lappend(todo, list_make3(pstrdup(k->name),
										(void *) (intptr_t) k->version,
										anon_key_seal(k->name, k->version,
													  k->bytes, k->len)));
	}
	foreach(lc, todo)
	{
		List	   *t = (List *) lfirst(lc);
		Datum		values[3];

		values[0] = CStringGetTextDatum((char *) linitial(t));
		values[1] = Int32GetDatum((int32) (intptr_t) lsecond(t));
		values[2] = PointerGetDatum(lthird(t));
		anon_keys_spi("UPDATE anon.keys SET key = $3 "
					  "WHERE name OPERATOR(pg_catalog.=) $1 "
					  "AND version OPERATOR(pg_catalog.=) $2",
					  3, types, values, NULL, NULL);
		done++;
	}
	PG_RETURN_INT32(done);
}

/*
 * anon.list_keys(): every version of every key, without the key: for key
 * administrators, who cannot read anon.keys.
 */
Datum
anon_list_keys(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AnonKeysContext cx;
	uint64		i;
	int			ret;

	anon_key_require_admin("list keys");
	InitMaterializedSRF(fcinfo, 0);
	anon_keys_enter(&cx);
	ret = SPI_execute("SELECT name, version, created, active FROM anon.keys "
					  "ORDER BY name, version", true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	for (i = 0; i < SPI_processed; i++)
	{
		Datum		values[4];
		bool		nulls[4];
		int			j;

		for (j = 0; j < 4; j++)
			values[j] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
									  j + 1, &nulls[j]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	anon_keys_leave(&cx);
	return (Datum) 0;
}

/*
 * anon._key_plaintext(name, version): the bytes of a key in clear, for
 * tests that recompute a keyed function by hand, and for recovery.
 * Superusers only (and not a superuser under SET ROLE).
 */
Datum
anon_key_plaintext(PG_FUNCTION_ARGS)
{
	char	   *name = anon_key_name_arg(fcinfo);
	int32		version = PG_GETARG_INT32(1);
	AnonKey    *k;
	bytea	   *result;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read a key"),
				 errdetail("Only superusers may read the bytes of a key.")));
	if (version < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key version must be positive, or 0 for the active version")));
	k = anon_key_get(name, version);
	result = palloc(VARHDRSZ + k->len);
	SET_VARSIZE(result, VARHDRSZ + k->len);
	memcpy(VARDATA(result), k->bytes, k->len);
	PG_RETURN_BYTEA_P(result);
}

/*
 * anon.reencrypt_keys(previous_kek_command): after the KEK changed (a new
 * anon.kek_file or anon.kek_command), encrypt under the current KEK every
 * key that only the previous one, printed by previous_kek_command, opens.
 * Returns how many.  Superusers only; all or nothing.
 */
Datum
anon_reencrypt_keys(PG_FUNCTION_ARGS)
{
	char	   *command = text_to_cstring(PG_GETARG_TEXT_PP(0));
	uint8		old[ANON_KEK_BYTES];
	AnonKeysContext cx;
	MemoryContext oldcxt = CurrentMemoryContext;
	List	   *rows = NIL;
	ListCell   *lc;
	Oid			types[3] = {TEXTOID, INT4OID, BYTEAOID};
	int32		done = 0;
	uint64		i;
	int			ret;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to re-encrypt keys"),
				 errdetail("Only superusers may re-encrypt keys.")));
	anon_keys_lock();
	anon_kek_from_command(command, old);

	/* the stored forms, as they are */
	anon_keys_enter(&cx);
	ret = SPI_execute("SELECT name, version, key FROM anon.keys", true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		MemoryContext spicxt = MemoryContextSwitchTo(oldcxt);
		bytea	   *env = DatumGetByteaPCopy(SPI_getbinval(tup, desc, 3, &isnull));

		rows = lappend(rows, list_make3(SPI_getvalue(tup, desc, 1),
										(void *) (intptr_t) DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull)),
										env));
		MemoryContextSwitchTo(spicxt);
	}
	anon_keys_leave(&cx);

	foreach(lc, rows)
	{
		List	   *r = (List *) lfirst(lc);
		char	   *name = (char *) linitial(r);
		int32		version = (int32) (intptr_t) lsecond(r);
		bytea	   *env = (bytea *) lthird(r);
		uint8		key[ANON_KEY_BYTES];
		int			len;
		Datum		values[3];

		if (anon_key_open(name, version, (const uint8 *) VARDATA_ANY(env),
						  VARSIZE_ANY_EXHDR(env), key, &len))
		{
			OPENSSL_cleanse(key, sizeof(key));
			continue;			/* the current KEK opens it already */
		}
		if (!anon_key_open_with(old, name, version, (const uint8 *) VARDATA_ANY(env),
								VARSIZE_ANY_EXHDR(env), key, &len))
		{
			OPENSSL_cleanse(old, sizeof(old));
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("key \"%s\" version %d could not be decrypted", name, version),
					 errdetail("Neither the current key-encryption key nor the one the command printed opens it.")));
		}
		values[0] = CStringGetTextDatum(name);
		values[1] = Int32GetDatum(version);
		values[2] = PointerGetDatum(anon_key_seal(name, version, key, len));
		OPENSSL_cleanse(key, sizeof(key));
		anon_keys_spi("UPDATE anon.keys SET key = $3 "
					  "WHERE name OPERATOR(pg_catalog.=) $1 "
					  "AND version OPERATOR(pg_catalog.=) $2",
					  3, types, values, NULL, NULL);
		done++;
	}
	OPENSSL_cleanse(old, sizeof(old));
	PG_RETURN_INT32(done);
}

/* ---- Keys on a Citus cluster (citus.c copies them to the workers) ---- */

/*
 * Append the stored form of every key to buf, one line each:
 *	K <name, hex> <version> <t|f active> <created, microseconds> <stored form, hex>
 * Only ciphertext leaves this node: a key still stored in clear (1.0) is
 * refused.  Called as the owner of anon.keys (citus.c runs as the
 * extension's owner).
 */
void
anon_keys_export(StringInfo buf)
{
	AnonKeysContext cx;
	uint64		i;
	int			ret;

	anon_keys_enter(&cx);
	ret = SPI_execute("SELECT name, version, active, created, key FROM anon.keys "
					  "ORDER BY name, version", true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull[5];
		char	   *name = TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull[0]));
		int32		version = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull[1]));
		bool		active = DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull[2]));
		int64		created = DatumGetInt64(SPI_getbinval(tup, desc, 4, &isnull[3]));
		bytea	   *env = DatumGetByteaPP(SPI_getbinval(tup, desc, 5, &isnull[4]));
		int			envlen = VARSIZE_ANY_EXHDR(env);
		char	   *hex;

		if (envlen <= ANON_KEY_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("key \"%s\" version %d is stored in clear", name, version),
					 errdetail("Only encrypted keys are copied to the workers of a Citus cluster."),
					 errhint("Run SELECT anon.encrypt_keys() on the coordinator.")));
		hex = palloc(strlen(name) * 2 + 1);
		hex[hex_encode(name, strlen(name), hex)] = '\0';
		appendStringInfo(buf, "K %s %d %c " INT64_FORMAT " ", hex, version,
						 active ? 't' : 'f', created);
		pfree(hex);
		hex = palloc(envlen * 2 + 1);
		hex[hex_encode(VARDATA_ANY(env), envlen, hex)] = '\0';
		appendStringInfo(buf, "%s\n", hex);
		pfree(hex);
	}
	anon_keys_leave(&cx);
}

/*
 * Replace every key of this node with rows (AnonKeyRow), the keys of the
 * Citus coordinator, all or nothing.  Each one must open under this node's
 * KEK first: a worker whose KEK is not the coordinator's refuses them all
 * (it could not use them).  Never reports a key's bytes.
 */
void
anon_keys_replace(List *rows)
{
	ListCell   *lc;
	Oid			types[5] = {TEXTOID, INT4OID, BYTEAOID, TIMESTAMPTZOID, BOOLOID};

	foreach(lc, rows)
	{
		AnonKeyRow *r = (AnonKeyRow *) lfirst(lc);
		uint8		key[ANON_KEY_BYTES + 16];
		int			len;

		if (!anon_key_open(r->name, r->version, (const uint8 *) VARDATA_ANY(r->env),
						   VARSIZE_ANY_EXHDR(r->env), key, &len))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the key-encryption key of this node does not open the keys of the Citus coordinator"),
					 errdetail("Key \"%s\" version %d does not authenticate under this node's anon.kek_file or anon.kek_command; no key was changed.",
							   r->name, r->version),
					 errhint("Give every node of the cluster the same key-encryption key, reload, and run SELECT anon.citus_sync() on the coordinator.")));
		OPENSSL_cleanse(key, sizeof(key));
	}
	anon_keys_lock();
	anon_keys_spi("DELETE FROM anon.keys", 0, NULL, NULL, NULL, NULL);
	foreach(lc, rows)
	{
		AnonKeyRow *r = (AnonKeyRow *) lfirst(lc);
		Datum		values[5];

		values[0] = CStringGetTextDatum(r->name);
		values[1] = Int32GetDatum(r->version);
		values[2] = PointerGetDatum(r->env);
		values[3] = TimestampTzGetDatum(r->created);
		values[4] = BoolGetDatum(r->active);
		anon_keys_spi("INSERT INTO anon.keys (name, version, key, created, active) "
					  "VALUES ($1, $2, $3, $4, $5)",
					  5, types, values, NULL, NULL);
	}
}

/*
 * HMAC-SHA256 under this node's KEK of what || NUL || data: a fingerprint
 * of a secret setting that nodes sharing the KEK can compare, and that
 * tells nothing without it (a salt may be short).
 */
void
anon_keys_fingerprint(const char *what, const char *data, uint8 *out)
{
	const uint8 *kek = anon_kek_get(!anon_citus_is_worker());
	StringInfoData msg;
	unsigned int outlen = 32;

	initStringInfo(&msg);
	appendBinaryStringInfo(&msg, what, strlen(what) + 1);
	appendStringInfoString(&msg, data);
	if (HMAC(EVP_sha256(), kek, ANON_KEK_BYTES, (const unsigned char *) msg.data,
			 msg.len, out, &outlen) == NULL || outlen != 32)
		anon_openssl_error("compute a fingerprint");
	pfree(msg.data);
}

/*
 * Seal len bytes of data for purpose (AES-256-GCM under HMAC-SHA256 of the
 * KEK and purpose, purpose as associated data): 'E' and the hex of nonce,
 * ciphertext and tag, NUL-terminated.  Every node that shares the KEK can
 * open it, nothing else can read or forge it.  Used for the partial states
 * of DP aggregates that leave a Citus worker (dp_agg.c).
 */
char *
anon_kek_seal_hex(const char *purpose, const void *data, int len)
{
	uint8		key[32];
	int			n = ANON_ENV_NONCE + len + ANON_ENV_TAG;
	uint8	   *buf = palloc(n);
	char	   *hex = palloc(2 * n + 2);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int			outl;
	bool		ok;

	if (ctx == NULL)
		anon_openssl_oom("a cipher context");
	anon_keys_fingerprint(purpose, "", key);
	anon_random_bytes(buf, ANON_ENV_NONCE);
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ANON_ENV_NONCE, NULL) == 1 &&
		EVP_EncryptInit_ex(ctx, NULL, NULL, key, buf) == 1 &&
		EVP_EncryptUpdate(ctx, NULL, &outl, (const uint8 *) purpose, strlen(purpose)) == 1 &&
		EVP_EncryptUpdate(ctx, buf + ANON_ENV_NONCE, &outl, data, len) == 1 &&
		outl == len &&
		EVP_EncryptFinal_ex(ctx, buf + ANON_ENV_NONCE + len, &outl) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, ANON_ENV_TAG,
							buf + ANON_ENV_NONCE + len) == 1;
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(key, sizeof(key));
	if (!ok)
		anon_openssl_error("seal a value");
	hex[0] = 'E';
	hex[1 + hex_encode((const char *) buf, n, hex + 1)] = '\0';
	pfree(buf);
	return hex;
}

/*
 * Open what anon_kek_seal_hex sealed for purpose: the bytes, palloc'd and
 * NUL-terminated, their number in *len; ERROR when it does not
 * authenticate (another KEK, another purpose, altered).
 */
char *
anon_kek_open_hex(const char *purpose, const char *hex, int *len)
{
	uint8		key[32];
	size_t		hlen = strlen(hex);
	int			n = (int) ((hlen - 1) / 2);
	int			plen = n - ANON_ENV_NONCE - ANON_ENV_TAG;
	uint8	   *buf;
	char	   *out;
	EVP_CIPHER_CTX *ctx;
	int			outl;
	bool		ok;

	if (hex[0] != 'E' || hlen % 2 != 1 || plen < 0 || plen > 64 * 1024 * 1024)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid sealed value")));
	buf = palloc(n);
	if (hex_decode(hex + 1, hlen - 1, (char *) buf) != (uint64) n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid sealed value")));
	out = palloc(plen + 1);
	anon_keys_fingerprint(purpose, "", key);
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		anon_openssl_oom("a cipher context");
	ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ANON_ENV_NONCE, NULL) == 1 &&
		EVP_DecryptInit_ex(ctx, NULL, NULL, key, buf) == 1 &&
		EVP_DecryptUpdate(ctx, NULL, &outl, (const uint8 *) purpose, strlen(purpose)) == 1 &&
		EVP_DecryptUpdate(ctx, (uint8 *) out, &outl, buf + ANON_ENV_NONCE, plen) == 1 &&
		outl == plen &&
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, ANON_ENV_TAG,
							buf + ANON_ENV_NONCE + plen) == 1 &&
		EVP_DecryptFinal_ex(ctx, (uint8 *) out + plen, &outl) > 0;
	EVP_CIPHER_CTX_free(ctx);
	ERR_clear_error();
	OPENSSL_cleanse(key, sizeof(key));
	pfree(buf);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("a sealed value does not authenticate"),
				 errdetail("It was sealed under another key-encryption key, or altered."),
				 errhint("Give every node of the Citus cluster the same key-encryption key (anon.kek_file or anon.kek_command).")));
	out[plen] = '\0';
	*len = plen;
	return out;
}
