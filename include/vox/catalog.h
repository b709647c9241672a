#ifndef VOX_CATALOG_H
#define VOX_CATALOG_H

/*
 * The catalog: vox.db (SQLite, WAL, foreign keys, busy timeout, schema version in
 * PRAGMA user_version) inside a collection folder that also holds store/ and cache/.
 * See CONTRIBUTING.md "Catalog" and "Store". The catalog owns all SQL: its handle never
 * leaves pipeline/catalog/, and every query lives there behind a function below.
 *
 * Every function returning a pointer returns NULL, and every function returning int
 * returns -1, with an error recorded (vox/error.h) on failure. Arrays returned are new
 * GPtrArrays that own their elements (free with g_ptr_array_unref()).
 */

#include <stdint.h>

#include <glib.h>

#include "vox/caption.h"
#include "vox/consent.h"
#include "vox/json.h"

typedef struct vox_catalog vox_catalog;

struct vox_pair {
	char *slug, *name;
	int64_t cover;  /* the row id of the photo chosen as its cover, or 0 */
};

struct vox_site {
	char *slug, *name, *pair;
	char *setting; /* "rural", "urban", "other" */
	int64_t cover;  /* the row id of the photo chosen as its cover, or 0 */
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

/* Free one element of the lists below (the arrays they return free their own). */
void vox_pair_free(struct vox_pair *p);
void vox_site_free(struct vox_site *s);
void vox_participant_free(struct vox_participant *p);
void vox_session_free(struct vox_session *s);
void vox_theme_free(struct vox_theme *t);
void vox_prompt_free(struct vox_prompt *p);

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
	/* What ingest removed ("location=2,dates=1": vox_scrub_removed_text(); "" for nothing,
	 * NULL when not recorded) and the format a photo was converted from ("heic"), or NULL:
	 * categories and counts only, never the values. */
	char *scrubbed, *converted;
	/* Private fields (privacy rule 5): only vox show and the participant's booklet. */
	char *participant_name;
	char *source_name;    /* the original file name at ingest */
};

/* A new photo for vox_catalog_add_photo(): an empty caption, audience private, people
 * unknown, orientation 1, every other field empty. Free with vox_photo_free(). */
struct vox_photo *vox_photo_new(void);
void vox_photo_free(struct vox_photo *p);
typedef struct vox_photo vox_photo;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vox_photo, vox_photo_free)

enum vox_json_fields {
	VOX_JSON_PUBLIC = 0,
	VOX_JSON_WITH_PRIVATE,
};

/* A photo as one JSON object (no newline), every public field; VOX_JSON_WITH_PRIVATE adds
 * the participant's name and the source file name (only vox show asks for them). Newly
 * allocated. */
char *vox_photo_json(const struct vox_photo *p, enum vox_json_fields fields);


/* A selection, as vox ls's options. NULL / 0 / -1 means "no condition". */
struct vox_filter {
	const char *pair, *site, *theme, *participant, *session;
	int audience;         /* -1, or only photos vox_consent_allows() for this audience */
	int people;           /* -1, or enum vox_people */
	int untagged, uncaptioned, no_alt;
	int allow_sensitive_public;
	int withdrawn;        /* 1: withdrawn photos' rows too (no caption, no stored file) */
	int consent;          /* -1, or only photos whose recorded consent is this level */
};

#define VOX_FILTER_INIT { .audience = -1, .people = -1, .consent = -1 }

/* Creates a collection in dir (made when missing): vox.db with the schema, the default
 * themes and the SHOWeD prompts and a new collection id, store/, store/tmp/, cache/,
 * store/VOX_STORE_ID. Refuses (an error of kind VOX_ERR_REFUSED) an existing one, and
 * what is left of one: a vox.db that is a link or not a file, a vox.db-wal without its
 * vox.db, a store or lost+found/ that holds files, a folder of the collection that is a
 * link. */
int vox_catalog_create(const char *dir);

/*
 * Opens the collection in dir to change it (migrating the schema forward when older).
 * Refuses a read-only collection ("'DIR': read-only collection …"), and a vox.db that is
 * missing, empty or without a schema: that is a damaged collection, not a new one (only
 * vox_catalog_create() makes a catalog's schema).
 */
vox_catalog *vox_catalog_open(const char *dir);

/*
 * Opens the collection in dir only to read it, as the tools that change nothing do (vox
 * ls, show, stats, check without --repair, gallery, archive, review): it works on a
 * read-only file system and without write permission. Any write through it fails
 * (PRAGMA query_only, or a read-only connection). A collection the process could write
 * is opened as writers open it (so SQLite can recover a log a crash left); one it cannot
 * write is opened read-only, and, when vox.db-shm cannot be made there and no vox.db-wal
 * holds changes, as immutable (vox.db alone, no locks); a vox.db-wal with changes that
 * cannot be read so is refused. The store lock is taken when store.lock exists (a flock
 * needs no write permission) and is a no-op otherwise. An older schema is refused (a
 * reader cannot migrate it), as are a missing or empty vox.db.
 */
vox_catalog *vox_catalog_open_read(const char *dir);
void vox_catalog_close(vox_catalog *cat);

/*
 * Finds the collection: the option's value (-C DIR) when given, else $VOX_COLLECTION,
 * else the nearest folder holding vox.db upward from the current folder. Returns a newly
 * allocated absolute path (g_free), or NULL with an error recorded.
 */
char *vox_collection_find(const char *option);

/* For tools: finds the collection (vox_collection_find(): -C DIR, $VOX_COLLECTION, or
 * upward from the current folder) and opens it. */
