/*
 * The catalog: opening and creating vox.db, its schema and forward migrations, and the
 * named things a collection declares (pairs, sites, participants, sessions, themes,
 * prompts), tombstones and the event log. Photos are in catalog_photo.c.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "catalog_int.h"
#include "vox/error.h"
#include "vox/suggest.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/store.h"


static int event_now(vox_catalog *cat, const char *tool, const char *action, const char *ref,
    const char *detail);
static int not_a_catalog(const char *dir, const struct stat *sb);
static int no_catalog(const char *dir);
static int run(vox_catalog *cat, const char *sql, int n, ...);

/*
 * Forward migrations: migrations[i] takes a database from user_version i to i + 1. A new
 * schema version appends one entry and never edits an old one.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE pair (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT);\n"
	"CREATE TABLE site (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT,\n"
	"  pair_id INTEGER NOT NULL REFERENCES pair(id),\n"
	"  setting TEXT NOT NULL CHECK (setting IN ('rural', 'urban', 'other')));\n"
	"CREATE INDEX site_pair ON site(pair_id);\n"
	"CREATE TABLE participant (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n"
	"  site_id INTEGER REFERENCES site(id) ON DELETE SET NULL, name TEXT,\n"
	"  minor INTEGER NOT NULL DEFAULT 0,\n"
	"  next_seq INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE TABLE session (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,\n"
	"  site_id INTEGER REFERENCES site(id) ON DELETE SET NULL, date TEXT);\n"
	"CREATE TABLE photo (id INTEGER PRIMARY KEY,\n"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
	"  ext TEXT NOT NULL, ref TEXT NOT NULL UNIQUE,\n"
	"  participant_id INTEGER NOT NULL REFERENCES participant(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  site_id INTEGER REFERENCES site(id), session_id INTEGER REFERENCES session(id),\n"
	"  width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,\n"
	"  orientation INTEGER NOT NULL DEFAULT 1,\n"
	"  audience INTEGER NOT NULL DEFAULT 1 CHECK (audience BETWEEN 0 AND 4),\n"
	"  people INTEGER NOT NULL DEFAULT 3 CHECK (people BETWEEN 0 AND 3),\n"
	"  sensitive INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0,\n"
	"  source_name TEXT, added TEXT NOT NULL, changed TEXT NOT NULL);\n"
	"CREATE INDEX photo_site ON photo(site_id, audience);\n"
	"CREATE INDEX photo_participant ON photo(participant_id, seq);\n"
	"CREATE INDEX photo_session ON photo(session_id);\n"
	"CREATE INDEX photo_audience ON photo(audience);\n"
	"CREATE TABLE caption (photo_id INTEGER PRIMARY KEY REFERENCES photo(id)\n"
	"  ON DELETE CASCADE,\n"
	"  title TEXT, story TEXT, alt TEXT, lang TEXT,\n"
	"  tr_lang TEXT, tr_title TEXT, tr_story TEXT, tr_alt TEXT);\n"
	"CREATE TABLE caption_prompt (photo_id INTEGER NOT NULL REFERENCES photo(id)\n"
	"  ON DELETE CASCADE,\n"
	"  translation INTEGER NOT NULL DEFAULT 0, key TEXT NOT NULL, answer TEXT NOT NULL,\n"
	"  PRIMARY KEY (photo_id, translation, key));\n"
	"CREATE TABLE theme (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT);\n"
	"CREATE TABLE photo_theme (photo_id INTEGER NOT NULL REFERENCES photo(id)\n"
	"  ON DELETE CASCADE,\n"
	"  theme_id INTEGER NOT NULL REFERENCES theme(id), position INTEGER NOT NULL,\n"
	"  PRIMARY KEY (photo_id, theme_id));\n"
	"CREATE INDEX photo_theme_theme ON photo_theme(theme_id, photo_id);\n"
	"CREATE TABLE prompt (key TEXT PRIMARY KEY, question TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL);\n"
	"CREATE TABLE tombstone (sha256 TEXT PRIMARY KEY, date TEXT NOT NULL);\n"
	"CREATE TABLE event (id INTEGER PRIMARY KEY, time TEXT NOT NULL, tool TEXT NOT NULL,\n"
	"  action TEXT NOT NULL, ref TEXT, detail TEXT);\n",
	/* 1 -> 2: the outputs built from the catalog and the photos each holds (privacy rule
	 * 9); paths, options and ids only, never caption text or names. */
	"CREATE TABLE output (id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('gallery', 'booklet', 'archive')),\n"
	"  path TEXT NOT NULL UNIQUE,\n"
	"  audience INTEGER NOT NULL CHECK (audience BETWEEN 1 AND 4),\n"
	"  allow_sensitive_public INTEGER NOT NULL DEFAULT 0,\n"
	"  options TEXT NOT NULL DEFAULT '{}', built TEXT NOT NULL);\n"
	"CREATE TABLE output_photo (output_id INTEGER NOT NULL REFERENCES output(id)\n"
	"  ON DELETE CASCADE,\n"
	"  photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,\n"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),\n"
	"  PRIMARY KEY (output_id, photo_id));\n"
	"CREATE INDEX output_photo_photo ON output_photo(photo_id);\n",
	/* 2 -> 3: what the facilitator's evening, the languages, the voice stories and the
	 * evaluator's deposit keep.
	 * - photo.edited: the caption fields edited in photovox since ingest, comma-separated
	 *   (title,story,alt,lang,themes,prompts,translation); ingesting a changed sidecar again
	 *   updates only a caption whose fields were not edited.
	 * - pair.cover_photo_id, site.cover_photo_id: the photo a facilitator chose as cover.
	 * - name_lang: a pair's, site's, theme's or prompt's name in one language; kind and key
	 *   (the slug, or the prompt's key) name what it belongs to.
	 * - audio: a photo's voice story, stored under its own SHA-256 like a photo; transcript
	 *   in caption.transcript (and tr_transcript for the translation).
	 * - photo.scrubbed: the categories of identifying metadata ingest removed, as
	 *   "category=count" pairs separated by commas; never the values. photo.converted: the
	 *   source format a photo was converted from at ingest ('heic'), or NULL. */
	"ALTER TABLE photo ADD COLUMN edited TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE photo ADD COLUMN scrubbed TEXT;\n"
	"ALTER TABLE photo ADD COLUMN converted TEXT;\n"
	"ALTER TABLE pair ADD COLUMN cover_photo_id INTEGER REFERENCES photo(id)\n"
	"  ON DELETE SET NULL;\n"
	"ALTER TABLE site ADD COLUMN cover_photo_id INTEGER REFERENCES photo(id)\n"
	"  ON DELETE SET NULL;\n"
	"CREATE TABLE name_lang (\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('pair', 'site', 'theme', 'prompt')),\n"
	"  key TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL,\n"
	"  PRIMARY KEY (kind, key, lang));\n"
	"CREATE TABLE audio (photo_id INTEGER PRIMARY KEY REFERENCES photo(id)\n"
	"  ON DELETE CASCADE,\n"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
	"  ext TEXT NOT NULL, duration_ms INTEGER NOT NULL DEFAULT 0,\n"
	"  source_name TEXT, added TEXT NOT NULL);\n"
	"ALTER TABLE caption ADD COLUMN transcript TEXT;\n"
	"ALTER TABLE caption ADD COLUMN tr_transcript TEXT;\n",
	/* 3 -> 4: the evaluator's report is an output kind of its own. SQLite cannot alter a
	 * CHECK, so output is rebuilt with its ids. Foreign keys are on, and dropping output
	 * would delete (ON DELETE CASCADE) every output_photo row: those are kept aside, and
	 * output_photo is rebuilt after output, referring to the new table. */
	"CREATE TEMP TABLE output_photo_kept AS SELECT output_id, photo_id, sha256\n"
	"  FROM output_photo;\n"
	"DROP TABLE output_photo;\n"
	"CREATE TABLE output_new (id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('gallery', 'booklet', 'archive', 'report')),\n"
	"  path TEXT NOT NULL UNIQUE,\n"
	"  audience INTEGER NOT NULL CHECK (audience BETWEEN 1 AND 4),\n"
	"  allow_sensitive_public INTEGER NOT NULL DEFAULT 0,\n"
	"  options TEXT NOT NULL DEFAULT '{}', built TEXT NOT NULL);\n"
	"INSERT INTO output_new (id, kind, path, audience, allow_sensitive_public, options,\n"
	"  built) SELECT id, kind, path, audience, allow_sensitive_public, options, built\n"
	"  FROM output;\n"
	"DROP TABLE output;\n"
	"ALTER TABLE output_new RENAME TO output;\n"
	"CREATE TABLE output_photo (output_id INTEGER NOT NULL REFERENCES output(id)\n"
	"  ON DELETE CASCADE,\n"
	"  photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,\n"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),\n"
	"  PRIMARY KEY (output_id, photo_id));\n"
	"INSERT INTO output_photo (output_id, photo_id, sha256)\n"
	"  SELECT output_id, photo_id, sha256 FROM output_photo_kept;\n"
	"DROP TABLE output_photo_kept;\n"
	"CREATE INDEX output_photo_photo ON output_photo(photo_id);\n",
	/* 4 -> 5: an output knows when a caption it holds changed since it was built (privacy
	 * rule 9: a story a participant took a name out of is stale wherever it was
	 * published). photo.caption_rev counts the changes to a photo's caption, its prompt
	 * answers and its voice story, bumped by triggers so that every writer counts them;
	 * output_photo.caption_rev is that count when the output was built (NULL: built before
	 * it was recorded). Counts only, never text. */
	"ALTER TABLE photo ADD COLUMN caption_rev INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE output_photo ADD COLUMN caption_rev INTEGER;\n"
	"CREATE TRIGGER caption_added AFTER INSERT ON caption\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = NEW.photo_id; END;\n"
	"CREATE TRIGGER caption_removed AFTER DELETE ON caption\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = OLD.photo_id; END;\n"
	"CREATE TRIGGER caption_changed AFTER UPDATE ON caption\n"
	"  WHEN OLD.title IS NOT NEW.title OR OLD.story IS NOT NEW.story OR\n"
	"  OLD.alt IS NOT NEW.alt OR OLD.lang IS NOT NEW.lang OR\n"
	"  OLD.tr_lang IS NOT NEW.tr_lang OR\n"
	"  OLD.tr_title IS NOT NEW.tr_title OR\n"
	"  OLD.tr_story IS NOT NEW.tr_story OR OLD.tr_alt IS NOT NEW.tr_alt OR\n"
	"  OLD.transcript IS NOT NEW.transcript OR\n"
	"  OLD.tr_transcript IS NOT NEW.tr_transcript\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1\n"
	"  WHERE id IN (OLD.photo_id, NEW.photo_id); END;\n"
	"CREATE TRIGGER prompt_added AFTER INSERT ON caption_prompt\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = NEW.photo_id; END;\n"
	"CREATE TRIGGER prompt_removed AFTER DELETE ON caption_prompt\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = OLD.photo_id; END;\n"
	"CREATE TRIGGER prompt_changed AFTER UPDATE ON caption_prompt\n"
	"  WHEN OLD.answer IS NOT NEW.answer OR OLD.key IS NOT NEW.key OR\n"
	"  OLD.translation IS NOT NEW.translation OR OLD.photo_id IS NOT NEW.photo_id\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1\n"
	"  WHERE id IN (OLD.photo_id, NEW.photo_id); END;\n"
	"CREATE TRIGGER story_added AFTER INSERT ON audio\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = NEW.photo_id; END;\n"
	"CREATE TRIGGER story_removed AFTER DELETE ON audio\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1 WHERE id = OLD.photo_id; END;\n"
	"CREATE TRIGGER story_changed AFTER UPDATE ON audio\n"
	"  WHEN OLD.sha256 IS NOT NEW.sha256 OR OLD.photo_id IS NOT NEW.photo_id\n"
	"  BEGIN UPDATE photo SET caption_rev = caption_rev + 1\n"
	"  WHERE id IN (OLD.photo_id, NEW.photo_id); END;\n"
};

