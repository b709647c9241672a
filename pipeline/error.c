#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vox/error.h"

static __thread char message[1024];
static __thread char domain_buf[32];
static __thread enum vox_error_kind kind_of_last;

static void G_GNUC_PRINTF(3, 0)
record(enum vox_error_kind kind, const char *domain, const char *fmt, va_list ap, int err)
{
	int n;

	kind_of_last = kind;
	g_strlcpy(domain_buf, domain ? domain : "", sizeof(domain_buf));
	n = vsnprintf(message, sizeof(message), fmt, ap);
	if (n < 0)
		n = 0;
	if (err && (size_t)n < sizeof(message))
		snprintf(message + n, sizeof(message) - (size_t)n, ": %s", g_strerror(err));
}

int
vox_error(const char *domain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(VOX_ERR_REFUSED, domain, fmt, ap, 0);
	va_end(ap);
	return -1;
}

int
vox_error_k(enum vox_error_kind kind, const char *domain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(kind, domain, fmt, ap, 0);
	va_end(ap);
	return -1;
}

int
vox_error_system(const char *domain, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	record(VOX_ERR_IO, domain, fmt, ap, err ? err : EIO);
	va_end(ap);
	errno = err;
	return -1;
}

int
vox_error_system_k(enum vox_error_kind kind, const char *domain, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	record(kind, domain, fmt, ap, err ? err : EIO);
	va_end(ap);
	errno = err;
	return -1;
}

int
vox_error_set_kind(enum vox_error_kind kind)
{
	kind_of_last = kind;
	return -1;
}

char *
vox_error_vips_reason(const char *text)
{
	char *s = g_strstrip(g_strndup(text ? text : "", strcspn(text ? text : "", "\n")));

	if (!*s) {
		g_free(s);
		return g_strdup("libvips failed");
	}
	return s;
}

const char *
vox_error_message(void)
{
	return message;
}

const char *
vox_error_domain(void)
{
	return domain_buf;
}

enum vox_error_kind
vox_error_kind(void)
{
	return kind_of_last;
}

const char *
vox_error_kind_name(enum vox_error_kind kind)
{
	switch (kind) {
	case VOX_ERR_NONE: return "none";
	case VOX_ERR_REFUSED: return "refused";
	case VOX_ERR_NOT_FOUND: return "not found";
	case VOX_ERR_USAGE: return "usage";
	case VOX_ERR_IO: return "io";
	}
	return "unknown";
}

void
vox_error_clear(void)
{
	message[0] = '\0';
	domain_buf[0] = '\0';
	kind_of_last = VOX_ERR_NONE;
}