vox_catalog *vox_catalog_find(const char *option);

/* The same, opened with vox_catalog_open_read(). */
vox_catalog *vox_catalog_find_read(const char *option);

/*
 * For vox check: vox_catalog_find() (write set) or vox_catalog_find_read(), except that a
 * collection whose folders are links (vox_catalog_layout()) or whose catalog is not its
 * store's (vox_catalog_store_fit()) is opened all the same, so that the check can report
 * it; no id is given. A catalog file that is a link is refused as everywhere.
 */
vox_catalog *vox_catalog_find_check(const char *option, int write);

/*
 * Looks, without following links, at what the collection in dir is made of: vox.db,
 * vox.db-wal, vox.db-shm and store.lock must each be a file (or missing), store/,
 * store/tmp/, cache/ and lost+found/ each a folder (or missing), and nothing in store/ a
 * link. Appends a struct vox_check_finding * (vox/store.h; path relative to dir) for each
 * that is not. Every tool but vox check refuses such a collection when it opens it
 * ("... vox check explains"), so that nothing is read, written, moved or deleted outside
 * the collection through a link. Returns the number of findings, or -1 with an error.
 */
int vox_catalog_layout(const char *dir, GPtrArray *findings);

/*
 * Opens the folder rel ("lost+found", "store/ab") of the collection, component by
 * component from the collection's folder, never following a link (O_NOFOLLOW |
 * O_DIRECTORY); with make, a missing component is made. Returns the descriptor (the caller
 * closes it), or -1 with an error: a link or a file on the way is named as such.
 */
int vox_catalog_open_folder(vox_catalog *cat, const char *rel, int make);

/*
 * Whether the catalog belongs to the store beside it. vox init gives a collection a
 * random id, kept in the catalog (meta 'collection') and in store/VOX_STORE_ID. They
 * belong together when both ids are there and the same; when either is missing (a
 * collection made before ids), when the store holds no file or a photo of the catalog
 * is in it, and then the first writer to open it gives the missing id. Returns 1; 0 when
 * not, with *why (g_free) saying how ("vox.db lists none of the photos in store/"): a
 * replaced catalog, which every writer refuses and on whose word vox check --repair
 * moves nothing; -1 with an error.
 */
int vox_catalog_store_fit(vox_catalog *cat, char **why);

/* The file in store/ that holds the collection's id (a UUID and a newline). */
#define VOX_STORE_ID "collection-id"

/* Whether cat was opened with vox_catalog_open_read(). */
int vox_catalog_readonly(vox_catalog *cat);

/* The collection folder (absolute), owned by cat. */
const char *vox_catalog_dir(vox_catalog *cat);

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

/* The collection's prompt keys in order, NULL-terminated: the only prompts a sidecar or a
 * manifest may answer (vox/caption.h). Free with g_strfreev(); NULL with an error. */
char **vox_catalog_prompt_keys(vox_catalog *cat);

/* What adding a photo does with a given ref that another photo has taken. */
enum vox_taken_ref {
	VOX_KEEP_REF = 0,  /* refuse the photo */
	VOX_RENUMBER,      /* give it the participant's next number (vox import) */
};

/*
 * The names pages show instead of slugs, loaded once for a gallery or a booklet: the
 * project's title (vox_catalog_title()) and the declared pairs, sites, themes and prompts
 * (the lists above; any may be NULL when a caller fills the struct itself). Participants
 * are not here: their names are private (privacy rule 5).
 */
struct vox_catalog_names {
	char *title;
	GPtrArray *pairs, *sites, *themes, *prompts;
	char *lang;             /* the collection's main language (the names above are in it);
	                         * NULL: "en" */
	GHashTable *lang_names; /* names in other languages (vox_catalog_lang_names()), or NULL */
};

/* Fills n from the catalog; release it with vox_catalog_names_release(). Returns 0, or
 * -1 with an error and n empty. */
int vox_catalog_names_load(vox_catalog *cat, struct vox_catalog_names *n);

/* Frees what n holds (not n itself) and empties it. */
void vox_catalog_names_release(struct vox_catalog_names *n);

/* The site called slug, owned by n; NULL when n (or slug) is NULL or it is not declared. */
const struct vox_site *vox_catalog_find_site(const struct vox_catalog_names *n,
    const char *slug);

/* The display name of a site, pair or theme: its name when it is declared with one, else
 * slug itself (also when n or slug is NULL). Owned by n (or the caller's slug). */
const char *vox_catalog_site_name(const struct vox_catalog_names *n, const char *slug);
const char *vox_catalog_pair_name(const struct vox_catalog_names *n, const char *slug);
const char *vox_catalog_theme_name(const struct vox_catalog_names *n, const char *slug);

/* The question of prompt key (matched regardless of case), or key itself when the prompt
 * is unknown. Owned by n (or the caller's key). */
const char *vox_catalog_question(const struct vox_catalog_names *n, const char *key);

/* The name of a pair, site, theme or prompt (kind "pair", "site", "theme", "prompt"; key
 * its slug or prompt key) given in lang (name_lang), or NULL when it has none in lang. The
 * main language's names are those above. Owned by n. */
const char *vox_catalog_name_in(const struct vox_catalog_names *n, const char *kind,
    const char *key, const char *lang);

/* The name of a pair, site, theme or prompt (kind as above) in the main language: its
 * name, or the prompt's question; slug itself when it has none. Owned by n (or slug). */