#define SCHEMA_VERSION ((int)G_N_ELEMENTS(migrations))

static const char *const default_themes[][2] = {
	{ "meeting-new-people", "Meeting new people" },
	{ "feeling-welcome", "Feeling welcome" },
	{ "confidence-in-new-places", "Confidence in new places" },
	{ "food-and-growing", "Food and growing" },
	{ "nature-and-outdoors", "Nature and the outdoors" },
	{ "community", "Community" },
	{ "barriers-and-access", "Barriers and access" },
	{ "making-and-doing", "Making and doing" },
	{ "work-and-skills", "Work and skills" },
	{ "home-and-belonging", "Home and belonging" },
};

static const char *const showed_keys[] = { "see", "happening", "our-lives", "why", "do" };
static const char *const showed_questions[] = {
	"What do you See here?",
	"What is really Happening here?",
	"How does this relate to Our lives?",
	"Why does this situation (concern, or strength) exist?",
	"What can we Do about it?",
};
static const char *const cdc_keys[] = {
	"see", "happening", "our-lives", "why", "empowered", "do",
};
static const char *const cdc_questions[] = {
	"What do you See here?",
	"What is really Happening here?",
	"How does this relate to Our lives?",
	"Why does this situation (concern, or strength) exist?",
	"How can we be Empowered by this?",
	"What can we Do about it?",
};

int
vox_prompt_set(const char *name, const char *const **keys, const char *const **questions)
{
	if (g_ascii_strcasecmp(name, "showed") == 0) {
		*keys = showed_keys;
		*questions = showed_questions;
		return (int)G_N_ELEMENTS(showed_keys);
	}
	if (g_ascii_strcasecmp(name, "cdc") == 0) {
		*keys = cdc_keys;
		*questions = cdc_questions;
		return (int)G_N_ELEMENTS(cdc_keys);
	}
	return -1;
}

int
vox_catalog_db_error(vox_catalog *cat, const char *what)
{
	return vox_error_k(VOX_ERR_IO, "catalog", "%s: %s", what, sqlite3_errmsg(cat->db));
}

sqlite3_stmt *
vox_catalog_prepare(vox_catalog *cat, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL) != SQLITE_OK) {
		vox_catalog_db_error(cat, "prepare");
		return NULL;
	}
	return st;
}

int
vox_catalog_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

int
vox_catalog_check_text(const char *what, const char *s)
{
	if (!s)
		return 0;
	if (!g_utf8_validate(s, -1, NULL))
		return vox_error("catalog", "%s: not valid UTF-8", what);
	/* Tabs and line breaks are text; other control characters are not, C0 and DEL nor
	 * C1 (U+0080 to U+009F: U+009B is a terminal's CSI, U+0085 a line break some readers
	 * take), and a terminal or a page showing them can be made to lie. (A NUL never gets
	 * this far: the readers refuse it, since it would end the text early.) The marks that
	 * set the direction of text (U+202A to U+202E, U+2066 to U+2069) are text: Arabic
	 * captions hold them rightly; a terminal is shown them escaped (vox_cli_text()). */
	for (const char *c = s; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);

		if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || (u >= 0x7f && u <= 0x9f))
			return vox_error("catalog", "%s: holds a control character (U+%04X), not "
			    "text", what, (unsigned)u);
	}
	return 0;
}

int
vox_catalog_check_utf8(const char *what, const char *s)
{
	return vox_catalog_check_text(what, s);
}

int
vox_catalog_step(vox_catalog *cat, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return vox_catalog_db_error(cat, what);
	return 0;
}

