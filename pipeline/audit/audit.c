/*
 * Audit of one image held in memory: recognises the format by its first bytes and runs its
 * walker (audit_jpeg.c, audit_png.c, audit_webp.c, audit_heif.c), which reports identifying
 * metadata by category into the findings kept here. The metadata blocks that several formats
 * embed are read in audit_meta.c; files, folders and archives are walked in audit_walk.c.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "vox/scrub.h"
#include "audit_int.h"

/* ---- Findings ---- */

static const char *const category_names[VOX_AUDIT_N_CATEGORIES] = {
	[VOX_AUDIT_LOCATION] = "location",
	[VOX_AUDIT_DEVICE] = "device ids",
	[VOX_AUDIT_PEOPLE] = "people and owners",
	[VOX_AUDIT_DATES] = "dates",
	[VOX_AUDIT_THUMBNAILS] = "thumbnails and previews",
	[VOX_AUDIT_HISTORY] = "edit history",
	[VOX_AUDIT_COMMENTS] = "comments",
	[VOX_AUDIT_TRAILING] = "trailing data",
};

const char *
vox_audit_category_name(enum vox_audit_category c)
{
	if ((unsigned)c >= VOX_AUDIT_N_CATEGORIES)
		return "unknown";
	return category_names[c];
}

void
vox_finding_free(struct vox_finding *f)
{
	if (!f)
		return;
	g_free(f->what);
	g_free(f);
}

#define MAX_FINDINGS 2000

void
audit_add(struct audit_ctx *c, enum vox_audit_category cat, const char *fmt, ...)
{
	va_list ap;
	char *what, *key;
	struct vox_finding *f;

	if (c->added >= MAX_FINDINGS)
		return;
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	key = g_strdup_printf("%d\t%s", (int)cat, what);
	if (g_hash_table_contains(c->seen, key)) {
		g_free(key);
		g_free(what);
		return;
	}
	g_hash_table_add(c->seen, key);
	f = g_new0(struct vox_finding, 1);
	f->category = cat;
	f->what = what;
	g_ptr_array_add(c->findings, f);
	c->added++;
}

/* Copies at most max bytes of an untrusted name into printable ASCII for a message. */
char *
audit_printable(const uint8_t *p, size_t n, size_t max)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < n && i < max && p[i]; i++)
		g_string_append_c(s, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?');
	if (n > max)
		g_string_append(s, "...");
	return g_string_free(s, FALSE);
}

/* ---- Entry points ---- */

enum kind { K_NONE, K_JPEG, K_PNG, K_WEBP, K_HEIF, K_AUDIO };

static enum kind
detect(const uint8_t *d, size_t len)
{
	static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const char *const brands[] = {
		"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "mif2", "avif",
		"avis",
	};

	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return K_JPEG;
	if (len >= 8 && memcmp(d, png_sig, 8) == 0)
		return K_PNG;
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return K_WEBP;
	if (len >= 16 && memcmp(d + 4, "ftyp", 4) == 0) {
		uint32_t size = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 |
		    d[3];
		size_t end = MIN((size_t)size, len);

		/* The major brand, then the compatible brands after the minor version. */
		for (size_t off = 8; off + 4 <= end; off += off == 8 ? 8 : 4)
			for (size_t i = 0; i < G_N_ELEMENTS(brands); i++)
				if (memcmp(d + off, brands[i], 4) == 0)
					return K_HEIF;
	}
	if (vox_format_is_audio(vox_scrub_detect(d, len)))
		return K_AUDIO;
	return K_NONE;
}

int
vox_audit_is_image(const uint8_t *data, size_t len)
{
	return data && detect(data, len) != K_NONE;
}

int
vox_audit_is_archive(const uint8_t *d, size_t len)
{
	if (!d)
		return 0;
	if (len >= 4 && d[0] == 'P' && d[1] == 'K' &&
	    ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6)))
		return 1;
	if (len >= 3 && d[0] == 0x1f && d[1] == 0x8b && d[2] == 8)
		return 1;
	if (len >= 262 && memcmp(d + 257, "ustar", 5) == 0)
		return 1;
	return 0;
}

int
vox_audit_buffer(const char *name, const uint8_t *data, size_t len, GPtrArray *findings)
{
	struct audit_ctx c = { 0 };
	int rc;

	c.name = name ? name : "-";
	c.findings = findings;
	c.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	switch (data ? detect(data, len) : K_NONE) {
	case K_JPEG:
		rc = audit_jpeg(&c, data, len);
		break;
	case K_PNG:
		rc = audit_png(&c, data, len);
		break;
	case K_WEBP:
		rc = audit_webp(&c, data, len);
		break;
	case K_HEIF:
		rc = audit_heif(&c, data, len);
		break;
	case K_AUDIO:
		rc = audit_audio(&c, data, len);
		break;
	default:
		rc = vox_error(DOMAIN, "'%s': not an image or audio audit reads (JPEG, PNG, WebP, "
		    "HEIF; M4A, MP3, Ogg/Opus, WAV, AAC, AMR)",
		    c.name);
		break;
	}
	g_hash_table_destroy(c.seen);
	return rc < 0 ? -1 : c.added;
}
