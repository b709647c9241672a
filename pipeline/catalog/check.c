/*
 * vox check: the catalog and the store agree, nothing is half-written, and no byte of a
 * withdrawn photo is left anywhere under the collection.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/audit.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/hash.h"
#include "vox/file.h"
#include "vox/ingest.h"
#include "vox/store.h"

struct row {
	char *ext, *ref;
	int withdrawn;
};

struct check {
	vox_catalog *cat;
	GHashTable *rows;       /* sha256 -> struct row */
	GHashTable *tombstones; /* sha256 -> date */
	GHashTable *seen;       /* store paths that belong to rows */
	struct ahead_run *ahead; /* files read ahead (NULL: none) */
	GPtrArray *findings;
	int repair, dry_run;
	int authoritative;      /* the catalog may call a file of store/ an orphan */
	int skip_store, skip_tmp, skip_cache, skip_lost; /* links or not folders: not walked */
	int left;               /* problems not repaired */
};

static void
row_free(struct row *r)
{
	g_free(r->ext);
	g_free(r->ref);
	g_free(r);
}

/* SHA-256 of a file's contents; 0 or -1 with an error. */
static int
hash_file(const char *path, char hex[VOX_SHA256_HEX])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return vox_error_system("check", "'%s'", path);
	ret = vox_sha256_fd(fd, hex);
	if (ret != 0)
		vox_error_system("check", "'%s'", path);
	close(fd);
	return ret;
}

/*
 * Reading is most of a check's time (every stored file and every derivative, read whole,
 * hashed and audited), and on a cold disk more waiting than work: the files whose turn is
 * known in advance (the live photos' stored files in the order they are checked, their
 * voice stories', then cache/'s derivatives as the walk meets them) are read ahead on a
 * pool of threads, each once, and the checks below, which run in order and report as
 * before, take what was found. At most AHEAD_FILES files and AHEAD_BYTES of their bytes
 * are ahead at once, whatever the collection's size; a file met out of turn is read by the
 * check itself.
 */
#define AHEAD_FILES 256
#define AHEAD_BYTES (64LL * 1024 * 1024)
/* A file larger than this is not read ahead (the budget lets one file pass whatever its
 * size): the check hashes it as it reads and audits it mapped, never held whole. */
#define AHEAD_MAX_FILE (16LL * 1024 * 1024)

/* The voice stories in the order check_audio() checks them, and the read-ahead reads them. */
#define STORIES_SQL \
	"SELECT a.sha256, a.ext, p.ref FROM audio a JOIN photo p ON p.id = a.photo_id " \
	"ORDER BY p.id"

struct ahead {
	char *path;
	gint64 size;
	int done;           /* under the run's lock */
	int read;           /* 0: unreadable (the check reads it again and says why) */
	char hex[VOX_SHA256_HEX];
	int n;              /* the audit's findings; -1: cannot be audited (why in err) */
	char *what;         /* the findings, joined */
	char *err;
};

struct ahead_run {
	GThreadPool *pool;
	struct vox_budget room;
	GMutex lock;
	GCond done;
	GHashTable *by_path; /* path -> struct ahead, those in queue */
	GQueue queue;        /* in turn */
	/* Where the next file comes from: the live photos, their stories, cache/. */
	struct check *c;
	GPtrArray *live;
	guint next_live;
	sqlite3_stmt *stories;
	GDir *cache;
	char *cache_dir;
};

/* What an audit found, as the check says it: "EXIF Artist, XMP". */
static char *
joined(GPtrArray *findings)
{
	GString *what = g_string_new(NULL);

	for (guint i = 0; i < findings->len; i++) {
		struct vox_finding *f = findings->pdata[i];

		g_string_append_printf(what, "%s%s", i ? ", " : "", f->what);
	}
	return g_string_free(what, FALSE);
}

static void
ahead_free(struct ahead *a)
{
	g_free(a->path);
	g_free(a->what);
	g_free(a->err);
	g_free(a);
}

