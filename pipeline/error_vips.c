/*
 * vox_error_vips() apart from error.c: it is the one error function that needs libvips, and
 * a tool that never reaches it (vox scrub loads libvips only on its first HEIF file) must
 * not be linked against libvips through error.o.
 */
#include <stdarg.h>

#include <vips/vips.h>

#include "vox/error.h"

int
vox_error_vips(const char *domain, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	g_autofree char *why = vox_error_vips_reason(vips_error_buffer());
	va_list ap;

	vips_error_clear();
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return vox_error(domain, "%s: %s", what, why);
}
