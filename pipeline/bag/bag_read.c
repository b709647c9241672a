/*
 * Reading bags, which come from elsewhere and are treated as hostile: a folder, or a zip or
 * tar (optionally gzip-compressed) read through libarchive, entry by entry, within the
 * bounds of include/vox/bag.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "bag_int.h"

static int
open_archive(vox_bag_reader *r)
{
	r->a = archive_read_new();
	/* Only zip and tar: the other readers of libarchive 3.6 carry known flaws. */
	if (archive_read_support_format_zip(r->a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(r->a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(r->a) != ARCHIVE_OK)
		return vox_error("bag", "'%s': %s", r->path, archive_error_string(r->a));
	if (archive_read_open_filename(r->a, r->path, 64 * 1024) != ARCHIVE_OK)
		return vox_error("bag", "'%s': %s", r->path, archive_error_string(r->a));
	return 0;
}

static int
walk_dir(vox_bag_reader *r, const char *rel)
{
	g_autofree char *dir = rel ? g_build_filename(r->path, rel, NULL) : g_strdup(r->path);
	GDir *d;
	GError *err = NULL;
	const char *n;
	int ret = 0;

	d = g_dir_open(dir, 0, &err);
	if (!d) {
		vox_error("bag", "'%s': %s", dir, err->message);
		g_error_free(err);
		return -1;
	}
	while (ret == 0 && (n = g_dir_read_name(d))) {
		g_autofree char *relp = rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n);
		g_autofree char *full = g_build_filename(r->path, relp, NULL);
		struct stat st;

		if (++r->count > VOX_BAG_MAX_ENTRIES) {
			ret = vox_error("bag", "'%s': more than %d entries, refused", r->path,
			    VOX_BAG_MAX_ENTRIES);
		} else if (lstat(full, &st) != 0) {
			ret = vox_error_system("bag", "'%s'", full);
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk_dir(r, relp);
		} else if (S_ISREG(st.st_mode)) {
			g_ptr_array_add(r->files, g_steal_pointer(&relp));
		} else {
			ret = vox_error("bag", "'%s': %s, refused", relp, S_ISLNK(st.st_mode) ?
			    "a symbolic link" : "not a regular file");
		}
	}
	g_dir_close(d);
	return ret;
}

static int
str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks an archive entry; sets *skip for folders. Returns 0 or -1 with an error. */
static int
check_entry(vox_bag_reader *r, struct archive_entry *e, int *skip)
{
	const char *raw = archive_entry_pathname_utf8(e);
	g_autofree char *p = NULL;
	size_t len;
	const char *slash;
	mode_t type = archive_entry_filetype(e);

	*skip = 0;
	if (!raw)
		raw = archive_entry_pathname(e);
	if (!raw || !*raw)
		return vox_error("bag", "'%s': an entry without a usable name, refused", r->path);
	if (++r->count > VOX_BAG_MAX_ENTRIES)
		return vox_error("bag", "'%s': more than %d entries, refused", r->path,
		    VOX_BAG_MAX_ENTRIES);
	p = g_strdup(raw);
	len = strlen(p);
	while (len > 0 && p[len - 1] == '/')
		p[--len] = '\0';
	if (raw[0] == '/' || !bag_path_shape_ok(p)) {
		g_autofree char *shown = g_strescape(raw, NULL);

		return vox_error("bag", "'%s': unsafe path '%s', refused", r->path, shown);
	}
	if (archive_entry_hardlink(e) || type == AE_IFLNK)
		return vox_error("bag", "'%s': '%s' is a link, refused", r->path, p);
	if (type != AE_IFREG && type != AE_IFDIR)
		return vox_error("bag", "'%s': '%s' is not a regular file, refused", r->path, p);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > VOX_BAG_MAX_FILE)
		return vox_error("bag", "'%s': '%s' declares %" G_GINT64_FORMAT
		    " bytes, more than a bag may hold, refused", r->path, p,
		    (gint64)archive_entry_size(e));
	slash = strchr(p, '/');
	if (!r->top) {
		r->top = slash ? g_strndup(p, (gsize)(slash - p)) : g_strdup(p);
		if (!slash && type != AE_IFDIR)
			return vox_error("bag", "'%s': '%s' is outside a top-level folder", r->path, p);
	} else if (strncmp(p, r->top, strlen(r->top)) != 0 ||
	    (p[strlen(r->top)] != '/' && p[strlen(r->top)] != '\0')) {
		return vox_error("bag", "'%s': '%s' is outside the top-level folder '%s'",
		    r->path, p, r->top);
	}
	if (type == AE_IFDIR || !slash) {
		*skip = 1;
		return 0;
	}
	g_free(r->name);
	r->name = g_strdup(slash + 1);
	return 0;
}