/* One file, on a thread of the pool: read once, hashed and audited. */
static void
ahead_one(gpointer data, gpointer user)
{
	struct ahead *a = data;
	struct ahead_run *run = user;
	g_autoptr(GError) err = NULL;
	gchar *buf = NULL;
	gsize len = 0;

	vox_budget_take(&run->room, a->size);
	if (g_file_get_contents(a->path, &buf, &len, &err)) {
		GPtrArray *findings = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)vox_finding_free);
		vox_hash *sum = vox_hash_new(VOX_HASH_SHA256);

		vox_hash_update(sum, buf, len);
		g_strlcpy(a->hex, vox_hash_hex(sum), VOX_SHA256_HEX);
		vox_hash_free(sum);
		a->n = vox_audit_buffer(a->path, (const uint8_t *)buf, len, findings);
		if (a->n < 0)
			a->err = g_strdup(vox_error_message());
		a->what = joined(findings);
		g_ptr_array_unref(findings);
		vox_error_clear();
		a->read = 1;
	}
	g_free(buf);
	vox_budget_give(&run->room, a->size);
	g_mutex_lock(&run->lock);
	a->done = 1;
	g_cond_broadcast(&run->done);
	g_mutex_unlock(&run->lock);
}

static int derivative_hash(const char *name, char hash[65]);

/* The next file whose turn is known, or NULL. */
static char *
ahead_next(struct ahead_run *run)
{
	struct check *c = run->c;
	const char *name;

	while (run->next_live < run->live->len) {
		const char *sha = run->live->pdata[run->next_live++];
		struct row *r = g_hash_table_lookup(c->rows, sha);

		if (!r->withdrawn)
			return vox_store_path(c->cat->dir, sha, r->ext);
	}
	if (run->stories && sqlite3_step(run->stories) == SQLITE_ROW)
		return vox_store_path(c->cat->dir,
		    (const char *)sqlite3_column_text(run->stories, 0),
		    (const char *)sqlite3_column_text(run->stories, 1));
	if (run->stories) {
		sqlite3_finalize(run->stories);
		run->stories = NULL;
		run->cache = c->skip_cache ? NULL : g_dir_open(run->cache_dir, 0, NULL);
	}
	while (run->cache && (name = g_dir_read_name(run->cache))) {
		char hash[65];
		struct row *r;

		/* Only a current photo's derivative is read whole (audited); anything else
		 * named so is hashed as it is read, or removed by its name. */
		if (derivative_hash(name, hash) && (r = g_hash_table_lookup(c->rows, hash)) &&
		    !r->withdrawn)
			return g_build_filename(run->cache_dir, name, NULL);
	}
	return NULL;
}

/* Keeps AHEAD_FILES files ahead. */
static void
ahead_fill(struct ahead_run *run)
{
	char *path;

	while (run->pool && run->queue.length < AHEAD_FILES && (path = ahead_next(run))) {
		struct stat sb;
		struct ahead *a;

		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > AHEAD_MAX_FILE ||
		    g_hash_table_contains(run->by_path, path)) {
			g_free(path);
			continue;
		}
		a = g_new0(struct ahead, 1);
		a->path = path;
		a->size = sb.st_size;
		g_hash_table_insert(run->by_path, a->path, a);
		g_queue_push_tail(&run->queue, a);
		g_thread_pool_push(run->pool, a, NULL);
	}
}

static void
ahead_start(struct ahead_run *run, struct check *c, GPtrArray *live)
{
	guint n = g_get_num_processors();

	memset(run, 0, sizeof(*run));
	run->c = c;
	run->live = live;
	run->room.limit = AHEAD_BYTES;
	g_mutex_init(&run->room.lock);
	g_cond_init(&run->room.freed);
	g_mutex_init(&run->lock);
	g_cond_init(&run->done);
	g_queue_init(&run->queue);
	run->by_path = g_hash_table_new(g_str_hash, g_str_equal);
	run->cache_dir = g_build_filename(c->cat->dir, "cache", NULL);
	run->stories = vox_catalog_prepare(c->cat, STORIES_SQL);
	vox_error_clear();
	/* Mostly waiting for the disk: more threads than cores (measured on 10,000 photos
	 * read cold: 2 threads 20 s, 4 12 s, 8 10 s, against 25 s without). Without a
	 * pool, the checks read each file themselves. */
	run->pool = g_thread_pool_new(ahead_one, run, (gint)CLAMP(n * 4, 4, 16), TRUE, NULL);
	ahead_fill(run);
}

static void
ahead_stop(struct ahead_run *run)
{
	struct ahead *a;

	if (run->pool)
		g_thread_pool_free(run->pool, FALSE, TRUE);
	while ((a = g_queue_pop_head(&run->queue)))
		ahead_free(a);
	g_hash_table_unref(run->by_path);
	if (run->stories)
		sqlite3_finalize(run->stories);
	if (run->cache)
		g_dir_close(run->cache);
	g_free(run->cache_dir);
	g_mutex_clear(&run->room.lock);
	g_cond_clear(&run->room.freed);
	g_mutex_clear(&run->lock);
	g_cond_clear(&run->done);
}