static int
exec(vox_catalog *cat, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(cat->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vox_error_k(VOX_ERR_IO, "catalog", "%s", msg ? msg : sqlite3_errmsg(cat->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
vox_catalog_begin(vox_catalog *cat)
{
	/* Inside an open transaction (a batch's), a savepoint: the caller's writes join the
	 * batch and stand or fall with it. */
	if (cat->tx_depth > 0) {
		if (cat->tx_broken || sqlite3_get_autocommit(cat->db)) {
			cat->tx_broken = 1;
			return vox_error_k(VOX_ERR_IO, "catalog", "the batch was rolled back by an "
			    "earlier failure");
		}
		if (exec(cat, "SAVEPOINT vox") != 0)
			return -1;
		cat->tx_depth++;
		return 0;
	}
	/* IMMEDIATE takes the write lock now, through the busy handler, rather than failing
	 * with SQLITE_BUSY when a read transaction tries to become a write one. */
	if (exec(cat, "BEGIN IMMEDIATE") != 0)
		return -1;
	cat->tx_depth = 1;
	return 0;
}

int
vox_catalog_commit(vox_catalog *cat)
{
	if (cat->tx_depth > 1) {
		/* SQLite rolls the whole transaction back on some errors (a full disk). */
		if (sqlite3_get_autocommit(cat->db)) {
			cat->tx_depth--;
			cat->tx_broken = 1;
			return vox_error_k(VOX_ERR_IO, "catalog", "the batch was rolled back by an "
			    "earlier failure");
		}
		if (exec(cat, "RELEASE vox") != 0) {
			vox_catalog_rollback(cat);
			return -1;
		}
		cat->tx_depth--;
		return 0;
	}
	if (exec(cat, "COMMIT") != 0) {
		vox_catalog_rollback(cat);
		return -1;
	}
	cat->tx_depth = 0;
	return 0;
}

void
vox_catalog_rollback(vox_catalog *cat)
{
	if (cat->tx_depth > 1) {
		cat->tx_depth--;
		if (sqlite3_get_autocommit(cat->db))
			cat->tx_broken = 1;
		else
			sqlite3_exec(cat->db, "ROLLBACK TO vox; RELEASE vox", NULL, NULL, NULL);
		return;
	}
	/* The outermost: in a batch, nothing of it may be committed any more. */
	if (cat->batch)
		cat->tx_broken = 1;
	cat->tx_depth = 0;
	if (!sqlite3_get_autocommit(cat->db))
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a statement with text parameters (NULL allowed), expecting no rows. */
static int
run(vox_catalog *cat, const char *sql, int n, ...)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	va_list ap;
	int rc, ret = -1;

	if (!st)
		return -1;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		vox_catalog_bind_text(st, i + 1, va_arg(ap, const char *));
	va_end(ap);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		vox_catalog_db_error(cat, "write");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static int
get_version(vox_catalog *cat, int *version)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "PRAGMA user_version");
	int ret = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		vox_catalog_db_error(cat, "schema version");
		goto out;
	}
	*version = sqlite3_column_int(st, 0);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Brings the schema to SCHEMA_VERSION in one transaction. */
static int
migrate(vox_catalog *cat)
{
	int version;
	char *sql;

	if (get_version(cat, &version) != 0)
		return -1;
	if (version == SCHEMA_VERSION)
		return 0;
	if (version > SCHEMA_VERSION)
		return vox_error("catalog", "'%s': made by a newer photovox (schema %d, this "
		    "one knows %d)", cat->dir, version, SCHEMA_VERSION);
	if (vox_catalog_begin(cat) != 0)
		return -1;
	/* Read again under the write lock: another process may have migrated meanwhile. */
	if (get_version(cat, &version) != 0)
		goto fail;
	for (; version < SCHEMA_VERSION; version++) {
		if (exec(cat, migrations[version]) != 0)
			goto fail;
	}
	sql = g_strdup_printf("PRAGMA user_version = %d", SCHEMA_VERSION);
	if (exec(cat, sql) != 0) {
		g_free(sql);
		goto fail;
	}
	g_free(sql);
	return vox_catalog_commit(cat);
fail:
	vox_catalog_rollback(cat);
	return -1;
}

/* How open_db() opens vox.db. */
enum open_mode {
	OPEN_CREATE, /* vox init: made when missing */
	OPEN_WRITE,  /* an existing catalog, to change it */
	OPEN_READ,   /* an existing catalog, only read: works on a read-only collection */
};

/* Whether a system error means that the file or folder cannot be written. */
static int
cannot_write(int err)
{
	return err == EACCES || err == EPERM || err == EROFS;
}

static int
read_only_error(const char *dir)
{
	return vox_error_k(VOX_ERR_IO, "catalog", "'%s': read-only collection (no permission "
	    "to write it, or a read-only file system)", dir);
}

/* Whether the catalog can be read: SQLite opens lazily, so a read-only collection whose
 * vox.db-shm cannot be made fails only at the first read. */
static int
probe(vox_catalog *cat)
{
	return sqlite3_exec(cat->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
}

/*
 * Opens vox.db read-only. In WAL mode even a reader needs vox.db-shm, which it cannot make
 * in a folder it cannot write: then, when no vox.db-wal holds changes that vox.db lacks,
 * the database is opened as immutable (SQLite reads vox.db alone and locks nothing); else
 * it is refused, since reading vox.db alone would miss those changes.
 */
static int
open_read(vox_catalog *cat, const char *db)
{
	char *wal = g_strconcat(db, "-wal", NULL);
	char *esc = g_uri_escape_string(db, "/", FALSE);
	char *uri = NULL;
	struct stat sb;
	int rc, ret = -1;

	for (int immutable = 0; immutable < 2; immutable++) {
		if (cat->db) {
			sqlite3_close_v2(cat->db);
			cat->db = NULL;
		}
		g_free(uri);
		uri = g_strdup_printf("file:%s?mode=ro%s", esc, immutable ? "&immutable=1" : "");
		rc = sqlite3_open_v2(uri, &cat->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
		    SQLITE_OPEN_NOMUTEX, NULL);
		/* The first read waits for writers as every statement does. */
		if (rc == SQLITE_OK) {
			sqlite3_busy_timeout(cat->db, VOX_CATALOG_BUSY_MS);
			rc = probe(cat);
		}
		if (rc == SQLITE_OK) {
			ret = 0;
			break;
		}
		if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
			break;
		if (!immutable && stat(wal, &sb) == 0 && sb.st_size > 0) {
			vox_error_k(VOX_ERR_IO, "catalog", "'%s': read-only collection whose "
			    "vox.db-wal holds changes that cannot be read without writing "
			    "vox.db-shm (open it once where it can be written)", cat->dir);
			goto out;
		}
	}
	if (ret != 0)
		vox_error_k(VOX_ERR_IO, "catalog", "'%s': %s", db,
		    cat->db ? sqlite3_errmsg(cat->db) : "cannot open");
out:
	g_free(uri);
	g_free(esc);
	g_free(wal);
	return ret;
}

static vox_catalog *
open_db(const char *dir, enum open_mode mode)
{
	vox_catalog *cat = g_new0(vox_catalog, 1);
	char *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	cat->lock_fd = -1;
	cat->readonly = mode == OPEN_READ;
	cat->dir = g_canonicalize_filename(dir, NULL);
	db = g_build_filename(cat->dir, "vox.db", NULL);
	if (mode == OPEN_CREATE) {
		flags |= SQLITE_OPEN_CREATE;
	} else {
		struct stat sb;

		if (lstat(db, &sb) != 0) {
			no_catalog(dir);
			goto fail;
		}
		if (!S_ISREG(sb.st_mode)) {
			not_a_catalog(dir, &sb);
			goto fail;
		}
	}
	/* A tool that changes the collection says so at once, rather than failing at its
	 * first write with SQLite's "attempt to write a readonly database". */
	if (mode == OPEN_WRITE && ((access(cat->dir, W_OK) != 0 && cannot_write(errno)) ||
	    (access(db, W_OK) != 0 && cannot_write(errno)))) {
		read_only_error(dir);
		goto fail;
	}
	/* A reader of a collection it could write opens it as writers do, so that SQLite can
	 * recover a log a crash left (a read-only connection cannot), and then refuses itself
	 * every write (query_only); only a collection it cannot write is opened read-only. */
	if (mode == OPEN_READ && (access(cat->dir, W_OK) != 0 || access(db, W_OK) != 0)) {
		if (open_read(cat, db) != 0)
			goto fail;
	} else if (sqlite3_open_v2(db, &cat->db, flags, NULL) != SQLITE_OK) {
		vox_error_k(VOX_ERR_IO, "catalog", "'%s': %s", db,
		    cat->db ? sqlite3_errmsg(cat->db) : "cannot open");
		goto fail;
	}
	if (mode == OPEN_WRITE && sqlite3_db_readonly(cat->db, "main") == 1) {
		read_only_error(dir);
		goto fail;
	}
	sqlite3_busy_timeout(cat->db, VOX_CATALOG_BUSY_MS);
	sqlite3_extended_result_codes(cat->db, 1);
	if (mode == OPEN_CREATE && exec(cat, "PRAGMA journal_mode = WAL") != 0)
		goto fail;
	if (mode == OPEN_READ && exec(cat, "PRAGMA query_only = ON") != 0)
		goto fail;
	/* secure_delete: a withdrawn caption's text is overwritten, not left in free pages.
	 * mmap: a filtered vox ls on 100,000 photos reads thousands of pages; mapped, they
	 * cost no system call each. */
	if (exec(cat, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
	    "PRAGMA secure_delete = ON; PRAGMA mmap_size = 268435456; "
	    "PRAGMA cache_size = -16384") != 0)
		goto fail;
	g_free(db);
	return cat;
fail:
	g_free(db);
	vox_catalog_close(cat);
	return NULL;
}

void
vox_catalog_close(vox_catalog *cat)
{
	if (!cat)
		return;
	if (cat->batch)
		vox_catalog_batch_abort(cat);
	if (cat->db)
		sqlite3_close_v2(cat->db);
	if (cat->lock_fd >= 0)
		close(cat->lock_fd);
	g_free(cat->dir);
	g_free(cat);
}

static int
make_dir(const char *dir, const char *sub)
{
	char *path = sub ? g_build_filename(dir, sub, NULL) : g_strdup(dir);
	int ret = 0;

	if (g_mkdir_with_parents(path, 0755) != 0)
		ret = vox_error_system("catalog", "'%s'", path);
	g_free(path);
	return ret;
}

static int
holds_files(const char *path, const char *skip, int64_t before, int depth)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;
	int any = 0;

	if (!d)
		return 0;
	while (!any && (name = g_dir_read_name(d))) {
		char *sub = g_build_filename(path, name, NULL);
		struct stat sb;

		/* A store's id is no photo (the store of a new collection holds only it). */
		if (depth == 0 && strcmp(name, VOX_STORE_ID) == 0) {
			g_free(sub);
			continue;
		}
		if (lstat(sub, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode))
				any = (int64_t)sb.st_mtime < before;
			else if ((!skip || strcmp(sub, skip) != 0) && depth < 32)
				any = holds_files(sub, skip, before, depth + 1);
		}
		g_free(sub);
	}
	g_dir_close(d);
	return any;
}

int
vox_catalog_holds_files(const char *path, const char *skip, int64_t before)
{
	return holds_files(path, skip, before, 0);
}

static int
holds_photos(const char *dir)
{
	char *store = g_build_filename(dir, "store", NULL);
	char *tmp = g_build_filename(store, "tmp", NULL);
	char *lost = g_build_filename(dir, VOX_LOST_FOUND, NULL);
	/* store/tmp/ holds nothing committed: the crash-safety argument. */
	int any = holds_files(store, tmp, INT64_MAX, 0) ||
	    holds_files(lost, NULL, INT64_MAX, 0);

	g_free(store);
	g_free(tmp);
	g_free(lost);
	return any;
}

/*
 * The catalog's files and the collection's own folders. Every tool reads and writes them
 * by their names under the collection, and SQLite and the system calls follow a symbolic
 * link to wherever it points: through a linked lost+found/ an adoption would delete files
 * elsewhere, through a linked cache/ a gallery would write there and vox check would audit
 * nothing. So each must be the thing itself; a link, or a file where a folder belongs, is
 * damage that every tool but vox check refuses, and that check reports and acts on nothing
 * through.
 */
static const char *const own_files[] = { "vox.db", "vox.db-wal", "vox.db-shm", "store.lock" };
static const char *const own_folders[] = { "store", "store/tmp", "cache", VOX_LOST_FOUND };

static void
layout_finding(GPtrArray *findings, const char *path, const char *problem)
{
	struct vox_check_finding *f = g_new0(struct vox_check_finding, 1);

	f->path = g_strdup(path);
	f->problem = g_strdup(problem);
	g_ptr_array_add(findings, f);
}

/* The catalog's files under the folder fd: each a regular file, or missing. */
static void
layout_files(int fd, GPtrArray *findings)
{
	for (size_t i = 0; i < G_N_ELEMENTS(own_files); i++) {
		struct stat sb;

		if (fstatat(fd, own_files[i], &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(sb.st_mode))
			layout_finding(findings, own_files[i], "a symbolic link: photovox never "
			    "follows one to a catalog elsewhere (put the file itself here)");
		else if (!S_ISREG(sb.st_mode))
			layout_finding(findings, own_files[i], "not a file (a folder?): a damaged "
			    "collection");
	}
}

/* The collection's folders under the folder fd, and the shards of store/. */
static void
layout_folders(int fd, GPtrArray *findings)
{
	static const char link_problem[] = "a symbolic link, not a folder of the collection: "
	    "nothing is read, written, moved or removed through it (put the folder itself "
	    "here)";
	int store_ok = 1, sfd;
	DIR *d;

	for (size_t i = 0; i < G_N_ELEMENTS(own_folders); i++) {
		struct stat sb;

		if (!store_ok && g_str_has_prefix(own_folders[i], "store/"))
			continue;
		if (fstatat(fd, own_folders[i], &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			continue;
		layout_finding(findings, own_folders[i], S_ISLNK(sb.st_mode) ? link_problem :
		    "not a folder: a damaged collection (move it away)");
		if (i == 0)
			store_ok = 0;
	}
	if (!store_ok)
		return;
	sfd = openat(fd, "store", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0 || !(d = fdopendir(sfd))) {
		if (sfd >= 0)
			close(sfd);
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		struct stat sb;

		if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
			continue;
		if (fstatat(sfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode)) {
			char *path = g_build_filename("store", e->d_name, NULL);

			layout_finding(findings, path, link_problem);
			g_free(path);
		}
	}
	closedir(d);
}

int
vox_catalog_layout(const char *dir, GPtrArray *findings)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	guint before = findings->len;

	if (fd < 0)
		return vox_error_system("catalog", "'%s'", dir);
	layout_files(fd, findings);
	layout_folders(fd, findings);
	close(fd);
	return (int)(findings->len - before);
}

/* Refuses a collection whose catalog files (and, unless only_files, whose folders) are
 * not what they should be, naming the first problem. */
static int
layout_ok(const char *dir, int only_files)
{
	GPtrArray *findings = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)vox_check_finding_free);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = 0;

	/* A folder that cannot be opened is said by whatever opens it next. */
	if (fd >= 0) {
		layout_files(fd, findings);
		if (!only_files)
			layout_folders(fd, findings);
		close(fd);
	}
	if (findings->len > 0) {
		struct vox_check_finding *f = findings->pdata[0];

		vox_error_k(VOX_ERR_IO, "catalog", "'%s/%s': %s; vox check explains", dir,
		    f->path, f->problem);
		ret = -1;
	}
	g_ptr_array_unref(findings);
	return ret;
}

int
vox_catalog_open_folder(vox_catalog *cat, const char *rel, int make)
{
	g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
	int fd = open(cat->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return vox_error_system("catalog", "'%s'", cat->dir);
	for (int i = 0; parts[i]; i++) {
		int sub;

		if (!*parts[i] || strcmp(parts[i], ".") == 0)
			continue;
		if (strcmp(parts[i], "..") == 0) {
			close(fd);
			return vox_error_k(VOX_ERR_IO, "catalog", "'%s': not inside the collection",
			    rel);
		}
		sub = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && errno == ENOENT && make && mkdirat(fd, parts[i], 0755) == 0) {
			fsync(fd);
			sub = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (sub < 0) {
			int err = errno;

			close(fd);
			errno = err;
			if (err == ELOOP || err == ENOTDIR)
				return vox_error_k(VOX_ERR_IO, "catalog", "'%s/%s': a symbolic link "
				    "or not a folder: nothing is done through it (vox check "
				    "explains)", cat->dir, rel);
			return vox_error_system("catalog", "'%s/%s'", cat->dir, rel);
		}
		close(fd);
		fd = sub;
	}
	return fd;
}

/* Records why dir/vox.db, found by lstat as sb, is not a catalog; returns -1. */
static int
not_a_catalog(const char *dir, const struct stat *sb)
{
	if (S_ISLNK(sb->st_mode))
		return vox_error_k(VOX_ERR_IO, "catalog", "'%s/vox.db': a symbolic link: photovox "
		    "never follows one to a catalog elsewhere (put the file itself here)", dir);
	return vox_error_k(VOX_ERR_IO, "catalog", "'%s/vox.db': not a file (a folder?): a "
	    "damaged collection (restore vox.db with its vox.db-wal from a backup)", dir);
}

/* Whether dir holds a vox.db-wal (of any kind: it is looked at, not followed). */
static int
has_wal(const char *dir)
{
	char *wal = g_build_filename(dir, "vox.db-wal", NULL);
	struct stat sb;
	int there = lstat(wal, &sb) == 0;

	g_free(wal);
	return there;
}

/* Records why dir, which has no vox.db, cannot be opened: a damaged collection when what
 * is left of one is there (vox init refuses it too), else not a collection; returns -1. */
static int
no_catalog(const char *dir)
{
	if (has_wal(dir))
		return vox_error_k(VOX_ERR_IO, "catalog", "'%s': holds vox.db-wal but no vox.db: "
		    "a damaged collection (restore vox.db with that vox.db-wal from a backup)",
		    dir);
	if (holds_photos(dir))
		return vox_error_k(VOX_ERR_IO, "catalog", "'%s': holds a store of photos but no "
		    "vox.db: a damaged collection (restore vox.db with its vox.db-wal from a "
		    "backup)", dir);
	return vox_error_k(VOX_ERR_IO, "catalog", "'%s': not a collection (no vox.db; run vox "
	    "init)", dir);
}

/*
 * The collection id: a random id made by vox init, kept in the catalog (meta
 * 'collection') and in store/collection-id, so that a catalog can tell whether the store
 * beside it is its own. A vox.db replaced by another (a new one, a copy from another
 * collection) over a store of photos is then damage every writer refuses, not a catalog
 * that may record new photos and, once it holds one, call every old photo an orphan.
 */

/* The id store/collection-id holds (g_free), or NULL: *bad set when something is there
 * that is not an id. */
static char *
read_store_id(const char *dir, int *bad)
{
	char *path = g_build_filename(dir, "store", VOX_STORE_ID, NULL);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char buf[64];
	struct stat sb;
	ssize_t n = -1;

	g_free(path);
	*bad = 0;
	if (fd < 0) {
		*bad = errno != ENOENT;
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		*bad = 1;
		return NULL;
	}
	buf[n] = 0;
	g_strchomp(buf);
	if (!g_uuid_string_is_valid(buf)) {
		*bad = 1;
		return NULL;
	}
	return g_strdup(buf);
}

/* Writes store/collection-id atomically (through store/tmp/, as photos are). */
static int
write_store_id(const char *dir, const char *id)
{
	char *path = g_build_filename(dir, "store", VOX_STORE_ID, NULL);
	char *tmp = g_build_filename(dir, "store", "tmp", NULL);
	char *text = g_strconcat(id, "\n", NULL);
	int ret = make_dir(tmp, NULL) == 0 ? vox_write_atomic(path, tmp, text, strlen(text)) : -1;

	g_free(path);
	g_free(tmp);
	g_free(text);
	return ret;
}

/* Whether a catalog and a store of which one has no id yet may be one collection's: the
 * store holds no file (but its id and store/tmp/), or a photo of the catalog is in it.
 * 1, 0, or -1 with an error. */
static int
could_be_own(vox_catalog *cat)
{
	char *store = g_build_filename(cat->dir, "store", NULL);
	char *tmp = g_build_filename(store, "tmp", NULL);
	int empty = !holds_files(store, tmp, INT64_MAX, 0);
	sqlite3_stmt *st;
	int rc, any = 0;

	g_free(store);
	g_free(tmp);
	if (empty)
		return 1;
	if (!(st = vox_catalog_prepare(cat, "SELECT sha256, ext FROM photo")))
		return -1;
	while (!any && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		const char *ext = (const char *)sqlite3_column_text(st, 1);
		char *path;
		struct stat sb;

		if (!sha || !ext || !vox_sha256_hex_valid(sha))
			continue;
		path = vox_store_path(cat->dir, sha, ext);
		any = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		g_free(path);
	}
	if (!any && rc != SQLITE_DONE)
		vox_catalog_db_error(cat, "photos");
	sqlite3_finalize(st);
	return any ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* vox_catalog_store_fit(); with claim, an id missing from either side is given. */
static int
store_fit(vox_catalog *cat, int claim, char **why)
{
	char *cid = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = "
	    "'collection'", NULL);
	int bad, ret = -1;
	char *sid = read_store_id(cat->dir, &bad);
	g_autofree char *made = NULL;

	*why = NULL;
	if (bad) {
		*why = g_strdup("store/" VOX_STORE_ID " holds no collection id");
		ret = 0;
	} else if (cid && sid) {
		ret = strcmp(cid, sid) == 0;
		if (!ret)
			*why = g_strdup("vox.db and store/" VOX_STORE_ID " name different "
			    "collections");
	} else if ((ret = could_be_own(cat)) == 0) {
		*why = g_strdup("vox.db lists none of the photos in store/");
	} else if (ret == 1 && claim) {
		const char *id = cid ? cid : sid ? sid : (made = g_uuid_string_random());

		/* The catalog first: a crash before the store's file is written leaves a
		 * catalog with an id over a store without one, which the next writer mends. */
		if ((!cid && run(cat, "INSERT OR REPLACE INTO meta (key, value) VALUES "
		    "('collection', ?)", 1, id) != 0) ||
		    (!sid && write_store_id(cat->dir, id) != 0))
			ret = -1;
	}
	g_free(cid);
	g_free(sid);
	return ret;
}

int
vox_catalog_store_fit(vox_catalog *cat, char **why)
{
	return store_fit(cat, 0, why);
}

int
vox_catalog_create(const char *dir)
{
	char *db = g_build_filename(dir, "vox.db", NULL);
	vox_catalog *cat = NULL;
	g_autofree char *id = g_uuid_string_random();
	struct stat sb;
	int ret = -1;

	if (lstat(db, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			vox_error("catalog", "'%s': already a collection", dir);
		else
			not_a_catalog(dir, &sb);
		vox_error_set_kind(VOX_ERR_REFUSED);
		goto out;
	}
	/* What is left of a collection is damage to restore, never a place for a new
	 * catalog: photos without a catalog would all look like orphans to it, and a log
	 * without its database would be lost under a new one. */
	if (has_wal(dir)) {
		vox_error("catalog", "'%s': holds vox.db-wal but no vox.db: a damaged collection "
		    "(restore vox.db with that vox.db-wal from a backup; a new catalog would "
		    "lose the log)", dir);
		goto out;
	}
	if (holds_photos(dir)) {
		vox_error("catalog", "'%s': holds a store of photos but no vox.db: restore vox.db "
		    "with its vox.db-wal from a backup (or move store/ into a new collection's "
		    "lost+found/ and run vox check --adopt there)", dir);
		goto out;
	}
	if (make_dir(dir, NULL) != 0)
		goto out;
	if (layout_ok(dir, 0) != 0) {
		vox_error_set_kind(VOX_ERR_REFUSED);
		goto out;
	}
	if (make_dir(dir, "store/tmp") != 0 || make_dir(dir, "cache") != 0)
		goto out;
	cat = open_db(dir, OPEN_CREATE);
	if (!cat)
		goto out;
	if (migrate(cat) != 0 || vox_catalog_begin(cat) != 0)
		goto out;
	for (size_t i = 0; i < G_N_ELEMENTS(default_themes); i++)
		if (run(cat, "INSERT INTO theme (slug, name) VALUES (?, ?)", 2,
		    default_themes[i][0], default_themes[i][1]) != 0)
			goto out;
	for (size_t i = 0; i < G_N_ELEMENTS(showed_keys); i++) {
		char pos[16];

		g_snprintf(pos, sizeof(pos), "%zu", i);
		if (run(cat, "INSERT INTO prompt (key, question, position) VALUES (?, ?, ?)", 3,
		    showed_keys[i], showed_questions[i], pos) != 0)
			goto out;
	}
	if (run(cat, "INSERT INTO meta (key, value) VALUES ('created', "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", 0) != 0 ||
	    run(cat, "INSERT INTO meta (key, value) VALUES ('collection', ?)", 1, id) != 0)
		goto out;
	if (run(cat, "INSERT INTO event (time, tool, action) VALUES "
	    "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'init', 'create')", 0) != 0)
		goto out;
	if (vox_catalog_commit(cat) != 0)
		goto out;
	/* The store holds no photo (it was looked at above): an id an earlier catalog left
	 * there is replaced. */
	if (write_store_id(dir, id) != 0)
		goto out;
	ret = 0;
out:
	if (cat)
		vox_catalog_rollback(cat);
	vox_catalog_close(cat);
	g_free(db);
	return ret;
}

/*
 * Opens the collection in dir. Unless lenient (vox check, which reports them), a
 * collection whose folders are links (vox_catalog_layout()) is refused, and so is, for a
 * writer, a catalog that is not the store's (vox_catalog_store_fit()); a writer gives
 * the ids an older collection lacks. A catalog file that is a link is refused always.
 */
static vox_catalog *
open_mode(const char *dir, enum open_mode mode, int lenient)
{
	vox_catalog *cat;
	int version = -1;

	if (layout_ok(dir, lenient) != 0)
		return NULL;
	if (!(cat = open_db(dir, mode)))
		return NULL;
	/* Version 0 is no schema at all: a vox.db emptied (": > vox.db"), or one SQLite made
	 * anew. Only vox_catalog_create() gives a collection its first schema; anywhere else
	 * a fresh empty catalog would make every stored photo look like an orphan. */
	if (get_version(cat, &version) != 0 || version == 0) {
		if (version == 0)
			vox_error_k(VOX_ERR_IO, "catalog", "'%s/vox.db': empty, or not a photovox "
			    "catalog: a damaged collection (restore vox.db with its vox.db-wal "
			    "from a backup)", cat->dir);
		vox_catalog_close(cat);
		return NULL;
	}
	/* An older schema: a reader brings it forward when the collection can be written (the
	 * first tool run after an upgrade is often a gallery), and reads it then; where it
	 * cannot be written, it says so. */
	if (mode == OPEN_READ && version < SCHEMA_VERSION) {
		g_autofree char *where = g_strdup(cat->dir);
		vox_catalog *w;

		vox_catalog_close(cat);
		w = open_db(where, OPEN_WRITE);
		if (w && migrate(w) == 0) {
			vox_catalog_close(w);
			cat = open_db(where, OPEN_READ);
			if (cat && get_version(cat, &version) == 0 && version == SCHEMA_VERSION)
				return cat;
			vox_catalog_close(cat);
		} else {
			vox_catalog_close(w);
		}
		vox_error_k(VOX_ERR_IO, "catalog", "'%s': made by an older photovox (schema %d), "
		    "and it cannot be brought up to date here (%s): open it once with a tool "
		    "that writes, where it can be written", where, version, vox_error_message());
		return NULL;
	}
	if (migrate(cat) != 0) {
		vox_catalog_close(cat);
		return NULL;
	}
	if (mode == OPEN_WRITE && !lenient) {
		char *why = NULL;
		int fit = store_fit(cat, 1, &why);

		if (fit == 0)
			vox_error_k(VOX_ERR_IO, "catalog", "'%s': vox.db does not belong to this "
			    "store (%s): was it replaced? vox check explains", cat->dir, why);
		g_free(why);
		if (fit != 1) {
			vox_catalog_close(cat);
			return NULL;
		}
	}
	return cat;
}

vox_catalog *
vox_catalog_open(const char *dir)
{
	return open_mode(dir, OPEN_WRITE, 0);
}

vox_catalog *
vox_catalog_open_read(const char *dir)
{
	return open_mode(dir, OPEN_READ, 0);
}

/* Opens store.lock: 0, or 1 when a reader of a read-only collection finds none (nobody can
 * hold it then), or -1 with an error. */
static int
open_lock(vox_catalog *cat)
{
	char *path;

	if (cat->lock_fd >= 0)
		return 0;
	path = g_build_filename(cat->dir, "store.lock", NULL);
	cat->lock_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	/* A reader of a read-only collection: flock needs no write permission, and without
	 * the file nobody can be holding the lock. */
	if (cat->lock_fd < 0 && cat->readonly && cannot_write(errno)) {
		cat->lock_fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (cat->lock_fd < 0 && errno == ENOENT) {
			g_free(path);
			return 1;
		}
	}
	if (cat->lock_fd < 0)
		vox_error_system("catalog", "'%s'", path);
	g_free(path);
	return cat->lock_fd < 0 ? -1 : 0;
}

int
vox_catalog_store_lock(vox_catalog *cat, enum vox_lock_mode mode)
{
	int r;

	if (cat->lock_depth > 0) {
		cat->lock_depth++;
		return 0;
	}
	r = open_lock(cat);
	if (r < 0)
		return -1;
	while (r == 0 &&
	    flock(cat->lock_fd, mode == VOX_LOCK_EXCLUSIVE ? LOCK_EX : LOCK_SH) != 0) {
		if (errno != EINTR)
			return vox_error_system("catalog", "store lock");
	}
	cat->lock_depth = 1;
	return 0;
}

void
vox_catalog_store_unlock(vox_catalog *cat)
{
	if (cat->lock_depth > 0 && --cat->lock_depth == 0 && cat->lock_fd >= 0)
		flock(cat->lock_fd, LOCK_UN);
}

int
vox_catalog_store_busy(vox_catalog *cat, enum vox_lock_mode mode)
{
	int r;

	if (cat->lock_depth > 0)
		return 0;
	r = open_lock(cat);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (flock(cat->lock_fd, (mode == VOX_LOCK_EXCLUSIVE ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0) {
		flock(cat->lock_fd, LOCK_UN);
		return 0;
	}
	return errno == EWOULDBLOCK ? 1 : vox_error_system("catalog", "store lock");
}

char *
vox_collection_find(const char *option)
{
	const char *env = g_getenv("VOX_COLLECTION");
	char *dir, *db;
	struct stat sb;

	if (option || (env && *env)) {
		const char *given = option ? option : env;

		dir = g_canonicalize_filename(given, NULL);
		db = g_build_filename(dir, "vox.db", NULL);
		/* Looked at, not followed: what vox init would say of the same folder. */
		if (lstat(db, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			if (lstat(db, &sb) != 0)
				no_catalog(given);
			else
				not_a_catalog(given, &sb);
			vox_error_set_kind(VOX_ERR_IO);
			g_free(db);
			g_free(dir);
			return NULL;
		}
		g_free(db);
		return dir;
	}
	dir = g_get_current_dir();
	for (;;) {
		char *parent;

		db = g_build_filename(dir, "vox.db", NULL);
		if (lstat(db, &sb) == 0) {
			g_free(db);
			if (S_ISREG(sb.st_mode))
				return dir;
			not_a_catalog(dir, &sb);
			g_free(dir);
			return NULL;
		}
		g_free(db);
		parent = g_path_get_dirname(dir);
		if (strcmp(parent, dir) == 0) {
			g_free(parent);
			g_free(dir);
			break;
		}
		g_free(dir);
		dir = parent;
	}
	vox_error_k(VOX_ERR_IO, "collection", "no collection here or above (run vox init, or "
	    "give -C DIR)");
	return NULL;
}

static vox_catalog *
find_mode(const char *option, enum open_mode mode, int lenient)
{
	char *dir = vox_collection_find(option);
	vox_catalog *cat;

	if (!dir)
		return NULL;
	cat = open_mode(dir, mode, lenient);
	g_free(dir);
	return cat;
}

vox_catalog *
vox_catalog_find(const char *option)
{
	return find_mode(option, OPEN_WRITE, 0);
}

vox_catalog *
vox_catalog_find_read(const char *option)
{
	return find_mode(option, OPEN_READ, 0);
}

vox_catalog *
vox_catalog_find_check(const char *option, int write)
{
	return find_mode(option, write ? OPEN_WRITE : OPEN_READ, 1);
}

int
vox_catalog_participant_forget(vox_catalog *cat, const char *code)
{
	int64_t id = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, code);
	char *sql;
	int r;

	if (id < 0)
		return -1;
	sql = g_strdup_printf("UPDATE participant SET name = NULL WHERE id = %" G_GINT64_FORMAT,
	    id);
	if (vox_catalog_begin(cat) != 0) {
		g_free(sql);
		return -1;
	}
	/* The name leaves the database files only with the purge that is owed now. */
	r = run(cat, sql, 0) != 0 || event_now(cat, "withdraw", "forget name", NULL, code) != 0 ||
	    vox_catalog_owe_purge(cat) != 0 ? -1 : vox_catalog_commit(cat);
	g_free(sql);
	if (r != 0)
		vox_catalog_rollback(cat);
	return r;
}

const char *
vox_catalog_dir(vox_catalog *cat)
{
	return cat->dir;
}

int
vox_catalog_readonly(vox_catalog *cat)
{
	return cat->readonly;
}

char *
vox_catalog_query_text(vox_catalog *cat, const char *sql, const char *arg)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	char *s = NULL;

	if (!st)
		return NULL;
	vox_catalog_bind_text(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

char *
vox_catalog_title(vox_catalog *cat)
{
	char *t = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = 'title'",
	    NULL);

	if (!t) {
		char *base = g_path_get_basename(cat->dir);

		t = g_strdup_printf("%s photovoice", base);
		g_free(base);
	}
	return t;
}

int
vox_catalog_set_title(vox_catalog *cat, const char *title)
{
	if (!g_utf8_validate(title, -1, NULL))
		return vox_error("catalog", "title: not valid UTF-8");
	return run(cat, "INSERT INTO meta (key, value) VALUES ('title', ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", 1, title);
}

int64_t
vox_catalog_last_change(vox_catalog *cat)
{
	char *t = vox_catalog_query_text(cat, "SELECT max(t) FROM (SELECT max(changed) AS t "
	    "FROM photo UNION ALL SELECT max(time) FROM event UNION ALL "
	    "SELECT value FROM meta WHERE key = 'created')", NULL);
	GDateTime *dt;
	int64_t s = 0;

	if (!t)
		return 0;
	dt = g_date_time_new_from_iso8601(t, NULL);
	if (dt) {
		s = g_date_time_to_unix(dt);
		g_date_time_unref(dt);
	}
	g_free(t);
	return s;
}

/* Named things. */

static const struct {
	const char *name, *table, *column;
} kinds[] = {
	[VOX_KIND_PAIR] = { "pair", "pair", "slug" },
	[VOX_KIND_SITE] = { "site", "site", "slug" },
	[VOX_KIND_PARTICIPANT] = { "participant", "participant", "code" },
	[VOX_KIND_SESSION] = { "session", "session", "slug" },
	[VOX_KIND_THEME] = { "theme", "theme", "slug" },
};

const char *
vox_kind_name(enum vox_kind k)
{
	return (unsigned)k < G_N_ELEMENTS(kinds) ? kinds[k].name : "thing";
}

int
vox_catalog_valid_slug(enum vox_kind kind, const char *slug)
{
	size_t len = slug ? strlen(slug) : 0;

	if (len == 0 || len > 64)
		return 0;
	if (kind == VOX_KIND_PARTICIPANT) {
		/* No '-': a ref is the code, '-', and the running number. */
		for (const char *p = slug; *p; p++)
			if (!g_ascii_isalnum(*p))
				return 0;
		return 1;
	}
	if (!g_ascii_islower(slug[0]) && !g_ascii_isdigit(slug[0]))
		return 0;
	for (const char *p = slug; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
			return 0;
	return 1;
}

static int
check_slug(enum vox_kind kind, const char *slug)
{
	if (vox_catalog_valid_slug(kind, slug))
		return 0;
	if (kind == VOX_KIND_PARTICIPANT)
		return vox_error("catalog", "'%s': a participant code is letters and digits "
		    "(like P07)", slug ? slug : "");
	return vox_error("catalog", "'%s': a %s name is lowercase letters, digits and '-'",
	    slug ? slug : "", kinds[kind].name);
}

/* The known names of kind (for themes, their display names too), for vox_suggest(). */
static GPtrArray *
known_names(vox_catalog *cat, enum vox_kind kind)
{
	char *sql = kind == VOX_KIND_THEME ?
	    g_strdup("SELECT slug FROM theme UNION ALL SELECT name FROM theme WHERE "
	    "coalesce(name, '') != '' UNION ALL SELECT name FROM name_lang WHERE kind = 'theme'") :
	    g_strdup_printf("SELECT %s FROM %s ORDER BY 1", kinds[kind].column, kinds[kind].table);
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	g_free(sql);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		g_ptr_array_add(a, g_strdup((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	g_ptr_array_add(a, NULL);
	return a;
}

char *
vox_catalog_suggest(vox_catalog *cat, enum vox_kind kind, const char *word)
{
	GPtrArray *a = known_names(cat, kind);
	char *best = g_strdup(vox_suggest(word, (const char *const *)a->pdata));

	g_ptr_array_unref(a);
	return best;
}

static int64_t lookup_slug(vox_catalog *cat, enum vox_kind kind, const char *slug);

static int
no_such(vox_catalog *cat, enum vox_kind kind, const char *slug)
{
	char *near = vox_catalog_suggest(cat, kind, slug);
	g_autofree char *renamed = kind == VOX_KIND_PARTICIPANT ?
	    vox_catalog_participant_renamed(cat, slug) : NULL;

	if (renamed)
		vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such participant (renamed "
		    "to %s)", slug, renamed);
	else if (near)
		vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such %s (did you mean '%s'?)",
		    slug, kinds[kind].name, near);
	else
		vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such %s (vox %s ls lists "
		    "them)", slug, kinds[kind].name, kinds[kind].name);
	g_free(near);
	return -1;
}

/* A theme word as people type it, for comparing: trimmed, NFC, casefolded, and each run
 * of spaces, '-' and '_' one '-' ("Home and  belonging", "home_and-belonging"). */
static char *
theme_form(const char *word)
{
	char *nfc = g_utf8_normalize(word, -1, G_NORMALIZE_NFC);
	char *fold = nfc ? g_utf8_casefold(nfc, -1) : g_strdup("");
	GString *s = g_string_new(NULL);
	int gap = 0;

	for (const char *p = fold; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-' || *p == '_') {
			gap = 1;
			continue;
		}
		if (gap && s->len > 0)
			g_string_append_c(s, '-');
		gap = 0;
		g_string_append_c(s, *p);
	}
	g_free(nfc);
	g_free(fold);
	return g_string_free(s, FALSE);
}

char *
vox_catalog_theme_resolve(vox_catalog *cat, const char *word)
{
	/* The slugs first, so that a slug is never taken for another theme's name. */
	sqlite3_stmt *st;
	char *want, *slug = NULL;

	if (!word || !g_utf8_validate(word, -1, NULL)) {
		vox_error("catalog", "a theme is UTF-8 text");
		return NULL;
	}
	st = vox_catalog_prepare(cat, "SELECT slug, slug FROM theme UNION ALL "
	    "SELECT name, slug FROM theme WHERE coalesce(name, '') != '' UNION ALL "
	    "SELECT name, key FROM name_lang WHERE kind = 'theme'");
	if (!st)
		return NULL;
	want = theme_form(word);
	while (*want && !slug && sqlite3_step(st) == SQLITE_ROW) {
		char *f = theme_form((const char *)sqlite3_column_text(st, 0));

		if (strcmp(f, want) == 0)
			slug = g_strdup((const char *)sqlite3_column_text(st, 1));
		g_free(f);
	}
	sqlite3_finalize(st);
	g_free(want);
	if (!slug) {
		char *t = g_strstrip(g_strdup(word));

		no_such(cat, VOX_KIND_THEME, t);
		g_free(t);
	}
	return slug;
}

static int has_row(vox_catalog *cat, const char *sql, const char *arg, const char *what);

/* Adds slug to out unless it is there. */
static void
add_once(GPtrArray *out, char *slug)
{
	for (guint i = 0; i < out->len; i++) {
		if (strcmp(g_ptr_array_index(out, i), slug) == 0) {
			g_free(slug);
			return;
		}
	}
	g_ptr_array_add(out, slug);
}

/* Adds the slugs a word separated by spaces gives ("community feeling-welcome"), when
 * every part is one. Returns 0, or -1 leaving out as it was. */
static int
spaced_slugs(vox_catalog *cat, const char *word, GPtrArray *out)
{
	char **v = g_strsplit_set(word, " \t", -1);
	GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
	int ret = -1, parts = 0;

	for (char **t = v; *t; t++) {
		if (!**t)
			continue;
		parts++;
		if (!vox_catalog_valid_slug(VOX_KIND_THEME, *t) ||
		    has_row(cat, "SELECT 1 FROM theme WHERE slug = ?", *t, "theme") != 1)
			goto out;
		g_ptr_array_add(got, g_strdup(*t));
	}
	if (parts < 2)
		goto out;
	for (guint i = 0; i < got->len; i++)
		add_once(out, g_strdup(g_ptr_array_index(got, i)));
	ret = 0;
out:
	vox_error_clear();
	g_strfreev(v);
	g_ptr_array_unref(got);
	return ret;
}

static int
resolve_list(vox_catalog *cat, GPtrArray *themes, const char *at)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < themes->len; i++) {
		const char *w = g_ptr_array_index(themes, i);
		char *slug = vox_catalog_theme_resolve(cat, w);

		if (slug) {
			add_once(out, slug);
			continue;
		}
		if (vox_error_kind() == VOX_ERR_NOT_FOUND) {
			char *keep = g_strdup(vox_error_message());

			if (spaced_slugs(cat, w, out) == 0) {
				g_free(keep);
				continue;
			}
			if (at)
				vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "%s: %s", at, keep);
			else
				vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "%s", keep);
			g_free(keep);
		}
		g_ptr_array_unref(out);
		return -1;
	}
	g_ptr_array_set_size(themes, 0);
	for (guint i = 0; i < out->len; i++)
		g_ptr_array_add(themes, g_strdup(g_ptr_array_index(out, i)));
	g_ptr_array_unref(out);
	return 0;
}

int
vox_catalog_resolve_themes(vox_catalog *cat, struct vox_caption *c)
{
	if (!c)
		return 0;
	if (c->themes && resolve_list(cat, c->themes, c->themes_at) != 0)
		return -1;
	return c->translation ? vox_catalog_resolve_themes(cat, c->translation) : 0;
}

int64_t
vox_catalog_lookup(vox_catalog *cat, enum vox_kind kind, const char *slug)
{
	if (kind == VOX_KIND_THEME) {
		/* A theme as people type it: its slug or its name, any case. */
		char *t = vox_catalog_theme_resolve(cat, slug);
		int64_t id = t ? lookup_slug(cat, kind, t) : -1;

		g_free(t);
		return id;
	}
	return lookup_slug(cat, kind, slug);
}

static int64_t
lookup_slug(vox_catalog *cat, enum vox_kind kind, const char *slug)
{
	/* Participant codes are matched regardless of case, so "p07" on a sheet cannot
	 * create a second P07. */
	char *sql = g_strdup_printf("SELECT id FROM %s WHERE %s = ?%s", kinds[kind].table,
	    kinds[kind].column, kind == VOX_KIND_PARTICIPANT ? " COLLATE NOCASE" : "");
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	int64_t id = -1;
	int rc;

	g_free(sql);
	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, slug);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		no_such(cat, kind, slug);
	else
		vox_catalog_db_error(cat, "lookup");
	sqlite3_finalize(st);
	return id;
}

/* Whether sql with the text parameter arg gives a row: 1, 0, or -1 with an error. */
static int
has_row(vox_catalog *cat, const char *sql, const char *arg, const char *what)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	int rc;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, arg);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return vox_catalog_db_error(cat, what);
}

/* Whether slug exists: 1, 0, or -1 on error. */
static int
exists(vox_catalog *cat, enum vox_kind kind, const char *slug)
{
	char *sql = g_strdup_printf("SELECT 1 FROM %s WHERE %s = ?%s", kinds[kind].table,
	    kinds[kind].column, kind == VOX_KIND_PARTICIPANT ? " COLLATE NOCASE" : "");
	int e = has_row(cat, sql, slug, "lookup");

	g_free(sql);
	return e;
}

static int
event_now(vox_catalog *cat, const char *tool, const char *action, const char *ref,
    const char *detail)
{
	return run(cat, "INSERT INTO event (time, tool, action, ref, detail) VALUES "
	    "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?)", 4, tool, action, ref, detail);
}

int
vox_catalog_event(vox_catalog *cat, const char *tool, const char *action,
    const char *photo_ref, const char *detail)
{
	return event_now(cat, tool, action, photo_ref, detail);
}

/* Runs sql with the given text parameters as one write transaction that refuses a slug
 * already declared; kind and slug name the new thing. */
static int
add_named(vox_catalog *cat, enum vox_kind kind, const char *slug, const char *sql, int n,
    const char *a, const char *b, const char *c, const char *d)
{
	char *detail;
	int e;

	if (check_slug(kind, slug) != 0)
		return -1;
	if (vox_catalog_begin(cat) != 0)
		return -1;
	e = exists(cat, kind, slug);
	if (e != 0) {
		if (e > 0)
			vox_error("catalog", "'%s': %s exists already", slug, kinds[kind].name);
		goto fail;
	}
	if (run(cat, sql, n, a, b, c, d) != 0)
		goto fail;
	detail = g_strdup_printf("%s %s", kinds[kind].name, slug);
	e = event_now(cat, kinds[kind].name, "add", NULL, detail);
	g_free(detail);
	if (e != 0)
		goto fail;
	return vox_catalog_commit(cat);
fail:
	vox_catalog_rollback(cat);
	return -1;
}

int
vox_catalog_pair_add(vox_catalog *cat, const char *slug, const char *name)
{
	if (vox_catalog_check_utf8("name", name) != 0)
		return -1;
	return add_named(cat, VOX_KIND_PAIR, slug, "INSERT INTO pair (slug, name) VALUES (?, ?)",
	    2, slug, name, NULL, NULL);
}

int
vox_catalog_site_add(vox_catalog *cat, const char *slug, const char *name, const char *pair,
    const char *setting)
{
	if (vox_catalog_check_utf8("name", name) != 0)
		return -1;
	if (!setting || (strcmp(setting, "rural") != 0 && strcmp(setting, "urban") != 0 &&
	    strcmp(setting, "other") != 0))
		return vox_error("catalog", "'%s': the setting is rural, urban or other",
		    setting ? setting : "");
	if (!pair)
		return vox_error("catalog", "'%s': a site belongs to a pair", slug);
	if (vox_catalog_lookup(cat, VOX_KIND_PAIR, pair) < 0)
		return -1;
	return add_named(cat, VOX_KIND_SITE, slug, "INSERT INTO site (slug, name, pair_id, "
	    "setting) VALUES (?1, ?2, (SELECT id FROM pair WHERE slug = ?3), ?4)", 4, slug, name,
	    pair, setting);
}

int
vox_catalog_participant_add(vox_catalog *cat, const char *code, const char *site,
    const char *name, int minor)
{
	g_autofree char *renamed = NULL;

	if (vox_catalog_check_utf8("name", name) != 0)
		return -1;
	if (site && vox_catalog_lookup(cat, VOX_KIND_SITE, site) < 0)
		return -1;
	if (code && (renamed = vox_catalog_query_text(cat, "SELECT code FROM participant "
	    "WHERE code = ?1 COLLATE NOCASE", code)))
		return vox_error("catalog", "'%s': participant exists already (vox participant "
		    "set %s changes its site or name)", code, renamed);
	if (code && (renamed = vox_catalog_participant_renamed(cat, code)))
		return vox_error("catalog", "'%s': was renamed to %s; its refs (%s-01 ...) still "
		    "name %s's photos, so the code is not given again", code, renamed, code,
		    renamed);
	return add_named(cat, VOX_KIND_PARTICIPANT, code, "INSERT INTO participant (code, "
	    "site_id, name, minor) VALUES (?1, (SELECT id FROM site WHERE slug = ?2), ?3, ?4)",
	    4, code, site, name, minor ? "1" : "0");
}

/* Whether the first 10 characters of d are a calendar date written YYYY-MM-DD. */
static int
date_prefix_ok(const char *d)
{
	unsigned y, m, dd;

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? d[i] != '-' : !g_ascii_isdigit(d[i]))
			return 0;
	if (sscanf(d, "%4u-%2u-%2u", &y, &m, &dd) != 3)
		return 0;
	return g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y);
}

