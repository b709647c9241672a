#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fs.h>

#include <archive.h>
#include <archive_entry.h>

#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"

void
vox_sha256_hex(const void *data, size_t len, char hex[VOX_SHA256_HEX])
{
	vox_hash *h = vox_hash_new(VOX_HASH_SHA256);

	vox_hash_update(h, data, len);
	g_strlcpy(hex, vox_hash_hex(h), VOX_SHA256_HEX);
	vox_hash_free(h);
}

/* One component of a name, not UTF-8, read in the charset of its origin. */
static char *
component_utf8(const char *c, enum vox_name_origin origin)
{
	static const char *const disk[] = { "WINDOWS-1252", "ISO-8859-1" };
	static const char *const zip[] = { "CP437", "ISO-8859-1" };
	const char *const *from = origin == VOX_NAME_ZIP ? zip : disk;

	for (size_t i = 0; i < 2; i++) {
		char *u = g_convert(c, -1, "UTF-8", from[i], NULL, NULL, NULL);

		if (u && g_utf8_validate(u, -1, NULL))
			return u;
		g_free(u);
	}
	return g_utf8_make_valid(c, -1);
}

char *
vox_name_utf8(const char *name, enum vox_name_origin origin)
{
	GString *s;
	const char *p = name;

	if (g_utf8_validate(name, -1, NULL))
		return g_strdup(name);
	s = g_string_new(NULL);
	for (;;) {
		size_t n = strcspn(p, "/");
		char *c = g_strndup(p, n);

		if (g_utf8_validate(c, -1, NULL)) {
			g_string_append(s, c);
		} else {
			char *u = component_utf8(c, origin);

			g_string_append(s, u);
			g_free(u);
		}
		g_free(c);
		if (!p[n])
			break;
		g_string_append_c(s, '/');
		p += n + 1;
	}
	return g_string_free(s, FALSE);
}

locale_t
vox_utf8_locale(void)
{
	static locale_t loc;

	if (g_once_init_enter(&loc)) {
		locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

		g_once_init_leave(&loc, l ? l : LC_GLOBAL_LOCALE);
	}
	return loc;
}

int
vox_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
vox_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return vox_error_system("file", "'%s'", dir);
	if (fsync(fd) != 0 && errno != EINVAL)
		ret = vox_error_system("file", "'%s': fsync", dir);
	close(fd);
	return ret;
}

int
vox_tmpfile(const char *dir, char **tmp_path)
{
	char *path = g_build_filename(dir, ".vox-XXXXXX", NULL);
	int fd = g_mkstemp_full(path, O_WRONLY | O_CLOEXEC, 0644);

	if (fd < 0) {
		vox_error_system("file", "'%s': cannot create a temporary file", dir);
		g_free(path);
		return -1;
	}
	*tmp_path = path;
	return fd;
}

void
vox_tmpfile_abort(int fd, const char *tmp_path)
{
	int err = errno;

	if (fd >= 0)
		close(fd);
	if (tmp_path)
		unlink(tmp_path);
	errno = err;
}

int
vox_replaceable(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : vox_error_system("file", "'%s'", path);
	if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		return 0;
	return vox_error("file", "'%s': not a regular file; it is left as it is (to write to "
	    "standard output, give -)", path);
}

/* Closes fd and renames tmp_path to path, after an fsync when durable is set; then the
 * folder's fsync when durable is set. */
static int
commit(int fd, const char *tmp_path, const char *path, int durable)
{
	char *dir;
	int ret;

	if (vox_replaceable(path) != 0) {
		vox_tmpfile_abort(fd, tmp_path);
		return -1;
	}
	if (durable && fsync(fd) != 0) {
		vox_error_system("file", "'%s': fsync", path);
		vox_tmpfile_abort(fd, tmp_path);
		return -1;
	}
	if (close(fd) != 0) {
		vox_error_system("file", "'%s': close", path);
		vox_tmpfile_abort(-1, tmp_path);
		return -1;
	}
	if (rename(tmp_path, path) != 0) {
		vox_error_system("file", "'%s'", path);
		vox_tmpfile_abort(-1, tmp_path);
		return -1;
	}
	if (!durable)
		return 0;
	dir = g_path_get_dirname(path);
	ret = vox_fsync_dir(dir);
	g_free(dir);
	return ret;
}

