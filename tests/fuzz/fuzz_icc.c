/*
 * libFuzzer target for the ICC profile parser (pipeline/icc.c), which scrub and audit share:
 * any bytes through vox_icc_clean() and vox_icc_inspect() must give a result or an error,
 * never a crash, a hang or a leak, and the two must agree on what is malformed. A clean
 * profile must itself be clean: cleaning it again gives the same bytes, and it holds no
 * text but the neutral description. It must survive the JPEG chunks and the PNG iCCP
 * chunk unchanged. The same bytes also go through the JPEG chunk gatherer and the iCCP
 * reader as if they came from a file.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "vox/icc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_clean(const GByteArray *c)
{
	struct vox_icc_info info;
	GByteArray *again = g_byte_array_new(), *segs = g_byte_array_new();
	GByteArray *body = g_byte_array_new(), *back = g_byte_array_new(), *joined;
	struct vox_icc_chunks ch;
	char *name = NULL;

	if (vox_icc_inspect(c->data, c->len, &info) != 0)
		__builtin_trap();
	if (info.dated || info.manufacturer || info.model || info.creator || info.has_id ||
	    info.header_hidden)
		__builtin_trap(); /* the header is rebuilt with nothing free in it */
	for (guint i = 0; i < info.tags->len; i++) {
		const struct vox_icc_tag *t = info.tags->pdata[i];

		if (t->hidden)
			__builtin_trap(); /* a clean profile hides nothing in any tag */
		if (t->kept)
			continue;
		if (strcmp(t->sig, "desc") && strcmp(t->sig, "cprt"))
			__builtin_trap();
		for (guint j = 0; j < t->strings->len; j++)
			if (strcmp(t->strings->pdata[j], VOX_ICC_NEUTRAL_NAME))
				__builtin_trap();
	}
	vox_icc_info_release(&info);
	if (vox_icc_clean(c->data, c->len, again) != 0 || again->len != c->len ||
	    memcmp(again->data, c->data, c->len) != 0)
		__builtin_trap();

	/* Through JPEG chunks and back. */
	vox_icc_chunks_init(&ch);
	if (vox_icc_jpeg_segments(c->data, c->len, segs) != 0)
		__builtin_trap();
	for (size_t pos = 0; pos < segs->len;) {
		size_t n = (size_t)segs->data[pos + 2] << 8 | segs->data[pos + 3];

		if (vox_icc_chunks_add(&ch, segs->data + pos + 4, n - 2) < 0)
			__builtin_trap();
		pos += 2 + n;
	}
	joined = vox_icc_chunks_join(&ch);
	if (!joined || joined->len != c->len || memcmp(joined->data, c->data, c->len) != 0)
		__builtin_trap();
	g_byte_array_unref(joined);
	vox_icc_chunks_release(&ch);

	/* Through a PNG iCCP chunk and back. */
	if (vox_icc_iccp_write(c->data, c->len, body) != 0 ||
	    vox_icc_iccp_read(body->data, body->len, back, &name) != 0 ||
	    strcmp(name, VOX_ICC_NEUTRAL_NAME) != 0 || back->len != c->len ||
	    memcmp(back->data, c->data, c->len) != 0)
		__builtin_trap();
	g_free(name);
	g_byte_array_unref(again);
	g_byte_array_unref(segs);
	g_byte_array_unref(body);
	g_byte_array_unref(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *clean = g_byte_array_new(), *prof = g_byte_array_new();
	struct vox_icc_info info;
	struct vox_icc_chunks ch;
	int c, i;
	char *name = NULL;

	c = vox_icc_clean(data, size, clean);
	i = vox_icc_inspect(data, size, &info);
	vox_icc_info_release(&info);
	if ((c == 0) != (i == 0))
		__builtin_trap(); /* inspect and clean must agree on what is malformed */
	if (c == 0)
		check_clean(clean);
	else if (clean->len != 0)
		__builtin_trap(); /* a refusal leaves nothing behind */

	/* The bytes as APP2 payloads split at arbitrary points, and as an iCCP body. */
	vox_icc_chunks_init(&ch);
	for (size_t pos = 0; pos + 2 < size;) {
		size_t n = 2 + data[pos] % 64;

		if (n > size - pos)
			n = size - pos;
		vox_icc_chunks_add(&ch, data + pos, n);
		pos += n;
	}
	{
		GByteArray *j = vox_icc_chunks_join(&ch);

		if (j)
			g_byte_array_unref(j);
	}
	vox_icc_chunks_release(&ch);
	vox_icc_iccp_read(data, size, prof, &name);
	g_free(name);
	g_byte_array_unref(prof);
	g_byte_array_unref(clean);
	return 0;
}
