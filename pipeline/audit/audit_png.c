/*
 * Audit of PNG files: every chunk, the text chunks by their keyword, the bytes after IEND,
 * and the chunks the scrub keeps held to the same rules it applies (vox/png.h).
 */
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "vox/png.h"
#include "audit_int.h"

static void
png_text(struct audit_ctx *c, const char *type, const uint8_t *p, size_t n)
{
	size_t klen = strnlen((const char *)p, MIN(n, 80));
	g_autofree char *key = audit_printable(p, klen, 79);
	g_autofree char *lower = g_ascii_strdown(key, -1);
	enum vox_audit_category cat = VOX_AUDIT_COMMENTS;

	if (strcmp(key, "XML:com.adobe.xmp") == 0) {
		/* iTXt: keyword NUL, compression flag, method, language NUL, translated NUL. */
		if (strcmp(type, "iTXt") == 0 && klen + 3 <= n && p[klen + 1] == 0) {
			struct rd r = { p + klen + 3, p + n };
			const uint8_t *z;

			for (int i = 0; i < 2; i++) {
				z = memchr(r.p, 0, rd_left(&r));
				if (!z) {
					r.p = r.end;
					break;
				}
				r.p = z + 1;
			}
			audit_xmp_scan(c, "PNG XMP packet", r.p, rd_left(&r));
		} else {
			audit_add(c, VOX_AUDIT_HISTORY, "PNG %s '%s'", type, key);
		}
		return;
	}
	if (strstr(lower, "raw profile type exif") || strstr(lower, "raw profile type app1"))
		cat = VOX_AUDIT_DEVICE;
	else if (strstr(lower, "raw profile type iptc") || strstr(lower, "raw profile type 8bim") ||
	    strstr(lower, "raw profile type xmp"))
		cat = VOX_AUDIT_HISTORY;
	else if (strstr(lower, "author") || strstr(lower, "artist") || strstr(lower, "copyright") ||
	    strstr(lower, "creator") || strstr(lower, "owner"))
		cat = VOX_AUDIT_PEOPLE;
	else if (strstr(lower, "time") || strstr(lower, "date"))
		cat = VOX_AUDIT_DATES;
	else if (strstr(lower, "software"))
		cat = VOX_AUDIT_HISTORY;
	else if (strcmp(lower, "source") == 0 || strstr(lower, "serial") || strstr(lower, "model"))
		cat = VOX_AUDIT_DEVICE;
	else if (strstr(lower, "gps") || strstr(lower, "location"))
		cat = VOX_AUDIT_LOCATION;
	audit_add(c, cat, "PNG %s '%s'", type, key);
}

/* The profile name is free text (scrub writes a neutral one); the profile is judged. */
static void
png_iccp(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	GByteArray *prof = g_byte_array_new();
	char *name = NULL;

	if (vox_icc_iccp_read(p, n, prof, &name) == 0)
		audit_icc(c, "PNG ICC profile", prof->data, prof->len);
	else
		audit_add(c, VOX_AUDIT_DEVICE, "PNG iCCP chunk that cannot be read (%zu bytes)", n);
	if (name && !audit_icc_well_known(name))
		audit_add(c, VOX_AUDIT_COMMENTS, "PNG ICC profile name");
	g_free(name);
	g_byte_array_unref(prof);
}

/* sPLT: a palette name (free text, 1-79 bytes), NUL, then the entries; scrub drops it. */
static void
png_splt(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	size_t klen = strnlen((const char *)p, MIN(n, 80));
	g_autofree char *name = audit_printable(p, klen, 79);

	audit_add(c, VOX_AUDIT_COMMENTS, "PNG sPLT palette name '%s'", name);
}

/*
 * Judges a chunk by the rules the scrub applies (vox/png.h), and the image data by the end
 * of its zlib stream: what the scrub drops or refuses in a chunk it would otherwise keep is
 * room for hidden bytes, reported as such. Returns 1 when the chunk is one the rules keep
 * (or judged here), 0 when its type is not kept (the caller reports it by its type).
 */
static int
png_rules(struct audit_ctx *c, struct vox_png *st, const char *type, const uint8_t *p,
    size_t n)
{
	const char *why = NULL;
	enum vox_png_verdict v = vox_png_chunk(st, type, p, (uint32_t)n, &why);
	size_t head = type[0] == 'f' ? 4 : 0;

	if (!vox_png_kept_type(type))
		return 0;
	if (v != VOX_PNG_KEEP) {
		audit_add(c, VOX_AUDIT_TRAILING, "PNG chunk '%s' (%zu bytes) that scrub %s: %s",
		    type, n, v == VOX_PNG_DROP ? "drops" : "refuses", why);
		return 1;
	}
	if (!strcmp(type, "IDAT") || !strcmp(type, "fdAT")) {
		ssize_t used = vox_png_data(st, p + head, n - head, &why);

		if (used < 0)
			audit_add(c, VOX_AUDIT_TRAILING, "PNG image data that scrub refuses: %s",
			    why);
		else if ((size_t)used < n - head)
			audit_add(c, VOX_AUDIT_TRAILING, "%zu bytes after the end of the PNG image "
			    "data (in '%s')", n - head - (size_t)used, type);
	}
	return 1;
}

int
audit_png(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	struct rd r = { d + 8, d + len };
	struct vox_png st;
	int ret = 0;

	vox_png_init(&st);
	for (;;) {
		uint32_t n;
		char type[5] = { 0 };
		struct rd body;
		int ruled;

		if (rd_be32(&r, &n) < 0 || rd_left(&r) < 4) {
			ret = vox_error(DOMAIN, "'%s': truncated: no IEND chunk", c->name);
			break;
		}
		memcpy(type, r.p, 4);
		r.p += 4;
		if (n > 0x7fffffffu) {
			ret = vox_error(DOMAIN, "'%s': PNG chunk length %u out of range", c->name, n);
			break;
		}
		if (rd_sub(&r, n, &body) < 0 || rd_skip(&r, 4) < 0) {
			ret = vox_error(DOMAIN, "'%s': truncated inside a PNG chunk", c->name);
			break;
		}
		ruled = png_rules(c, &st, type, body.p, rd_left(&body));
		if (strcmp(type, "IEND") == 0) {
			if (rd_left(&r))
				audit_add(c, VOX_AUDIT_TRAILING, "%zu byte%s after IEND",
				    rd_left(&r), rd_left(&r) == 1 ? "" : "s");
			break;
		}
		if (strcmp(type, "tEXt") == 0 || strcmp(type, "zTXt") == 0 ||
		    strcmp(type, "iTXt") == 0) {
			png_text(c, type, body.p, rd_left(&body));
		} else if (strcmp(type, "eXIf") == 0 || strcmp(type, "exIf") == 0) {
			audit_exif_walk_tiff(c, "PNG EXIF", body.p, rd_left(&body));
		} else if (strcmp(type, "iCCP") == 0) {
			png_iccp(c, body.p, rd_left(&body));
		} else if (strcmp(type, "tIME") == 0) {
			audit_add(c, VOX_AUDIT_DATES, "PNG tIME");
		} else if (strcmp(type, "sPLT") == 0) {
			png_splt(c, body.p, rd_left(&body));
		} else if (!ruled) {
			g_autofree char *t = audit_printable((const uint8_t *)type, 4, 4);

			audit_add(c, VOX_AUDIT_HISTORY, "PNG chunk '%s' (%u bytes)", t, n);
		}
	}
	vox_png_release(&st);
	return ret;
}
