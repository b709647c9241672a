#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vox/error.h"

static __thread char message[1024];
static __thread char domain_buf[32];

static void G_GNUC_PRINTF(2, 0)
record(const char *domain, const char *fmt, va_list ap, int err)
{
	int n;

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
	record(domain, fmt, ap, 0);
	va_end(ap);
	return -1;
}

int
vox_error_system(const char *domain, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	record(domain, fmt, ap, err ? err : EIO);
	va_end(ap);
	errno = err;
	return -1;
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

void
vox_error_clear(void)
{
	message[0] = '\0';
	domain_buf[0] = '\0';
}