/*
 * What was read ahead of path, once read, or NULL (not ahead: the caller reads it). The
 * files before it in turn were passed over: they are dropped. With last, path's is
 * dropped too, and the caller frees it.
 */
static struct ahead *
ahead_take(struct check *c, const char *path, int last)
{
	struct ahead_run *run = c->ahead;
	struct ahead *a, *head;

	if (!run)
		return NULL;
	ahead_fill(run);
	if (!(a = g_hash_table_lookup(run->by_path, path)))
		return NULL;
	g_mutex_lock(&run->lock);
	while ((head = g_queue_peek_head(&run->queue)) && (head != a || last)) {
		while (!head->done)
			g_cond_wait(&run->done, &run->lock);
		g_queue_pop_head(&run->queue);
		g_hash_table_remove(run->by_path, head->path);
		if (head == a)
			break;
		ahead_free(head);
	}
	while (!a->done)
		g_cond_wait(&run->done, &run->lock);
	g_mutex_unlock(&run->lock);
	ahead_fill(run);
	return a;
}

/* The SHA-256 of path: read ahead, or read now. */
static int
file_hash(struct check *c, const char *path, char hex[VOX_SHA256_HEX])
{
	struct ahead *a = ahead_take(c, path, 0);

	if (a && a->read) {
		g_strlcpy(hex, a->hex, VOX_SHA256_HEX);
		return 0;
	}
	return hash_file(path, hex);
}

/* What --repair does about a finding. */
enum fix {
	KEEP,   /* nothing: a person must decide */
	REMOVE, /* never committed (store/tmp/), or withdrawn bytes (privacy rule 6) */
	MOVE,   /* to lost+found/: repair never deletes what may be a photo (privacy rule 10) */
	PURGE,  /* deleted text still in the database files: vox_catalog_purge() */
};

/*
 * Moves the file rel (relative to the collection) into the collection's lost+found/ under
 * its own name (name.1, name.2 … when that is taken), never replacing a file there. Both
 * folders are opened from the collection's own without following a link
 * (vox_catalog_open_folder()), so nothing is moved out of the collection. Returns the new
 * path relative to the collection (g_free), or NULL with an error.
 */
static char *
move_to_lost(struct check *c, const char *rel)
{
	char *base = g_path_get_basename(rel), *from = g_path_get_dirname(rel);
	char *to = NULL, *moved = NULL;
	int lost = vox_catalog_open_folder(c->cat, VOX_LOST_FOUND, 1);
	int src = lost >= 0 ? vox_catalog_open_folder(c->cat, from, 0) : -1;

	if (src < 0)
		goto out;
	for (int i = 0; i < 1000 && !moved; i++) {
		g_free(to);
		to = i == 0 ? g_strdup(base) : g_strdup_printf("%s.%d", base, i);
		/* A hard link then an unlink: a name already in lost+found/ is never replaced,
		 * and a crash in between leaves the file in both places, not in neither. */
		if (linkat(src, base, lost, to, 0) == 0) {
			if (unlinkat(src, base, 0) != 0) {
				vox_error_system("check", "'%s'", rel);
				unlinkat(lost, to, 0);
				goto out;
			}
		} else if (errno == EEXIST) {
			continue;
		} else if (renameat2(src, base, lost, to, RENAME_NOREPLACE) != 0) {
			/* no hard links on this file system: a rename to a name that is free */
			if (errno == EEXIST)
				continue;
			vox_error_system("check", "'%s': cannot move to '%s'", rel, VOX_LOST_FOUND);
			goto out;
		}
		/* Moved all the same if these fail; durability is best effort. */
		fsync(lost);
		fsync(src);
		moved = g_build_filename(VOX_LOST_FOUND, to, NULL);
	}
	if (!moved)
		vox_error_k(VOX_ERR_IO, "check", "'%s': too many files named '%s' in lost+found",
		    rel, base);
out:
	if (lost >= 0)
		close(lost);
	if (src >= 0)
		close(src);
	g_free(base);
	g_free(from);
	g_free(to);
	return moved;
}

/* Removes the file rel (relative to the collection), its folder opened without following
 * a link: 0, or -1 with an error. */
