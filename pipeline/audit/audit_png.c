/*
 * Audit of PNG files: every chunk, the text chunks by their keyword, and the bytes after IEND.
 */
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "audit_int.h"

static const char *const png_kept[] = {
	"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP",
	"mDCv", "cLLi", "mDCV", "cLLI", "pHYs", "bKGD", "hIST", "sPLT", "acTL", "fcTL", "fdAT",
};

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

int
audit_png(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	struct rd r = { d + 8, d + len };

	for (;;) {
		uint32_t n;
		char type[5] = { 0 };
		struct rd body;

		if (rd_be32(&r, &n) < 0 || rd_left(&r) < 4)
			return vox_error(DOMAIN, "'%s': truncated: no IEND chunk", c->name);
		memcpy(type, r.p, 4);
		r.p += 4;
		if (n > 0x7fffffffu)
			return vox_error(DOMAIN, "'%s': PNG chunk length %u out of range", c->name, n);
		if (rd_sub(&r, n, &body) < 0 || rd_skip(&r, 4) < 0)
			return vox_error(DOMAIN, "'%s': truncated inside a PNG chunk", c->name);
		if (strcmp(type, "IEND") == 0) {
			if (rd_left(&r))
				audit_add(c, VOX_AUDIT_TRAILING, "%zu byte%s after IEND",
				    rd_left(&r), rd_left(&r) == 1 ? "" : "s");
			return 0;
		}
		if (strcmp(type, "tEXt") == 0 || strcmp(type, "zTXt") == 0 ||
		    strcmp(type, "iTXt") == 0) {
			png_text(c, type, body.p, rd_left(&body));
			continue;
		}
		if (strcmp(type, "eXIf") == 0 || strcmp(type, "exIf") == 0) {
			audit_exif_walk_tiff(c, "PNG EXIF", body.p, rd_left(&body));
			continue;
		}
		if (strcmp(type, "iCCP") == 0) {
			png_iccp(c, body.p, rd_left(&body));
			continue;
		}
		if (strcmp(type, "tIME") == 0) {
			audit_add(c, VOX_AUDIT_DATES, "PNG tIME");
			continue;
		}
		int kept = 0;

		for (size_t i = 0; i < G_N_ELEMENTS(png_kept); i++)
			if (strcmp(type, png_kept[i]) == 0)
				kept = 1;
		if (!kept) {
			g_autofree char *t = audit_printable((const uint8_t *)type, 4, 4);

			audit_add(c, VOX_AUDIT_HISTORY, "PNG chunk '%s' (%u bytes)", t, n);
		}
	}
}
