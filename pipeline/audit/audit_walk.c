/*
 * Audit of paths: files, folders (recursively, each folder once so link loops end) and
 * zip/tar/tar.gz archives read in memory with libarchive's zip and tar readers only. Nothing
 * is ever extracted to disk; entry sizes, counts and nesting are bounded.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "vox/file.h"

#define DOMAIN "audit"

struct walk {
	vox_audit_fn fn;
	void *ctx;
	int errors;
	GHashTable *dirs; /* "dev:ino" of every folder walked */
};

static void
report(struct walk *w, const char *path, enum vox_audit_status st, const GPtrArray *findings,
    const char *error)
{
	struct vox_audit_result r = { path, st, findings, error };

	if (st == VOX_AUDIT_ERROR)
		w->errors++;
	w->fn(&r, w->ctx);
}

/*
 * What audit reads, in order: a file, standard input, or the entry of an archive being read.
 * Its first bytes are read ahead to tell an archive from an image from anything else, so
 * that only an image is ever held whole (at most VOX_AUDIT_MAX_ENTRY_SIZE bytes), an archive
 * is streamed through libarchive, and anything else is never read further.
 */
#define HEAD_SIZE 65536

struct feed {
	/* Reads up to n more bytes: the count, 0 at the end, or -1 with msg set. */
	ssize_t (*read)(struct feed *f, uint8_t *buf, size_t n);
	void *src;        /* struct archive *, FILE *, or a file descriptor in fd */
	int fd;
	gint64 size;      /* the whole size when known before reading, else -1 */
	char *msg;        /* why reading failed, naming what was read */
	int fatal;        /* the archive holding an entry cannot be read further */
	uint8_t head[HEAD_SIZE];
	size_t head_len;  /* bytes read ahead into head */
	size_t head_given; /* of those, passed on to an archive reader */
	uint8_t chunk[65536]; /* what an archive reader was last given (each its own) */
};