const char *vox_catalog_main_name(const struct vox_catalog_names *n, const char *kind,
    const char *slug);

/* The name of kind slug as markup for a page in lang: its name in lang, else its main name
 * in a span saying the main language when that is not lang (a slug, having no language,
 * is not marked). Newly allocated (g_free). */
char *vox_catalog_name_html(const struct vox_catalog_names *n, const char *kind,
    const char *slug, const char *lang);

/*
 * A collection's languages (kept in the meta table): its main language, in which the names
 * of pairs, sites, themes and prompts are written ("en" until set), and its interface
 * languages, one tag or two joined by '+' ("cy+en": Welsh first, then English), which
 * galleries and booklets use unless told otherwise (the main language until set).
 * Return newly allocated strings (g_free).
 */
char *vox_catalog_lang(vox_catalog *cat);
char *vox_catalog_ui_langs(vox_catalog *cat);

/* Whether tag is a language tag the collection accepts ("cy", "en-GB", "pol"). */
int vox_catalog_lang_valid(const char *tag);

/* Sets the main language and/or the interface languages (NULL leaves one as it is).
 * Returns 0, or -1 with a usage error naming a tag that is not one. */
int vox_catalog_set_langs(vox_catalog *cat, const char *lang, const char *ui_langs);

/* Sets the name of a pair, site, theme or prompt in lang; an empty or NULL name removes
 * it. Returns 0, or -1 (not found: no such thing; usage: a bad kind or language). */
int vox_catalog_name_set(vox_catalog *cat, const char *kind, const char *key,
    const char *lang, const char *name);

/* Every name in name_lang, keyed "kind\037key\037lang" (both owned by the table). */
GHashTable *vox_catalog_lang_names(vox_catalog *cat);

/*
 * The slug (prompt: key) of the pair, site, theme or prompt that text names: its slug,
 * its name (a prompt: its question) or its name in any language of name_lang, any case,
 * spaces around ignored. The one look-up every reader of names (sidecars, sheets, options)
 * uses. Returns a newly allocated slug, or NULL with a not-found error.
 */
char *vox_catalog_find_named(vox_catalog *cat, const char *kind, const char *text);

/*
 * Records a photo whose scrubbed bytes are given: stores them (store/ab/<sha256>.<ext>,
 * atomically, before the row is committed) and inserts the photo, its caption, themes and
 * consent from p in one transaction. p->ref NULL, or a ref of another participant's code,
 * assigns the participant's next number; a given ref that is taken by another photo is an
 * error with VOX_KEEP_REF, and replaced by the next number with VOX_RENUMBER.
 * When p->sha256 already holds 64 hex digits it is taken as the SHA-256 of bytes (the
 * caller hashed them, e.g. on a worker thread); otherwise it is computed here.
 * Fills p->rowid, p->sha256, p->ref and p->path. Sets *existed (and changes nothing) when
 * the same bytes are already in the collection; refuses tombstoned bytes ("withdrawn on
 * DATE"). p->participant is required (created on first use, matched regardless of case);
 * p->site and the caption's themes must be declared (an unknown one is refused with the
 * nearest name suggested, before anything is stored); p->session is created on first use.
 * Consent: p->audience/people/sensitive/minor (vox_photo_new() defaults: private, unknown),
 * overridden by p->caption->consent, ->people, ->sensitive and ->minor when those are set
 * (a sidecar's word beats a run-wide flag). Holds the store lock (shared) from writing the
 * file until the row is committed.
 */
int vox_catalog_add_photo(vox_catalog *cat, const void *bytes, size_t len,
    struct vox_photo *p, enum vox_taken_ref taken, int *existed);

struct vox_store_tmp;

/*
 * vox_catalog_add_photo() for bytes already written to a file of store/tmp/
 * (vox_store_tmp_open()), whose SHA-256 the caller gives in p->sha256: the file is moved
 * into the store, or removed when the photo is not added (present, refused, withdrawn).
 */
int vox_catalog_add_tmp(vox_catalog *cat, struct vox_store_tmp *tmp, struct vox_photo *p,
    enum vox_taken_ref taken, int *existed);

/*
 * The store lock, a flock on <collection>/store.lock. Adding a photo holds it shared from
 * writing the file until its row is committed, replacing one (vox redact) until the old
 * bytes are purged too, and vox ingest holds it shared for its whole run, while it writes
 * into store/tmp/ ahead of the rows; vox check holds it exclusive, so it never takes a
 * file whose row is about to be committed for an orphan, nor one being written for a
 * leftover. A killed process releases it. Holds nest: only the
 * outermost takes and releases the flock (so a shared hold cannot become exclusive).
 * Returns 0 or -1 with an error.
 */
enum vox_lock_mode {
	VOX_LOCK_SHARED = 0,  /* adding or replacing photos, vox ingest */
	VOX_LOCK_EXCLUSIVE,   /* vox check */
};

int vox_catalog_store_lock(vox_catalog *cat, enum vox_lock_mode mode);
void vox_catalog_store_unlock(vox_catalog *cat);

/*
 * Whether taking the store lock now would wait, exclusive (as vox check) or shared (as
 * vox ingest): 1, 0, or -1 with an error. It takes nothing.
 */
int vox_catalog_store_busy(vox_catalog *cat, enum vox_lock_mode mode);

