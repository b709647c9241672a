#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "vox/error.h"
#include "vox/file.h"
#include "vox/store.h"

static char *dir;

static void
setup(void)
{
	dir = g_dir_make_tmp("vox-store-XXXXXX", NULL);
	cr_assert_not_null(dir);
}

static void
teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);

	cr_assert_eq(system(cmd), 0);
	g_free(cmd);
	g_free(dir);
}

TestSuite(store, .init = setup, .fini = teardown);

static int
count_entries(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	int n = 0;

	if (!d)
		return -1;
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

Test(store, put_names_the_file_by_hash_under_two_hex_digits)
{
	char hex[VOX_SHA256_HEX], *path, *want, *data, *tmp;
	gsize len;

	vox_sha256_hex("photo bytes", 11, hex);
	cr_assert_eq(vox_store_put(dir, hex, "jpg", "photo bytes", 11), 0, "%s",
	    vox_error_message());
	path = vox_store_path(dir, hex, "jpg");
	want = g_strdup_printf("%s/store/%.2s/%s.jpg", dir, hex, hex);
	cr_assert_str_eq(path, want);
	cr_assert(g_file_get_contents(path, &data, &len, NULL));
	cr_assert_eq(len, 11);
	cr_assert_eq(memcmp(data, "photo bytes", 11), 0);
	tmp = g_build_filename(dir, "store", "tmp", NULL);
	cr_assert_eq(count_entries(tmp), 0, "a temporary file was left in store/tmp");
	g_free(tmp);
	g_free(data);
	g_free(path);
	g_free(want);
}

Test(store, putting_the_same_bytes_twice_keeps_one_whole_file)
{
	char hex[VOX_SHA256_HEX], *path, *data;
	gsize len;

	vox_sha256_hex("same", 4, hex);
	cr_assert_eq(vox_store_put(dir, hex, "png", "same", 4), 0);
	cr_assert_eq(vox_store_put(dir, hex, "png", "same", 4), 0);
	path = vox_store_path(dir, hex, "png");
	cr_assert(g_file_get_contents(path, &data, &len, NULL));
	cr_assert_eq(len, 4);
	g_free(data);
	g_free(path);
}

Test(store, malformed_names_are_refused)
{
	cr_assert_eq(vox_store_put(dir, "abc", "jpg", "x", 1), -1);
	cr_assert_eq(vox_store_put(dir, "0123456789012345678901234567890123456789012345678901234567890123",
	    "../x", "x", 1), -1);
}

Test(store, remove_deletes_and_a_missing_file_is_not_an_error)
{
	char hex[VOX_SHA256_HEX], *path;

	vox_sha256_hex("gone", 4, hex);
	cr_assert_eq(vox_store_put(dir, hex, "webp", "gone", 4), 0);
	path = vox_store_path(dir, hex, "webp");
	cr_assert_eq(vox_store_remove(dir, hex, "webp"), 0);
	cr_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
	cr_assert_eq(vox_store_remove(dir, hex, "webp"), 0);
	g_free(path);
}

/* Writes bytes to a new file of store/tmp/ as vox ingest's scrubbing threads do. */
static void
stage(struct vox_store_tmp *t, const char *bytes)
{
	cr_assert_eq(vox_store_tmp_open(dir, t), 0, "%s", vox_error_message());
	cr_assert_geq(t->fd, 0);
	cr_assert(g_str_has_prefix(t->path, dir));
	cr_assert(strstr(t->path, "/store/tmp/"), "%s", t->path);
	cr_assert_eq(vox_write_all(t->fd, bytes, strlen(bytes)), 0);
}

Test(store, a_temporary_file_committed_is_named_by_its_hash_and_leaves_tmp_empty)
{
	struct vox_store_tmp t;
	char hex[VOX_SHA256_HEX], *path, *data, *tmp, *staged;
	gsize len;

	vox_sha256_hex("streamed photo", 14, hex);
	stage(&t, "streamed photo");
	staged = g_strdup(t.path);
	cr_assert_eq(vox_store_tmp_commit(dir, &t, hex, "jpg"), 0, "%s", vox_error_message());
	cr_assert_eq(t.fd, -1);
	cr_assert_null(t.path);
	path = vox_store_path(dir, hex, "jpg");
	cr_assert(g_file_get_contents(path, &data, &len, NULL));
	cr_assert(len == 14 && memcmp(data, "streamed photo", 14) == 0);
	cr_assert(!g_file_test(staged, G_FILE_TEST_EXISTS));
	tmp = g_build_filename(dir, "store", "tmp", NULL);
	cr_assert_eq(count_entries(tmp), 0);
	/* Nothing open any more: discarding is harmless, committing again is refused. */
	vox_store_tmp_discard(&t);
	cr_assert_eq(vox_store_tmp_commit(dir, &t, hex, "jpg"), -1);
	g_free(tmp);
	g_free(staged);
	g_free(data);
	g_free(path);
}

Test(store, a_discarded_or_misnamed_temporary_file_is_removed)
{
	struct vox_store_tmp t;
	char *tmp = g_build_filename(dir, "store", "tmp", NULL);

	stage(&t, "never stored");
	cr_assert_eq(count_entries(tmp), 1);
	vox_store_tmp_discard(&t);
	cr_assert_eq(t.fd, -1);
	cr_assert_eq(count_entries(tmp), 0);

	stage(&t, "badly named");
	cr_assert_eq(vox_store_tmp_commit(dir, &t, "abc", "jpg"), -1);
	cr_assert(strstr(vox_error_message(), "not a store name"), "%s", vox_error_message());
	cr_assert_eq(t.fd, -1);
	cr_assert_eq(count_entries(tmp), 0, "a refused commit left its temporary file");
	g_free(tmp);
}
