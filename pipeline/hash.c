#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "vox/hash.h"

struct vox_hash {
	enum vox_hash_type type;
	union {
		struct sha256_ctx s256;
		struct sha512_ctx s512;
		struct sha1_ctx s1;
		struct md5_ctx m5;
	} ctx;
	char hex[2 * SHA512_DIGEST_SIZE + 1];
};

vox_hash *
vox_hash_new(enum vox_hash_type type)
{
	vox_hash *h = g_new0(vox_hash, 1);

	h->type = type;
	vox_hash_reset(h);
	return h;
}

void
vox_hash_reset(vox_hash *h)
{
	switch (h->type) {
	case VOX_HASH_SHA512: sha512_init(&h->ctx.s512); break;
	case VOX_HASH_SHA1: sha1_init(&h->ctx.s1); break;
	case VOX_HASH_MD5: md5_init(&h->ctx.m5); break;
	default: sha256_init(&h->ctx.s256); break;
	}
}

void
vox_hash_update(vox_hash *h, const void *data, size_t len)
{
	switch (h->type) {
	case VOX_HASH_SHA512: sha512_update(&h->ctx.s512, len, data); break;
	case VOX_HASH_SHA1: sha1_update(&h->ctx.s1, len, data); break;
	case VOX_HASH_MD5: md5_update(&h->ctx.m5, len, data); break;
	default: sha256_update(&h->ctx.s256, len, data); break;
	}
}

const char *
vox_hash_hex(vox_hash *h)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA512_DIGEST_SIZE];
	size_t n;

	/* nettle's digest functions also reset the context for the next message. */
	switch (h->type) {
	case VOX_HASH_SHA512:
		n = SHA512_DIGEST_SIZE;
		sha512_digest(&h->ctx.s512, n, d);
		break;
	case VOX_HASH_SHA1:
		n = SHA1_DIGEST_SIZE;
		sha1_digest(&h->ctx.s1, n, d);
		break;
	case VOX_HASH_MD5:
		n = MD5_DIGEST_SIZE;
		md5_digest(&h->ctx.m5, n, d);
		break;
	default:
		n = SHA256_DIGEST_SIZE;
		sha256_digest(&h->ctx.s256, n, d);
		break;
	}
	for (size_t i = 0; i < n; i++) {
		h->hex[2 * i] = digits[d[i] >> 4];
		h->hex[2 * i + 1] = digits[d[i] & 15];
	}
	h->hex[2 * n] = '\0';
	return h->hex;
}

void
vox_hash_free(vox_hash *h)
{
	g_free(h);
}

int
vox_sha256_hex_valid(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* See vox/hash.h. */
int
vox_sha256_fd(int fd, char hex[65])
{
	vox_hash *h = vox_hash_new(VOX_HASH_SHA256);
	guint8 buf[1 << 16];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			vox_hash_free(h);
			errno = e;
			return -1;
		}
		vox_hash_update(h, buf, (size_t)n);
	}
	g_strlcpy(hex, vox_hash_hex(h), 65);
	vox_hash_free(h);
	return 0;
}
