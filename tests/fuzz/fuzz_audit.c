/*
 * libFuzzer target for audit's parsers: every input goes through vox_audit_buffer() (JPEG,
 * PNG, WebP, HEIF, EXIF via libexif, XMP, Photoshop, IPTC, CIFF), and inputs that look like
 * zip or tar archives also through the in-memory archive walker; every input also through
 * vox_heif_deep(), which scrub reads before converting a HEIF.
 */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include <glib.h>

#include "vox/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore(const struct vox_audit_result *r, void *ctx)
{
	size_t *n = ctx;

	/* Touch every finding so a dangling pointer would show. */
	for (guint i = 0; r->findings && i < r->findings->len; i++) {
		const struct vox_finding *f = r->findings->pdata[i];

		*n += strlen(f->what) + (size_t)f->category;
	}
	*n += strlen(r->path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GPtrArray *findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	size_t n = 0;
	int deep;

	vox_audit_buffer("fuzz", data, size, findings);
	deep = vox_heif_deep(data, size);
	if (deep < -1 || deep > 1)
		__builtin_trap();
	g_ptr_array_unref(findings);
	if (vox_audit_is_archive(data, size))
		vox_audit_archive_buffer("fuzz.zip", data, size, ignore, &n);
	return 0;
}