static ssize_t
feed_read_fd(struct feed *f, uint8_t *buf, size_t n)
{
	ssize_t got;

	do
		got = read(f->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		f->msg = g_strdup(g_strerror(errno));
	return got;
}

static ssize_t
feed_read_file(struct feed *f, uint8_t *buf, size_t n)
{
	size_t got = fread(buf, 1, n, f->src);

	if (got == 0 && ferror(f->src)) {
		f->msg = g_strdup(g_strerror(errno));
		return -1;
	}
	return (ssize_t)got;
}

static ssize_t
feed_read_entry(struct feed *f, uint8_t *buf, size_t n)
{
	struct archive *a = f->src;
	la_ssize_t got = archive_read_data(a, buf, n);

	if (got < 0) {
		f->fatal = got == ARCHIVE_FATAL;
		f->msg = g_strdup(archive_error_string(a) ? archive_error_string(a) :
		    "cannot read");
		return -1;
	}
	return (ssize_t)got;
}

/* Fills f->head as far as the data goes. Returns 0 or -1 with f->msg set. */
static int
feed_head(struct feed *f)
{
	while (f->head_len < sizeof(f->head)) {
		ssize_t got = f->read(f, f->head + f->head_len, sizeof(f->head) - f->head_len);

		if (got < 0)
			return -1;
		if (got == 0)
			break;
		f->head_len += (size_t)got;
	}
	return 0;
}

static void audit_archive_feed(struct walk *w, const char *name, struct feed *f,
    int depth);

/* Reads the image whose first bytes are in f->head, whole, when it is at most
 * VOX_AUDIT_MAX_ENTRY_SIZE bytes. Returns the bytes, or NULL with *msg set (*too_large when
 * it is larger: not audited). */
static GByteArray *
feed_image(struct feed *f, const char *path, char **msg, int *too_large)
{
	GByteArray *b;
	uint8_t buf[65536];

	*too_large = f->size > (gint64)VOX_AUDIT_MAX_ENTRY_SIZE;
	if (*too_large)
		return NULL;
	b = g_byte_array_sized_new(f->size > (gint64)f->head_len ? (guint)f->size :
	    (guint)f->head_len);
	g_byte_array_append(b, f->head, (guint)f->head_len);
	for (;;) {
		ssize_t got = f->read(f, buf, sizeof(buf));

		if (got == 0)
			return b;
		if (got < 0) {
			*msg = g_strdup_printf("'%s': %s", path, f->msg);
			break;
		}
		if ((size_t)got > VOX_AUDIT_MAX_ENTRY_SIZE - b->len) {
			*too_large = 1;
			break;
		}
		g_byte_array_append(b, buf, (guint)got);
	}
	g_byte_array_unref(b);
	return NULL;
}

/* Audits an image, an archive or something skipped, as f's first bytes tell. named: the
 * user named this file, so not being an image is an error rather than a skip. */
static void
audit_feed(struct walk *w, const char *path, struct feed *f, int named, int depth)
{
	GPtrArray *findings;
	GByteArray *b;
	char *msg = NULL;
	int rc, too_large = 0;

	if (feed_head(f) != 0) {
		g_autofree char *m = g_strdup_printf("'%s': %s", path, f->msg);

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		return;
	}
	if (vox_audit_is_archive(f->head, f->head_len)) {
		audit_archive_feed(w, path, f, depth);
		return;
	}
	if (!vox_audit_is_image(f->head, f->head_len)) {
		if (named) {
			g_autofree char *m = g_strdup_printf("'%s': not an image audit reads "
			    "(JPEG, PNG, WebP, HEIF) nor a zip or tar archive", path);

			report(w, path, VOX_AUDIT_ERROR, NULL, m);
		} else {
			report(w, path, VOX_AUDIT_SKIPPED, NULL, "not an image");
		}
		return;
	}
	/* An image is parsed whole (a JPEG's markers run to its end, and so may bytes after
	 * it), so one larger than any photo photovox takes in is not read at all: it is an
	 * error, never a clean bill for bytes nobody looked at. */
	b = feed_image(f, path, &msg, &too_large);
	if (!b) {
		if (too_large) {
			g_autofree char *m = f->size >= 0 ?
			    g_strdup_printf("'%s': %" G_GINT64_FORMAT " MB, too large to audit "
			    "(more than %zu MB); not read", path, f->size >> 20,
			    VOX_AUDIT_MAX_ENTRY_SIZE >> 20) :
			    g_strdup_printf("'%s': too large to audit (more than %zu MB); not "
			    "read", path, VOX_AUDIT_MAX_ENTRY_SIZE >> 20);

			report(w, path, VOX_AUDIT_ERROR, NULL, m);
		} else {
			report(w, path, VOX_AUDIT_ERROR, NULL, msg);
		}
		g_free(msg);
		return;
	}
	findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	vox_error_clear();
	rc = vox_audit_buffer(path, b->data, b->len, findings);
	if (rc < 0)
		report(w, path, VOX_AUDIT_ERROR, findings, vox_error_message());
	else
		report(w, path, rc > 0 ? VOX_AUDIT_FOUND : VOX_AUDIT_CLEAN, findings, NULL);
	g_ptr_array_unref(findings);
	g_byte_array_unref(b);
}

/* A new reader with only the zip and tar formats and the gzip filter: libarchive's other
 * readers carry known CVEs (CONTRIBUTING.md, Import). */
static struct archive *
reader_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_gzip(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	return a;
}

static void
report_archive_error(struct walk *w, const char *name, struct archive *a, const char *what)
{
	g_autofree char *m = g_strdup_printf("'%s': %s%s", name, what,
	    a && archive_error_string(a) ? archive_error_string(a) : "cannot read");

	report(w, name, VOX_AUDIT_ERROR, NULL, m);
}

/* Reads every entry of an opened archive, then frees it. */
static void
archive_walk(struct walk *w, const char *name, struct archive *a, int depth)
{
	struct archive_entry *e;
	unsigned long entries = 0;
	/* Entry names come through as UTF-8 whatever the user's locale. */
	locale_t old = uselocale(vox_utf8_locale());
	int r;

	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *utf8, *own;
		g_autofree char *inner = NULL;
		g_autofree char *path = NULL;
		struct feed *f;
		int fatal;

		if (++entries > VOX_AUDIT_MAX_ENTRIES) {
			g_autofree char *m = g_strdup_printf("'%s': more than %d entries; the rest "
			    "was not audited", name, VOX_AUDIT_MAX_ENTRIES);

			report(w, name, VOX_AUDIT_ERROR, NULL, m);
			goto out;
		}
		/* Folders, links and devices are names only: never followed, never created. */
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		/* A name that is not UTF-8 is shown transcoded (a zip's from CP437). */
		utf8 = archive_entry_pathname_utf8(e);
		own = archive_entry_pathname(e);
		if (utf8 && g_utf8_validate(utf8, -1, NULL))
			inner = g_strdup(utf8);
		else if (own || utf8)
			inner = vox_name_utf8(own ? own : utf8, (archive_format(a) &
			    ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP ? VOX_NAME_ZIP :
			    VOX_NAME_DISK);
		path = g_strdup_printf("%s!%s", name, inner ? inner : "?");
		/* The entry is read as it is audited: an archive in it is streamed in turn, so
		 * nesting never holds one archive inside another. */
		f = g_new0(struct feed, 1);
		f->read = feed_read_entry;
		f->src = a;
		f->size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		audit_feed(w, path, f, 0, depth + 1);
		fatal = f->fatal;
		g_free(f->msg);
		g_free(f);
		if (fatal)
			goto out;
	}
	if (r != ARCHIVE_EOF)
		report_archive_error(w, name, a, "damaged archive: ");
out:
	archive_read_free(a);
	uselocale(old);
}

static int
too_deep(struct walk *w, const char *name, int depth)
{
	g_autofree char *m = NULL;

	if (depth < VOX_AUDIT_MAX_NESTING)
		return 0;
	m = g_strdup_printf("'%s': archives nested more than %d deep", name,
	    VOX_AUDIT_MAX_NESTING);
	report(w, name, VOX_AUDIT_ERROR, NULL, m);
	return 1;
}

/* libarchive's read callback over a feed: the bytes read ahead, then the rest as it
 * comes. A failure of the feed underneath is the archive's error. */
static la_ssize_t
feed_archive_read(struct archive *a, void *client, const void **buf)
{
	struct feed *f = client;
	ssize_t got;

	if (f->head_given < f->head_len) {
		*buf = f->head + f->head_given;
		got = (ssize_t)(f->head_len - f->head_given);
		f->head_given = f->head_len;
		return got;
	}
	got = f->read(f, f->chunk, sizeof(f->chunk));
	if (got < 0) {
		archive_set_error(a, EIO, "%s", f->msg);
		return -1;
	}
	*buf = f->chunk;
	return got;
}

/* An archive is read as it streams, whether from a file, standard input or an entry of
 * another archive: a large one, or one inside another, costs no memory. */
static void
audit_archive_feed(struct walk *w, const char *name, struct feed *f, int depth)
{
	struct archive *a;

	if (too_deep(w, name, depth))
		return;
	a = reader_new();
	if (!a || archive_read_open(a, f, NULL, feed_archive_read, NULL) != ARCHIVE_OK) {
		report_archive_error(w, name, a, "");
		if (a)
			archive_read_free(a);
		return;
	}
	archive_walk(w, name, a, depth);
}

static void
audit_archive(struct walk *w, const char *name, const uint8_t *d, size_t n, int depth)
{
	struct archive *a;

	if (too_deep(w, name, depth))
		return;
	a = reader_new();
	if (!a || archive_read_open_memory(a, d, n) != ARCHIVE_OK) {
		report_archive_error(w, name, a, "");
		if (a)
			archive_read_free(a);
		return;
	}
	archive_walk(w, name, a, depth);
}

/* Reads a file as it audits it: never mapped, since a mapped file's pages count as the
 * process's memory as soon as they are read. */
static void
audit_file(struct walk *w, const char *path, int named)
{
	struct feed *f;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		g_autofree char *m = g_strdup_printf("'%s': %s", path, g_strerror(errno));

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		if (fd >= 0)
			close(fd);
		return;
	}
	/* Replaced by something else since the walk looked at it: never read a FIFO. */
	if (!S_ISREG(st.st_mode)) {
		g_autofree char *m = g_strdup_printf("'%s': not a regular file", path);

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		close(fd);
		return;
	}
	f = g_new0(struct feed, 1);
	f->read = feed_read_fd;
	f->fd = fd;
	f->size = st.st_size;
	audit_feed(w, path, f, named, 0);
	g_free(f->msg);
	g_free(f);
	close(fd);
}