/*
 * Stores a new version of photo old (as vox_catalog_photo() returned it): len bytes
 * whose SHA-256 the caller gives in sha256 (64 hex digits), width x height as displayed,
 * upright (stored with orientation 1), e.g. a redacted copy. Holding the store lock
 * (shared) throughout, as vox_catalog_add_photo() does: the bytes are written through
 * store/tmp/ (fsync'd, renamed, the folder fsync'd); then one transaction moves the
 * photo's row to them (same ref, caption, themes and consent), gives the old hash a
 * tombstone and logs an event (tool, action tool, detail "WHY; replaces <old hash>");
 * then the old stored file and every derivative of it under cache/ are removed, as a
 * withdrawal removes them. So vox check --repair never takes the new file for an orphan.
 * Refuses a withdrawn photo, bytes equal to the old ones, bytes that have a tombstone or
 * that another photo has, and a photo changed or withdrawn since old was read ("changed
 * or withdrawn meanwhile"); nothing has changed then (the new file is removed again,
 * unless it is another photo's).
 * Returns 0, or -1 with an error; after the commit, a failure to remove the old bytes
 * leaves tombstoned bytes that vox check --repair removes.
 */
int vox_catalog_replace_photo(vox_catalog *cat, const struct vox_photo *old,
    const void *bytes, size_t len, const char *sha256, int width, int height,
    const char *tool, const char *why);

/* vox_catalog_replace_photo() for bytes already written to a file of store/tmp/
 * (vox_store_tmp_open(), under the store lock), whose SHA-256 the caller gives: the file is
 * moved into the store, or removed when the photo is not replaced. */
int vox_catalog_replace_tmp(vox_catalog *cat, const struct vox_photo *old,
    struct vox_store_tmp *tmp, const char *sha256, int width, int height,
    const char *tool, const char *why);

/*
 * A batch: photos and names written all at once or not at all (vox import).
 * vox_catalog_batch_begin() takes the store lock (shared) until the batch ends.
 * vox_catalog_batch_store() then puts each photo's bytes in the store (through store/tmp/,
 * fsync'd, renamed, the folder fsync'd), before any row is written;
 * vox_catalog_batch_store_tmp() does the same with bytes already written to a file of
 * store/tmp/ (vox_store_tmp_open()), which it closes either way, so that no photo is held
 * whole in memory. vox_catalog_batch_rows() opens the batch's one transaction: every write function of this
 * header called until the commit joins it (as a savepoint), and vox_catalog_add_photo()
 * takes bytes NULL for a hash the batch stored. vox_catalog_batch_commit() commits the
 * rows. vox_catalog_batch_abort(), which a failed commit calls itself, rolls every row
 * back and removes the files the batch put in the store that no row references, so the
 * collection is as it was; the error recorded before it is kept. A crash in between leaves
 * orphan files only, which vox check reports. vox_catalog_close() aborts an open batch.
 * Each returns 0, or -1 with an error.
 */
int vox_catalog_batch_begin(vox_catalog *cat);
int vox_catalog_batch_store(vox_catalog *cat, const void *bytes, size_t len,
    const char *sha256, const char *ext);
int vox_catalog_batch_store_tmp(vox_catalog *cat, struct vox_store_tmp *tmp,
    const char *sha256, const char *ext);
int vox_catalog_batch_rows(vox_catalog *cat);
int vox_catalog_batch_commit(vox_catalog *cat);
void vox_catalog_batch_abort(vox_catalog *cat);

/* Whether these bytes' hash has a tombstone: 1 yes, 0 no, -1 error. */
int vox_catalog_is_tombstoned(vox_catalog *cat, const char *sha256);

/* Whether a photo or a tombstone has these bytes' hash: 1 yes, 0 no, -1 error. */
int vox_catalog_knows_bytes(vox_catalog *cat, const char *sha256);

/* Adds a tombstone (idempotent); date (YYYY-MM-DD) NULL means today. */
int vox_catalog_add_tombstone(vox_catalog *cat, const char *sha256, const char *date);

/* Tombstones as an array of newly allocated "sha256\tdate" strings, sorted. */
GPtrArray *vox_catalog_tombstones(vox_catalog *cat);

/*
 * Curation. The kinds of named things a collection declares; slugs are lowercase ASCII
 * letters, digits and '-' (participant codes: letters and digits, e.g. "P07").
 */
enum vox_kind { VOX_KIND_PAIR, VOX_KIND_SITE, VOX_KIND_PARTICIPANT, VOX_KIND_SESSION,
	VOX_KIND_THEME };

/* "pair", "site", "participant", "session", "theme". */
const char *vox_kind_name(enum vox_kind k);

/*
 * The rules every write below applies before it writes, for a caller that checks a whole
 * batch first (vox import): the same functions, so the checks and the writes cannot drift.
 */

/* Whether slug is a valid name for kind (prompt keys are checked as themes). */
int vox_catalog_valid_slug(enum vox_kind kind, const char *slug);

/* Whether d is a date written YYYY-MM-DD that exists. */
int vox_catalog_valid_date(const char *d);

/* Text the catalog stores (titles, stories, alt text, answers, names, questions): valid
 * UTF-8 with no control character (C0, DEL, C1: U+0080 to U+009F) but tab, line feed and
 * carriage return. NULL passes.
 * Returns 0, or -1 with an error "WHAT: ...". */
int vox_catalog_check_text(const char *what, const char *s);

/* A caption and its translation as vox_catalog_add_photo() and vox_catalog_set_caption()
 * accept them: text (vox_catalog_check_text()), the language a tag (like cy or en-GB),
 * and, when prompts (char * keys) is not NULL, every answered key one of prompts.
 * Returns 0, or -1 with an error. */
int vox_catalog_caption_valid(const struct vox_caption *c, const GPtrArray *prompts);