int
vox_catalog_valid_date(const char *d)
{
	return strlen(d) == 10 && date_prefix_ok(d);
}

char *
vox_catalog_session_date_guess(const char *slug)
{
	if (!slug || strlen(slug) < 10 || !date_prefix_ok(slug))
		return NULL;
	return g_strndup(slug, 10);
}

int
vox_catalog_session_add(vox_catalog *cat, const char *slug, const char *site,
    const char *date)
{
	char *guess = NULL;
	int ret;

	if (site && vox_catalog_lookup(cat, VOX_KIND_SITE, site) < 0)
		return -1;
	if (date && !vox_catalog_valid_date(date))
		return vox_error("catalog", "'%s': a date is written YYYY-MM-DD", date);
	if (!date)
		date = guess = vox_catalog_session_date_guess(slug);
	ret = add_named(cat, VOX_KIND_SESSION, slug, "INSERT INTO session (slug, site_id, "
	    "date) VALUES (?1, (SELECT id FROM site WHERE slug = ?2), ?3)", 3, slug, site, date,
	    NULL);
	g_free(guess);
	return ret;
}

int
vox_catalog_theme_add(vox_catalog *cat, const char *slug, const char *name)
{
	if (vox_catalog_check_utf8("name", name) != 0)
		return -1;
	return add_named(cat, VOX_KIND_THEME, slug, "INSERT INTO theme (slug, name) VALUES "
	    "(?, ?)", 2, slug, name, NULL, NULL);
}

