/*
 * The store: scrubbed photos named by their SHA-256, written through store/tmp/ and
 * renamed into place, so that a crash leaves nothing or a whole file (CONTRIBUTING.md "Store").
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/store.h"

char *
vox_store_path(const char *dir, const char *sha256, const char *ext)
{
	char sub[3] = { sha256[0], sha256[1], 0 };
	char *name = g_strdup_printf("%s.%s", sha256, ext);
	char *path = g_build_filename(dir, "store", sub, name, NULL);

	g_free(name);
	return path;
}

static int
valid_ext(const char *ext)
{
	size_t n = ext ? strlen(ext) : 0;

	if (n == 0 || n > 8)
		return 0;
	for (const char *p = ext; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p))
			return 0;
	return 1;
}

int
vox_store_tmp_open(const char *dir, struct vox_store_tmp *t)
{
	char *tmpdir = g_build_filename(dir, "store", "tmp", NULL);

	t->path = NULL;
	t->fd = -1;
	if (g_mkdir_with_parents(tmpdir, 0755) != 0)
		vox_error_system("store", "'%s'", tmpdir);
	else
		/* The temporary file lives in store/tmp/ (same file system) so a crash leaves
		 * its remains where vox check looks for them, not beside the real photos. */
		t->fd = vox_tmpfile(tmpdir, &t->path);
	g_free(tmpdir);
	return t->fd >= 0 ? 0 : -1;
}

int
vox_store_tmp_commit(const char *dir, struct vox_store_tmp *t, const char *sha256,
    const char *ext)
{
	char *path = NULL, *folder = NULL;
	int ret = -1;

	if (t->fd < 0)
		return vox_error("store", "no file to store");
	if (!vox_sha256_hex_valid(sha256) || !valid_ext(ext)) {
		vox_error("store", "'%s.%s': not a store name", sha256, ext ? ext : "");
		goto out;
	}
	path = vox_store_path(dir, sha256, ext);
	folder = g_path_get_dirname(path);
	if (g_mkdir_with_parents(folder, 0755) != 0) {
		vox_error_system("store", "'%s'", folder);
		goto out;
	}
	ret = vox_tmpfile_commit(t->fd, t->path, path);
	t->fd = -1;
	g_clear_pointer(&t->path, g_free);
out:
	vox_store_tmp_discard(t);
	g_free(path);
	g_free(folder);
	return ret;
}

void
vox_store_tmp_discard(struct vox_store_tmp *t)
{
	if (t->fd >= 0)
		vox_tmpfile_abort(t->fd, t->path);
	t->fd = -1;
	g_clear_pointer(&t->path, g_free);
}

int
vox_store_put(const char *dir, const char *sha256, const char *ext, const void *data,
    size_t len)
{
	struct vox_store_tmp t;

	if (vox_store_tmp_open(dir, &t) != 0)
		return -1;
	if (vox_write_all(t.fd, data, len) != 0) {
		vox_error_system("store", "'%s': cannot write", t.path);
		vox_store_tmp_discard(&t);
		return -1;
	}
	return vox_store_tmp_commit(dir, &t, sha256, ext);
}

/* Reads path through h, keeping the bytes in *keep when keep is not NULL, and the file open
 * at its start in *keep_fd when keep_fd is not NULL. */
static int
read_hashed(const char *path, vox_hash *h, GByteArray **keep, int *keep_fd)
{
	guchar buf[1 << 16];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return vox_error_system_k(errno == ENOENT ? VOX_ERR_NOT_FOUND : VOX_ERR_IO, "store",
		    "'%s': the stored file cannot be opened", path);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return vox_error_k(VOX_ERR_REFUSED, "store", "'%s': not a regular file", path);
	}
	if (keep)
		*keep = g_byte_array_sized_new((guint)MIN(st.st_size, (off_t)G_MAXUINT));
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vox_error_system("store", "'%s'", path);
			close(fd);
			if (keep)
				g_clear_pointer(keep, g_byte_array_unref);
			return -1;
		}
		if (n == 0)
			break;
		vox_hash_update(h, buf, (size_t)n);
		if (keep)
			g_byte_array_append(*keep, buf, (guint)n);
	}
	if (keep_fd && lseek(fd, 0, SEEK_SET) == 0) {
		*keep_fd = fd;
		return 0;
	}
	if (keep_fd) {
		vox_error_system("store", "'%s'", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
check_read(const char *path, const char *sha256, GByteArray **keep, int *keep_fd)
{
	vox_hash *h = vox_hash_new(VOX_HASH_SHA256);
	int ret = read_hashed(path, h, keep, keep_fd);

	if (ret == 0 && (!sha256 || strcmp(vox_hash_hex(h), sha256) != 0)) {
		ret = vox_error_k(VOX_ERR_REFUSED, "store", "'%s': the stored file does not match "
		    "its name (changed since it was stored); run vox check", path);
		if (keep)
			g_clear_pointer(keep, g_byte_array_unref);
		if (keep_fd) {
			close(*keep_fd);
			*keep_fd = -1;
		}
	}
	vox_hash_free(h);
	return ret;
}

int
vox_store_open_verified(const char *path, const char *sha256)
{
	int fd = -1;

	return check_read(path, sha256, NULL, &fd) == 0 ? fd : -1;
}

GBytes *
vox_store_read_verified(const char *path, const char *sha256)
{
	GByteArray *a = NULL;

	if (check_read(path, sha256, &a, NULL) != 0)
		return NULL;
	return g_byte_array_free_to_bytes(a);
}

int
vox_store_verify(const char *path, const char *sha256)
{
	return check_read(path, sha256, NULL, NULL);
}

int
vox_store_remove(const char *dir, const char *sha256, const char *ext)
{
	char *path = vox_store_path(dir, sha256, ext);
	char *folder = g_path_get_dirname(path);
	int ret = 0;

	if (unlink(path) != 0 && errno != ENOENT)
		ret = vox_error_system("store", "'%s'", path);
	else if (vox_fsync_dir(folder) != 0 && errno != ENOENT)
		ret = -1;
	g_free(path);
	g_free(folder);
	return ret;
}

static int
cache_files(const char *dir, const char *sha256, GPtrArray *paths)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	int ret = 0;

	if (!d)
		return errno == ENOENT ? 0 : vox_error_system("store", "'%s'", dir);
	while ((n = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, n, NULL);

		if (g_file_test(path, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
			if (cache_files(path, sha256, paths) != 0)
				ret = -1;
			g_free(path);
		} else if (g_str_has_prefix(n, sha256)) {
			g_ptr_array_add(paths, path);
		} else {
			g_free(path);
		}
	}
	g_dir_close(d);
	return ret;
}

int
vox_store_cache_files(const char *dir, const char *sha256, GPtrArray *paths)
{
	char *cache = g_build_filename(dir, "cache", NULL);
	int ret;

	if (!vox_sha256_hex_valid(sha256))
		ret = vox_error("store", "'%s': not a SHA-256", sha256);
	else
		ret = cache_files(cache, sha256, paths);
	g_free(cache);
	return ret;
}

void
vox_check_finding_free(struct vox_check_finding *f)
{
	if (!f)
		return;
	g_free(f->path);
	g_free(f->problem);
	g_free(f->moved_to);
	g_free(f);
}