/* A prompt set as vox_catalog_set_prompts() accepts it: at least one, keys valid and
 * distinct, questions text. Returns 0, or -1 with an error. */
int vox_catalog_check_prompts(const char *const *keys, const char *const *questions,
    size_t n);

/* The row id of a declared name, or -1 with an error that suggests the nearest known one:
 * "'truro-fodbank': no such site (did you mean 'truro-foodbank'?)". A theme is looked up
 * as vox_catalog_theme_resolve() reads it. */
int64_t vox_catalog_lookup(vox_catalog *cat, enum vox_kind kind, const char *slug);

/*
 * A theme as people type it, wherever they type it (sidecars, sheets, vox tag, vox ls
 * --theme, vox caption --edit): its slug or its name (vox theme ls shows both; a name in
 * another language too), any case, spaces, '-' and '_' alike. Returns the theme's slug,
 * newly allocated, or NULL with a not-found error naming the closest theme:
 * "'Home and belongin': no such theme (did you mean 'Home and belonging'?)".
 */
char *vox_catalog_theme_resolve(vox_catalog *cat, const char *word);

/*
 * Makes the themes of c (and of its translation) slugs with vox_catalog_theme_resolve(),
 * in the order given, each once. Themes written with only spaces between slugs
 * ("community feeling-welcome", the old form) are taken as those slugs. On an unknown
 * theme returns -1 with an error that starts with c->themes_at when set ("'a.txt': line
 * 3: 'Hom': no such theme (did you mean 'Home and belonging'?)") and leaves c unchanged.
 */
int vox_catalog_resolve_themes(vox_catalog *cat, struct vox_caption *c);

/* The known name nearest to word (Levenshtein), or NULL when none is close. Newly
 * allocated. */
char *vox_catalog_suggest(vox_catalog *cat, enum vox_kind kind, const char *word);

/* Declares a name. Refuses a malformed slug and one that exists. */
int vox_catalog_pair_add(vox_catalog *cat, const char *slug, const char *name);
int vox_catalog_site_add(vox_catalog *cat, const char *slug, const char *name,
    const char *pair, const char *setting);
int vox_catalog_participant_add(vox_catalog *cat, const char *code, const char *site,
    const char *name, int minor);
int vox_catalog_session_add(vox_catalog *cat, const char *slug, const char *site,
    const char *date);

/*
 * The date a session's name starts with ("2026-05-12" for "2026-05-12-truro"), when it is a
 * real calendar date, or NULL: a session declared or first used without a date of its own
 * gets this one, and none from a name such as "2026-99-99-farm". Newly allocated.
 */
char *vox_catalog_session_date_guess(const char *slug);
int vox_catalog_theme_add(vox_catalog *cat, const char *slug, const char *name);

/* Removes a name; refuses one that photos (or sites, for a pair) still use, saying how
 * many. */
int vox_catalog_remove(vox_catalog *cat, enum vox_kind kind, const char *slug);

/* Sets the main name of a pair, site or theme (kind VOX_KIND_PAIR, _SITE, _THEME); an
 * empty name clears it (the slug is shown). Returns 0 or -1. */
int vox_catalog_set_name(vox_catalog *cat, enum vox_kind kind, const char *slug,
    const char *name);

/*
 * Chooses the cover of a pair or site (kind VOX_KIND_PAIR or VOX_KIND_SITE): photo, an id
 * or ref, must be one of its photos; NULL or "" goes back to the first photo. A gallery
 * shows the chosen cover only when its audience may see it (else its first photo it may).
 * Returns 0 or -1 with an error.
 */
int vox_catalog_set_cover(vox_catalog *cat, enum vox_kind kind, const char *slug,
    const char *photo);

/* Renames a slug; everything that uses it follows. A participant is renamed with
 * vox_catalog_participant_rename(): the refs of its photos follow, the old ones still
 * resolve. */
int vox_catalog_rename(vox_catalog *cat, enum vox_kind kind, const char *from, const char *to);

/* Replaces the prompt set: n keys (lowercase slugs) and their questions, in order. */
int vox_catalog_set_prompts(vox_catalog *cat, const char *const *keys,
    const char *const *questions, size_t n);

/* A named prompt set ("showed", "cdc"): fills keys and questions (static strings) and
 * returns the count, or -1 when the name is unknown. */
int vox_prompt_set(const char *name, const char *const **keys, const char *const **questions);

/* Sets the project title (meta "title"). */
int vox_catalog_set_title(vox_catalog *cat, const char *title);

/* Adds and removes themes (slugs, which must be declared) of one photo; returns the number
 * of changes made (0 when it already had them), or -1. */
int vox_catalog_tag(vox_catalog *cat, const char *sha256, GPtrArray *add, GPtrArray *remove);

/* Replaces a photo's caption text (title, story, alt, lang, prompt answers, translation)
 * with c's; c->themes and the consent fields of c are ignored. Text must be UTF-8. The
 * fields that change are added to photo.edited; when none does, nothing is written. */
int vox_catalog_set_caption(vox_catalog *cat, const char *sha256, const struct vox_caption *c);