static int64_t
count(vox_catalog *cat, const char *sql, int64_t id)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	int64_t n = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		vox_catalog_db_error(cat, "count");
	sqlite3_finalize(st);
	return n;
}

int
vox_catalog_remove(vox_catalog *cat, enum vox_kind kind, const char *slug)
{
	static const char *const users[][2] = {
		[VOX_KIND_PAIR] = { "SELECT count(*) FROM site WHERE pair_id = ?", "sites" },
		[VOX_KIND_SITE] = { "SELECT count(*) FROM photo WHERE site_id = ?", "photos" },
		[VOX_KIND_PARTICIPANT] = { "SELECT count(*) FROM photo WHERE participant_id = ?",
			"photos (withdrawn ones keep their refs)" },
		[VOX_KIND_SESSION] = { "SELECT count(*) FROM photo WHERE session_id = ?",
			"photos" },
		[VOX_KIND_THEME] = { "SELECT count(*) FROM photo_theme WHERE theme_id = ?",
			"photos" },
	};
	char *sql = NULL, *detail = NULL;
	int64_t id, n;
	int ret = -1;

	if (vox_catalog_begin(cat) != 0)
		return -1;
	id = vox_catalog_lookup(cat, kind, slug);
	if (id < 0)
		goto out;
	n = count(cat, users[kind][0], id);
	if (n < 0)
		goto out;
	if (n > 0) {
		vox_error("catalog", "'%s': %" G_GINT64_FORMAT " %s still use this %s", slug, n,
		    n == 1 ? (kind == VOX_KIND_PAIR ? "site" : "photo") : users[kind][1],
		    kinds[kind].name);
		goto out;
	}
	sql = g_strdup_printf("DELETE FROM %s WHERE id = %" G_GINT64_FORMAT, kinds[kind].table,
	    id);
	if (run(cat, sql, 0) != 0 || run(cat, "DELETE FROM name_lang WHERE kind = ?1 AND "
	    "key = ?2", 2, kinds[kind].name, slug) != 0)
		goto out;
	detail = g_strdup_printf("%s %s", kinds[kind].name, slug);
	if (event_now(cat, kinds[kind].name, "rm", NULL, detail) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
	g_free(sql);
	g_free(detail);
	return ret;
}

int
vox_catalog_rename(vox_catalog *cat, enum vox_kind kind, const char *from, const char *to)
{
	char *sql = NULL, *detail = NULL;
	int64_t id;
	int ret = -1, e;

	/* A participant's code is in the refs of its photos, which follow it. */
	if (kind == VOX_KIND_PARTICIPANT)
		return vox_catalog_participant_rename(cat, from, to, NULL);
	if (check_slug(kind, to) != 0)
		return -1;
	if (vox_catalog_begin(cat) != 0)
		return -1;
	id = vox_catalog_lookup(cat, kind, from);
	if (id < 0)
		goto out;
	e = exists(cat, kind, to);
	/* Only a change of case of the same participant code is not a clash. */
	if (e > 0 && kind == VOX_KIND_PARTICIPANT && g_ascii_strcasecmp(from, to) == 0)
		e = 0;
	if (e != 0) {
		if (e > 0)
			vox_error("catalog", "'%s': %s exists already", to, kinds[kind].name);
		goto out;
	}
	/* Everything refers to rows by id, so one update renames it everywhere. */
	sql = g_strdup_printf("UPDATE %s SET %s = ? WHERE id = %" G_GINT64_FORMAT,
	    kinds[kind].table, kinds[kind].column, id);
	if (run(cat, sql, 1, to) != 0)
		goto out;
	/* Names in other languages follow their slug. */
	if (run(cat, "UPDATE name_lang SET key = ?1 WHERE kind = ?2 AND key = ?3", 3, to,
	    kinds[kind].name, from) != 0)
		goto out;
	detail = g_strdup_printf("%s %s -> %s", kinds[kind].name, from, to);
	if (event_now(cat, kinds[kind].name, "rename", NULL, detail) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
	g_free(sql);
	g_free(detail);
	return ret;
}

int
vox_catalog_check_prompts(const char *const *keys, const char *const *questions, size_t n)
{
	if (n == 0)
		return vox_error("catalog", "a prompt set needs at least one prompt");
	for (size_t i = 0; i < n; i++) {
		if (!vox_catalog_valid_slug(VOX_KIND_THEME, keys[i]))
			return vox_error("catalog", "'%s': a prompt key is lowercase letters, "
			    "digits and '-'", keys[i] ? keys[i] : "");
		if (vox_catalog_check_utf8(keys[i], questions[i]) != 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0)
				return vox_error("catalog", "'%s': prompt key given twice", keys[i]);
	}
	return 0;
}

int
vox_catalog_set_prompts(vox_catalog *cat, const char *const *keys,
    const char *const *questions, size_t n)
{
	if (vox_catalog_check_prompts(keys, questions, n) != 0)
		return -1;
	if (vox_catalog_begin(cat) != 0)
		return -1;
	if (run(cat, "DELETE FROM prompt", 0) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		char pos[16];

		g_snprintf(pos, sizeof(pos), "%zu", i);
		if (run(cat, "INSERT INTO prompt (key, question, position) VALUES (?, ?, ?)", 3,
		    keys[i], questions[i], pos) != 0)
			goto fail;
	}
	if (event_now(cat, "prompts", "set", NULL, NULL) != 0)
		goto fail;
	return vox_catalog_commit(cat);
fail:
	vox_catalog_rollback(cat);
	return -1;
}

/* Lists. */

char *
vox_catalog_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? g_strdup((const char *)s) : NULL;
}

void
vox_pair_free(struct vox_pair *p)
{
	g_free(p->slug);
	g_free(p->name);
	g_free(p);
}

void
vox_site_free(struct vox_site *s)
{
	g_free(s->slug);
	g_free(s->name);
	g_free(s->pair);
	g_free(s->setting);
	g_free(s);
}

void
vox_participant_free(struct vox_participant *p)
{
	g_free(p->code);
	g_free(p->site);
	g_free(p->name);
	g_free(p);
}

void
vox_session_free(struct vox_session *s)
{
	g_free(s->slug);
	g_free(s->site);
	g_free(s->date);
	g_free(s);
}

void
vox_theme_free(struct vox_theme *t)
{
	g_free(t->slug);
	g_free(t->name);
	g_free(t);
}

void
vox_prompt_free(struct vox_prompt *p)
{
	g_free(p->key);
	g_free(p->question);
	g_free(p);
}

typedef void *(*row_fn)(sqlite3_stmt *st);

static GPtrArray *
list(vox_catalog *cat, const char *sql, const char *arg, row_fn fn, GDestroyNotify free_fn)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	GPtrArray *a;
	int rc;

	if (!st)
		return NULL;
	a = g_ptr_array_new_with_free_func(free_fn);
	if (arg)
		vox_catalog_bind_text(st, 1, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(a, fn(st));
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "list");
		g_ptr_array_unref(a);
		a = NULL;
	}
	sqlite3_finalize(st);
	return a;
}

