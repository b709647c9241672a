#ifndef VOX_CATALOG_INT_H
#define VOX_CATALOG_INT_H

/* What the catalog's source files share and nothing else sees. */

#include <sqlite3.h>

#include "vox/catalog.h"

struct vox_catalog {
	char *dir;
	sqlite3 *db;
	int lock_fd; /* store.lock, opened on first use; -1 before */
	int lock_depth; /* nested holds of the store lock */
	int tx_depth;   /* 0, 1 in a transaction, more in savepoints inside it */
	int tx_broken;  /* the batch's transaction was rolled back: it cannot commit */
	struct vox_catalog_batch *batch; /* the open batch (catalog_batch.c), or NULL */
	int readonly;   /* opened with vox_catalog_open_read() */
};

/* Whether the open batch has stored the bytes with this hash (vox_catalog_batch_store()). */
int vox_catalog_batch_has(vox_catalog *cat, const char *sha256);

/* Records the database's last error as "catalog: what: message" and returns -1. */
int vox_catalog_db_error(vox_catalog *cat, const char *what);

/* Prepares sql; NULL with an error recorded. */
sqlite3_stmt *vox_catalog_prepare(vox_catalog *cat, const char *sql);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; return 0 or -1. Inside an open transaction (a
 * batch's) they are a savepoint, its release and a rollback to it: the writes join the
 * batch. A failure that rolls the batch's transaction back leaves it unable to commit. */
int vox_catalog_begin(vox_catalog *cat);
int vox_catalog_commit(vox_catalog *cat);
void vox_catalog_rollback(vox_catalog *cat);

/* Binds text or NULL. */
int vox_catalog_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Column i of the current row as a newly allocated string, or NULL for SQL NULL. */
char *vox_catalog_col(sqlite3_stmt *st, int i);

/* Steps st once, a row or the end alike; -1 with "catalog: what: message" recorded on error. */
int vox_catalog_step(vox_catalog *cat, sqlite3_stmt *st, const char *what);

/* Runs sql with arg (NULL allowed) as its text parameter; the first column of the first
 * row as a new string (g_free), or NULL (no row, a NULL value, or an error). */
char *vox_catalog_query_text(vox_catalog *cat, const char *sql, const char *arg);

/* vox_catalog_check_text(), under its older name. */
int vox_catalog_check_utf8(const char *what, const char *s);

/* The row id of the photo with this sha256: > 0, 0 when there is none, -1 on error. When
 * found, sets *ref (g_free) and *audience where they are not NULL. */
int64_t vox_catalog_photo_id(vox_catalog *cat, const char *sha256, char **ref, int *audience);

/*
 * vox_catalog_caption_valid() with the collection's prompts (NULL cat skips the prompt
 * look-up). Returns 0 or -1 with an error recorded.
 */
int vox_catalog_check_caption(vox_catalog *cat, const struct vox_caption *c);

/* Writes the caption rows of photo id from c, replacing any; inside a transaction. */
int vox_catalog_write_caption(vox_catalog *cat, int64_t id, const struct vox_caption *c);

/* Replaces photo id's themes (slugs, declared) by themes, in their order. */
int vox_catalog_replace_themes(vox_catalog *cat, int64_t id, GPtrArray *themes);

/* How long a statement waits for another process's lock before SQLITE_BUSY. */
#define VOX_CATALOG_BUSY_MS 10000

/* Records, inside the caller's write transaction, that text was deleted and a purge
 * (vox_catalog_purge()) is owed. Returns 0 or -1. */
int vox_catalog_owe_purge(vox_catalog *cat);

/* Whether the folder path holds anything but folders, at any depth, last modified before
 * the time before (seconds since the epoch; INT64_MAX: any), leaving out the folder skip (a
 * path, NULL for none); 0 also when path cannot be read. */
int vox_catalog_holds_files(const char *path, const char *skip, int64_t before);

#endif