vox_bag_reader *
vox_bag_open(const char *path)
{
	vox_bag_reader *r = g_new0(vox_bag_reader, 1);
	struct stat st;

	r->path = g_strdup(path);
	r->fd = -1;
	if (stat(path, &st) != 0) {
		vox_error_system("bag", "'%s'", path);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		char *trimmed = g_strdup(path);
		size_t n = strlen(trimmed);

		while (n > 1 && trimmed[n - 1] == '/')
			trimmed[--n] = '\0';
		r->is_dir = 1;
		r->top = g_path_get_basename(trimmed);
		g_free(trimmed);
		r->files = g_ptr_array_new_with_free_func(g_free);
		if (walk_dir(r, NULL) != 0)
			goto fail;
		g_ptr_array_sort(r->files, str_cmp);
		return r;
	}
	if (open_archive(r) != 0)
		goto fail;
	return r;
fail:
	vox_bag_close(r);
	return NULL;
}

void
vox_bag_close(vox_bag_reader *r)
{
	if (!r)
		return;
	if (r->a)
		archive_read_free(r->a);
	if (r->fd >= 0)
		close(r->fd);
	if (r->files)
		g_ptr_array_unref(r->files);
	g_free(r->path);
	g_free(r->top);
	g_free(r->name);
	g_free(r);
}

const char *
vox_bag_top(vox_bag_reader *r)
{
	return r->top;
}

int
vox_bag_rewind(vox_bag_reader *r)
{
	g_free(r->name);
	r->name = NULL;
	r->failed = 0;
	r->total = 0;
	r->cur_read = 0;
	if (r->is_dir) {
		r->idx = 0;
		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		return 0;
	}
	archive_read_free(r->a);
	r->a = NULL;
	r->count = 0;
	return open_archive(r);
}

int
vox_bag_next(vox_bag_reader *r, const char **name, int64_t *size)
{
	if (r->failed)
		return vox_error("bag", "'%s': cannot be read further", r->path);
	r->cur_read = 0;
	if (r->is_dir) {
		struct stat st;
		g_autofree char *full = NULL;

		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		if (r->idx >= r->files->len)
			return 0;
		g_free(r->name);
		r->name = g_strdup(g_ptr_array_index(r->files, r->idx++));
		full = g_build_filename(r->path, r->name, NULL);
		r->fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (r->fd < 0 || fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			r->failed = 1;
			return vox_error_system("bag", "'%s'", full);
		}
		*name = r->name;
		*size = st.st_size;
		return 1;
	}
	for (;;) {
		struct archive_entry *e;
		locale_t old = uselocale(bag_utf8_locale());
		int rc = archive_read_next_header(r->a, &e), skip;

		uselocale(old);

		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			r->failed = 1;
			return vox_error("bag", "'%s': %s", r->path,
			    archive_error_string(r->a) ? archive_error_string(r->a) : "damaged");
		}
		old = uselocale(bag_utf8_locale());
		rc = check_entry(r, e, &skip);
		uselocale(old);
		if (rc != 0) {
			r->failed = 1;
			return -1;
		}
		if (skip)
			continue;
		*name = r->name;
		*size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		return 1;
	}
}

gssize
vox_bag_read(vox_bag_reader *r, void *buf, size_t n)
{
	gssize got;

	if (r->failed)
		return vox_error("bag", "'%s': cannot be read further", r->path);
	if (r->is_dir) {
		do
			got = read(r->fd, buf, n);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			r->failed = 1;
			return vox_error_system("bag", "'%s': '%s'", r->path, r->name);
		}
	} else {
		got = archive_read_data(r->a, buf, n);
		if (got < 0) {
			r->failed = 1;
			return vox_error("bag", "'%s': '%s': %s", r->path, r->name,
			    archive_error_string(r->a) ? archive_error_string(r->a) : "damaged");
		}
	}
	r->cur_read += got;
	r->total += got;
	if (r->cur_read > VOX_BAG_MAX_FILE || r->total > VOX_BAG_MAX_TOTAL) {
		r->failed = 1;
		return vox_error("bag", "'%s': '%s' is larger than a bag may hold, refused",
		    r->path, r->name);
	}
	return got;
}

GByteArray *
vox_bag_slurp(vox_bag_reader *r, int64_t max)
{
	GByteArray *b = g_byte_array_new();
	guchar *buf = g_malloc(BAG_CHUNK);

	for (;;) {
		gssize n = vox_bag_read(r, buf, BAG_CHUNK);

		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		if ((int64_t)b->len + n > max) {
			vox_error("bag", "'%s': '%s' is larger than %" G_GINT64_FORMAT " bytes",
			    r->path, r->name, max);
			goto fail;
		}
		g_byte_array_append(b, buf, (guint)n);
	}
	g_free(buf);
	return b;
fail:
	g_free(buf);
	g_byte_array_unref(b);
	return NULL;
}

GByteArray *
vox_bag_read_file(vox_bag_reader *r, const char *want, int64_t max)
{
	const char *name;
	int64_t size;
	int rc;

	if (vox_bag_rewind(r) != 0)
		return NULL;
	while ((rc = vox_bag_next(r, &name, &size)) == 1)
		if (strcmp(name, want) == 0)
			return vox_bag_slurp(r, max);
	if (rc == 0)
		vox_error("bag", "'%s': no '%s' in the bag", r->path, want);
	return NULL;
}