static void *
pair_row(sqlite3_stmt *st)
{
	struct vox_pair *p = g_new0(struct vox_pair, 1);

	p->slug = vox_catalog_col(st, 0);
	p->name = vox_catalog_col(st, 1);
	p->cover = sqlite3_column_int64(st, 2);
	return p;
}

static void *
site_row(sqlite3_stmt *st)
{
	struct vox_site *s = g_new0(struct vox_site, 1);

	s->slug = vox_catalog_col(st, 0);
	s->name = vox_catalog_col(st, 1);
	s->pair = vox_catalog_col(st, 2);
	s->setting = vox_catalog_col(st, 3);
	s->cover = sqlite3_column_int64(st, 4);
	return s;
}

static void *
participant_row(sqlite3_stmt *st)
{
	struct vox_participant *p = g_new0(struct vox_participant, 1);

	p->code = vox_catalog_col(st, 0);
	p->site = vox_catalog_col(st, 1);
	p->name = vox_catalog_col(st, 2);
	p->minor = sqlite3_column_int(st, 3);
	return p;
}

static void *
session_row(sqlite3_stmt *st)
{
	struct vox_session *s = g_new0(struct vox_session, 1);

	s->slug = vox_catalog_col(st, 0);
	s->site = vox_catalog_col(st, 1);
	s->date = vox_catalog_col(st, 2);
	return s;
}