/*
 * The caption fields photo.edited records (title, story, alt, lang, themes, prompts,
 * translation): vox_catalog_set_caption() adds those it changes, vox_catalog_tag() adds
 * themes when it changes any, and ingest never clears them.
 *
 * Brings the caption of a photo already present up to date with in, its sidecar or sheet
 * row read again at ingest (themes resolved by vox_catalog_resolve_themes()). Only the
 * fields in gives count: one it leaves empty is kept. A field that differs is rewritten
 * unless it was edited in photovox since ingest; its name (as above) is appended to
 * updated, or to kept when it was left alone (newly allocated strings). When nothing is
 * rewritten the catalog is not written at all. Consent is never changed here: when in
 * gives another consent than the recorded one, *consent (when consent is not NULL) is set
 * to the options of vox consent that would record it ("--audience group --people none",
 * newly allocated), else NULL. Returns the number of fields rewritten, or -1 with an error.
 */
int vox_catalog_caption_from_ingest(vox_catalog *cat, const char *sha256,
    const struct vox_caption *in, GPtrArray *updated, GPtrArray *kept, char **consent);

/* Sets a photo's consent; -1 leaves a field as it is. Refuses to change a withdrawn photo
 * (withdrawal is final) and audience VOX_AUDIENCE_WITHDRAWN (use vox_catalog_withdraw). */
int vox_catalog_set_consent(vox_catalog *cat, const char *sha256, int audience, int people,
    int sensitive, int minor);

/* Whether a withdrawal or an import changes the collection, or only says what it would
 * change. */
enum vox_dry_run {
	VOX_APPLY = 0,
	VOX_DRY_RUN,
};

/*
 * Withdraws a photo (privacy rule 6): deletes its stored file, every derivative under
 * cache/ whose name starts with its sha256, its caption text, themes and source name; sets
 * audience withdrawn, writes a tombstone and an event, and records that a purge is owed
 * (vox_catalog_purge(), which the caller runs once after its withdrawals). The row stays
 * so its ref is never given again. Appends a line per thing removed (or that would be,
 * with VOX_DRY_RUN) to removed (newly allocated strings). Returns 0 (also when already
 * withdrawn) or -1.
 */
int vox_catalog_withdraw(vox_catalog *cat, const char *sha256, enum vox_dry_run dry_run,
    GPtrArray *removed);

/* Forgets a participant's private name (when they withdraw altogether); a purge is owed
 * then too. */
int vox_catalog_participant_forget(vox_catalog *cat, const char *code);

/*
 * Sets a participant's home site (a declared site) and/or private name (NULL: leave it;
 * "": forget it; a name replaced or forgotten owes a purge, vox_catalog_purge()). Records
 * an event without the name. 0, or -1 (unknown participant or site, with a suggestion).
 */
int vox_catalog_participant_set(vox_catalog *cat, const char *code, const char *site,
    const char *name);

/*
 * Renames participant from to to, and the refs of all its photos with it (R04-01 becomes
 * P04-01, withdrawn photos too), in one transaction with an event. The old code stays an
 * alias: vox_catalog_photo() finds a photo by its old ref, and the old code is never given
 * to another participant (adding it is refused; a photo ingested for it goes to the
 * renamed participant). refs, when not NULL, receives "OLD	NEW" for each photo (newly
 * allocated). 0, or -1 (unknown participant, a code that exists or was renamed away to
 * another participant).
 */
int vox_catalog_participant_rename(vox_catalog *cat, const char *from, const char *to,
    GPtrArray *refs);

/* The code a participant once called code has now (following every rename), or NULL when
 * code was never renamed. Newly allocated. */
char *vox_catalog_participant_renamed(vox_catalog *cat, const char *code);

/*
 * Deleted text leaving the database files. SQLite does not overwrite a page in place: a
 * transaction appends the new version of each page it changes to the write-ahead log
 * (vox.db-wal), and only a checkpoint copies it over the old version in vox.db. With
 * secure_delete (always on) the new version holds zeros where a deleted caption or name
 * was, but until the log has been checkpointed in full the old version is still in vox.db,
 * and until the log is truncated older frames in vox.db-wal may hold it too. A checkpoint
 * cannot complete while another process reads an older snapshot (a long vox gallery, an
 * sqlite3 shell left open).
 *
 * So a deletion of private text (vox_catalog_withdraw(), vox_catalog_participant_forget())
 * records in its own transaction that a purge is owed (the meta row 'purge-owed', a
 * counter), and vox_catalog_purge() pays it: a TRUNCATE checkpoint, retried while readers
 * of an older snapshot hold it back, then the debt forgotten in a new transaction (whose
 * frame holds no deleted text), unless another deletion owed it again meanwhile. A crash,
 * or a reader that outlasts the wait, leaves the debt recorded: vox check reports it and
 * vox check --repair pays it.
 */

/*
 * Purges deleted text from vox.db and vox.db-wal as above. Waits up to wait_ms for other
 * processes that read an older snapshot (or write), calling waiting(data) once (when not
 * NULL) when it starts to wait. Returns 0 when the log is checkpointed and truncated (the
 * debt, if any, paid), or -1 with an error: "'DIR/vox.db': another program is still
 * reading the collection after N s: ...", or the database's own.
 */
int vox_catalog_purge(vox_catalog *cat, int wait_ms, void (*waiting)(void *data), void *data);

/* Whether a purge is owed: 1, 0, or -1 with an error. */
int vox_catalog_purge_owed(vox_catalog *cat);

/* Refs of every photo of a participant that is not withdrawn yet, or NULL on error
 * (unknown participant, with a suggestion). */
GPtrArray *vox_catalog_participant_photos(vox_catalog *cat, const char *code);

/* Every photo of participant code, withdrawn ones too (with no caption text and no stored
 * file), as struct vox_photo * in running order (the array frees them): what the
 * participant's own booklet shows. NULL with an error (unknown participant, with a
 * suggestion). */
