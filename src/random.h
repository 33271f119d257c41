/*-------------------------------------------------------------------------
 *
 * random.h
 *		The one source of randomness of the anon extension (OpenSSL).
 *
 * No other module may call random(), rand(), pg_prng or RAND_bytes: every
 * random bit in anon comes through these functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_RANDOM_H
#define ANON_RANDOM_H

/* fill buf with n bytes from the CSPRNG */
extern void anon_random_bytes(void *buf, size_t n);

/* uniform 64-bit and 32-bit words */
extern uint64 anon_random_uint64(void);
extern uint32 anon_random_uint32(void);

/* one uniform bit */
extern bool anon_random_bit(void);

/* uniform integer in [0, n), unbiased (rejection sampling); n > 0 */
extern uint64 anon_random_below(uint64 n);

/* uniform integer in [lo, hi], unbiased; lo <= hi */
extern int64 anon_random_int_between(int64 lo, int64 hi);

/* uniform double in [0, 1) with 53 random bits */
extern double anon_random_double(void);

/*
 * Keyed streams (noise_seed.c): between begin and end every draw comes from
 * HMAC-SHA256(key, counter), key 32 bytes; deterministic for a key.
 */
extern void anon_random_keyed_begin(const uint8 *key);
extern void anon_random_keyed_end(void);
extern bool anon_random_is_keyed(void);

#endif							/* ANON_RANDOM_H */