static void *
theme_row(sqlite3_stmt *st)
{
	struct vox_theme *t = g_new0(struct vox_theme, 1);

	t->slug = vox_catalog_col(st, 0);
	t->name = vox_catalog_col(st, 1);
	return t;
}

static void *
prompt_row(sqlite3_stmt *st)
{
	struct vox_prompt *p = g_new0(struct vox_prompt, 1);

	p->key = vox_catalog_col(st, 0);
	p->question = vox_catalog_col(st, 1);
	return p;
}

GPtrArray *
vox_catalog_pairs(vox_catalog *cat)
{
	return list(cat, "SELECT slug, name, cover_photo_id FROM pair ORDER BY slug", NULL, pair_row,
	    (GDestroyNotify)vox_pair_free);
}

GPtrArray *
vox_catalog_sites(vox_catalog *cat, const char *pair)
{
	if (pair && vox_catalog_lookup(cat, VOX_KIND_PAIR, pair) < 0)
		return NULL;
	return list(cat, "SELECT s.slug, s.name, p.slug, s.setting, s.cover_photo_id FROM site s "
	    "JOIN pair p ON p.id = s.pair_id WHERE ?1 IS NULL OR p.slug = ?1 ORDER BY s.slug",
	    pair, site_row, (GDestroyNotify)vox_site_free);
}