static int
remove_file(struct check *c, const char *rel)
{
	char *base = g_path_get_basename(rel), *from = g_path_get_dirname(rel);
	int fd = vox_catalog_open_folder(c->cat, from, 0), ret = -1;

	if (fd >= 0) {
		if (unlinkat(fd, base, 0) == 0 || errno == ENOENT) {
			fsync(fd); /* removed all the same; durability is best effort */
			ret = 0;
		} else {
			vox_error_system("check", "'%s'", rel);
		}
		close(fd);
	}
	g_free(base);
	g_free(from);
	return ret;
}

static void
found(struct check *c, const char *path, enum fix fix, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
found(struct check *c, const char *path, enum fix fix, const char *fmt, ...)
{
	struct vox_check_finding *f = g_new0(struct vox_check_finding, 1);
	const char *dir = vox_catalog_dir(c->cat);
	va_list ap;

	f->path = g_str_has_prefix(path, dir) && path[strlen(dir)] == '/' ?
	    g_strdup(path + strlen(dir) + 1) : g_strdup(path);
	va_start(ap, fmt);
	f->problem = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* Only what lies under the collection is ever changed. */
	f->repairable = fix != KEEP && f->path[0] != '/';
	if (f->repairable && c->repair) {
		if (c->dry_run) {
			f->repaired = 1;
			if (fix == MOVE)
				f->moved_to = g_strdup(VOX_LOST_FOUND "/");
		} else if (fix == MOVE) {
			f->moved_to = move_to_lost(c, f->path);
			f->repaired = f->moved_to != NULL;
			/* Said once: not again as something waiting in lost+found/. */
			if (f->repaired) {
				g_hash_table_add(c->seen, g_build_filename(dir, f->moved_to, NULL));
			} else {
				char *why = g_strdup_printf("%s; not moved: %s", f->problem,
				    vox_error_message());

				g_free(f->problem);
				f->problem = why;
				vox_error_clear();
			}
		} else if (fix == PURGE) {
			f->repaired = vox_catalog_purge(c->cat, VOX_CATALOG_BUSY_MS, NULL,
			    NULL) == 0;
			if (!f->repaired) {
				char *why = g_strdup_printf("%s; not purged: %s", f->problem,
				    vox_error_message());

				g_free(f->problem);
				f->problem = why;
				vox_error_clear();
			}
		} else if (remove_file(c, f->path) == 0) {
			f->repaired = 1;
		} else {
			char *why = g_strdup_printf("%s; not removed: %s", f->problem,
			    vox_error_message());

			g_free(f->problem);
			f->problem = why;
			vox_error_clear();
		}
	}
	if (!f->repaired)
		c->left++;
	g_ptr_array_add(c->findings, f);
}

/* Whether name starts with the hash of a withdrawn photo; returns that hash's date. */
static const char *
withdrawn_name(struct check *c, const char *name)
{
	char hash[65];
	struct row *r;
	const char *date;

	if (strlen(name) < 64)
		return NULL;
	memcpy(hash, name, 64);
	hash[64] = 0;
	if (!vox_sha256_hex_valid(hash))
		return NULL;
	if ((date = g_hash_table_lookup(c->tombstones, hash)))
		return date;
	r = g_hash_table_lookup(c->rows, hash);
	return r && r->withdrawn ? "an earlier day" : NULL;
}

/* Where a file lies, which decides what a file that is not a live photo's is. */
enum place {
	ELSEWHERE, /* outputs someone put in the collection: only withdrawn bytes */
	STORE,     /* store/: an orphan */
	LOST,      /* lost+found/: waiting for vox check --adopt */
	CACHE,     /* cache/: a derivative of a current photo that audits clean */
};

static void check_cached(struct check *c, const char *path, const char *name);

/*
 * A file of store/ that is not a live photo's, or any file elsewhere: checked for
 * withdrawn bytes; in store/ also an orphan, in lost+found/ something to adopt, in cache/
 * a derivative of a current photo that audits clean. Only bytes are removed for being a
 * withdrawn photo's, never a name: a file named after one but holding other bytes (a
 * backup, a copy renamed by hand, another photo) may be the only copy of a photo, and is
 * moved or kept as any other file of its place is.
 */
static void
check_other(struct check *c, const char *path, const char *name, enum place place)
{
	char hex[VOX_SHA256_HEX];
	const char *named = withdrawn_name(c, name), *date;
	struct row *r;

	if (file_hash(c, path, hex) == 0) {
		date = g_hash_table_lookup(c->tombstones, hex);
		r = date ? NULL : g_hash_table_lookup(c->rows, hex);
		if (date || (r && r->withdrawn)) {
			found(c, path, REMOVE, "holds the bytes of a photo withdrawn on %s",
			    date ? date : "an earlier day");
			return;
		}
	}
	vox_error_clear();
	/* cache/ holds only what can be made again: a derivative of a withdrawn photo goes
	 * by its name there. */
	if (place == CACHE) {
		check_cached(c, path, name);
		return;
	}
	if (place == STORE && !c->authoritative)
		found(c, path, KEEP, "not in the catalog, which is not this store's: left "
		    "where it is (see vox.db)");
	else if (place == STORE && named)
		found(c, path, MOVE, "orphan file named after a photo withdrawn on %s, but not "
		    "holding its bytes", named);
	else if (place == STORE)
		found(c, path, MOVE, "orphan file (no photo in the catalog)");
	else if (place == LOST && strcmp(name, VOX_STORE_ID) == 0)
		found(c, path, KEEP, "in lost+found: the collection id of a store moved here; "
		    "vox check --adopt removes it");
	else if (place == LOST && named)
		found(c, path, KEEP, "in lost+found: named after a photo withdrawn on %s, but "
		    "not holding its bytes: look at it; vox check --adopt leaves it (rename it "
		    "to adopt it, or remove it yourself)", named);
	else if (place == LOST)
		found(c, path, KEEP, "in lost+found: vox check --adopt adds it back as a "
		    "private photo, or remove it yourself");
	else if (named)
		found(c, path, KEEP, "named after a photo withdrawn on %s, but not holding its "
		    "bytes (a resized copy?): look at it, and remove it yourself if it is that "
		    "photo", named);
}

static void
walk(struct check *c, const char *dir, enum place place, int depth)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		struct stat sb;

		if (lstat(path, &sb) != 0) {
			g_free(path);
			continue;
		}
		/* Never followed: a link could lead anywhere, and what is there is not the
		 * collection's to move or remove. */
		if (S_ISDIR(sb.st_mode)) {
			if (depth < 32)
				walk(c, path, place, depth + 1);
		} else if (place == CACHE && !S_ISREG(sb.st_mode)) {
			found(c, path, REMOVE, "not a regular file: cache/ holds only derivatives");
		} else if (S_ISLNK(sb.st_mode) && (place == STORE || place == LOST)) {
			found(c, path, KEEP, "a symbolic link, not a file: nothing is done through "
			    "it (remove it yourself)");
		} else if (S_ISREG(sb.st_mode) && !g_hash_table_contains(c->seen, path) &&
		    !(place == STORE && depth == 0 && strcmp(name, VOX_STORE_ID) == 0)) {
			check_other(c, path, name, place);
		}
		g_free(path);
	}
	g_dir_close(d);
}

