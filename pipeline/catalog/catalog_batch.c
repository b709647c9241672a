/*
 * Batches: many photos and names written all at once or not at all (vox import). The
 * store's order is kept (CONTRIBUTING.md "The store and the catalog"): every file is
 * durable in the store before the one transaction that writes the rows commits, and the
 * store lock is held, shared, from the first file to the commit. An aborted batch rolls
 * its rows back and removes the files it put in the store that no row references, and the
 * store's folders it made for them, so that a refused import leaves the store as it was.
 */
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/store.h"

struct vox_catalog_batch {
	GHashTable *stored; /* sha256 → ext (both owned): the bytes the batch stored */
	GPtrArray *made;    /* sha256 of those that were not in the store before (not owned) */
	GPtrArray *folders; /* the store's folders (store/ab) the batch created (owned) */
};

int
vox_catalog_batch_has(vox_catalog *cat, const char *sha256)
{
	return cat->batch && g_hash_table_contains(cat->batch->stored, sha256);
}

int
vox_catalog_batch_begin(vox_catalog *cat)
{
	if (cat->batch || cat->tx_depth > 0)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "a batch is already open");
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		return -1;
	cat->batch = g_new0(struct vox_catalog_batch, 1);
	cat->batch->stored = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	cat->batch->made = g_ptr_array_new();
	cat->batch->folders = g_ptr_array_new_with_free_func(g_free);
	cat->tx_broken = 0;
	return 0;
}

/* Puts bytes (or, when tmp is not NULL, tmp's file) in the store for the batch. */
static int
batch_store(vox_catalog *cat, const void *bytes, size_t len, struct vox_store_tmp *tmp,
    const char *sha256, const char *ext)
{
	g_autofree char *path = NULL;
	g_autofree char *folder = NULL;
	char *key;
	int made, new_folder;

	if (!cat->batch || cat->tx_depth > 0) {
		vox_error_k(VOX_ERR_USAGE, "catalog", "photos are stored in a batch before its rows");
		goto fail;
	}
	if (!sha256 || !vox_sha256_hex_valid(sha256) || !ext || !*ext || strchr(ext, '/')) {
		vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not a stored photo's name",
		    sha256 ? sha256 : "");
		goto fail;
	}
	if (g_hash_table_contains(cat->batch->stored, sha256)) {
		if (tmp)
			vox_store_tmp_discard(tmp);
		return 0;
	}
	path = vox_store_path(cat->dir, sha256, ext);
	folder = g_path_get_dirname(path);
	made = !g_file_test(path, G_FILE_TEST_EXISTS);
	new_folder = !g_file_test(folder, G_FILE_TEST_IS_DIR);
	/* Written again even when present, so that the row will name whole bytes. */
	if (tmp ? vox_store_tmp_commit(cat->dir, tmp, sha256, ext) != 0 :
	    vox_store_put(cat->dir, sha256, ext, bytes, len) != 0)
		return -1;
	if (new_folder)
		g_ptr_array_add(cat->batch->folders, g_steal_pointer(&folder));
	key = g_strdup(sha256);
	g_hash_table_insert(cat->batch->stored, key, g_strdup(ext));
	if (made)
		g_ptr_array_add(cat->batch->made, key);
	return 0;
fail:
	if (tmp)
		vox_store_tmp_discard(tmp);
	return -1;
}

int
vox_catalog_batch_store(vox_catalog *cat, const void *bytes, size_t len, const char *sha256,
    const char *ext)
{
	return batch_store(cat, bytes, len, NULL, sha256, ext);
}

int
vox_catalog_batch_store_tmp(vox_catalog *cat, struct vox_store_tmp *tmp, const char *sha256,
    const char *ext)
{
	return batch_store(cat, NULL, 0, tmp, sha256, ext);
}

int
vox_catalog_batch_rows(vox_catalog *cat)
{
	if (!cat->batch || cat->tx_depth > 0)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "no batch waiting for its rows");
	return vox_catalog_begin(cat);
}

/* Removes the files the batch made that no row references, under the database's write
 * lock so that no other process commits a row for them meanwhile; then the folders it made
 * for them, those left empty (another program may have put a file there since). */
static void
remove_made(vox_catalog *cat, struct vox_catalog_batch *b)
{
	int removed = 0;

	if (b->made->len == 0 || vox_catalog_begin(cat) != 0)
		return;
	for (guint i = 0; i < b->made->len; i++) {
		const char *sha = g_ptr_array_index(b->made, i);

		if (vox_catalog_photo_id(cat, sha, NULL, NULL) == 0)
			vox_store_remove(cat->dir, sha, g_hash_table_lookup(b->stored, sha));
	}
	for (guint i = 0; i < b->folders->len; i++)
		removed |= rmdir(g_ptr_array_index(b->folders, i)) == 0;
	if (removed) {
		g_autofree char *store = g_path_get_dirname(g_ptr_array_index(b->folders, 0));

		vox_fsync_dir(store);
	}
	vox_catalog_rollback(cat);
}

static void
batch_end(vox_catalog *cat)
{
	struct vox_catalog_batch *b = cat->batch;

	cat->batch = NULL;
	cat->tx_broken = 0;
	g_ptr_array_unref(b->made);
	g_ptr_array_unref(b->folders);
	g_hash_table_destroy(b->stored);
	g_free(b);
	vox_catalog_store_unlock(cat);
}

void
vox_catalog_batch_abort(vox_catalog *cat)
{
	struct vox_catalog_batch *b = cat->batch;
	g_autofree char *keep = g_strdup(vox_error_message());
	enum vox_error_kind kind = vox_error_kind();

	if (!b)
		return;
	/* Every savepoint and the transaction itself. */
	while (cat->tx_depth > 0)
		vox_catalog_rollback(cat);
	cat->batch = NULL;
	remove_made(cat, b);
	cat->batch = b;
	batch_end(cat);
	/* The failure that aborted the batch is the one to report. */
	if (*keep)
		vox_error_k(kind, "catalog", "%s", keep);
}

int
vox_catalog_batch_commit(vox_catalog *cat)
{
	if (!cat->batch || cat->tx_depth != 1) {
		vox_error_k(VOX_ERR_USAGE, "catalog", "the batch is not ready to commit");
		vox_catalog_batch_abort(cat);
		return -1;
	}
	if (cat->tx_broken || sqlite3_get_autocommit(cat->db)) {
		vox_error_k(VOX_ERR_IO, "catalog", "the batch was rolled back by an earlier failure");
		vox_catalog_batch_abort(cat);
		return -1;
	}
	if (vox_catalog_commit(cat) != 0) {
		vox_catalog_batch_abort(cat);
		return -1;
	}
	batch_end(cat);
	return 0;
}
