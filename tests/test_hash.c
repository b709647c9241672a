/*
 * The hashes that name stored photos and seal bags: known answers, agreement with GLib's
 * GChecksum on large and oddly cut input, and reuse after a digest.
 */
#include <criterion/criterion.h>
#include <glib.h>

#include "vox/file.h"
#include "vox/hash.h"

static const struct {
	enum vox_hash_type type;
	GChecksumType glib;
	const char *abc;
} kinds[] = {
	{ VOX_HASH_SHA256, G_CHECKSUM_SHA256,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ VOX_HASH_SHA512, G_CHECKSUM_SHA512,
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ VOX_HASH_SHA1, G_CHECKSUM_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ VOX_HASH_MD5, G_CHECKSUM_MD5, "900150983cd24fb0d6963f7d28e17f72" },
};

Test(hash, gives_the_published_answers_for_abc)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		vox_hash *h = vox_hash_new(kinds[i].type);

		vox_hash_update(h, "abc", 3);
		cr_expect_str_eq(vox_hash_hex(h), kinds[i].abc);
		vox_hash_free(h);
	}
}

Test(hash, agrees_with_glib_on_large_input_fed_in_odd_pieces_and_after_reuse)
{
	size_t len = 3 * 1024 * 1024 + 17;
	guint8 *data = g_malloc(len);
	GRand *rand = g_rand_new_with_seed(7);

	for (size_t i = 0; i < len; i++)
		data[i] = (guint8)g_rand_int(rand);
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		vox_hash *h = vox_hash_new(kinds[i].type);
		char *want = g_compute_checksum_for_data(kinds[i].glib, data, len);

		vox_hash_update(h, "spoil", 5);
		(void)vox_hash_hex(h); /* finishing starts a new message */
		for (size_t off = 0, step = 1; off < len; off += step, step = step * 3 + 1)
			vox_hash_update(h, data + off, MIN(step, len - off));
		cr_expect_str_eq(vox_hash_hex(h), want);
		g_free(want);
		vox_hash_free(h);
	}
	{
		char hex[VOX_SHA256_HEX];
		char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);

		vox_sha256_hex(data, len, hex);
		cr_expect_str_eq(hex, want);
		g_free(want);
	}
	g_rand_free(rand);
	g_free(data);
}

Test(hash, a_sha256_name_is_64_lowercase_hex_digits_and_nothing_else)
{
	const char *abc = kinds[0].abc;
	g_autofree char *upper = g_ascii_strup(abc, -1);
	g_autofree char *longer = g_strconcat(abc, "0", NULL);
	g_autofree char *shorter = g_strndup(abc, 63);
	g_autofree char *slash = g_strdup(abc);

	slash[10] = '/';
	cr_expect(vox_sha256_hex_valid(abc));
	cr_expect_not(vox_sha256_hex_valid(upper));
	cr_expect_not(vox_sha256_hex_valid(longer));
	cr_expect_not(vox_sha256_hex_valid(shorter));
	cr_expect_not(vox_sha256_hex_valid(slash));
	cr_expect_not(vox_sha256_hex_valid(""));
	cr_expect_not(vox_sha256_hex_valid(NULL));
}
