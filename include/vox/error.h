#ifndef VOX_ERROR_H
#define VOX_ERROR_H

/*
 * Error reporting for the library, the libvips way: library code never prints and never
 * exits; it records a message with vox_error() and returns -1 (or NULL). The tool in cmd/
 * prints the message as "vox TOOL: MESSAGE" and chooses its exit status from the kind.
 *
 * Messages read "subject: what is wrong", lowercase, no full stop, the subject in quotes
 * where it is a name: "'IMG_1.jpg': truncated inside the SOS segment". The last message is
 * kept per thread, so ingest's worker threads do not overwrite each other's.
 *
 * Beside the message and its domain each error carries a kind, as a GError carries a code
 * beside its domain: what a caller needs to decide what to do next (a tool, its exit
 * status) without reading the message, which is for people and may change.
 */

#include <glib.h>

enum vox_error_kind {
	VOX_ERR_NONE = 0,   /* no error recorded */
	VOX_ERR_REFUSED,    /* this one input is refused: bad data, or not allowed (the default
	                     * of vox_error()) */
	VOX_ERR_NOT_FOUND,  /* a name or id that matches nothing: no such photo, site, prompt … */
	VOX_ERR_USAGE,      /* the request itself is malformed: a bad box, an argument out of
	                     * range; the caller's to fix, not the input's */
	VOX_ERR_IO,         /* the collection, the file system or a library failed (the default
	                     * of vox_error_system()) */
};

/* Records a message of kind VOX_ERR_REFUSED; replaces the previous one of this thread.
 * Always returns -1, so `return vox_error("scrub", "'%s': not a JPEG", name);` reads
 * naturally. */
int vox_error(const char *domain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* As vox_error(), of kind VOX_ERR_IO, with ": " and strerror(errno) appended (errno as it
 * was on entry, and kept). */
int vox_error_system(const char *domain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* As vox_error() and vox_error_system(), of the kind given. */
int vox_error_k(enum vox_error_kind kind, const char *domain, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
int vox_error_system_k(enum vox_error_kind kind, const char *domain, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Changes the kind of this thread's last error, for a caller that knows better than the
 * code that recorded it (a libvips that will not start is an I/O failure, not a photo that
 * libvips refused). Always returns -1. */
int vox_error_set_kind(enum vox_error_kind kind);

/*
 * A libvips failure: as vox_error(), with ": " and the first line of vips_error_buffer()
 * appended, and the libvips buffer cleared so that the next failure does not repeat this
 * one. Of kind VOX_ERR_REFUSED: libvips could not decode or convert this image. (Defined
 * in a file of its own, so that tools which never call it do not load libvips.)
 */
int vox_error_vips(const char *domain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * What vox_error_vips() appends: the first line of text (a libvips error buffer), trimmed,
 * or "libvips failed" when there is none. Returns a newly allocated string (g_free). For
 * code that reaches libvips through dlopen(), which passes its buffer's text and clears
 * the buffer itself.
 */
char *vox_error_vips_reason(const char *text);

/* The last message of this thread, or "" when none; valid until the next vox_error*(). */
const char *vox_error_message(void);

/* The domain of the last message ("scrub", "catalog" …), or "" when none. */
const char *vox_error_domain(void);

/* The kind of the last message, or VOX_ERR_NONE when none. */
enum vox_error_kind vox_error_kind(void);

/* The kind's name ("refused", "not found", "usage", "io", "none"), for tests and logs. */
const char *vox_error_kind_name(enum vox_error_kind kind);

/* Forgets the last message of this thread. */
void vox_error_clear(void);

#endif
