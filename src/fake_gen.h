/*-------------------------------------------------------------------------
 *
 * fake_gen.h
 *		Generated fake values that need no dictionary (src/fake_gen.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ANON_FAKE_GEN_H
#define ANON_FAKE_GEN_H

#include "fmgr.h"

/* anon.fake_iban() and anon.fake_iban(country): valid MOD 97-10 check */
extern Datum anon_fake_iban(PG_FUNCTION_ARGS);
extern Datum anon_fake_iban_country(PG_FUNCTION_ARGS);
/* anon.fake_credit_card() and (brand): test prefixes, valid Luhn */
extern Datum anon_fake_credit_card(PG_FUNCTION_ARGS);
extern Datum anon_fake_credit_card_brand(PG_FUNCTION_ARGS);
/* anon.fake_siren(), anon.fake_siret(): Luhn-valid French company ids */
extern Datum anon_fake_siren(PG_FUNCTION_ARGS);
extern Datum anon_fake_siret(PG_FUNCTION_ARGS);
/* anon.fake_ssn(): US social security number, SSA rules */
extern Datum anon_fake_ssn(PG_FUNCTION_ARGS);
/* anon.fake_ipv4(), fake_ipv6(), fake_mac(): public / local addresses */
extern Datum anon_fake_ipv4(PG_FUNCTION_ARGS);
extern Datum anon_fake_ipv6(PG_FUNCTION_ARGS);
extern Datum anon_fake_mac(PG_FUNCTION_ARGS);
/* anon.fake_uuid(): version 4 UUID */
extern Datum anon_fake_uuid(PG_FUNCTION_ARGS);
/* anon.fake_url(): https URL of random letters */
extern Datum anon_fake_url(PG_FUNCTION_ARGS);

#endif							/* ANON_FAKE_GEN_H */