int
vox_tmpfile_commit(int fd, const char *tmp_path, const char *path)
{
	return commit(fd, tmp_path, path, 1);
}

static int
write_renamed(const char *path, const char *tmpdir, const void *data, size_t len,
    int durable)
{
	char *dir = tmpdir ? g_strdup(tmpdir) : g_path_get_dirname(path);
	char *tmp = NULL;
	int fd, ret = -1;

	fd = vox_tmpfile(dir, &tmp);
	if (fd < 0)
		goto out;
	if (vox_write_all(fd, data, len) != 0) {
		vox_error_system("file", "'%s'", path);
		vox_tmpfile_abort(fd, tmp);
		goto out;
	}
	ret = commit(fd, tmp, path, durable);
out:
	g_free(tmp);
	g_free(dir);
	return ret;
}

int
vox_write_atomic(const char *path, const char *tmpdir, const void *data, size_t len)
{
	return write_renamed(path, tmpdir, data, len, 1);
}

int
vox_write_unsynced(const char *path, const char *tmpdir, const void *data, size_t len)
{
	return write_renamed(path, tmpdir, data, len, 0);
}

/* Copies the whole of in to out (both at offset 0): copy_file_range, which the kernel may
 * serve by sharing extents copy-on-write, else read and write. 0 or -1 (errno set). */
static int
copy_bytes(int in, int out)
{
	char buf[1 << 16];
	ssize_t n;

	for (;;) {
		n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
	}
	/* Not across these file systems (EXDEV, EINVAL, ENOSYS …): start again by hand. */
	if (lseek(in, 0, SEEK_SET) < 0 || lseek(out, 0, SEEK_SET) < 0 || ftruncate(out, 0) != 0)
		return -1;
	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (vox_write_all(out, buf, (size_t)n) != 0)
			return -1;
	}
}

int
vox_copy_file(const char *from, const char *to)
{
	int in, out;

	in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return vox_error_system("file", "'%s'", from);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		vox_error_system("file", "'%s'", to);
		close(in);
		return -1;
	}
	/* A reflink where the file system has them (Btrfs, XFS): its own file that shares
	 * blocks until either is written, never the same file as a hard link is. */
	if (ioctl(out, FICLONE, in) != 0 && copy_bytes(in, out) != 0) {
		vox_error_system("file", "'%s': cannot copy to '%s'", from, to);
		close(in);
		close(out);
		unlink(to);
		return -1;
	}
	close(in);
	if (close(out) != 0) {
		vox_error_system("file", "'%s'", to);
		unlink(to);
		return -1;
	}
	return 0;
}

int
vox_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		GDir *d = g_dir_open(path, 0, NULL);
		const char *n;

		if (!d)
			return -1;
		while ((n = g_dir_read_name(d))) {
			char *p = g_build_filename(path, n, NULL);

			vox_remove_tree(p);
			g_free(p);
		}
		g_dir_close(d);
		return rmdir(path);
	}
	return unlink(path);
}

/* Whether name is "<prefix>XXXXXX", six characters of the kind mkdtemp makes. */
static int
is_build_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0 || strlen(name + n) != 6)
		return 0;
	for (const char *p = name + n; *p; p++)
		if (!g_ascii_isalnum(*p))
			return 0;
	return 1;
}

/* Removes what killed runs left in parent: files and folders named prefix and six
 * characters that nobody holds locked (a run in progress holds its lock). Links are never
 * followed. */