GPtrArray *vox_catalog_participant_all_photos(vox_catalog *cat, const char *code);

/* One line of the catalog's history (the event table): what a tool did to a photo. The
 * detail is the tool's ("audience=report people=none" for consent, "2 boxes; replaces
 * HASH" for a redaction); never caption text or names. */
struct vox_event {
	char *time;   /* ISO 8601 UTC */
	char *tool, *action, *ref, *detail;
};
void vox_event_free(struct vox_event *e);

/* Every event about a photo (those with a ref), oldest first, as struct vox_event *. */
GPtrArray *vox_catalog_photo_events(vox_catalog *cat);

/* What vox_catalog_check() does besides finding problems: flags or-ed together. */
enum vox_check_flags {
	VOX_CHECK_REPORT = 0,        /* find and report only */
	VOX_CHECK_REPAIR = 1u << 0,  /* repair what can be repaired without losing a photo */
	VOX_CHECK_DRY_RUN = 1u << 1, /* with VOX_CHECK_REPAIR: only say what would be */
};

/* The folder of a collection where vox check --repair moves files of store/ that no photo
 * of the catalog owns (privacy rule 10: repair never deletes what may be a photo). */
#define VOX_LOST_FOUND "lost+found"

/*
 * Checks the collection (vox check): PRAGMA integrity_check and foreign keys; every photo
 * that is not withdrawn has its stored file and the file matches its hash; no orphan files
 * in store/, no leftovers in store/tmp/, nothing waiting in lost+found/ (for
 * vox_adopt_lost()); no bytes of a withdrawn photo anywhere under the collection (by name
 * prefix or by content hash); no purge owed (vox_catalog_purge()): deleted text of a
 * withdrawal may still be in vox.db or vox.db-wal. With VOX_CHECK_REPAIR (and
 * VOX_CHECK_DRY_RUN: only says so), holding the store lock so that a photo being added is
 * never taken for an orphan: moves orphans to lost+found/ (never replacing a file there),
 * removes leftovers (never committed) and withdrawn bytes (privacy rule 6), and pays a
 * purge owed (waiting as long as the catalog's busy timeout).
 * A catalog that is not the store's (vox_catalog_store_fit()) is damage (a lost and
 * replaced vox.db), not an empty collection: that is one finding on vox.db, and no file of
 * store/ is called an orphan or moved. A folder of the collection or a catalog file that
 * is a link (vox_catalog_layout()) is a finding, and nothing is read or changed through
 * it; repair moves and removes only in folders opened without following links. Only a
 * file's bytes make it a withdrawn photo's, outside cache/ (where derivatives go by
 * their names); a file larger than VOX_MAX_PHOTO_BYTES is hashed as it is read and
 * never audited whole.
 * No output recorded inside the collection may be stale (vox_catalog_outputs()).
 * Appends struct vox_check_finding * (vox/store.h) to findings. Returns the number of
 * problems left unrepaired, or -1 with an error.
 */
int vox_catalog_check(vox_catalog *cat, unsigned flags, GPtrArray *findings);

/*
 * Outputs (privacy rule 9): every gallery, booklet, archive and report the library builds from
 * the catalog is recorded (kind, absolute path, audience, the options that rebuild it,
 * when) with the photos it holds (row id and SHA-256 at build time), so that a
 * withdrawal, a redaction or a lowered consent can name the outputs that still hold the
 * photo. The record holds paths, options (filters, format, participant code) and photo
 * ids only: no caption text, no names.
 */
enum vox_output_kind {
	VOX_OUTPUT_GALLERY = 0,
	VOX_OUTPUT_BOOKLET,
	VOX_OUTPUT_ARCHIVE,
	VOX_OUTPUT_REPORT,
};

/* "gallery", "booklet", "archive", "report"; and back (-1 when the word is none of them). */
const char *vox_output_kind_name(enum vox_output_kind k);
int vox_output_kind_parse(const char *word);

enum vox_output_state {
	VOX_OUTPUT_OK = 0,
	VOX_OUTPUT_STALE,    /* holds a photo since withdrawn, redacted, or no longer
	                      * allowed for its audience by vox_consent_allows() */
	VOX_OUTPUT_MISSING,  /* its path is gone (deleted, or a stick not plugged in) */
};

/* "ok", "stale", "missing". */
const char *vox_output_state_name(enum vox_output_state s);

struct vox_output {
	int64_t id;
	enum vox_output_kind kind;
	char *path;                  /* absolute */
	enum vox_audience audience;  /* private for a booklet */
	int allow_sensitive_public;  /* the override it was built with */
	char *options;               /* JSON object: what rebuilds it (vox/outputs.h) */
	char *built;                 /* ISO 8601 UTC */
	int photos;                  /* photos it held when built */
	enum vox_output_state state;
	char *reason;                /* stale: "P07-03 withdrawn, P02-01 redacted"; else NULL */
};
void vox_output_free(struct vox_output *o);

/*
 * Records an output just built at path (made absolute; symbolic links resolved when it
 * exists) holding photos (struct vox_photo *, their rowid and sha256 are kept). A record
 * of the same path is replaced. options is a JSON object (NULL: "{}"). Also through a
 * catalog opened with vox_catalog_open_read() when the collection can be written (the
 * one write it makes). Returns 0; 1 when the collection cannot be written (nothing is
 * recorded); or -1 with an error.
 */
int vox_catalog_output_record(vox_catalog *cat, enum vox_output_kind kind, const char *path,
    enum vox_audience audience, int allow_sensitive_public, const char *options,
    const GPtrArray *photos);

