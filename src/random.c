/*-------------------------------------------------------------------------
 *
 * random.c
 *		The one source of randomness of the anon extension.
 *
 * Every random bit anon uses (fake data, noise, shuffles, differential
 * privacy samplers, key generation) comes from OpenSSL's CSPRNG through this
 * file.  RAND_bytes is called on a per-backend buffer so that the cost of a
 * call is amortised over many small draws.
 *
 * The buffer is tagged with the pid that filled it: a process that inherits
 * a filled buffer through fork() (the postmaster never fills one, but a
 * background worker forked from a backend-like process could) discards it
 * rather than replay bytes another process has already used.  OpenSSL 3
 * reseeds its own DRBG after fork, so fresh fills differ across processes.
 *
 * Integers are drawn without modulo bias by rejection: for a range of size n
 * the words below 2^64 mod n are rejected, so the remaining words split into
 * equal classes modulo n (the method of OpenBSD's arc4random_uniform).
 * Doubles take 53 random bits, the width of a double's significand.
 *
 * A keyed stream (anon_random_keyed_begin/end) replaces the CSPRNG while a
 * volatile masking rule runs for a masked reader (noise_seed.c): its bytes
 * are HMAC-SHA256(key, counter), the key derived from a server secret and
 * the row's raw value, so the same row always reads the same noise and
 * repeated reads cannot be averaged.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "miscadmin.h"

#include "compat.h"
#include "random.h"

#define ANON_RANDOM_BUFSIZE 4096

static uint8 anon_random_buf[ANON_RANDOM_BUFSIZE];
static size_t anon_random_pos = ANON_RANDOM_BUFSIZE;
static int	anon_random_pid = 0;

/*
 * Call RAND_bytes, turning a failure into an ERROR (it only fails when the
 * system cannot seed the generator, which no user input can cause).
 */
static void
anon_rand_bytes_checked(uint8 *buf, size_t n)
{
	while (n > 0)
	{
		int			chunk = (int) Min(n, (size_t) INT_MAX);

		if (RAND_bytes(buf, chunk) != 1)
		{
			unsigned long err = ERR_get_error();

			const char *reason = err ? ERR_reason_error_string(err) : NULL;

			ERR_clear_error();
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("could not generate random bytes"),
					 errdetail("OpenSSL reported: %s.",
							   reason ? reason : "no reason")));
		}
		buf += chunk;
		n -= chunk;
	}
}

/* ---- Keyed streams ---- */

static bool anon_random_keyed = false;
static uint8 anon_random_key[32];
static uint64 anon_random_counter = 0;
static uint8 anon_random_block[32];
static size_t anon_random_block_pos = sizeof(anon_random_block);

/* draws come from HMAC-SHA256(key, counter) until anon_random_keyed_end */
void
anon_random_keyed_begin(const uint8 *key)
{
	memcpy(anon_random_key, key, sizeof(anon_random_key));
	anon_random_counter = 0;
	anon_random_block_pos = sizeof(anon_random_block);
	anon_random_keyed = true;
}

/* back to the CSPRNG; the key and the unused bytes are wiped */
void
anon_random_keyed_end(void)
{
	anon_random_keyed = false;
	explicit_bzero(anon_random_key, sizeof(anon_random_key));
	explicit_bzero(anon_random_block, sizeof(anon_random_block));
	anon_random_block_pos = sizeof(anon_random_block);
}

bool
anon_random_is_keyed(void)
{
	return anon_random_keyed;
}

static void
anon_random_keyed_bytes(uint8 *out, size_t n)
{
	while (n > 0)
	{
		size_t		chunk;

		if (anon_random_block_pos >= sizeof(anon_random_block))
		{
			unsigned int len = 0;
			uint8		ctr[8];
			int			i;

			for (i = 0; i < 8; i++)
				ctr[i] = (uint8) (anon_random_counter >> (8 * i));
			anon_random_counter++;
			if (HMAC(EVP_sha256(), anon_random_key, sizeof(anon_random_key),
					 ctr, sizeof(ctr), anon_random_block, &len) == NULL ||
				len != sizeof(anon_random_block))
				ereport(ERROR,
						(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
						 errmsg("could not derive keyed random bytes")));
			anon_random_block_pos = 0;
		}
		chunk = Min(n, sizeof(anon_random_block) - anon_random_block_pos);
		memcpy(out, anon_random_block + anon_random_block_pos, chunk);
		anon_random_block_pos += chunk;
		out += chunk;
		n -= chunk;
	}
}

void
anon_random_bytes(void *buf, size_t n)
{
	uint8	   *out = (uint8 *) buf;

	if (anon_random_keyed)
	{
		anon_random_keyed_bytes(out, n);
		return;
	}

	if (anon_random_pid != MyProcPid)
	{
		/* never reuse bytes drawn by another process */
		anon_random_pos = ANON_RANDOM_BUFSIZE;
		anon_random_pid = MyProcPid;
	}

	if (n > ANON_RANDOM_BUFSIZE / 4)
	{
		anon_rand_bytes_checked(out, n);
		return;
	}

	if (anon_random_pos + n > ANON_RANDOM_BUFSIZE)
	{
		anon_rand_bytes_checked(anon_random_buf, ANON_RANDOM_BUFSIZE);
		anon_random_pos = 0;
	}

	memcpy(out, anon_random_buf + anon_random_pos, n);
	/* a byte handed out is never handed out again, nor left readable */
	memset(anon_random_buf + anon_random_pos, 0, n);
	anon_random_pos += n;
}

uint64
anon_random_uint64(void)
{
	uint64		v;

	anon_random_bytes(&v, sizeof(v));
	return v;
}

uint32
anon_random_uint32(void)
{
	uint32		v;

	anon_random_bytes(&v, sizeof(v));
	return v;
}

bool
anon_random_bit(void)
{
	uint8		v;

	anon_random_bytes(&v, 1);
	return (v & 1) != 0;
}

uint64
anon_random_below(uint64 n)
{
	uint64		threshold;
	uint64		v;

	Assert(n > 0);

	/* powers of two need no rejection */
	if ((n & (n - 1)) == 0)
		return anon_random_uint64() & (n - 1);

	/* 2^64 mod n, computed without 128-bit arithmetic */
	threshold = (0 - n) % n;
	do
	{
		v = anon_random_uint64();
	} while (v < threshold);

	return v % n;
}

int64
anon_random_int_between(int64 lo, int64 hi)
{
	uint64		span;

	Assert(lo <= hi);

	span = (uint64) hi - (uint64) lo + 1;
	if (span == 0)				/* the whole int64 range */
		return (int64) anon_random_uint64();

	return (int64) ((uint64) lo + anon_random_below(span));
}

double
anon_random_double(void)
{
	return (double) (anon_random_uint64() >> 11) * (1.0 / 9007199254740992.0);
}