static void
remove_abandoned(const char *parent, const char *prefix)
{
	GDir *d = g_dir_open(parent, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *path;
		int fd;

		if (!is_build_name(name, prefix))
			continue;
		path = g_build_filename(parent, name, NULL);
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
			vox_remove_tree(path);
		if (fd >= 0)
			close(fd);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
}

char *
vox_locked_tmp(const char *parent, const char *prefix, enum vox_tmp_kind kind, int *fd)
{
	char *tmp = g_strdup_printf("%s/%sXXXXXX", parent, prefix);

	remove_abandoned(parent, prefix);
	if (kind == VOX_TMP_FOLDER) {
		if (!g_mkdtemp_full(tmp, 0755)) {
			vox_error_system("file", "'%s': cannot make a temporary folder", parent);
			*fd = -1;
		} else if ((*fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			vox_error_system("file", "'%s'", tmp);
			rmdir(tmp);
		}
	} else if ((*fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0644)) < 0) {
		vox_error_system("file", "'%s': cannot create a temporary file", parent);
	}
	if (*fd < 0) {
		g_free(tmp);
		return NULL;
	}
	/* Locked at once (only a run cleaning up between these two calls could remove it
	 * first). A file system without flock still works, without that protection. */
	flock(*fd, LOCK_EX | LOCK_NB);
	return tmp;
}

static int fill_in_place(const char *tmp, const char *dir);

/* The listing of a marker file after its first line (its kind), or NULL when it cannot be
 * read or does not start "photovox KIND". */
static char *
marker_lines(const char *path, const char *kind_line)
{
	char *data = NULL;

	if (!g_file_get_contents(path, &data, NULL, NULL))
		return NULL;
	if (kind_line ? !g_str_has_prefix(data, kind_line) : !g_str_has_prefix(data,
	    "photovox ")) {
		g_free(data);
		return NULL;
	}
	return data;
}

/* Before a mount point dir is filled from tmp: dir's VOX_OUTPUT_FILLING lists the new
 * output (tmp's marker) and the old (dir's marker, or an earlier journal a fill cut short
 * left), durably. Nothing to write when tmp has no marker. 0 or -1. */
static int
filling_begin(const char *tmp, const char *dir)
{
	g_autofree char *fresh_path = g_build_filename(tmp, VOX_OUTPUT_MARKER, NULL);
	g_autofree char *old_path = g_build_filename(dir, VOX_OUTPUT_MARKER, NULL);
	g_autofree char *journal = g_build_filename(dir, VOX_OUTPUT_FILLING, NULL);
	g_autofree char *fresh = marker_lines(fresh_path, NULL);
	g_autofree char *old = NULL, *earlier = NULL, *kind_line = NULL;
	GString *s;
	int ret;

	if (!fresh)
		return 0;
	kind_line = g_strndup(fresh, strcspn(fresh, "\n") + 1);
	old = marker_lines(old_path, kind_line);
	earlier = marker_lines(journal, kind_line);
	s = g_string_new(fresh);
	if (s->len > 0 && s->str[s->len - 1] != '\n')
		g_string_append_c(s, '\n');
	if (old)
		g_string_append(s, old + strlen(kind_line));
	if (s->len > 0 && s->str[s->len - 1] != '\n')
		g_string_append_c(s, '\n');
	if (earlier)
		g_string_append(s, earlier + strlen(kind_line));
	ret = vox_write_atomic(journal, NULL, s->str, s->len);
	g_string_free(s, TRUE);
	return ret;
}

int
vox_swap_dir(const char *tmp, const char *dir)
{
	g_autofree char *parent = g_path_get_dirname(dir);
	g_autofree char *base = NULL;
	g_autofree char *old = NULL;
	g_autofree char *tmp_parent = g_path_get_dirname(tmp);
	struct stat a, b;
	int ret;

	/* Built inside dir (a mount point: vox_build_dir_new()). */
	if (stat(tmp_parent, &a) == 0 && stat(dir, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return fill_in_place(tmp, dir);
	if (rename(tmp, dir) == 0)
		return vox_fsync_dir(parent);
	if (errno != EEXIST && errno != ENOTEMPTY)
		return vox_error_system("file", "'%s'", dir);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		old = g_strdup(tmp);    /* tmp now holds the old folder */
	} else {
		base = g_path_get_basename(dir);
		old = g_strdup_printf("%s/.%s.old-XXXXXX", parent, base);
		if (!g_mkdtemp_full(old, 0700))
			return vox_error_system("file", "'%s': cannot make a temporary folder",
			    parent);
		if (rename(dir, old) != 0) {
			vox_error_system("file", "'%s': cannot move the old folder away", dir);
			rmdir(old);
			return -1;
		}
		if (rename(tmp, dir) != 0) {
			vox_error_system("file", "'%s'", dir);
			if (rename(old, dir) != 0)
				vox_error_system("file", "'%s': the old folder is in '%s'", dir, old);
			return -1;
		}
	}
	ret = vox_fsync_dir(parent);
	/* What the old folder held must not linger hidden beside the new one. */
	if (vox_remove_tree(old) != 0)
		ret = vox_error_system("file", "'%s': cannot remove the old folder", old);
	return ret;
}

int
vox_is_mount_point(const char *dir)
{
	g_autofree char *parent = g_build_filename(dir, "..", NULL);
	struct statx sx;
	struct stat st, pt;

	if (statx(AT_FDCWD, dir, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0 &&
	    (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return S_ISDIR(sx.stx_mode) && (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
	/* An older kernel: a folder on another device than its parent's. */
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || stat(parent, &pt) != 0)
		return 0;
	return st.st_dev != pt.st_dev || st.st_ino == pt.st_ino;
}

char *
vox_build_dir_new(const char *dir, const char *tag, int *lock_fd)
{
	char *parent = g_path_get_dirname(dir);
	char *base = g_path_get_basename(dir);
	char *prefix = g_strdup_printf(".%s.%s-", base, tag);
	char *tmp;

	/* A mount point cannot be renamed: the new output is built inside it and put in
	 * place entry by entry (vox_swap_dir()). */
	if (vox_is_mount_point(dir))
		tmp = vox_locked_tmp(dir, VOX_OUTPUT_BUILD, VOX_TMP_FOLDER, lock_fd);
	else
		tmp = vox_locked_tmp(parent, prefix, VOX_TMP_FOLDER, lock_fd);
	g_free(prefix);
	g_free(base);
	g_free(parent);
	return tmp;
}

/* Fills dir, a mount point, from tmp built inside it: each entry of tmp takes the place of
 * the entry of that name (exchanged in one step when one is there), then the old entries
 * the new output does not have are removed, the marker last. The caller checked that dir
 * held only an earlier output of its own (vox_output_replaceable()). */
static int
fill_in_place(const char *tmp, const char *dir)
{
	g_autofree char *tmp_base = g_path_get_basename(tmp);
	g_autoptr(GHashTable) fresh = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	GDir *d = g_dir_open(tmp, 0, NULL);
	const char *name;
	int ret = 0;

	if (!d)
		return vox_error_system("file", "'%s'", tmp);
	while ((name = g_dir_read_name(d)))
		g_hash_table_add(fresh, g_strdup(name));
	g_dir_close(d);
	if (filling_begin(tmp, dir) != 0)
		return -1;
	/* The marker last, so that until the new output is whole it is not claimed. */
	{
		GHashTableIter it;
		gpointer key;

		for (int marker = 0; marker < 2; marker++) {
			g_hash_table_iter_init(&it, fresh);
			while (g_hash_table_iter_next(&it, &key, NULL)) {
				const char *n = key;
				g_autofree char *from = g_build_filename(tmp, n, NULL);
				g_autofree char *to = g_build_filename(dir, n, NULL);

				if ((strcmp(n, VOX_OUTPUT_MARKER) == 0) != marker)
					continue;
				if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
					continue;
				if (errno != EEXIST || renameat2(AT_FDCWD, from, AT_FDCWD, to,
				    RENAME_EXCHANGE) != 0)
					return vox_error_system("file", "'%s'", to);
			}
		}
	}
	/* tmp now holds the old entries that were replaced; remove those the new output
	 * does not have. */
	d = g_dir_open(dir, 0, NULL);
	if (!d)
		return vox_error_system("file", "'%s'", dir);
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = NULL;

		if (strcmp(name, tmp_base) == 0 || g_hash_table_contains(fresh, name) ||
		    g_str_has_prefix(name, VOX_OUTPUT_BUILD) || strcmp(name, "lost+found") == 0 ||
		    strcmp(name, VOX_OUTPUT_FILLING) == 0)
			continue;
		path = g_build_filename(dir, name, NULL);
		if (vox_remove_tree(path) != 0)
			ret = vox_error_system("file", "'%s': cannot remove the old file", path);
	}
	g_dir_close(d);
	if (vox_fsync_dir(dir) != 0)
		ret = -1;
	/* The folder holds the new output alone: the journal goes (kept on a failure). */
	if (ret == 0) {
		g_autofree char *filling = g_build_filename(dir, VOX_OUTPUT_FILLING, NULL);

		if (unlink(filling) != 0 && errno != ENOENT)
			ret = vox_error_system("file", "'%s'", filling);
		else if (vox_fsync_dir(dir) != 0)
			ret = -1;
	}
	if (vox_remove_tree(tmp) != 0)
		ret = vox_error_system("file", "'%s': cannot remove the old files", tmp);
	return ret;
}

/* Names at the top of output folder dir that are not the output: its marker, its own build
 * folder when it is a mount point, and the empty lost+found of a file system there. */
static int
not_output(const char *dir, const char *name)
{
	g_autofree char *path = NULL;
	GDir *d;
	int empty;

	if (strcmp(name, VOX_OUTPUT_MARKER) == 0 || strcmp(name, VOX_OUTPUT_FILLING) == 0 ||
	    g_str_has_prefix(name, VOX_OUTPUT_BUILD))
		return 1;
	if (strcmp(name, "lost+found") != 0)
		return 0;
	path = g_build_filename(dir, name, NULL);
	d = g_dir_open(path, 0, NULL);
	empty = d && !g_dir_read_name(d);
	if (d)
		g_dir_close(d);
	return empty;
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What a marker's listing may be taken from without reading a file: the lines it lists by
 * path, and the time before which a file that has not changed since (its change time, which
 * every write, rename or chmod moves and no program can set back) is as it was listed.
 */
struct listed {
	GHashTable *by_path;  /* path -> "<sha256>  <path>" */
	gint64 before_ns;
};

/* Adds to out "<sha256>  <path>\n" for every file under root/rel, sorted, and fails on
 * anything that is neither a file nor a folder. A file that has not changed since the
 * listing in known (NULL: none) was written gets that listing's line, unread. */
static int
list_tree(const char *root, const char *rel, GPtrArray *out, const struct listed *known)
{
	g_autofree char *path = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(path, 0, NULL);
	const char *n;

	if (!d)
		return vox_error_system("file", "'%s'", path);
	while ((n = g_dir_read_name(d)))
		if (rel || !not_output(path, n))
			g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		g_autofree char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		g_autofree char *full = g_build_filename(root, r, NULL);
		struct stat st;

		if (lstat(full, &st) != 0)
			return vox_error_system("file", "'%s'", full);
		if (S_ISDIR(st.st_mode)) {
			g_ptr_array_add(out, g_strdup_printf("dir  %s", r));
			if (list_tree(root, r, out, known) != 0)
				return -1;
		} else if (S_ISREG(st.st_mode)) {
			g_autofree char *data = NULL;
			gsize len = 0;
			char hex[VOX_SHA256_HEX];
			const char *line = known ? g_hash_table_lookup(known->by_path, r) : NULL;

			if (line && (gint64)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec <
			    known->before_ns) {
				g_ptr_array_add(out, g_strdup(line));
				continue;
			}
			if (!g_file_get_contents(full, &data, &len, NULL))
				return vox_error_system("file", "'%s'", full);
			vox_sha256_hex(data, len, hex);
			g_ptr_array_add(out, g_strdup_printf("%s  %s", hex, r));
		} else {
			return vox_error_k(VOX_ERR_IO, "file", "'%s': not a file or a folder",
			    full);
		}
	}
	return 0;
}

int
vox_output_mark(const char *dir, const char *kind)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *path = g_build_filename(dir, VOX_OUTPUT_MARKER, NULL);
	GString *s;
	int ret;

	if (list_tree(dir, NULL, lines, NULL) != 0)
		return -1;
	s = g_string_new(NULL);
	g_string_append_printf(s, "photovox %s\n", kind);
	for (guint i = 0; i < lines->len; i++)
		g_string_append_printf(s, "%s\n", (char *)lines->pdata[i]);
	ret = vox_write_atomic(path, NULL, s->str, s->len);
	g_string_free(s, TRUE);
	return ret;
}

int
vox_output_settle(const char *dir, const char *kind)
{
	g_autofree char *journal = g_build_filename(dir, VOX_OUTPUT_FILLING, NULL);

	if (!g_file_test(journal, G_FILE_TEST_EXISTS))
		return 0;
	if (vox_output_mark(dir, kind) != 0)
		return -1;
	if (unlink(journal) != 0 && errno != ENOENT)
		return vox_error_system("file", "'%s'", journal);
	return vox_fsync_dir(dir);
}

int
vox_output_replaceable(const char *dir, const char *kind)
{
	g_autofree char *marker = g_build_filename(dir, VOX_OUTPUT_MARKER, NULL);
	g_autofree char *filling_path = g_build_filename(dir, VOX_OUTPUT_FILLING, NULL);
	g_autofree char *data = NULL, *filling = NULL;
	g_autofree char *head = g_strdup_printf("photovox %s\n", kind);
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) listed = NULL;
	g_auto(GStrv) journal = NULL;
	GDir *d;
	struct stat st;
	g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) paths = g_hash_table_new(g_str_hash, g_str_equal);
	struct listed unchanged = { NULL, 0 };
	struct stat ms;
	int empty = 1;

	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 1 : vox_error_system("file", "'%s'", dir);
	if (!S_ISDIR(st.st_mode))
		return vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is not a folder; not "
		    "replaced", dir);
	d = g_dir_open(dir, 0, NULL);
	if (!d)
		return vox_error_system("file", "'%s'", dir);
	for (const char *n; (n = g_dir_read_name(d));)
		if (strcmp(n, VOX_OUTPUT_MARKER) == 0 || !not_output(dir, n))
			empty = 0;
	g_dir_close(d);
	if (empty)
		return 1;
	/* A fill of a mount point cut short left its journal, which lists the old output
	 * and the new: what is there is one or the other. */
	filling = marker_lines(filling_path, head);
	if (!g_file_get_contents(marker, &data, NULL, NULL) && !filling)
		return vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is not a %s made by "
		    "photovox (no %s in it); not replaced: choose another folder, or move it "
		    "aside", dir, kind, VOX_OUTPUT_MARKER);
	if (data && !g_str_has_prefix(data, head))
		return vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is not a %s (photovox "
		    "made it as something else); not replaced", dir, kind);
	listed = g_strsplit(data ? data + strlen(head) : "", "\n", -1);
	journal = g_strsplit(filling ? filling + strlen(head) : "", "\n", -1);
	unchanged.by_path = g_hash_table_new(g_str_hash, g_str_equal);
	for (int part = 0; part < 2; part++)
		for (char **l = part ? journal : listed; *l; l++) {
			const char *sep = strstr(*l, "  ");

			g_hash_table_add(known, *l);
			if (!sep)
				continue;
			g_hash_table_add(paths, (gpointer)(sep + 2));
			/* Only the marker's own lines stand for files older than it. */
			if (part == 0)
				g_hash_table_insert(unchanged.by_path, (gpointer)(sep + 2), *l);
		}
	/* A file whose change time is two seconds or more before the marker's is as the
	 * marker lists it: change times cannot be set by hand (touch sets the modification
	 * time), and two seconds allow for file systems with coarse times, FAT's. A rebuild of
	 * ten thousand photos need not read its gallery's 70,000 files again. */
	if (stat(marker, &ms) == 0)
		unchanged.before_ns = (gint64)ms.st_ctim.tv_sec * 1000000000 +
		    ms.st_ctim.tv_nsec - (gint64)2 * 1000000000;
	if (list_tree(dir, NULL, lines, &unchanged) != 0) {
		g_hash_table_destroy(unchanged.by_path);
		return -1;
	}
	g_hash_table_destroy(unchanged.by_path);
	/* Everything there is what the marker lists, the same bytes: nothing a person added
	 * or changed. (What was removed since is not lost by replacing the folder.) */
	for (guint i = 0; i < lines->len; i++) {
		const char *have = lines->pdata[i];
		const char *name = strstr(have, "  ") + 2;

		if (g_hash_table_contains(known, have))
			continue;
		return vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' was %s since photovox made "
		    "this %s; not replaced: choose another folder, or move it aside", dir, name,
		    g_hash_table_contains(paths, name) ? "changed" : "added", kind);
	}
	return 1;
}