static void
leftovers(struct check *c, const char *tmp)
{
	GDir *d = g_dir_open(tmp, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(tmp, name, NULL);

		g_hash_table_add(c->seen, g_strdup(path));
		found(c, path, REMOVE, "leftover temporary file from an interrupted write");
		g_free(path);
	}
	g_dir_close(d);
}

/* Privacy rule 4 on the store itself, and on the cache: every stored photo and every
 * derivative audits clean. what names the file ("stored file of P07-01"); fix is what
 * repair may do with one that does not (a derivative is remade by the next output). */
static void
audit(struct check *c, const char *path, const char *what, enum fix fix)
{
	GPtrArray *findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	struct ahead *a = ahead_take(c, path, 1);
	GMappedFile *map = NULL;
	const gchar *data;
	gsize len;
	struct stat sb;
	int n;

	/* Read ahead: what it found. */
	if (a && a->read) {
		if (a->n < 0)
			found(c, path, fix, "the %s cannot be audited: %s", what, a->err);
		else if (a->n > 0)
			found(c, path, fix, "the %s holds identifying metadata: %s", what,
			    a->what);
		ahead_free(a);
		goto out;
	}
	if (a)
		ahead_free(a);
	/* Never held whole: mapped, and nothing larger than a photo photovox takes in. */
	if (lstat(path, &sb) == 0 && sb.st_size > VOX_MAX_PHOTO_BYTES) {
		found(c, path, fix, "the %s cannot be audited: larger than %d MB, more than any "
		    "photo photovox takes in", what, (int)(VOX_MAX_PHOTO_BYTES >> 20));
		goto out;
	}
	if (!(map = g_mapped_file_new(path, FALSE, NULL))) {
		found(c, path, fix, "unreadable %s", what);
		goto out;
	}
	data = g_mapped_file_get_contents(map);
	len = g_mapped_file_get_length(map);
	n = vox_audit_buffer(path, data ? (const uint8_t *)data : (const uint8_t *)"", len,
	    findings);
	if (n < 0) {
		found(c, path, fix, "the %s cannot be audited: %s", what, vox_error_message());
	} else if (n > 0) {
		g_autofree char *what_found = joined(findings);

		found(c, path, fix, "the %s holds identifying metadata: %s", what, what_found);
	}
out:
	if (map)
		g_mapped_file_unref(map);
	g_ptr_array_unref(findings);
}

