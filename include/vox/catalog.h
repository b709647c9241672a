#ifndef VOX_CATALOG_H
#define VOX_CATALOG_H

/*
 * The catalog: vox.db (SQLite, WAL, foreign keys, busy timeout, schema version in
 * PRAGMA user_version) inside a collection folder that also holds store/ and cache/.
 * See DESIGN.md "Catalog" and "Store".
 *
 * Every function returning a pointer returns NULL, and every function returning int
 * returns -1, with an error recorded (vox/error.h) on failure. Arrays returned are new
 * GPtrArrays that own their elements (free with g_ptr_array_unref()).
 */

#include <stdint.h>

#include <glib.h>
#include <sqlite3.h>

#include "vox/caption.h"
#include "vox/consent.h"

typedef struct vox_catalog vox_catalog;

struct vox_pair {
	char *slug, *name;
};

struct vox_site {
	char *slug, *name, *pair;
	char *setting; /* "rural", "urban", "other" */
};

struct vox_participant {
	char *code;   /* "P07" */
	char *site;   /* home site slug, or NULL */
	char *name;   /* private: only the participant's own booklet shows it */
	int minor;
};

struct vox_session {
	char *slug;   /* "2026-05-12-truro" */
	char *site;   /* slug, or NULL */
	char *date;   /* "2026-05-12", or NULL */
};

struct vox_theme {
	char *slug, *name;
};

struct vox_prompt {
	char *key;      /* "see" */
	char *question; /* "What do you See here?" */
};

/* One photo, joined with everything about it that outputs need. */
struct vox_photo {
	int64_t rowid;
	char sha256[65];
	char *ref;            /* "P07-03", stable forever */
	char *ext;            /* "jpg", "png" or "webp" */
	char *path;           /* absolute path of the stored, scrubbed file */
	int width, height;    /* as displayed (orientation applied) */
	int orientation;      /* EXIF orientation of the stored file, 1-8 */
	char *pair, *site, *setting, *participant, *session, *session_date;
	enum vox_audience audience;
	enum vox_people people;
	int sensitive, minor;
	struct vox_caption *caption; /* never NULL; caption->themes holds the theme slugs */
	char *added, *changed;       /* ISO 8601 UTC */
	/* Private fields (privacy rule 5): only vox show and the participant's booklet. */
	char *participant_name;
	char *source_name;    /* the original file name at ingest */
};

void vox_photo_free(struct vox_photo *p);

/* A selection, as vox ls's options. NULL / 0 / -1 means "no condition". */
struct vox_filter {
	const char *pair, *site, *theme, *participant, *session;
	int audience;         /* -1, or only photos vox_consent_allows() for this audience */
	int people;           /* -1, or enum vox_people */
	int untagged, uncaptioned, no_alt;
	int allow_sensitive_public;
};

#define VOX_FILTER_INIT { .audience = -1, .people = -1 }

/* Creates a collection in dir (made when missing): vox.db with the schema, the default
 * themes and the SHOWeD prompts, store/, store/tmp/, cache/. Refuses an existing one. */
int vox_catalog_create(const char *dir);

/* Opens the collection in dir (migrating the schema forward when older). */
vox_catalog *vox_catalog_open(const char *dir);
void vox_catalog_close(vox_catalog *cat);

/* The collection folder (absolute) and the SQLite handle, owned by cat. */
const char *vox_catalog_dir(vox_catalog *cat);
sqlite3 *vox_catalog_db(vox_catalog *cat);

/* The project's title for outputs ("Cornwall photovoice"); newly allocated. */
char *vox_catalog_title(vox_catalog *cat);

/* The time of the catalog's last change, as seconds since the epoch (for deterministic
 * archives when SOURCE_DATE_EPOCH is not set). */
int64_t vox_catalog_last_change(vox_catalog *cat);

/* Photos matching filter (NULL: all), ordered by pair, site, participant, running number.
 * Withdrawn photos are never returned. */
GPtrArray *vox_catalog_select(vox_catalog *cat, const struct vox_filter *filter);

/* One photo by id (a unique hex prefix of 4+ characters) or ref ("P07-03"). NULL with an
 * error ("'P07-99': no such photo", "'abcd': ambiguous, matches 2 photos") otherwise. */
struct vox_photo *vox_catalog_photo(vox_catalog *cat, const char *id_or_ref);

/* Lists, ordered by slug (prompts in their set's order). Elements are the structs above. */
GPtrArray *vox_catalog_pairs(vox_catalog *cat);
GPtrArray *vox_catalog_sites(vox_catalog *cat, const char *pair /* NULL: all */);
GPtrArray *vox_catalog_participants(vox_catalog *cat);
GPtrArray *vox_catalog_sessions(vox_catalog *cat);
GPtrArray *vox_catalog_themes(vox_catalog *cat);
GPtrArray *vox_catalog_prompts(vox_catalog *cat);

/*
 * Records a photo whose scrubbed bytes are given: stores them (store/ab/<sha256>.<ext>,
 * atomically, before the row is committed) and inserts the photo, its caption, themes and
 * consent from p in one transaction. p->ref NULL assigns the participant's next number;
 * a given ref that is taken by another photo is an error unless renumber is set.
 * Fills p->rowid, p->sha256, p->ref and p->path. Sets *existed (and changes nothing) when
 * the same bytes are already in the collection; refuses tombstoned bytes ("withdrawn").
 */
int vox_catalog_add_photo(vox_catalog *cat, const void *bytes, size_t len,
    struct vox_photo *p, int renumber, int *existed);

/* Whether these bytes' hash has a tombstone: 1 yes, 0 no, -1 error. */
int vox_catalog_is_tombstoned(vox_catalog *cat, const char *sha256);

/* Adds a tombstone (idempotent); date NULL means now. */
int vox_catalog_add_tombstone(vox_catalog *cat, const char *sha256, const char *date);

/* Tombstones as an array of newly allocated "sha256\tdate" strings, sorted. */
GPtrArray *vox_catalog_tombstones(vox_catalog *cat);

/* Appends to the event log (who did what, never caption text). */
int vox_catalog_event(vox_catalog *cat, const char *tool, const char *action,
    const char *photo_ref, const char *detail);

#endif