/* The path of a marker line ("dir  PATH" or "SHA256  PATH"). */
static const char *
line_path(const char *line)
{
	const char *sep = strstr(line, "  ");

	return sep ? sep + 2 : line;
}

static gint
by_line_path(gconstpointer a, gconstpointer b)
{
	return strcmp(line_path(*(char *const *)a), line_path(*(char *const *)b));
}

char *
vox_output_listing(const char *kind, GPtrArray *lines)
{
	GString *s = g_string_new(NULL);

	g_ptr_array_sort(lines, by_line_path);
	g_string_append_printf(s, "photovox %s\n", kind);
	for (guint i = 0; i < lines->len; i++)
		g_string_append_printf(s, "%s\n", (char *)lines->pdata[i]);
	return g_string_free(s, FALSE);
}

/* An output's marker is never larger than this (a bag of 100,000 photos lists about 20 MB). */
#define MARKER_MAX (256 << 20)

/* Whether name, a member of an archive, is its marker: at the top or one folder down. */
static int
is_marker_member(const char *name)
{
	const char *slash = strchr(name, '/');

	if (!slash)
		return strcmp(name, VOX_OUTPUT_MARKER) == 0;
	return slash > name && strcmp(slash + 1, VOX_OUTPUT_MARKER) == 0;
}

