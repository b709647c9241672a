/*
 * Voice stories: a photo's scrubbed recording, stored under its own SHA-256 as a photo is
 * (written through store/tmp/ under the store lock before its row is committed), and its
 * transcript, kept in the photo's caption row (caption.transcript, caption.tr_transcript).
 */
#include <string.h>

#include "vox/error.h"
#include "vox/hash.h"
#include "vox/store.h"
#include "catalog_int.h"

void
vox_audio_free(struct vox_audio *a)
{
	if (!a)
		return;
	g_free(a->ext);
	g_free(a->path);
	g_free(a->source_name);
	g_free(a->added);
	g_free(a);
}

int
vox_catalog_audio(vox_catalog *cat, int64_t photo_rowid, struct vox_audio **out)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT sha256, ext, duration_ms, "
	    "source_name, added FROM audio WHERE photo_id = ?");
	int rc;

	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, photo_rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct vox_audio *a = g_new0(struct vox_audio, 1);

		g_strlcpy(a->sha256, (const char *)sqlite3_column_text(st, 0), sizeof a->sha256);
		a->ext = vox_catalog_col(st, 1);
		a->duration_ms = sqlite3_column_int64(st, 2);
		a->source_name = vox_catalog_col(st, 3);
		a->added = vox_catalog_col(st, 4);
		a->path = vox_store_path(cat->dir, a->sha256, a->ext ? a->ext : "");
		*out = a;
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = vox_catalog_db_error(cat, "audio");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The photo's ref and audience, refusing a missing or withdrawn photo. */
static int
usable_photo(vox_catalog *cat, int64_t rowid, char **ref)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat,
	    "SELECT ref, audience FROM photo WHERE id = ?");
	int ret = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*ref = vox_catalog_col(st, 0);
		if (sqlite3_column_int(st, 1) == VOX_AUDIENCE_WITHDRAWN)
			vox_error("catalog", "%s: withdrawn; its story cannot be changed", *ref);
		else
			ret = 0;
		break;
	case SQLITE_DONE:
		vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "no photo with row id %lld",
		    (long long)rowid);
		break;
	default:
		vox_catalog_db_error(cat, "photo");
	}
	sqlite3_finalize(st);
	return ret;
}

static int
write_audio_row(vox_catalog *cat, int64_t rowid, const char *sha, const char *ext,
    int64_t duration_ms, const char *source_name)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "INSERT INTO audio "
	    "(photo_id, sha256, ext, duration_ms, source_name, added) VALUES (?, ?, ?, ?, ?, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (photo_id) DO UPDATE SET "
	    "sha256 = excluded.sha256, ext = excluded.ext, duration_ms = excluded.duration_ms, "
	    "source_name = excluded.source_name, added = excluded.added");
	int ret;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	vox_catalog_bind_text(st, 2, sha);
	vox_catalog_bind_text(st, 3, ext);
	sqlite3_bind_int64(st, 4, duration_ms);
	vox_catalog_bind_text(st, 5, source_name);
	ret = vox_catalog_step(cat, st, "audio");
	sqlite3_finalize(st);
	return ret;
}

int
vox_catalog_set_audio(vox_catalog *cat, int64_t rowid, const void *bytes, size_t len,
    const char *ext, int64_t duration_ms, const char *source_name, const char *tool)
{
	g_autofree char *sha = NULL, *ref = NULL, *other = NULL, *detail = NULL;
	g_autoptr(vox_audio) old = NULL;
	int stored = 0, ret = -1;

	{
		vox_hash *h = vox_hash_new(VOX_HASH_SHA256);

		vox_hash_update(h, bytes, len);
		sha = g_strdup(vox_hash_hex(h));
		vox_hash_free(h);
	}
	if (source_name && vox_catalog_check_utf8("audio file name", source_name) != 0)
		return -1;
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		return -1;
	if (vox_catalog_is_tombstoned(cat, sha) != 0) {
		vox_error("catalog", "this recording was withdrawn before; not added again");
		goto out;
	}
	other = vox_catalog_query_text(cat, "SELECT p.ref FROM audio a JOIN photo p "
	    "ON p.id = a.photo_id WHERE a.sha256 = ?", sha);
	if (vox_store_put(cat->dir, sha, ext, bytes, len) != 0)
		goto out;
	stored = 1;
	if (vox_catalog_begin(cat) != 0)
		goto out;
	if (usable_photo(cat, rowid, &ref) != 0 || vox_catalog_audio(cat, rowid, &old) < 0)
		goto fail;
	if (other && (!old || strcmp(old->sha256, sha) != 0)) {
		vox_error("catalog", "%s: this recording is already the story of %s", ref, other);
		goto fail;
	}
	detail = g_strdup_printf("%s audio, %lld ms%s", ext, (long long)duration_ms,
	    old ? ", replaces the story before" : "");
	if (write_audio_row(cat, rowid, sha, ext, duration_ms, source_name) != 0 ||
	    vox_catalog_event(cat, tool, "audio", ref, detail) != 0 ||
	    vox_catalog_commit(cat) != 0)
		goto fail;
	stored = 0;
	if (old && strcmp(old->sha256, sha) != 0 &&
	    vox_store_remove(cat->dir, old->sha256, old->ext) != 0)
		vox_error_clear(); /* an orphan vox check reports and --repair moves aside */
	ret = 0;
	goto out;
fail:
	vox_catalog_rollback(cat);
out:
	if (stored && !other && !(old && strcmp(old->sha256, sha) == 0))
		vox_store_remove(cat->dir, sha, ext); /* nobody's file: no orphan left */
	vox_catalog_store_unlock(cat);
	return ret;
}