GPtrArray *
vox_catalog_participants(vox_catalog *cat)
{
	return list(cat, "SELECT p.code, s.slug, p.name, p.minor FROM participant p "
	    "LEFT JOIN site s ON s.id = p.site_id ORDER BY p.code", NULL, participant_row,
	    (GDestroyNotify)vox_participant_free);
}

GPtrArray *
vox_catalog_sessions(vox_catalog *cat)
{
	return list(cat, "SELECT se.slug, s.slug, se.date FROM session se "
	    "LEFT JOIN site s ON s.id = se.site_id ORDER BY se.slug", NULL, session_row,
	    (GDestroyNotify)vox_session_free);
}

GPtrArray *
vox_catalog_themes(vox_catalog *cat)
{
	return list(cat, "SELECT slug, name FROM theme ORDER BY slug", NULL, theme_row,
	    (GDestroyNotify)vox_theme_free);
}

GPtrArray *
vox_catalog_prompts(vox_catalog *cat)
{
	return list(cat, "SELECT key, question FROM prompt ORDER BY position", NULL, prompt_row,
	    (GDestroyNotify)vox_prompt_free);
}

char **
vox_catalog_prompt_keys(vox_catalog *cat)
{
	g_autoptr(GPtrArray) prompts = vox_catalog_prompts(cat);
	GStrvBuilder *b;
	char **keys;

	if (!prompts)
		return NULL;
	b = g_strv_builder_new();
	for (guint i = 0; i < prompts->len; i++)
		g_strv_builder_add(b, ((struct vox_prompt *)prompts->pdata[i])->key);
	keys = g_strv_builder_end(b);
	g_strv_builder_unref(b);
	return keys;
}

/* Tombstones. */

int
vox_catalog_is_tombstoned(vox_catalog *cat, const char *sha256)
{
	return has_row(cat, "SELECT 1 FROM tombstone WHERE sha256 = ?", sha256, "tombstone");
}

int
vox_catalog_knows_bytes(vox_catalog *cat, const char *sha256)
{
	return has_row(cat, "SELECT 1 FROM photo WHERE sha256 = ?1 UNION ALL "
	    "SELECT 1 FROM tombstone WHERE sha256 = ?1", sha256, "photo");
}

int
vox_catalog_add_tombstone(vox_catalog *cat, const char *sha256, const char *date)
{
	if (!vox_sha256_hex_valid(sha256))
		return vox_error("catalog", "'%s': not a SHA-256 in lowercase hex",
		    sha256 ? sha256 : "");
	if (date && !vox_catalog_valid_date(date))
		return vox_error("catalog", "'%s': a date is written YYYY-MM-DD", date);
	if (date)
		return run(cat, "INSERT OR IGNORE INTO tombstone (sha256, date) VALUES (?, ?)", 2,
		    sha256, date);
	return run(cat, "INSERT OR IGNORE INTO tombstone (sha256, date) VALUES "
	    "(?, strftime('%Y-%m-%d', 'now'))", 1, sha256);
}

static void *
tombstone_row(sqlite3_stmt *st)
{
	return g_strdup_printf("%s\t%s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
}

GPtrArray *
vox_catalog_tombstones(vox_catalog *cat)
{
	return list(cat, "SELECT sha256, date FROM tombstone ORDER BY sha256", NULL,
	    tombstone_row, g_free);
}