static int
not_made_by_us(const char *path, const char *kind, const char *why)
{
	return vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is not a %s made by photovox "
	    "(%s); not replaced: choose another name, or move it aside", path, kind, why);
}

/*
 * Reads every member of the archive a: name -> "dir", its SHA-256, or "" for anything else,
 * into members; the marker's text into *marker and its name into *marker_name. 0, 1 when a
 * is not an archive at all, or -1 with an error.
 */
static int
read_members(struct archive *a, const char *path, GHashTable *members, GString **marker,
    char **marker_name)
{
	struct archive_entry *e;
	char buf[1 << 16];
	int rc, n = 0;

	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname_utf8(e);
		g_autofree char *name = g_strdup(raw ? raw : archive_entry_pathname(e));
		size_t len = strlen(name);
		int keep;
		vox_hash *h = NULL;
		la_ssize_t got;

		n++;
		while (len > 0 && name[len - 1] == '/')
			name[--len] = 0;
		if (g_hash_table_contains(members, name))
			return vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' is in it twice; not "
			    "replaced: choose another name, or move it aside", path, name);
		if (archive_entry_filetype(e) == AE_IFDIR) {
			g_hash_table_insert(members, g_steal_pointer(&name), g_strdup("dir"));
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			g_hash_table_insert(members, g_steal_pointer(&name), g_strdup(""));
			continue;
		}
		keep = is_marker_member(name);
		if (keep && *marker)
			return vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' is a second marker; not "
			    "replaced: choose another name, or move it aside", path, name);
		if (keep) {
			*marker = g_string_new(NULL);
			*marker_name = g_strdup(name);
		} else {
			h = vox_hash_new(VOX_HASH_SHA256);
		}
		while ((got = archive_read_data(a, buf, sizeof buf)) > 0) {
			if (h)
				vox_hash_update(h, buf, (size_t)got);
			else if ((*marker)->len + (size_t)got > MARKER_MAX)
				return vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' is too large for "
				    "a marker; not replaced", path, name);
			else
				g_string_append_len(*marker, buf, got);
		}
		if (got < 0) {
			if (h)
				vox_hash_free(h);
			return vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' cannot be read: %s; not "
			    "replaced", path, name, archive_error_string(a));
		}
		if (h) {
			g_hash_table_insert(members, g_steal_pointer(&name),
			    g_strdup(vox_hash_hex(h)));
			vox_hash_free(h);
		}
	}
	if (rc == ARCHIVE_EOF)
		return 0;
	if (n == 0)
		return 1;
	return vox_error_k(VOX_ERR_IO, "file", "'%s': cannot be read: %s; not replaced", path,
	    archive_error_string(a));
}

