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

static void audit_archive(struct walk *w, const char *name, const uint8_t *d, size_t n,
    int depth);

/* Audits bytes already in memory: an archive, an image, or something skipped. named: the
 * user named this file, so not being an image is an error rather than a skip. */
static void
audit_bytes(struct walk *w, const char *path, const uint8_t *d, size_t n, int named, int depth)
{
	GPtrArray *findings;
	int rc;

	if (vox_audit_is_archive(d, n)) {
		audit_archive(w, path, d, n, depth);
		return;
	}
	if (!vox_audit_is_image(d, n)) {
		if (named) {
			g_autofree char *m = g_strdup_printf("'%s': not an image audit reads "
			    "(JPEG, PNG, WebP, HEIF) nor a zip or tar archive", path);

			report(w, path, VOX_AUDIT_ERROR, NULL, m);
		} else {
			report(w, path, VOX_AUDIT_SKIPPED, NULL, "not an image");
		}
		return;
	}
	findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	vox_error_clear();
	rc = vox_audit_buffer(path, d, n, findings);
	if (rc < 0)
		report(w, path, VOX_AUDIT_ERROR, findings, vox_error_message());
	else
		report(w, path, rc > 0 ? VOX_AUDIT_FOUND : VOX_AUDIT_CLEAN, findings, NULL);
	g_ptr_array_unref(findings);
}

/* Reads the current entry's data, at most VOX_AUDIT_MAX_ENTRY_SIZE bytes. Returns the
 * bytes, or NULL with *msg set. */
static GByteArray *
read_entry(struct archive *a, const char *path, char **msg, int *fatal)
{
	GByteArray *b = g_byte_array_new();
	uint8_t buf[65536];

	for (;;) {
		la_ssize_t got = archive_read_data(a, buf, sizeof(buf));

		if (got == 0)
			return b;
		if (got < 0) {
			*fatal = got == ARCHIVE_FATAL;
			*msg = g_strdup_printf("'%s': %s", path,
			    archive_error_string(a) ? archive_error_string(a) : "cannot read");
			break;
		}
		if ((size_t)got > VOX_AUDIT_MAX_ENTRY_SIZE - b->len) {
			*msg = g_strdup_printf("'%s': larger than the %zu MB audit reads from an "
			    "archive", path, VOX_AUDIT_MAX_ENTRY_SIZE >> 20);
			break;
		}
		g_byte_array_append(b, buf, (guint)got);
	}
	g_byte_array_unref(b);
	return NULL;
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
		char *msg = NULL;
		int fatal = 0;
		GByteArray *b;

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
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
		    (uint64_t)archive_entry_size(e) > VOX_AUDIT_MAX_ENTRY_SIZE) {
			g_autofree char *m = g_strdup_printf("'%s': larger than the %zu MB audit "
			    "reads from an archive", path, VOX_AUDIT_MAX_ENTRY_SIZE >> 20);

			report(w, path, VOX_AUDIT_ERROR, NULL, m);
			continue;
		}
		b = read_entry(a, path, &msg, &fatal);
		if (!b) {
			report(w, path, VOX_AUDIT_ERROR, NULL, msg);
			g_free(msg);
			if (fatal)
				goto out;
			continue;
		}
		audit_bytes(w, path, b->data, b->len, 0, depth + 1);
		g_byte_array_unref(b);
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

/* An archive on disk is streamed rather than mapped: a large one costs no memory. */
static void
audit_archive_file(struct walk *w, const char *path)
{
	struct archive *a = reader_new();

	if (!a || archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		report_archive_error(w, path, a, "");
		if (a)
			archive_read_free(a);
		return;
	}
	archive_walk(w, path, a, 0);
}

/* Maps a file and audits it. */
static void
audit_file(struct walk *w, const char *path, int named)
{
	GError *err = NULL;
	GMappedFile *mf;
	const uint8_t *d;
	size_t n;

	mf = g_mapped_file_new(path, FALSE, &err);
	if (!mf) {
		g_autofree char *m = g_strdup_printf("'%s': %s", path, err->message);

		report(w, path, VOX_AUDIT_ERROR, NULL, m);
		g_error_free(err);
		return;
	}
	d = (const uint8_t *)g_mapped_file_get_contents(mf);
	n = g_mapped_file_get_length(mf);
	if (vox_audit_is_archive(d, n)) {
		g_mapped_file_unref(mf);
		audit_archive_file(w, path);
		return;
	}
	audit_bytes(w, path, d, n, named, 0);
	g_mapped_file_unref(mf);
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
	GByteArray *b = g_byte_array_new();
	uint8_t buf[65536];
	size_t got;

	while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (got > VOX_AUDIT_MAX_ENTRY_SIZE - b->len) {
			g_autofree char *m = g_strdup_printf("'%s': larger than the %zu MB audit "
			    "reads from a stream", name, VOX_AUDIT_MAX_ENTRY_SIZE >> 20);

			report(&w, name, VOX_AUDIT_ERROR, NULL, m);
			goto out;
		}
		g_byte_array_append(b, buf, (guint)got);
	}
	if (ferror(in)) {
		g_autofree char *m = g_strdup_printf("'%s': %s", name, g_strerror(errno));

		report(&w, name, VOX_AUDIT_ERROR, NULL, m);
		goto out;
	}
	audit_bytes(&w, name, b->data, b->len, 1, 0);
out:
	g_byte_array_unref(b);
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