static int
cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_path(struct walk *w, const char *path, int named);

static void
walk_dir(struct walk *w, const char *path, const struct stat *st)
{
	char *key = g_strdup_printf("%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
	GPtrArray *names;
	struct dirent *de;
	DIR *dir;

	/* Each folder once: a symbolic link back up the tree ends here. */
	if (g_hash_table_contains(w->dirs, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(w->dirs, key);
	dir = opendir(path);
	if (!dir) {
		g_autofree char *m = g_strdup_printf("'%s': %s", path, g_strerror(errno));

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		return;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	errno = 0;
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		g_ptr_array_add(names, g_strdup(de->d_name));
	}
	if (errno) {
		g_autofree char *m = g_strdup_printf("'%s': %s", path, g_strerror(errno));

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
	}
	closedir(dir);
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		size_t l = strlen(path);
		g_autofree char *child = g_strdup_printf("%s%s%s", path,
		    l && path[l - 1] == '/' ? "" : "/", (char *)names->pdata[i]);

		walk_path(w, child, 0);
	}
	g_ptr_array_unref(names);
}

static void
walk_path(struct walk *w, const char *path, int named)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		struct stat lst;

		if (!named && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			report(w, path, VOX_AUDIT_SKIPPED, NULL, "dangling symbolic link");
			return;
		}
		g_autofree char *m = g_strdup_printf("'%s': %s", path, g_strerror(errno));

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		walk_dir(w, path, &st);
	} else if (S_ISREG(st.st_mode)) {
		audit_file(w, path, named);
	} else if (named) {
		g_autofree char *m = g_strdup_printf("'%s': not a file or folder", path);

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
	} else {
		/* Never open a FIFO or a device found in a folder: it could block forever. */
		report(w, path, VOX_AUDIT_SKIPPED, NULL, "not a regular file");
	}
}

int
vox_audit_path(const char *path, vox_audit_fn fn, void *ctx)
{
	struct walk w = { fn, ctx, 0, NULL };

	w.dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	walk_path(&w, path, 1);
	g_hash_table_destroy(w.dirs);
	return w.errors ? -1 : 0;
}

int
vox_audit_stream(const char *name, FILE *in, vox_audit_fn fn, void *ctx)
{
	struct walk w = { fn, ctx, 0, NULL };
	struct feed *f = g_new0(struct feed, 1);

	f->read = feed_read_file;
	f->src = in;
	f->size = -1;
	audit_feed(&w, name, f, 1, 0);
	g_free(f->msg);
	g_free(f);
	return w.errors ? -1 : 0;
}

int
vox_audit_archive_buffer(const char *name, const uint8_t *data, size_t len, vox_audit_fn fn,
    void *ctx)
{
	struct walk w = { fn, ctx, 0, NULL };

	audit_archive(&w, name, data, len, 0);
	return w.errors ? -1 : 0;
}