int
vox_output_file_replaceable(const char *path, const char *kind)
{
	g_autofree char *head = g_strdup_printf("photovox %s\n", kind);
	g_autofree char *marker_name = NULL, *prefix = NULL;
	g_autoptr(GHashTable) members = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) paths = g_hash_table_new(g_str_hash, g_str_equal);
	g_auto(GStrv) listed = NULL;
	GString *marker = NULL;
	struct archive *a;
	struct stat st;
	GHashTableIter it;
	gpointer k, v;
	int rc, ret = -1;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 1 : vox_error_system("file", "'%s'", path);
	if (!S_ISREG(st.st_mode))
		return vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is %s, not a %s made by "
		    "photovox; not replaced", path, S_ISDIR(st.st_mode) ? "a folder" :
		    S_ISLNK(st.st_mode) ? "a link" : "not a regular file", kind);
	if (st.st_size == 0)
		return not_made_by_us(path, kind, "it is empty");
	a = archive_read_new();
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	/* Names are read as UTF-8 whatever the user's locale, as they were written. */
	{
		locale_t old = uselocale(vox_utf8_locale());

		if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK)
			rc = 1;
		else
			rc = read_members(a, path, members, &marker, &marker_name);
		uselocale(old);
	}
	archive_read_free(a);
	if (rc < 0)
		goto out;
	if (rc > 0 || !marker) {
		not_made_by_us(path, kind, rc > 0 ? "not a zip or tar file" : "no " VOX_OUTPUT_MARKER
		    " in it");
		goto out;
	}
	g_string_append_c(marker, 0);
	if (!g_str_has_prefix(marker->str, head)) {
		if (g_str_has_prefix(marker->str, "photovox "))
			vox_error_k(VOX_ERR_IO, "file", "'%s': exists and is not a %s (photovox made "
			    "it as something else); not replaced", path, kind);
		else
			not_made_by_us(path, kind, "its marker is not photovox's");
		goto out;
	}
	listed = g_strsplit(marker->str + strlen(head), "\n", -1);
	for (char **l = listed; *l; l++) {
		g_hash_table_add(known, *l);
		g_hash_table_add(paths, (gpointer)line_path(*l));
	}
	prefix = g_path_get_dirname(marker_name);
	/* Everything beside the marker is what it lists, the same bytes: nothing a person
	 * added or changed. (What was removed since is not lost by replacing the file.) */
	g_hash_table_iter_init(&it, members);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const char *name = k, *rel = name;
		g_autofree char *line = NULL;

		if (strcmp(prefix, ".") != 0) {
			size_t n = strlen(prefix);

			if (strcmp(name, prefix) == 0 && strcmp(v, "dir") == 0)
				continue;       /* the top folder itself */
			rel = strncmp(name, prefix, n) == 0 && name[n] == '/' ? name + n + 1 : NULL;
		}
		line = rel ? g_strdup_printf("%s  %s", (char *)v, rel) : NULL;
		if (line && g_hash_table_contains(known, line))
			continue;
		vox_error_k(VOX_ERR_IO, "file", "'%s': '%s' was %s since photovox made this %s; "
		    "not replaced: choose another name, or move it aside", path, name,
		    rel && g_hash_table_contains(paths, rel) ? "changed" : "added", kind);
		goto out;
	}
	ret = 1;