/* The hash a derivative's name starts with ("<sha256>-<width>.jpg" or ".webp", as
 * vox/derive.h names them) into hash; 0 when name is not so made. */
static int
derivative_hash(const char *name, char hash[65])
{
	const char *p = name + 64;
	size_t digits;

	if (strlen(name) < 65 || *p != '-')
		return 0;
	memcpy(hash, name, 64);
	hash[64] = 0;
	if (!vox_sha256_hex_valid(hash))
		return 0;
	digits = strspn(p + 1, "0123456789");
	return digits > 0 && (strcmp(p + 1 + digits, ".jpg") == 0 ||
	    strcmp(p + 1 + digits, ".webp") == 0);
}

/* A file of cache/ that holds no withdrawn bytes: a derivative of a current photo that
 * audits clean, or reported. Everything there is rebuildable, so repair removes it. */
static void
check_cached(struct check *c, const char *path, const char *name)
{
	char hash[65];
	struct row *r;
	struct stat sb;
	g_autofree char *what = NULL;

	if (g_str_has_prefix(name, ".vox-")) {
		found(c, path, REMOVE, "leftover temporary file from an interrupted write");
		return;
	}
	/* The derivatives' record of stored files found sound, and a run's marker of files
	 * not yet flushed, which the next run deals with (pipeline/derive.c). */
	if (strcmp(name, ".verified") == 0 || g_str_has_prefix(name, ".unsynced-"))
		return;
	if (!derivative_hash(name, hash)) {
		found(c, path, REMOVE, "not a derivative: cache/ holds only derivatives of photos");
		return;
	}
	r = g_hash_table_lookup(c->rows, hash);
	if (!r || r->withdrawn) {
		found(c, path, REMOVE, "a derivative of no current photo");
		return;
	}
	if (lstat(path, &sb) == 0 && sb.st_size > VOX_MAX_PHOTO_BYTES) {
		found(c, path, REMOVE, "larger than %d MB: not a derivative photovox makes",
		    (int)(VOX_MAX_PHOTO_BYTES >> 20));
		return;
	}
	what = g_strdup_printf("derivative of %s", r->ref);
	audit(c, path, what, REMOVE);
}

/* A file of the store that a row names (what: "stored file", "voice story"; ref: the
 * photo's): present, matching its hash, and auditing clean (privacy rule 4). */
static void
check_stored(struct check *c, const char *path, const char *sha, const char *what,
    const char *ref)
{
	char hex[VOX_SHA256_HEX];

	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		found(c, path, KEEP, "missing: the %s of %s is gone", what, ref);
	} else if (file_hash(c, path, hex) != 0) {
		found(c, path, KEEP, "unreadable %s of %s: %s", what, ref, vox_error_message());
	} else if (strcmp(hex, sha) != 0) {
		found(c, path, KEEP, "damaged: the %s of %s does not match its hash", what, ref);
	} else {
		g_autofree char *whose = g_strdup_printf("%s of %s", what, ref);

		audit(c, path, whose, KEEP);
	}
}

/* Voice stories are stored as photos are: each file present, matching its hash, auditing
 * clean, and no orphan (a story's file is not one). */
static int
check_audio(struct check *c)
{
	sqlite3_stmt *st = vox_catalog_prepare(c->cat, STORIES_SQL);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		const char *ref = (const char *)sqlite3_column_text(st, 2);
		char *path = vox_store_path(c->cat->dir, sha,
		    (const char *)sqlite3_column_text(st, 1));

		g_hash_table_add(c->seen, g_strdup(path));
		check_stored(c, path, sha, "voice story", ref);
		g_free(path);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : vox_catalog_db_error(c->cat, "audio");
}

