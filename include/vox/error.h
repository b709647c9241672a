#ifndef VOX_ERROR_H
#define VOX_ERROR_H

/*
 * Error reporting for the library, the libvips way: library code never prints and never
 * exits; it records a message with vox_error() and returns -1 (or NULL). The tool in cmd/
 * prints the message as "vox TOOL: MESSAGE" (see vox/cli.h).
 *
 * Messages read "subject: what is wrong", lowercase, no full stop, the subject in quotes
 * where it is a name: "'IMG_1.jpg': truncated inside the SOS segment". The last message is
 * kept per thread, so ingest's worker threads do not overwrite each other's.
 */

#include <glib.h>

/* Records a message; replaces the previous one of this thread. Always returns -1, so
 * `return vox_error("scrub", "'%s': not a JPEG", name);` reads naturally. */
int vox_error(const char *domain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* As vox_error(), with ": " and strerror(errno) appended (errno as it was on entry). */
int vox_error_system(const char *domain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The last message of this thread, or "" when none; valid until the next vox_error*(). */
const char *vox_error_message(void);

/* The domain of the last message ("scrub", "catalog" …), or "" when none. */
const char *vox_error_domain(void);

/* Forgets the last message of this thread. */
void vox_error_clear(void);

#endif