/*
 * The recorded outputs, ordered by path, as struct vox_output * with their state worked
 * out now: missing when path is gone; else stale when a photo it holds is withdrawn, has
 * other bytes (redacted), or is no longer allowed for its audience (vox_consent_allows(),
 * the one consent rule); else ok. A changed caption, theme or name does not make an
 * output stale: it is not a privacy matter, and the catalog cannot tell a typo from a
 * rewrite without keeping caption text it must not keep. photo_rowid > 0 lists only the
 * outputs holding that photo. NULL with an error.
 */
GPtrArray *vox_catalog_outputs(vox_catalog *cat, int64_t photo_rowid);

/* Appends to the event log (who did what, never caption text). */
int vox_catalog_event(vox_catalog *cat, const char *tool, const char *action,
    const char *photo_ref, const char *detail);

/*
 * Reading JSON (an archive's data/catalog.json, for vox import) through SQLite's JSON
 * functions: SQLite parses, in a database of its own in memory, so photovox has no JSON
 * parser and only the catalog uses SQLite. name is the document's name in messages.
 */
typedef struct vox_catalog_json_reader vox_catalog_json_reader;

/* A new reader, or NULL with an error ("JSON reader: ..."). Close with
 * vox_catalog_json_close() (NULL allowed). */
vox_catalog_json_reader *vox_catalog_json_open(const char *name);
void vox_catalog_json_close(vox_catalog_json_reader *j);

/* An upper bound on the values (and member names) SQLite's parse of the JSON text doc
 * (len bytes) makes, counted without parsing it: each costs memory whatever its length,
 * so that a caller may refuse a document of too many before handing it over. */
size_t vox_catalog_json_count_values(const char *doc, size_t len);

/*
 * The value at "$.key" of the JSON object doc: *type is its JSON type ("null", "true",
 * "false", "integer", "real", "text", "array", "object") or NULL when absent; *value its
 * text (JSON text for objects and arrays), or NULL. Both newly allocated (g_free). Returns
 * 0, or -1 with an error ("'NAME': malformed JSON"; "'NAME': 'KEY' holds a NUL character",
 * which a C string cannot carry) with both NULL.
 */
int vox_catalog_json_get(vox_catalog_json_reader *j, const char *doc, const char *key,
    char **type, char **value);

/*
 * The elements of the array (or the members of the object) at "$.key" of doc, their
 * values as text (JSON text for objects and arrays), in order; when keys is not NULL the
 * members' keys are appended to it. Returns a new array (empty when key is absent), or
 * NULL with an error: a malformed doc, more than max elements ("'NAME': too many
 * elements in 'KEY'"), or a value or member name holding a NUL character.
 */
GPtrArray *vox_catalog_json_each(vox_catalog_json_reader *j, const char *doc,
    const char *key, GPtrArray *keys, guint max);


/* ---- Voice stories (pipeline/catalog/catalog_audio.c) ---- */

/* A photo's voice story: scrubbed audio stored under its own SHA-256, as photos are. */
struct vox_audio {
	char sha256[65];
	char *ext;            /* "m4a", "mp3", "ogg", "opus", "wav", "aac", "amr" */
	char *path;           /* absolute path of the stored file */
	int64_t duration_ms;
	char *source_name;    /* the original file name (private, as a photo's) */
	char *added;          /* ISO 8601 UTC */
};
void vox_audio_free(struct vox_audio *a);
typedef struct vox_audio vox_audio;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vox_audio, vox_audio_free)

/* The voice story of photo rowid: 1 and *out (vox_audio_free), 0 when it has none, -1 with
 * an error. */
int vox_catalog_audio(vox_catalog *cat, int64_t photo_rowid, struct vox_audio **out);

/*
 * Gives photo rowid the voice story of len scrubbed bytes (vox_scrub_buffer() of an audio
 * file), replacing the one it had: the bytes are stored first (store/ab/<sha256>.<ext>,
 * under the store lock, as photos are), then the row is committed with an event, then the
 * old recording's file is removed. Refuses a withdrawn photo, tombstoned bytes and a
 * recording that is already another photo's. source_name may be NULL. Returns 0 or -1.
 */
int vox_catalog_set_audio(vox_catalog *cat, int64_t photo_rowid, const void *bytes,
    size_t len, const char *ext, int64_t duration_ms, const char *source_name,
    const char *tool);

/* As vox_catalog_set_audio() for a photo that has no story yet, in an open batch
 * (vox_catalog_batch_begin()) that stored the bytes already (vox_catalog_batch_store()). */
int vox_catalog_set_audio_batched(vox_catalog *cat, int64_t photo_rowid, const char *sha256,
    const char *ext, int64_t duration_ms, const char *tool);

/* The transcript of photo rowid's voice story (translation: of its translation), or NULL
 * when there is none (an error is then recorded only when the look-up failed). */
char *vox_catalog_transcript(vox_catalog *cat, int64_t photo_rowid, int translation);

/* Sets (text NULL or empty: clears) the transcript of photo rowid's voice story. Refuses a
 * withdrawn photo and text the catalog does not accept. Returns 0 or -1. */
int vox_catalog_set_transcript(vox_catalog *cat, int64_t photo_rowid, int translation,
    const char *text, const char *tool);

/* Every stored voice story's file as "<sha256>.<ext>" -> photo rowid (vox check). NULL with
 * an error. */
GHashTable *vox_catalog_audio_files(vox_catalog *cat);

#endif