out:
	if (marker)
		g_string_free(marker, TRUE);
	return ret;
}

/* path made absolute, its folders' links resolved as far as they exist. */
static char *
resolved(const char *path)
{
	g_autofree char *abs = g_canonicalize_filename(path, NULL);
	g_autofree char *head = g_strdup(abs);
	GString *tail = g_string_new(NULL);
	char *real;

	for (;;) {
		real = realpath(head, NULL);
		if (real || errno != ENOENT || strcmp(head, "/") == 0)
			break;
		{
			g_autofree char *base = g_path_get_basename(head);
			g_autofree char *up = g_path_get_dirname(head);

			g_string_prepend(tail, base);
			g_string_prepend_c(tail, '/');
			g_free(head);
			head = g_steal_pointer(&up);
		}
	}
	if (!real) {
		g_string_free(tail, TRUE);
		return g_steal_pointer(&abs);
	}
	g_string_prepend(tail, strcmp(real, "/") == 0 ? "" : real);
	free(real);
	return g_string_free(tail, FALSE);
}

int
vox_output_place(const char *coll_dir, const char *path)
{
	static const char *const own_files[] = { "vox.db", "vox.db-wal", "vox.db-shm",
		"vox.db-journal", "store.lock" };
	static const char *const own_dirs[] = { "store", "cache", "lost+found" };
	g_autofree char *coll = resolved(coll_dir), *out = resolved(path);
	size_t n = strlen(coll);
	const char *rel;

	if (strcmp(out, coll) == 0)
		return vox_error_k(VOX_ERR_IO, "file", "'%s': is the collection's own folder; an "
		    "output goes elsewhere", path);
	if (strncmp(out, coll, n) != 0 || out[n] != '/')
		return 0;
	rel = out + n + 1;
	for (size_t i = 0; i < G_N_ELEMENTS(own_files); i++)
		if (strcmp(rel, own_files[i]) == 0)
			return vox_error_k(VOX_ERR_IO, "file", "'%s': is the collection's own %s; "
			    "an output never replaces it", path, own_files[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(own_dirs); i++) {
		size_t m = strlen(own_dirs[i]);

		if (strncmp(rel, own_dirs[i], m) == 0 && (rel[m] == '/' || !rel[m]))
			return vox_error_k(VOX_ERR_IO, "file", "'%s': is inside the collection's "
			    "%s/, which holds only what photovox keeps there; an output goes "
			    "elsewhere", path, own_dirs[i]);
	}
	return 0;
}
