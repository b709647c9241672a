/*
 * Audit of WebP files: every RIFF chunk, the bytes after the RIFF size, and the chunks the
 * scrub keeps held to the same rules it applies (vox/webp.h).
 */
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "vox/webp.h"
#include "audit_int.h"

static void
webp_note(void *ud, const char *what, size_t n)
{
	struct audit_ctx *c = ud;

	if (n)
		audit_add(c, VOX_AUDIT_TRAILING, "WebP %s (%zu byte%s)", what, n,
		    n == 1 ? "" : "s");
	else
		audit_add(c, VOX_AUDIT_TRAILING, "WebP %s", what);
}

int
audit_webp(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	struct rd r = { d + 4, d + len };
	uint32_t riff;
	struct rd body;

	if (rd_le32(&r, &riff) < 0 || riff < 4)
		return vox_error(DOMAIN, "'%s': bad RIFF header", c->name);
	if (rd_sub(&r, riff, &body) < 0)
		return vox_error(DOMAIN, "'%s': truncated: the RIFF size is %u bytes, the file has %zu",
		    c->name, riff, len - 8);
	body.p += 4; /* "WEBP" */
	while (rd_left(&body) >= 8) {
		char type[5] = { 0 };
		uint32_t n;
		struct rd chunk;

		memcpy(type, body.p, 4);
		body.p += 4;
		if (rd_le32(&body, &n) < 0 || rd_sub(&body, n, &chunk) < 0)
			return vox_error(DOMAIN, "'%s': truncated inside a WebP chunk", c->name);
		if (n & 1)
			rd_skip(&body, 1);
		if (strcmp(type, "EXIF") == 0) {
			audit_exif_walk_tiff(c, "WebP EXIF", chunk.p, rd_left(&chunk));
		} else if (strcmp(type, "ICCP") == 0) {
			audit_icc(c, "WebP ICC profile", chunk.p, rd_left(&chunk));
		} else if (strcmp(type, "XMP ") == 0) {
			audit_xmp_scan(c, "WebP XMP packet", chunk.p, rd_left(&chunk));
		} else if (strcmp(type, "VP8 ") && strcmp(type, "VP8L") && strcmp(type, "VP8X") &&
		    strcmp(type, "ALPH") && strcmp(type, "ANIM") && strcmp(type, "ANMF")) {
			g_autofree char *t = audit_printable((const uint8_t *)type, 4, 4);

			audit_add(c, VOX_AUDIT_HISTORY, "WebP chunk '%s' (%u bytes)", t, n);
		}
	}
	if (rd_left(&body))
		return vox_error(DOMAIN, "'%s': truncated inside a WebP chunk", c->name);
	if (rd_left(&r))
		audit_add(c, VOX_AUDIT_TRAILING, "%zu byte%s after the RIFF data", rd_left(&r),
		    rd_left(&r) == 1 ? "" : "s");
	/* What the scrub leaves out of or rewrites in the chunks it keeps (vox/webp.h). */
	{
		struct vox_webp w;
		const char *why = NULL;

		if (vox_webp_plan(d, len, &w, webp_note, c, &why) < 0)
			audit_add(c, VOX_AUDIT_TRAILING, "WebP file that scrub refuses: %s", why);
		g_array_unref(w.parts);
	}
	return 0;
}