int
vox_catalog_set_audio_batched(vox_catalog *cat, int64_t rowid, const char *sha256,
    const char *ext, int64_t duration_ms, const char *tool)
{
	g_autofree char *ref = NULL, *other = NULL, *detail = NULL;

	if (!vox_catalog_batch_has(cat, sha256))
		return vox_error_k(VOX_ERR_USAGE, "catalog", "voice story %.12s: not stored by "
		    "the batch", sha256);
	if (vox_catalog_is_tombstoned(cat, sha256) != 0)
		return vox_error("catalog", "voice story %.12s: withdrawn before; not added again",
		    sha256);
	other = vox_catalog_query_text(cat, "SELECT p.ref FROM audio a JOIN photo p "
	    "ON p.id = a.photo_id WHERE a.sha256 = ?", sha256);
	if (vox_catalog_begin(cat) != 0)
		return -1;
	if (usable_photo(cat, rowid, &ref) != 0)
		goto fail;
	if (other) {
		vox_error("catalog", "%s: its recording is already the story of %s", ref, other);
		goto fail;
	}
	detail = g_strdup_printf("%s audio, %lld ms", ext, (long long)duration_ms);
	if (write_audio_row(cat, rowid, sha256, ext, duration_ms, NULL) != 0 ||
	    vox_catalog_event(cat, tool, "audio", ref, detail) != 0 ||
	    vox_catalog_commit(cat) != 0)
		goto fail;
	return 0;
fail:
	vox_catalog_rollback(cat);
	return -1;
}

char *
vox_catalog_transcript(vox_catalog *cat, int64_t rowid, int translation)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, translation ?
	    "SELECT tr_transcript FROM caption WHERE photo_id = ?" :
	    "SELECT transcript FROM caption WHERE photo_id = ?");
	char *t = NULL;
	int rc;

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		t = vox_catalog_col(st, 0);
	else if (rc != SQLITE_DONE)
		vox_catalog_db_error(cat, "caption");
	sqlite3_finalize(st);
	if (t && !*t)
		g_clear_pointer(&t, g_free);
	return t;
}

int
vox_catalog_set_transcript(vox_catalog *cat, int64_t rowid, int translation,
    const char *text, const char *tool)
{
	g_autofree char *ref = NULL;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (text && !*text)
		text = NULL;
	if (text && vox_catalog_check_text("transcript", text) != 0)
		return -1;
	if (vox_catalog_begin(cat) != 0)
		return -1;
	if (usable_photo(cat, rowid, &ref) != 0)
		goto out;
	st = vox_catalog_prepare(cat, translation ?
	    "INSERT INTO caption (photo_id, tr_transcript) VALUES (?1, ?2) ON CONFLICT "
	    "(photo_id) DO UPDATE SET tr_transcript = excluded.tr_transcript" :
	    "INSERT INTO caption (photo_id, transcript) VALUES (?1, ?2) ON CONFLICT "
	    "(photo_id) DO UPDATE SET transcript = excluded.transcript");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, rowid);
	vox_catalog_bind_text(st, 2, text);
	if (vox_catalog_step(cat, st, "caption") != 0)
		goto out;
	/* A transcript's old wording is deleted text, as a caption's is. */
	if (vox_catalog_owe_purge(cat) != 0 ||
	    vox_catalog_event(cat, tool, text ? "transcript" : "transcript cleared", ref,
	    NULL) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	sqlite3_finalize(st);
	if (ret != 0)
		vox_catalog_rollback(cat);
	return ret;
}

GHashTable *
vox_catalog_audio_files(vox_catalog *cat)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT sha256, ext, photo_id FROM audio");
	GHashTable *t;
	int rc;

	if (!st)
		return NULL;
	t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_hash_table_insert(t, g_strdup_printf("%s.%s", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1)), GINT_TO_POINTER((int)sqlite3_column_int64(st, 2)));
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "audio");
		g_hash_table_unref(t);
		t = NULL;
	}
	sqlite3_finalize(st);
	return t;
}