static int
integrity(struct check *c)
{
	static const char *const pragmas[] = {
		"PRAGMA integrity_check", "PRAGMA foreign_key_check",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(pragmas); i++) {
		sqlite3_stmt *st = vox_catalog_prepare(c->cat, pragmas[i]);
		int rc;

		if (!st)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);

			if (i == 0 && t && strcmp(t, "ok") == 0)
				continue;
			if (i == 0)
				found(c, "vox.db", KEEP, "integrity check: %s", t ? t : "?");
			else
				found(c, "vox.db", KEEP, "foreign key broken in table %s",
				    t ? t : "?");
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return vox_catalog_db_error(c->cat, "integrity check");
	}
	return 0;
}

/* The collection's own folders and catalog files, looked at without following links
 * (vox_catalog_layout()): each that is a link or not what it should be is a problem, and
 * is neither walked nor written through. */
static int
layout(struct check *c)
{
	GPtrArray *bad = g_ptr_array_new_with_free_func((GDestroyNotify)vox_check_finding_free);
	int n = vox_catalog_layout(c->cat->dir, bad);

	for (guint i = 0; n > 0 && i < bad->len; i++) {
		struct vox_check_finding *f = bad->pdata[i];

		c->skip_store |= strcmp(f->path, "store") == 0;
		c->skip_tmp |= strcmp(f->path, "store") == 0 || strcmp(f->path, "store/tmp") == 0;
		c->skip_cache |= strcmp(f->path, "cache") == 0;
		c->skip_lost |= strcmp(f->path, VOX_LOST_FOUND) == 0;
		found(c, f->path, KEEP, "%s", f->problem);
	}
	g_ptr_array_unref(bad);
	return n < 0 ? -1 : 0;
}

