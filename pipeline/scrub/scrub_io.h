#ifndef VOX_SCRUB_IO_H
#define VOX_SCRUB_IO_H

/*
 * Private to the scrub stage: the bounds-checked input cursor and the output sink that the
 * JPEG and PNG walkers share, so that one walker serves both vox_scrub_buffer() (the whole
 * file in memory) and the streaming path (a fixed window refilled from a file descriptor or
 * a FILE). Offsets in messages are offsets in the input.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "vox/hash.h"
#include "vox/scrub.h"

/* The window of a streaming source; it must hold a whole JPEG segment (65537 bytes). */
#define SCRUB_WINDOW (1u << 20)

struct scrub_src {
	const uint8_t *p, *end; /* the unread bytes at hand */
	uint64_t pos;           /* offset in the input of p */
	/* Streaming only (read is NULL for a buffer): */
	uint8_t *buf;
	size_t cap;
	int fd;                 /* read from fd when >= 0, else from fp */
	FILE *fp;
	int eof;
	int failed;             /* a read error was recorded */
	const char *name;
};

struct scrub_sink {
	GByteArray *mem;        /* append here, or: */
	int fd;                 /* write to fd when >= 0, else to fp */
	FILE *fp;
	uint8_t *buf;
	size_t len, cap;
	int failed;             /* a write error was recorded */
	int err;                /* its errno */
	vox_hash *hash;         /* streaming only: fed every byte written, when not NULL */
};

void scrub_src_init_buffer(struct scrub_src *s, const char *name, const uint8_t *data,
    size_t len);
/* fd >= 0 reads the descriptor, else fp. Returns 0 or -1 (out of memory). */
int scrub_src_init_stream(struct scrub_src *s, const char *name, int fd, FILE *fp);
void scrub_src_release(struct scrub_src *s);

/* Bytes at hand. */
static inline size_t
scrub_avail(const struct scrub_src *s)
{
	return (size_t)(s->end - s->p);
}

/*
 * Makes at least n bytes (n <= SCRUB_WINDOW) available at s->p. Returns 0, or -1 when the
 * input ends first (no error recorded, the caller names what was truncated) or on a read
 * error (s->failed set, error recorded).
 */
int scrub_need(struct scrub_src *s, size_t n);

/* Reads more after the bytes at hand; returns the number of new bytes, 0 at the end, -1. */
ssize_t scrub_fill(struct scrub_src *s);

void scrub_sink_init_buffer(struct scrub_sink *k, GByteArray *out);
int scrub_sink_init_stream(struct scrub_sink *k, int fd, FILE *fp);
/* Flushes buffered bytes. Returns 0 or -1 with an error recorded. */
int scrub_sink_flush(struct scrub_sink *k);
void scrub_sink_release(struct scrub_sink *k);
/* Returns 0 or -1 with an error recorded (an I/O failure, domain "io"). */
int scrub_put(struct scrub_sink *k, const void *data, size_t n);

/* The walkers. Each records a "scrub" error naming src->name on refusal. */
int scrub_jpeg(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info);
int scrub_png(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info);
int scrub_webp(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info);
int scrub_heif(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info);
int scrub_audio(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info);

/* Images larger than this are refused as absurd (a decoder would need gigabytes). */
#define SCRUB_MAX_PIXELS 500000000ull
#define SCRUB_MAX_SIDE 65500u

#endif
