#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vox/error.h"
#include "vox/file.h"
#include "scrub_io.h"

#define SINK_BUFFER (256u * 1024u)

void
scrub_src_init_buffer(struct scrub_src *s, const char *name, const uint8_t *data, size_t len)
{
	memset(s, 0, sizeof *s);
	s->p = data;
	s->end = data + len;
	s->fd = -1;
	s->eof = 1;
	s->name = name;
}

int
scrub_src_init_stream(struct scrub_src *s, const char *name, int fd, FILE *fp)
{
	memset(s, 0, sizeof *s);
	s->buf = g_try_malloc(SCRUB_WINDOW);
	if (!s->buf)
		return vox_error("scrub", "out of memory");
	s->cap = SCRUB_WINDOW;
	s->p = s->end = s->buf;
	s->fd = fd;
	s->fp = fp;
	s->name = name;
	return 0;
}

void
scrub_src_release(struct scrub_src *s)
{
	g_free(s->buf);
	s->buf = NULL;
}

ssize_t
scrub_fill(struct scrub_src *s)
{
	size_t have = scrub_avail(s), room;
	ssize_t n;

	if (s->eof || s->failed)
		return s->failed ? -1 : 0;
	/* Slide the unread bytes to the front so the window can take a full read. */
	if (s->p != s->buf) {
		memmove(s->buf, s->p, have);
		s->p = s->buf;
		s->end = s->buf + have;
	}
	room = s->cap - have;
	if (room == 0)
		return 0;
	for (;;) {
		if (s->fd >= 0) {
			n = read(s->fd, s->buf + have, room);
			if (n < 0 && errno == EINTR)
				continue;
		} else {
			size_t r = fread(s->buf + have, 1, room, s->fp);

			n = (ssize_t)r;
			if (r == 0 && ferror(s->fp))
				n = -1;
		}
		break;
	}
	if (n < 0) {
		s->failed = 1;
		/* A read error is this input's: it is refused and a batch goes on. */
		vox_error_system_k(VOX_ERR_REFUSED, "scrub", "'%s': read error", s->name);
		return -1;
	}
	if (n == 0)
		s->eof = 1;
	s->end += n;
	return n;
}

int
scrub_need(struct scrub_src *s, size_t n)
{
	while (scrub_avail(s) < n) {
		if (n > s->cap && s->buf)
			return -1;
		if (scrub_fill(s) <= 0)
			return -1;
	}
	return 0;
}

void
scrub_sink_init_buffer(struct scrub_sink *k, GByteArray *out)
{
	memset(k, 0, sizeof *k);
	k->mem = out;
	k->fd = -1;
}

int
scrub_sink_init_stream(struct scrub_sink *k, int fd, FILE *fp)
{
	memset(k, 0, sizeof *k);
	k->fd = fd;
	k->fp = fp;
	k->buf = g_try_malloc(SINK_BUFFER);
	if (!k->buf)
		return vox_error("scrub", "out of memory");
	k->cap = SINK_BUFFER;
	return 0;
}

void
scrub_sink_release(struct scrub_sink *k)
{
	g_free(k->buf);
	k->buf = NULL;
}

static int
sink_write(struct scrub_sink *k, const void *data, size_t n)
{
	if (k->failed)
		return -1;
	if (k->hash)
		vox_hash_update(k->hash, data, n);
	if (k->fd >= 0) {
		if (vox_write_all(k->fd, data, n) == 0)
			return 0;
	} else if (fwrite(data, 1, n, k->fp) == n) {
		return 0;
	}
	k->failed = 1;
	k->err = errno;
	return vox_error_system("io", "write error");
}

int
scrub_sink_flush(struct scrub_sink *k)
{
	if (k->mem || k->len == 0)
		return k->failed ? -1 : 0;
	if (sink_write(k, k->buf, k->len) != 0)
		return -1;
	k->len = 0;
	return 0;
}

int
scrub_put(struct scrub_sink *k, const void *data, size_t n)
{
	if (k->mem) {
		if (n > G_MAXUINT - k->mem->len)
			return vox_error("scrub", "output too large");
		g_byte_array_append(k->mem, data, (guint)n);
		return 0;
	}
	if (k->len + n > k->cap && scrub_sink_flush(k) != 0)
		return -1;
	/* Large runs (entropy-coded data) go straight through without a copy. */
	if (n >= k->cap)
		return sink_write(k, data, n);
	memcpy(k->buf + k->len, data, n);
	k->len += n;
	return 0;
}