static int
load(struct check *c)
{
	sqlite3_stmt *st = vox_catalog_prepare(c->cat, "SELECT sha256, ext, ref, audience "
	    "FROM photo");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct row *r = g_new0(struct row, 1);

		r->ext = g_strdup((const char *)sqlite3_column_text(st, 1));
		r->ref = g_strdup((const char *)sqlite3_column_text(st, 2));
		r->withdrawn = sqlite3_column_int(st, 3) == 0;
		g_hash_table_insert(c->rows, g_strdup((const char *)sqlite3_column_text(st, 0)), r);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return vox_catalog_db_error(c->cat, "photos");
	st = vox_catalog_prepare(c->cat, "SELECT sha256, date FROM tombstone");
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_hash_table_insert(c->tombstones,
		    g_strdup((const char *)sqlite3_column_text(st, 0)),
		    g_strdup((const char *)sqlite3_column_text(st, 1)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return vox_catalog_db_error(c->cat, "tombstones");
	return 0;
}

/*
 * Privacy rule 9: an output inside the collection that still holds a photo since
 * withdrawn, redacted or no longer consented is a problem of the collection (its bytes
 * were resized, so the walk above cannot find them). One outside it, on a stick or a
 * server, is not this folder's to check: vox outputs lists it.
 */
static int
stale_outputs(struct check *c)
{
	GPtrArray *outs = vox_catalog_outputs(c->cat, 0);
	char *real = realpath(c->cat->dir, NULL);
	const char *dir = real ? real : c->cat->dir;
	size_t len = strlen(dir);

	if (!outs) {
		free(real);
		return -1;
	}
	for (guint i = 0; i < outs->len; i++) {
		const struct vox_output *o = outs->pdata[i];

		if (o->state != VOX_OUTPUT_STALE || strncmp(o->path, dir, len) != 0 ||
		    o->path[len] != '/')
			continue;
		found(c, o->path + len + 1, 0, "stale %s: still holds %s (rebuild with vox "
		    "outputs --rebuild)", vox_output_kind_name(o->kind), o->reason);
	}
	g_ptr_array_unref(outs);
	free(real);
	return 0;
}

int
vox_catalog_check(vox_catalog *cat, unsigned flags, GPtrArray *findings)
{
	struct check c = {
		.cat = cat, .findings = findings, .repair = (flags & VOX_CHECK_REPAIR) != 0,
		.dry_run = (flags & VOX_CHECK_DRY_RUN) != 0,
	};
	GHashTableIter it;
	gpointer key, value;
	struct ahead_run ahead;
	GPtrArray *live;
	char *tmp = NULL, *store = NULL;
	g_autofree char *why = NULL;
	int ret = -1, locked = 0;

	c.rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)row_free);
	c.tombstones = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	c.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	live = g_ptr_array_new();
	if (layout(&c) != 0)
		goto out;
	if (integrity(&c) != 0)
		goto out;
	switch (vox_catalog_purge_owed(cat)) {
	case 1:
		found(&c, "vox.db", PURGE, "text deleted by a withdrawal may still be in vox.db or "
		    "vox.db-wal: it was not purged (another program was reading the collection, "
		    "or the withdrawal was interrupted)");
		break;
	case -1:
		goto out;
	}
	/* Exclusive: no photo is between "file stored" and "row committed" while we look. */
	if (vox_catalog_store_lock(cat, VOX_LOCK_EXCLUSIVE) != 0)
		goto out;
	locked = 1;
	if (load(&c) != 0)
		goto out;
	g_hash_table_iter_init(&it, c.rows);
	while (g_hash_table_iter_next(&it, &key, &value))
		g_ptr_array_add(live, key);
	g_ptr_array_sort(live, (GCompareFunc)g_strcmp0);
	ahead_start(&ahead, &c, live);
	c.ahead = &ahead;
	for (guint i = 0; i < live->len; i++) {
		const char *sha = *(const char **)&live->pdata[i];
		struct row *r = g_hash_table_lookup(c.rows, sha);
		char *path = vox_store_path(cat->dir, sha, r->ext);

		if (r->withdrawn) {
			g_free(path);
			continue;
		}
		g_hash_table_add(c.seen, g_strdup(path));
		check_stored(&c, path, sha, "stored file", r->ref);
		g_free(path);
	}
	if (check_audio(&c) != 0)
		goto out;
	store = g_build_filename(cat->dir, "store", NULL);
	tmp = g_build_filename(store, "tmp", NULL);
	/* A catalog that is not this store's (a new vox.db, or one from elsewhere, put in the
	 * place of the lost one) is damage, not an empty collection, and cannot say which
	 * stored file is an orphan. */
	switch (vox_catalog_store_fit(cat, &why)) {
	case 1:
		c.authoritative = 1;
		break;
	case 0:
		found(&c, "vox.db", KEEP, "does not belong to this store (%s): a lost and "
		    "replaced catalog? Restore the vox.db of this store with its vox.db-wal from a "
		    "backup; nothing in store/ is moved on its word", why);
		break;
	default:
		goto out;
	}
	/* Never committed: the crash-safety argument of CONTRIBUTING.md; the original is
	 * still wherever ingest read it from. */
	if (!c.skip_tmp)
		leftovers(&c, tmp);
	if (!c.skip_store)
		walk(&c, store, STORE, 0);
	/* Everything else under the collection: lost+found/, cache/, and any output someone
	 * put here. */
	{
		GDir *d = g_dir_open(cat->dir, 0, NULL);
		const char *name;

		while (d && (name = g_dir_read_name(d))) {
			char *path = g_build_filename(cat->dir, name, NULL);
			struct stat sb;

			int lost = strcmp(name, VOX_LOST_FOUND) == 0;
			int cache = strcmp(name, "cache") == 0;

			/* The collection's own folders that are not folders were reported
			 * above, and are not looked into. */
			if (strcmp(name, "store") != 0 && !(lost && c.skip_lost) &&
			    !(cache && c.skip_cache) && lstat(path, &sb) == 0) {
				if (S_ISDIR(sb.st_mode))
					walk(&c, path, lost ? LOST : cache ? CACHE : ELSEWHERE, 1);
				else if (S_ISREG(sb.st_mode) && !g_str_has_prefix(name, "vox.db") &&
				    strcmp(name, "store.lock") != 0)
					check_other(&c, path, name, ELSEWHERE);
			}
			g_free(path);
		}
		if (d)
			g_dir_close(d);
	}
	if (stale_outputs(&c) != 0)
		goto out;
	ret = c.left;
out:
	/* The pool's last reads end before the store is unlocked. */
	if (c.ahead)
		ahead_stop(c.ahead);
	if (locked)
		vox_catalog_store_unlock(cat);
	g_ptr_array_unref(live);
	g_hash_table_unref(c.rows);
	g_hash_table_unref(c.tombstones);
	g_hash_table_unref(c.seen);
	g_free(tmp);
	g_free(store);
	return ret;
}
