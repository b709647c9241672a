/*
 * vox ingest's work (CONTRIBUTING.md "Inputs" and "Store").
 *
 * Three steps. First the inputs are gathered on the calling thread: folders are walked
 * (a link back to a folder being walked is refused, not followed), zip files are listed
 * through libarchive (never extracted to disk; paths outside the archive, links and absurd
 * sizes are refused), each photo gets its caption from its sidecar and translation, and the
 * manifest's rows are matched to photos. Then a reader thread hands the photos in order
 * to a pool of scrubbing threads, reading a zip's entries into memory on the way (in
 * order, so a zip is read front to back once) and keeping only a few photos in flight.
 * Each scrubbing thread streams its photo from the file (or the entry's bytes) straight
 * into a new file of store/tmp/, hashing what it writes, so that no photo is copied
 * whole through memory. The calling thread takes the photos back in input order and
 * records each in the catalog, which checks the hash against the tombstones and the
 * photos already present (removing the file of one it refuses), then moves the file into
 * the store, durable, before the row is committed: a crash leaves no row without its
 * file, only files in store/tmp/ or orphans that vox check --repair removes. The run holds
 * the store lock shared throughout, so a vox check --repair waits for it to finish.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "vox/caption.h"
#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/ingest.h"
#include "vox/scrub.h"
#include "vox/store.h"

#include "caption/caption_fields.h"
#include "audio_av.h"
#include "vox/audio.h"

/* Limits for what a zip may hold, and for one photo (vox/ingest.h): far above any real card
 * or phone. */
#define MAX_PHOTO_BYTES VOX_MAX_PHOTO_BYTES
/* Bytes of photos read but not yet recorded, at most (unless only one is in flight):
 * keeps the peak memory well under 200 MB whatever the photos' sizes. */
#define MAX_INFLIGHT_BYTES ((size_t)64 * 1024 * 1024)
/* Entries of one zip, at most. A card or a phone's export holds hundreds or a few thousand
 * photos with their captions; a zip of more is not a photo export. Ingest keeps some 2 KB
 * for each entry it lists (its item or refusal, names and folder), so 200,000 entries
 * peaked at 400 MB; a zip of 20,000 tiny entries peaks at 75 MB. A zip whose directory
 * counts more is refused before any entry is read. */
#define MAX_ZIP_ENTRIES 20000
#define MAX_ZIP_TOTAL ((gint64)256 * 1024 * 1024 * 1024)
#define MAX_TEXT_BYTES VOX_CAPTION_MAX
/* Caption files' bytes in one run, at most: each is held until its photo is recorded (a
 * zip's texts are read ahead, as the zip is read once), so without a bound a zip of many
 * large texts fills memory. 32 MB is some 10,000 long captions; captions past it are
 * refused with their photos (the manual of vox-ingest says so). */
#define MAX_RUN_TEXT_BYTES ((gint64)32 * 1024 * 1024)
/* A manifest is read whole into memory: far above any sheet of captions. */
#define MAX_SHEET_BYTES ((size_t)64 * 1024 * 1024)

struct zipsrc {
	char *path;           /* on disk */
	char *display;        /* as given */
	dev_t dev;            /* the file listed, so that the one read later is the same */
	ino_t ino;
	int sheet;            /* reached through the manifest (never: zips are inputs only) */
	GHashTable *texts;    /* entry name -> GBytes of each .txt entry */
	GHashTable *folders;  /* entry folder ("" at the top) -> GPtrArray of the base names of
	                       * its .txt and audio entries */
	GHashTable *stories;  /* audio entry name -> its place among the headers, plus 1 */
	GHashTable *refused;  /* entry name -> struct refusal * of a caption or voice story
	                       * that cannot be taken */
	GPtrArray *refusals;  /* the same, in the zip's order (not owned) */
	int cut;              /* the zip was not listed to its end */
};

/* A caption or voice-story entry of a zip that cannot be taken. Its photo is refused with
 * it (never taken without it); one that no photo claims is reported on its own. */
struct refusal {
	char *source;         /* the entry, for messages */
	char *why;            /* what is said after the photo's name */
	int quiet;            /* not reported when unclaimed (not read for the run's cap) */
	int claimed;
};

struct item {
	char *source;         /* for messages and stdout */
	char *path;           /* the photo on disk, or NULL for a zip entry */
	int zip;              /* index into run->zips, or -1 */
	char *entry;          /* the zip entry's name */
	gint64 entry_index;   /* its place among the zip's headers */
	char *match;          /* the path a manifest row is matched against ('/'-separated) */
	char *canon;          /* the photo's absolute path, made when a manifest needs it */
	char *folder;         /* the photo's folder name, for --by-folder */
	char *source_name;    /* the file's own name, a private field of the catalog: UTF-8,
	                       * control characters as '?' (printable()) */
	dev_t dev;            /* the photo file listed (path), so that the one read is the same */
	ino_t ino;
	int sheet;            /* named by a manifest row beside the sheet, not among the inputs */
	struct vox_caption *caption;
	const struct vox_manifest_row *row;
	char *audio;          /* the voice story beside the photo ("<base>.m4a" …): its path on
	                       * disk, or its entry name in the photo's zip */
	gint64 audio_index;   /* in a zip: the story's place among the zip's headers */
	char *story;          /* what ingest tells of it once added ("IMG_1.m4a, 45 s") */
	int audio_sheet;      /* the story was named by a manifest row (read beside the sheet) */
	char *error;          /* refused before scrubbing (or while) */
	int photo;            /* 0: a problem to report that is not one photo's */

	/* Between the threads, under run->lock. */
	guint8 *data;         /* a zip entry's bytes, read by the reader thread */
	size_t len;
	size_t held;          /* bytes counted in run->inflight for this item */
	struct vox_store_tmp tmp; /* the scrubbed photo in store/tmp/ (fd -1: none) */
	char sha256[VOX_SHA256_HEX]; /* of tmp's bytes, computed while they were written */
	struct vox_scrub_info info;
	int ready;
};

struct run {
	vox_catalog *cat;
	const struct vox_ingest_options *opt;
	GPtrArray *items;     /* struct item * */
	GPtrArray *zips;      /* struct zipsrc * */
	GHashTable *dirs;     /* folder on disk -> GPtrArray of its entry names (sorted) */
	GPtrArray *rows;      /* manifest rows, or NULL */
	char **prompts;       /* the collection's prompt keys, which captions may answer */
	char *manifest_dir;
	GPtrArray *roots;     /* struct root *: what ingest may read (privacy rule 8) */
	GHashTable *known;    /* folder name -> whether it is a known participant */
	size_t skipped;
	gint64 text_bytes;    /* caption files' bytes taken so far (MAX_RUN_TEXT_BYTES) */

	GMutex lock;
	GCond cond;
	size_t consumed;      /* items the calling thread has finished */
	size_t window;        /* items read but not yet finished, at most */
	size_t inflight;      /* bytes of those items */
	int stop;
	GThreadPool *pool;
	GAsyncQueue *readers; /* the scrubbing threads' own catalog connections, when idle */
};

static void
item_free(struct item *it)
{
	g_free(it->source);
	g_free(it->path);
	g_free(it->entry);
	g_free(it->match);
	g_free(it->canon);
	g_free(it->folder);
	g_free(it->source_name);
	g_free(it->audio);
	g_free(it->story);
	vox_caption_free(it->caption);
	g_free(it->error);
	g_free(it->data);
	vox_store_tmp_discard(&it->tmp);
	g_free(it);
}

static void
refusal_free(struct refusal *no)
{
	g_free(no->source);
	g_free(no->why);
	g_free(no);
}

static void
zipsrc_free(struct zipsrc *z)
{
	g_free(z->path);
	g_free(z->display);
	g_hash_table_destroy(z->texts);
	g_hash_table_destroy(z->folders);
	g_hash_table_destroy(z->stories);
	g_hash_table_destroy(z->refused);
	g_ptr_array_unref(z->refusals);
	g_free(z);
}

/* A name fit for one line of output: control characters (a newline in a file name; C1
 * ones too, as the catalog refuses them in text) become '?', and a name that is not UTF-8
 * is transcoded (vox_name_utf8()). Newly allocated. */
static char *
printable(const char *s)
{
	g_autofree char *u = vox_name_utf8(s, VOX_NAME_DISK);
	GString *out = g_string_sized_new(strlen(u));

	for (const char *p = u; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
			g_string_append_c(out, '?');
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

static int
has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

/* Whether name is one of the extensions exts (NULL-terminated) after a stem. */
static int
has_ext(const char *name, const char *const *exts)
{
	for (; *exts; exts++)
		if (has_suffix_ci(name, *exts) && strlen(name) > strlen(*exts))
			return 1;
	return 0;
}

int
vox_audio_name(const char *name)
{
	static const char *const exts[] = {
		".m4a", ".mp3", ".ogg", ".opus", ".wav", ".aac", ".amr", NULL,
	};

	return has_ext(name, exts);
}

int
vox_ingest_is_photo_name(const char *name)
{
	static const char *const exts[] = {
		".jpg", ".jpeg", ".jpe", ".png", ".webp", ".heic", ".heif", NULL,
	};

	return has_ext(name, exts);
}

static struct item *
add_item(struct run *r, const char *source, int photo)
{
	struct item *it = g_new0(struct item, 1);

	it->source = printable(source);
	it->zip = -1;
	it->tmp.fd = -1;
	it->photo = photo;
	g_ptr_array_add(r->items, it);
	return it;
}

/* A problem that is not one photo's: reported in its place among the inputs. */
static void G_GNUC_PRINTF(3, 4)
problem(struct run *r, const char *source, const char *fmt, ...)
{
	struct item *it = add_item(r, source, 0);
	va_list ap;

	va_start(ap, fmt);
	it->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* The name without its extension ("IMG_1" for "IMG_1.JPG"). Newly allocated. */
static char *
strip_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name ? g_strndup(name, (gsize)(dot - name)) : g_strdup(name);
}

/*
 * What ingest may read (privacy rule 8): the inputs named on the command line, each a root
 * by its resolved path, a folder with everything under it or a file alone; a photo given
 * as a file brings its caption files beside it ("<stem>.txt", "<stem>.<lang>.txt"); the
 * manifest's folder is a root only for what the sheet's rows name (and their captions).
 */
struct root {
	char *path;           /* resolved (realpath) */
	int dir;
	char *folder, *stem;  /* a photo given as a file: its resolved folder and its name's
	                       * stem, for its caption files; else NULL */
	int sheet;            /* the sheet's folder: only for what its rows name */
};

static void
root_free(struct root *rt)
{
	g_free(rt->path);
	g_free(rt->folder);
	g_free(rt->stem);
	g_free(rt);
}

/* Adds path as a root; one that cannot be resolved adds nothing (its input is reported
 * missing where it is listed). */
static void
add_root(struct run *r, const char *path, int sheet)
{
	char *real = realpath(path, NULL);
	struct stat st;
	struct root *rt;

	if (!real || stat(real, &st) != 0) {
		free(real);
		return;
	}
	rt = g_new0(struct root, 1);
	rt->path = g_strdup(real);
	free(real);
	rt->dir = S_ISDIR(st.st_mode);
	rt->sheet = sheet;
	if (!rt->dir && vox_ingest_is_photo_name(path)) {
		char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);

		real = realpath(dir, NULL);
		if (real) {
			rt->folder = g_strdup(real);
			rt->stem = strip_ext(base);
			free(real);
		}
		g_free(dir);
		g_free(base);
	}
	g_ptr_array_add(r->roots, rt);
}

/* Whether the resolved path real is dir or under it. */
static int
under(const char *real, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(real, dir, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* Whether real, a resolved path, is one of the caption files of the photo of root rt. */
static int
caption_of(const char *real, const struct root *rt)
{
	const char *slash = strrchr(real, '/');
	size_t n = strlen(rt->stem);

	if (!slash || (size_t)(slash - real) != strlen(rt->folder) ||
	    strncmp(real, rt->folder, (size_t)(slash - real)) != 0)
		return 0;
	return strncmp(slash + 1, rt->stem, n) == 0 && slash[1 + n] == '.' &&
	    (has_suffix_ci(slash + 1, ".txt") || vox_audio_name(slash + 1));
}

/* Whether ingest may read real, a resolved path: inside a root (the sheet's folder only
 * when sheet is set). */
static int
inside(const struct run *r, const char *real, int sheet)
{
	for (guint i = 0; i < r->roots->len; i++) {
		const struct root *rt = g_ptr_array_index(r->roots, i);

		if (rt->sheet && !sheet)
			continue;
		if (rt->dir ? under(real, rt->path) : strcmp(real, rt->path) == 0)
			return 1;
		if (rt->stem && caption_of(real, rt))
			return 1;
	}
	return 0;
}

/* Whether the file open as fd is inside the roots, by the path the kernel knows it by: a
 * folder swapped for a link between the check and the open is caught. 1 when that path
 * cannot be told (no /proc): the path was checked just before. */
static int
opened_inside(const struct run *r, int fd, int sheet)
{
	char link[64], real[PATH_MAX];
	ssize_t n;

	g_snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, real, sizeof(real) - 1);
	if (n <= 0)
		return 1;
	real[n] = '\0';
	return inside(r, real, sheet);
}

/*
 * The one way ingest opens a file, whatever it is (photo, sidecar, translation, manifest,
 * zip): path resolved, inside the roots (sheet: or the sheet's folder), a regular file
 * (a FIFO or a device is never opened), opened without following a link, without
 * blocking and without becoming a terminal's, then the descriptor checked to be that same
 * regular file inside the roots. Returns the descriptor with *st filled, or -1 with
 * *error set, a message naming source.
 */
static int
open_input(const struct run *r, const char *path, const char *source, int sheet,
    struct stat *st, char **error)
{
	char *real = realpath(path, NULL);
	struct stat pre;
	int fd = -1;

	if (!real) {
		*error = g_strdup_printf("'%s': %s", source, g_strerror(errno));
		return -1;
	}
	if (!inside(r, real, sheet)) {
		*error = g_strdup_printf("'%s': leads out of the inputs; not read", source);
		goto out;
	}
	if (stat(real, &pre) != 0) {
		*error = g_strdup_printf("'%s': %s", source, g_strerror(errno));
		goto out;
	}
	if (!S_ISREG(pre.st_mode)) {
		*error = g_strdup_printf("'%s': not a regular file (a pipe or a device); not "
		    "read", source);
		goto out;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0) {
		*error = g_strdup_printf("'%s': %s", source, g_strerror(errno));
		goto out;
	}
	if (fstat(fd, st) != 0) {
		*error = g_strdup_printf("'%s': %s", source, g_strerror(errno));
	} else if (!S_ISREG(st->st_mode) || st->st_dev != pre.st_dev ||
	    st->st_ino != pre.st_ino || !opened_inside(r, fd, sheet)) {
		*error = g_strdup_printf("'%s': changed while being opened; not read", source);
	} else {
		free(real);
		return fd;
	}
	close(fd);
	fd = -1;
out:
	free(real);
	return fd;
}

/* Reads all of fd, at most max bytes (more is refused, naming source). Newly allocated
 * GBytes, or NULL with *error set. */
static GBytes *
read_input(int fd, const char *source, size_t max, char **error)
{
	GByteArray *b = g_byte_array_new();
	guint8 chunk[64 * 1024];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*error = g_strdup_printf("'%s': %s", source, g_strerror(errno));
			g_byte_array_unref(b);
			return NULL;
		}
		if ((size_t)n > max - b->len) {
			*error = g_strdup_printf("'%s': larger than %zu MB; not read", source,
			    max >> 20);
			g_byte_array_unref(b);
			return NULL;
		}
		g_byte_array_append(b, chunk, (guint)n);
	}
	return g_byte_array_free_to_bytes(b);
}

/* A text input (sidecar, translation, manifest) read whole through open_input(). */
static GBytes *
read_text_input(const struct run *r, const char *path, const char *source, int sheet,
    size_t max, char **error)
{
	struct stat st;
	int fd = open_input(r, path, source, sheet, &st, error);
	GBytes *b;

	if (fd < 0)
		return NULL;
	b = read_input(fd, source, max, error);
	close(fd);
	return b;
}

/*
 * Finds the caption files of a photo whose base name is base among the names of its folder:
 * "<base>.txt" and "<base>.<lang>.txt". Sets *sidecar and *translation (pointers into
 * names, or NULL) and *lang (newly allocated). -1 with an error when two translations are
 * there (only one can be shown beside the caption).
 */
static int
find_caption_files(const char *source, const char *base, GPtrArray *names,
    const char **sidecar, const char **translation, char **lang)
{
	size_t blen = strlen(base);

	*sidecar = *translation = NULL;
	*lang = NULL;
	for (guint i = 0; names && i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		size_t len = strlen(n);
		char *l;

		if (len < blen + 4 || strncmp(n, base, blen) != 0 || !has_suffix_ci(n, ".txt"))
			continue;
		if (len == blen + 4) {
			*sidecar = n;
			continue;
		}
		if (n[blen] != '.' || len < blen + 6)
			continue;
		l = g_strndup(n + blen + 1, len - blen - 5);
		if (!vox_caption_lang_valid(l)) {
			g_free(l);
			continue;
		}
		if (*translation) {
			vox_error("ingest", "'%s': two translations ('%s' and '%s'); keep one",
			    source, *translation, n);
			g_free(l);
			g_free(*lang);
			*lang = NULL;
			return -1;
		}
		*translation = n;
		*lang = l;
	}
	return 0;
}

/* Reads a caption file: from disk (path, through open_input()) or from a zip's texts
 * (bytes). NULL with *error set, naming the file. */
static struct vox_caption *
read_caption(const struct run *r, const char *name, const char *path, GBytes *bytes,
    int sheet, char **error)
{
	const char *const *prompts = (const char *const *)r->prompts;
	g_autoptr(GBytes) disk = NULL;
	struct vox_caption *c;
	gsize len;
	const char *data;

	if (path) {
		disk = read_text_input(r, path, name, sheet, MAX_TEXT_BYTES, error);
		if (!disk)
			return NULL;
		bytes = disk;
	}
	if (!bytes) {
		*error = g_strdup_printf("'%s': cannot be read", name);
		return NULL;
	}
	data = g_bytes_get_data(bytes, &len);
	c = vox_sidecar_parse(name, data ? data : "", len, prompts);
	if (!c)
		*error = g_strdup(vox_error_message());
	return c;
}

/*
 * Gives the photo its caption from the sidecar and translation beside it. folder is the
 * photo's folder on disk (names from run->dirs), or z and zfolder for a zip entry.
 */
static void
attach_sidecar(struct run *r, struct item *it, const char *folder, GPtrArray *names,
    struct zipsrc *z, const char *zfolder)
{
	const char *side, *tr;
	/* Paired by the names' own bytes on disk (a Latin-1 "Cr\xe9pe.jpg" with its
	 * "Cr\xe9pe.txt"), by their UTF-8 names in a zip, as the texts are kept. */
	g_autofree char *own = it->path ? g_path_get_basename(it->path) : NULL;
	char *base = strip_ext(own ? own : it->source_name), *lang = NULL;
	struct vox_caption *c = NULL, *t = NULL;

	if (find_caption_files(it->source, base, names, &side, &tr, &lang) != 0) {
		it->error = g_strdup(vox_error_message());
		goto out;
	}
	for (int k = 0; k < 2; k++) {
		const char *n = k == 0 ? side : tr;
		struct vox_caption **dst = k == 0 ? &c : &t;
		char *path = NULL, *name, *error = NULL;
		GBytes *b = NULL;

		if (!n)
			continue;
		if (z) {
			struct refusal *no;

			name = *zfolder ? g_strdup_printf("%s/%s", zfolder, n) : g_strdup(n);
			no = g_hash_table_lookup(z->refused, name);
			b = g_hash_table_lookup(z->texts, name);
			g_free(name);
			name = g_strdup_printf("%s:%s%s%s", z->display, zfolder, *zfolder ? "/" : "",
			    n);
			if (no || !b) {
				/* Listed but not taken (a link, too large, unreadable, past the
				 * run's caption bytes): the photo is refused with it. */
				if (no)
					no->claimed = 1;
				it->error = no ? g_strdup_printf("'%s': %s", it->source, no->why) :
				    g_strdup_printf("'%s': its caption '%s' cannot be read; "
				    "refused", it->source, name);
				g_free(name);
				goto out;
			}
		} else {
			struct stat st;

			path = g_build_filename(folder, n, NULL);
			name = g_strdup(path);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				r->text_bytes += st.st_size;
			if (r->text_bytes > MAX_RUN_TEXT_BYTES) {
				it->error = g_strdup_printf("'%s': its caption '%s' was not read: "
				    "caption files in one run hold at most %d MB; refused",
				    it->source, name, (int)(MAX_RUN_TEXT_BYTES >> 20));
				g_free(path);
				g_free(name);
				goto out;
			}
		}
		*dst = read_caption(r, name, path, b, it->sheet, &error);
		g_free(path);
		g_free(name);
		if (!*dst) {
			/* Without its caption the photo would go in half: refuse it whole. */
			it->error = g_strdup_printf("'%s': %s", it->source, error);
			g_free(error);
			goto out;
		}
	}
	if (t) {
		g_free(t->lang);
		t->lang = lang;
		lang = NULL;
		if (!c)
			c = vox_caption_new();
		vox_caption_free(c->translation);
		c->translation = t;
		t = NULL;
	}
	it->caption = c;
	c = NULL;
out:
	vox_caption_free(c);
	vox_caption_free(t);
	g_free(lang);
	g_free(base);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a folder on disk, sorted, cached. NULL when it cannot be listed. */
static GPtrArray *
list_dir(struct run *r, const char *dir, GError **err)
{
	GPtrArray *names = g_hash_table_lookup(r->dirs, dir);
	const char *n;
	GDir *d;

	if (names)
		return names;
	d = g_dir_open(dir, 0, err);
	if (!d)
		return NULL;
	names = g_ptr_array_new_with_free_func(g_free);
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, compare_names);
	g_hash_table_insert(r->dirs, g_strdup(dir), names);
	return names;
}

/*
 * The voice story beside a photo: the name among its folder's names (on disk, or in its zip)
 * of the photo's base name with an audio extension (IMG_1234.m4a beside IMG_1234.jpg). Two
 * of them refuse the photo, since which one is its story cannot be told. Returns the name
 * (owned by names) or NULL.
 */
static const char *
find_audio(struct item *it, const char *base, GPtrArray *names)
{
	size_t blen = strlen(base);
	const char *found = NULL;

	for (guint i = 0; names && i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);

		if (strncmp(n, base, blen) != 0 || n[blen] != '.' || !vox_audio_name(n))
			continue;
		if (strchr(n + blen + 1, '.'))
			continue;
		if (found) {
			it->error = g_strdup_printf("'%s': two voice stories beside it ('%s' and "
			    "'%s'); keep one", it->source, found, n);
			return NULL;
		}
		found = n;
	}
	return found;
}

/* Adds a photo on disk, st its stat() when listed; sheet: named by a manifest row beside
 * the sheet rather than among the inputs. */
static void
add_disk_photo(struct run *r, const char *path, const char *source, const struct stat *st,
    int sheet)
{
	struct item *it = add_item(r, source, 1);
	char *dir = g_path_get_dirname(path);
	char *abs = g_canonicalize_filename(dir, NULL);
	g_autofree char *own = g_path_get_basename(path);
	g_autofree char *folder = g_path_get_basename(abs);
	GPtrArray *names;

	it->path = g_strdup(path);
	it->dev = st->st_dev;
	it->ino = st->st_ino;
	it->sheet = sheet;
	it->source_name = printable(own);
	it->folder = vox_name_utf8(folder, VOX_NAME_DISK);
	it->match = vox_name_utf8(source, VOX_NAME_DISK);
	names = list_dir(r, dir, NULL);
	attach_sidecar(r, it, dir, names, NULL, NULL);
	if (!it->error) {
		g_autofree char *base = strip_ext(own);
		const char *story = find_audio(it, base, names);

		if (story)
			it->audio = g_build_filename(dir, story, NULL);
	}
	g_free(abs);
	g_free(dir);
}

/* An entry name that would land outside the archive's folder, were it extracted. */
static int
unsafe_entry_name(const char *name)
{
	char **parts;
	int bad = 0;

	if (!*name || name[0] == '/' || name[0] == '\\' ||
	    (g_ascii_isalpha(name[0]) && name[1] == ':'))
		return 1;
	parts = g_strsplit_set(name, "/\\", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0)
			bad = 1;
	g_strfreev(parts);
	return bad;
}

/* Entries a computer adds by itself: macOS resource forks, hidden files. */
static int
hidden_entry_name(const char *name)
{
	char **parts = g_strsplit(name, "/", -1);
	int hidden = 0;

	for (char **p = parts; *p; p++)
		if ((*p)[0] == '.' || strcmp(*p, "__MACOSX") == 0)
			hidden = 1;
	g_strfreev(parts);
	return hidden;
}

/*
 * Opens a zip file through open_input(): the archive, and its descriptor in *fd, which the
 * caller closes after archive_read_free(); st is filled. NULL with *error set.
 */
static struct archive *
open_zip(const struct run *r, const char *path, const char *source, int sheet, int *fd,
    struct stat *st, char **error)
{
	struct archive *a;

	*fd = open_input(r, path, source, sheet, st, error);
	if (*fd < 0)
		return NULL;
	a = archive_read_new();
	/* Only the zip reader: libarchive's other formats are not needed and carry risks. */
	archive_read_support_format_zip(a);
	if (archive_read_open_fd(a, *fd, 64 * 1024) != ARCHIVE_OK) {
		*error = g_strdup_printf("'%s': not a zip file that can be read: %s", source,
		    archive_error_string(a) ? archive_error_string(a) : "unknown error");
		archive_read_free(a);
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return a;
}

/*
 * Reads the current entry's data into a new buffer (*len bytes), at most max bytes, the
 * limit of what the entry is (photo, caption, voice story), whatever size the zip declares
 * or leaves unsaid: the read stops as soon as it passes max. NULL on failure, with *over
 * set when the entry holds more than max (the caller says what that limit is), else with
 * an error recorded.
 */
static guint8 *
read_entry(struct archive *a, struct archive_entry *e, const char *source, gint64 max,
    size_t *len, int *over)
{
	gint64 want = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
	/* Never more than the entry says it holds: a zip that lies about sizes is cut off. */
	gint64 limit = want >= 0 ? MIN(want, max) : max;
	GByteArray *buf = g_byte_array_sized_new((guint)CLAMP(limit, 0, 64 * 1024 * 1024));
	guint8 chunk[64 * 1024];
	la_ssize_t n;

	*over = 0;
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if ((gint64)buf->len + n > limit) {
			if (want >= 0 && want <= max)
				vox_error("ingest", "'%s': more data than the zip says it holds; "
				    "refused", source);
			else
				*over = 1;
			g_byte_array_unref(buf);
			return NULL;
		}
		g_byte_array_append(buf, chunk, (guint)n);
	}
	if (n < 0) {
		vox_error("ingest", "'%s': %s", source, archive_error_string(a) ?
		    archive_error_string(a) : "cannot be read from the zip");
		g_byte_array_unref(buf);
		return NULL;
	}
	*len = buf->len;
	/* An empty entry is read as an empty buffer, never as NULL, which is a failure: what
	 * it holds is then judged as an empty file on disk would be. */
	if (buf->len == 0) {
		g_byte_array_unref(buf);
		return g_malloc0(1);
	}
	return g_byte_array_free(buf, FALSE);
}

/* The folder of a zip entry's name: "" at the top of the zip. Newly allocated. */
static char *
entry_folder(const char *name)
{
	char *folder = g_path_get_dirname(name);

	if (strcmp(folder, ".") == 0) {
		g_free(folder);
		folder = g_strdup("");
	}
	return folder;
}

static struct zipsrc *
zipsrc_new(const char *path, const char *display)
{
	struct zipsrc *z = g_new0(struct zipsrc, 1);

	z->path = g_strdup(path);
	z->display = printable(display);
	z->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_bytes_unref);
	z->folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_ptr_array_unref);
	z->stories = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	z->refused = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)refusal_free);
	z->refusals = g_ptr_array_new();
	return z;
}

/* A zip being listed by add_zip(). */
struct zip_listing {
	struct run *r;
	struct archive *a;
	struct zipsrc *z;
	int zi;               /* z's index in r->zips */
	const char *display;  /* the zip as given */
	char *stem;           /* the zip's name without ".zip" */
	char *parent;         /* the name of the folder holding the zip */
	gint64 index;         /* the current entry's place among the zip's headers */
	gint64 total;         /* bytes of the photos and texts so far */
};

/* Whether a folder's name is shaped like a participant code: letters, then digits
 * ("P07", "BR12"). */
static int
code_shaped(const char *name)
{
	const char *p = name;

	while (g_ascii_isalpha(*p))
		p++;
	if (p == name || !g_ascii_isdigit(*p))
		return 0;
	while (g_ascii_isdigit(*p))
		p++;
	return *p == '\0';
}

/* Whether the collection knows name as a participant already (cached per run). */
static int
known_participant(struct run *r, const char *name)
{
	gpointer v;
	int known;

	if (g_hash_table_lookup_extended(r->known, name, NULL, &v))
		return GPOINTER_TO_INT(v);
	known = vox_catalog_lookup(r->cat, VOX_KIND_PARTICIPANT, name) >= 0;
	if (!known)
		vox_error_clear();
	g_hash_table_insert(r->known, g_strdup(name), GINT_TO_POINTER(known));
	return known;
}

/*
 * The participant of a zip's photo for --by-folder, among the folders on its way,
 * innermost first: the entry's folders inside the zip, then the zip itself (P07.zip),
 * then the folder holding the zip (a zip inside P05/ is P05's). The first the collection
 * knows as a participant wins, else the first shaped like a code (P05), else, as for a
 * photo on disk, the entry's own folder (the zip's name at its top). Newly allocated.
 */
static char *
zip_participant(struct zip_listing *l, const char *folder)
{
	GPtrArray *way = g_ptr_array_new_with_free_func(g_free);
	char **parts = g_strsplit(folder, "/", -1);
	char *found = NULL;

	for (guint i = g_strv_length(parts); i > 0; i--)
		if (*parts[i - 1])
			g_ptr_array_add(way, g_strdup(parts[i - 1]));
	g_strfreev(parts);
	g_ptr_array_add(way, g_strdup(l->stem));
	g_ptr_array_add(way, g_strdup(l->parent));
	for (int pass = 0; pass < 2 && !found; pass++) {
		for (guint i = 0; i < way->len && !found; i++) {
			const char *n = g_ptr_array_index(way, i);

			if (pass == 0 ? known_participant(l->r, n) : code_shaped(n))
				found = g_strdup(n);
		}
	}
	if (!found)
		found = g_strdup(g_ptr_array_index(way, 0));
	g_ptr_array_unref(way);
	return found;
}

/* Adds a photo of the zip as an item, with its participant for --by-folder. */
static void
add_zip_photo(struct zip_listing *l, const char *source, const char *name, const char *base,
    const char *folder)
{
	struct item *it = add_item(l->r, source, 1);

	it->zip = l->zi;
	it->entry = g_strdup(name);
	it->entry_index = l->index;
	it->source_name = printable(base);
	it->match = g_strdup(name);
	if (l->r->opt->by_folder)
		it->folder = zip_participant(l, folder);
}

/* Notes the base name of a text or audio entry among its folder's. */
static void
note_zip_name(struct zip_listing *l, const char *base, const char *folder)
{
	GPtrArray *names = g_hash_table_lookup(l->z->folders, folder);

	if (!names) {
		names = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(l->z->folders, g_strdup(folder), names);
	}
	g_ptr_array_add(names, g_strdup(base));
}

/* Notes an audio entry, a voice story read only when its photo is added (scrub_story()). */
static void
note_zip_story(struct zip_listing *l, const char *name, const char *base, const char *folder)
{
	g_hash_table_replace(l->z->stories, g_strdup(name), GINT_TO_POINTER((int)l->index + 1));
	note_zip_name(l, base, folder);
}

/*
 * A caption or voice-story entry that cannot be taken, why (newly allocated, taken) saying
 * so after its photo's name: its name is noted among its folder's (once), so that its photo
 * finds it and is refused with it (attach_sidecar(), attach_zip_captions()). quiet: not
 * reported on its own when no photo claims it.
 */
static void
refuse_side(struct zip_listing *l, const char *source, const char *name, const char *base,
    const char *folder, int quiet, char *why)
{
	struct refusal *no = g_new0(struct refusal, 1);
	int noted = g_hash_table_contains(l->z->texts, name) ||
	    g_hash_table_contains(l->z->stories, name) ||
	    g_hash_table_contains(l->z->refused, name);

	no->source = g_strdup(source);
	no->why = why;
	no->quiet = quiet;
	g_ptr_array_remove(l->z->refusals, g_hash_table_lookup(l->z->refused, name));
	g_ptr_array_add(l->z->refusals, no);
	g_hash_table_replace(l->z->refused, g_strdup(name), no);
	if (!noted)
		note_zip_name(l, base, folder);
}

/* Reads a text entry of the zip into memory for the captions, counting its bytes toward
 * the run's as they are read, and notes its base name among its folder's. */
static void
keep_zip_text(struct zip_listing *l, struct archive_entry *e, const char *source,
    const char *name, const char *base, const char *folder, gint64 size)
{
	struct run *r = l->r;
	gint64 room = MAX_RUN_TEXT_BYTES - r->text_bytes;
	gint64 max = MIN((gint64)MAX_TEXT_BYTES, room);
	size_t len = 0;
	int over = 0;
	guint8 *data = NULL;

	if (g_hash_table_contains(l->z->texts, name) ||
	    g_hash_table_contains(l->z->refused, name)) {
		refuse_side(l, source, name, base, folder, 0, g_strdup_printf("'%s': twice in "
		    "the zip, so which is its caption cannot be told; refused", source));
		return;
	}
	if (size <= room)
		data = read_entry(l->a, e, source, max, &len, &over);
	if (!data && (size > room || (over && max < MAX_TEXT_BYTES))) {
		/* Not read, but its name is kept: its photo is refused rather than taken
		 * without its caption. */
		refuse_side(l, source, name, base, folder, 1, g_strdup_printf("its caption '%s' "
		    "was not read: caption files in one run hold at most %d MB; refused", source,
		    (int)(MAX_RUN_TEXT_BYTES >> 20)));
	} else if (!data) {
		refuse_side(l, source, name, base, folder, 0, over ?
		    g_strdup_printf("'%s': larger than %d MB; not read", source,
		    MAX_TEXT_BYTES >> 20) : g_strdup(vox_error_message()));
	} else {
		r->text_bytes += (gint64)len;
		g_hash_table_replace(l->z->texts, g_strdup(name), g_bytes_new_take(data, len));
		note_zip_name(l, base, folder);
	}
}

/* Refuses the zip's current entry, why (newly allocated, taken) naming it: a caption or
 * voice story through its photo (refuse_side()), anything else on its own. */
static void
refuse_entry(struct zip_listing *l, int side, const char *source, const char *name,
    const char *base, const char *folder, char *why)
{
	if (side) {
		refuse_side(l, source, name, base, folder, 0, why);
	} else {
		problem(l->r, source, "%s", why);
		g_free(why);
	}
}

/*
 * Takes the zip's current entry: refuses one that is unsafe, a link, not a regular file,
 * too large, encrypted or a zip; passes over folders, hidden files and what is neither a
 * photo nor a text; adds a photo, keeps a text. A caption or voice story that cannot be
 * taken refuses its photo. Returns 0, or -1 when the rest of the zip is not to be read (it
 * holds too much).
 */
static int
add_zip_entry(struct zip_listing *l, struct archive_entry *e)
{
	struct run *r = l->r;
	const char *utf8 = archive_entry_pathname_utf8(e);
	const char *own = archive_entry_pathname(e);
	int type = (int)archive_entry_filetype(e);
	/* -1: not declared (a zip written as a stream); read_entry() bounds the read. */
	gint64 size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
	g_autofree char *source = NULL;
	g_autofree char *base = NULL;
	g_autofree char *folder = NULL;
	g_autofree char *name = NULL;
	int text, audio, side;

	/* One name for the entry, in UTF-8, that photos, texts and their pairing all use: a
	 * name without the UTF-8 flag is CP437, unless it is valid UTF-8 already. */
	if (utf8 && g_utf8_validate(utf8, -1, NULL))
		name = g_strdup(utf8);
	else
		name = vox_name_utf8(own ? own : utf8 ? utf8 : "", VOX_NAME_ZIP);
	source = g_strdup_printf("%s:%s", l->display, name);
	if (unsafe_entry_name(name)) {
		problem(r, source, "'%s': a path outside the archive (absolute or with ..); "
		    "refused", source);
		return 0;
	}
	if (type == AE_IFDIR || hidden_entry_name(name))
		return 0;
	base = g_path_get_basename(name);
	folder = entry_folder(name);
	text = has_suffix_ci(base, ".txt");
	audio = vox_audio_name(base);
	side = text || audio;
	if (type == AE_IFLNK || archive_entry_symlink(e) || archive_entry_hardlink(e)) {
		refuse_entry(l, side, source, name, base, folder,
		    g_strdup_printf("'%s': a link; refused", source));
		return 0;
	}
	if (type != AE_IFREG) {
		refuse_entry(l, side, source, name, base, folder,
		    g_strdup_printf("'%s': not a regular file; refused", source));
		return 0;
	}
	if (has_suffix_ci(base, ".zip")) {
		problem(r, source, "'%s': a zip inside a zip is not opened; unzip it and ingest "
		    "what it holds", source);
		return 0;
	}
	if (!vox_ingest_is_photo_name(base) && !side) {
		r->skipped++;
		return 0;
	}
	if (size > MAX_PHOTO_BYTES || (text && size > MAX_TEXT_BYTES) ||
	    (audio && size > (gint64)VOX_AV_MAX_BYTES)) {
		refuse_entry(l, side, source, name, base, folder,
		    g_strdup_printf("'%s': %" G_GINT64_FORMAT " bytes, too large; refused",
		    source, size));
		return 0;
	}
	l->total += MAX(size, 0);
	if (l->total > MAX_ZIP_TOTAL) {
		problem(r, l->display, "'%s': holds more than %" G_GINT64_FORMAT " GB; the rest "
		    "are not read", l->display, MAX_ZIP_TOTAL >> 30);
		return -1;
	}
	if (archive_entry_is_encrypted(e)) {
		refuse_entry(l, side, source, name, base, folder,
		    g_strdup_printf("'%s': encrypted; refused", source));
		return 0;
	}
	if (vox_ingest_is_photo_name(base))
		add_zip_photo(l, source, name, base, folder);
	else if (audio)
		note_zip_story(l, name, base, folder);
	else
		keep_zip_text(l, e, source, name, base, folder, size);
	return 0;
}

/* Takes the zip's entries in the order of their headers, up to MAX_ZIP_ENTRIES. */
static void
list_zip(struct zip_listing *l)
{
	struct archive_entry *e;
	int ret;

	while ((ret = archive_read_next_header(l->a, &e)) == ARCHIVE_OK || ret == ARCHIVE_WARN) {
		l->index++;
		if (l->index >= MAX_ZIP_ENTRIES) {
			problem(l->r, l->display,
			    "'%s': more than %d entries; the rest are not read", l->display,
			    MAX_ZIP_ENTRIES);
			l->z->cut = 1;
			break;
		}
		if (add_zip_entry(l, e) != 0) {
			l->z->cut = 1;
			break;
		}
	}
	if (ret == ARCHIVE_FATAL) {
		problem(l->r, l->display, "'%s': damaged zip: %s", l->display,
		    archive_error_string(l->a) ? archive_error_string(l->a) : "unreadable");
		l->z->cut = 1;
	}
}

/* Captions and voice stories of the zip's photos, now that every entry is known; then the
 * captions and stories refused that no photo claimed. */
static void
attach_zip_captions(struct run *r, struct zipsrc *z, int zi)
{
	for (guint i = 0; i < r->items->len; i++) {
		struct item *it = g_ptr_array_index(r->items, i);
		g_autofree char *folder = NULL;
		g_autofree char *own = NULL;
		g_autofree char *base = NULL;
		GPtrArray *names;
		const char *story;

		struct refusal *no;

		if (it->zip != zi || !it->photo || it->error)
			continue;
		if (z->cut) {
			/* Its caption may be in the part not read. */
			it->error = g_strdup_printf("'%s': the zip was not read to its end, so its "
			    "caption could not be looked for; refused", it->source);
			continue;
		}
		folder = entry_folder(it->entry);
		names = g_hash_table_lookup(z->folders, folder);
		attach_sidecar(r, it, NULL, names, z, folder);
		if (it->error)
			continue;
		own = g_path_get_basename(it->entry);
		base = strip_ext(own);
		story = find_audio(it, base, names);
		if (!story)
			continue;
		it->audio = *folder ? g_strdup_printf("%s/%s", folder, story) : g_strdup(story);
		no = g_hash_table_lookup(z->refused, it->audio);
		if (no) {
			/* A story that cannot be taken refuses its photo, as a caption does. */
			no->claimed = 1;
			it->error = g_strdup_printf("'%s': its voice story %s", it->source,
			    no->why);
			continue;
		}
		it->audio_index = GPOINTER_TO_INT(g_hash_table_lookup(z->stories, it->audio)) - 1;
	}
	for (guint i = 0; i < z->refusals->len; i++) {
		struct refusal *no = g_ptr_array_index(z->refusals, i);

		if (!no->claimed && !no->quiet)
			problem(r, no->source, "%s", no->why);
	}
}

/*
 * The number of entries a zip's end of central directory record gives (its Zip64 record
 * when the count is too large for the first), read from the last 64 KB of the file
 * through a bounds-checked cursor; -1 when no such record is found, and libarchive judges
 * the file. The listing stops at MAX_ZIP_ENTRIES whatever this says, for a zip whose
 * directory lies.
 */
static gint64
zip_entry_count(int fd, off_t size)
{
	enum { EOCD = 22, LOCATOR = 20, ZIP64 = 56 };
	guint8 tail[EOCD + 65535], rec[ZIP64];
	size_t n = (size_t)MIN((off_t)sizeof(tail), size);
	off_t base = size - (off_t)n;
	gint64 count = -1;

	if (size < EOCD || pread(fd, tail, n, base) != (ssize_t)n)
		return -1;
	/* The last record whose comment ends the file; a comment may hold the signature. */
	for (size_t i = n - EOCD + 1; i-- > 0;) {
		const guint8 *p = tail + i;

		if (memcmp(p, "PK\5\6", 4) != 0 || i + EOCD + (p[20] | p[21] << 8) != n)
			continue;
		count = p[10] | p[11] << 8;
		if (count != 0xffff || i < LOCATOR || memcmp(p - LOCATOR, "PK\6\7", 4) != 0)
			return count;
		/* Zip64: the locator gives where the Zip64 record is. */
		guint64 at = 0;

		for (int k = 7; k >= 0; k--)
			at = at << 8 | p[-LOCATOR + 8 + k];
		if (at > (guint64)size - ZIP64 || pread(fd, rec, ZIP64, (off_t)at) != ZIP64 ||
		    memcmp(rec, "PK\6\6", 4) != 0)
			return count;
		guint64 c64 = 0;

		for (int k = 7; k >= 0; k--)
			c64 = c64 << 8 | rec[32 + k];
		return (gint64)MIN(c64, (guint64)G_MAXINT64);
	}
	return count;
}

/* Lists a zip's photos as items, with their captions from the zip's text entries. */
static void
add_zip(struct run *r, const char *path, const char *display)
{
	struct zip_listing l = { .r = r, .display = display, .index = -1 };
	g_autofree char *zb = NULL;
	g_autofree char *dir = NULL;
	g_autofree char *abs = NULL;
	g_autofree char *pb = NULL;
	struct stat st;
	char *error = NULL;
	gint64 count;
	int fd;
	/* Entry names come through as UTF-8, whatever the user's locale. */
	locale_t old = uselocale(vox_utf8_locale());

	l.a = open_zip(r, path, display, 0, &fd, &st, &error);
	if (!l.a) {
		uselocale(old);
		problem(r, display, "%s", error);
		g_free(error);
		return;
	}
	count = zip_entry_count(fd, st.st_size);
	if (count > MAX_ZIP_ENTRIES) {
		problem(r, display, "'%s': holds %" G_GINT64_FORMAT " entries, more than the %d "
		    "a zip of photos may hold; refused, none read", display, count,
		    MAX_ZIP_ENTRIES);
		archive_read_free(l.a);
		close(fd);
		uselocale(old);
		return;
	}
	zb = g_path_get_basename(display);
	l.stem = strip_ext(zb);
	dir = g_path_get_dirname(path);
	abs = g_canonicalize_filename(dir, NULL);
	pb = g_path_get_basename(abs);
	l.parent = vox_name_utf8(pb, VOX_NAME_DISK);
	l.z = zipsrc_new(path, display);
	l.z->dev = st.st_dev;
	l.z->ino = st.st_ino;
	g_ptr_array_add(r->zips, l.z);
	l.zi = (int)r->zips->len - 1;
	list_zip(&l);
	archive_read_free(l.a);
	close(fd);
	uselocale(old);
	g_free(l.stem);
	g_free(l.parent);
	attach_zip_captions(r, l.z, l.zi);
}

struct dirid {
	dev_t dev;
	ino_t ino;
	const char *source;
};

static void walk(struct run *r, const char *path, const char *source, GArray *stack);

static void
add_path(struct run *r, const char *path, const char *source, GArray *stack, int explicit)
{
	struct stat st;
	char *real;

	/* What a folder holds is read only when it stays inside the inputs: a link out of
	 * them is refused, named (privacy rule 8). An input named is itself a root. */
	if (!explicit && (real = realpath(path, NULL)) != NULL) {
		int in = inside(r, real, 0);

		free(real);
		if (!in) {
			problem(r, source, "'%s': a link out of the inputs; not followed", source);
			return;
		}
	}
	if (stat(path, &st) != 0) {
		problem(r, source, "'%s': %s", source, g_strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		for (guint i = 0; i < stack->len; i++) {
			struct dirid *d = &g_array_index(stack, struct dirid, i);

			if (d->dev == st.st_dev && d->ino == st.st_ino) {
				problem(r, source, "'%s': a link back to '%s' (a folder loop); not "
				    "followed", source, d->source);
				return;
			}
		}
		struct dirid d = { st.st_dev, st.st_ino, source };

		g_array_append_val(stack, d);
		walk(r, path, source, stack);
		g_array_set_size(stack, stack->len - 1);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		if (explicit)
			problem(r, source, "'%s': not a file or folder", source);
		/* Named as a photo or a zip, it is refused by name, never opened. */
		else if (vox_ingest_is_photo_name(path) || has_suffix_ci(path, ".zip"))
			problem(r, source, "'%s': not a regular file (a pipe or a device); not "
			    "read", source);
		else
			r->skipped++;
		return;
	}
	if (vox_ingest_is_photo_name(path)) {
		add_disk_photo(r, path, source, &st, 0);
	} else if (has_suffix_ci(path, ".zip")) {
		add_zip(r, path, source);
	} else if (has_suffix_ci(path, ".txt") || has_suffix_ci(path, ".csv") ||
	    has_suffix_ci(path, ".tsv") || vox_audio_name(path)) {
		/* Captions and voice stories: read with their photos (a sheet only with
		 * --manifest). */
		if (explicit && !has_suffix_ci(path, ".txt"))
			problem(r, source, "'%s': a sheet of captions is read with --manifest",
			    source);
	} else if (explicit) {
		problem(r, source, "'%s': not a photo (JPEG, PNG, WebP, HEIC) or zip file",
		    source);
	} else {
		r->skipped++;
	}
}

static void
walk(struct run *r, const char *path, const char *source, GArray *stack)
{
	GError *err = NULL;
	GPtrArray *names = list_dir(r, path, &err);

	if (!names) {
		problem(r, source, "'%s': %s", source, err->message);
		g_error_free(err);
		return;
	}
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		char *child, *child_source;

		if (n[0] == '.')
			continue;       /* hidden files, macOS "._IMG_1.jpg" forks */
		child = g_build_filename(path, n, NULL);
		child_source = g_str_has_suffix(source, "/") ? g_strconcat(source, n, NULL) :
		    g_strconcat(source, "/", n, NULL);
		add_path(r, child, child_source, stack, 0);
		g_free(child);
		g_free(child_source);
	}
}

/* Whether path (with '/' separators) ends with the path name, a whole component at least. */
static int
path_ends_with(const char *path, const char *name, int fold)
{
	size_t n = strlen(path), m = strlen(name);
	const char *tail;

	if (m == 0 || m > n)
		return 0;
	tail = path + n - m;
	if (tail != path && tail[-1] != '/' && tail[-1] != ':')
		return 0;
	return fold ? g_ascii_strcasecmp(tail, name) == 0 : strcmp(tail, name) == 0;
}

/* The row's file name cleaned: '\' as '/', no leading "./". Newly allocated. */
static char *
row_name(const char *file)
{
	char *s = g_strdup(file);

	for (char *p = s; *p; p++)
		if (*p == '\\')
			*p = '/';
	while (g_str_has_prefix(s, "./"))
		memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

/* The bytes of a caption's text, as counted toward the run's MAX_RUN_TEXT_BYTES. */
static gint64
caption_bytes(const struct vox_caption *c)
{
	gint64 n = 0;

	if (!c)
		return 0;
	n += c->title ? (gint64)strlen(c->title) : 0;
	n += c->story ? (gint64)strlen(c->story) : 0;
	n += c->alt ? (gint64)strlen(c->alt) : 0;
	n += c->transcript ? (gint64)strlen(c->transcript) : 0;
	for (guint i = 0; i < c->prompt_answers->len; i++)
		n += (gint64)strlen(g_ptr_array_index(c->prompt_answers, i));
	return n + caption_bytes(c->translation);
}

/* Puts the manifest row's caption over the sidecar's: what the row gives wins. Its text
 * is moved, not copied (a row names one photo). */
static void
merge_caption(struct item *it, struct vox_caption *m)
{
	struct vox_caption *c;

	if (!it->caption)
		it->caption = vox_caption_new();
	c = it->caption;
#define TAKE(f) do { if (m->f) { g_free(c->f); c->f = g_steal_pointer(&m->f); } } while (0)
	TAKE(title);
	TAKE(story);
	TAKE(alt);
	TAKE(transcript);
	TAKE(lang);
	TAKE(consent);
	TAKE(people);
#undef TAKE
	if (m->sensitive != VOX_FLAG_UNSET)
		c->sensitive = m->sensitive;
	if (m->minor != VOX_FLAG_UNSET)
		c->minor = m->minor;
	if (m->themes->len > 0) {
		g_ptr_array_set_size(c->themes, 0);
		for (guint i = 0; i < m->themes->len; i++)
			g_ptr_array_add(c->themes, g_strdup(g_ptr_array_index(m->themes, i)));
		g_free(c->themes_at);
		c->themes_at = g_strdup(m->themes_at);
	}
	for (guint i = 0; i < m->prompt_keys->len; i++)
		vox_caption_set_prompt(c, g_ptr_array_index(m->prompt_keys, i),
		    g_ptr_array_index(m->prompt_answers, i));
	if (m->translation) {
		vox_caption_free(c->translation);
		c->translation = g_steal_pointer(&m->translation);
	}
}

/*
 * The photos a manifest row's file names: the file beside the sheet when it is among the
 * inputs; else the inputs whose path ends with the name (exactly, then ignoring case); else
 * the file beside the sheet, taken as a new input when it lies in the sheet's folder or an
 * input (privacy rule 8). Appends struct item * to hits. Returns 1 when the row names a
 * file outside them, else 0.
 */
static int
find_photos(struct run *r, const char *name, guint n_items, GPtrArray *hits)
{
	char *full = g_path_is_absolute(name) ? g_strdup(name) :
	    g_build_filename(r->manifest_dir, name, NULL);
	char *canon = g_canonicalize_filename(full, NULL);
	int outside = 0;

	for (guint j = 0; j < n_items; j++) {
		struct item *it = g_ptr_array_index(r->items, j);

		if (!it->photo || !it->path)
			continue;
		if (!it->canon)
			it->canon = g_canonicalize_filename(it->path, NULL);
		if (strcmp(it->canon, canon) == 0)
			g_ptr_array_add(hits, it);
	}
	for (int fold = 0; fold < 2 && hits->len == 0; fold++) {
		for (guint j = 0; j < n_items; j++) {
			struct item *it = g_ptr_array_index(r->items, j);

			if (it->photo && it->match && path_ends_with(it->match, name, fold))
				g_ptr_array_add(hits, it);
		}
	}
	if (hits->len == 0 && vox_ingest_is_photo_name(full)) {
		char *real = realpath(full, NULL);
		struct stat st;

		if (real && !inside(r, real, 1)) {
			outside = 1;
		} else if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode)) {
			add_disk_photo(r, full, name, &st, 1);
			g_ptr_array_add(hits, g_ptr_array_index(r->items, r->items->len - 1));
		}
		free(real);
	}
	g_free(canon);
	g_free(full);
	return outside;
}

/* Matches every manifest row to the photo it names; rows naming nothing are refused. */
static void
match_manifest(struct run *r, const char *manifest_source)
{
	guint n_items = r->items->len;

	for (guint i = 0; i < r->rows->len; i++) {
		struct vox_manifest_row *row = g_ptr_array_index(r->rows, i);
		char *name, *where = g_strdup_printf("%s line %d", manifest_source, row->line);
		GPtrArray *hits = g_ptr_array_new();

		if (!row->file) {
			problem(r, where, "%s", row->error);
			g_free(where);
			g_ptr_array_unref(hits);
			continue;
		}
		name = row_name(row->file);
		if (find_photos(r, name, n_items, hits)) {
			problem(r, where, "'%s' line %d: '%s': outside the sheet's folder and the "
			    "inputs; refused", manifest_source, row->line, row->file);
		} else if (hits->len == 0) {
			problem(r, where, "'%s' line %d: '%s': no such photo (not among the inputs "
			    "nor beside the sheet)", manifest_source, row->line, row->file);
		} else if (hits->len > 1) {
			/* Whose caption is it? Neither photo is taken without knowing. */
			for (guint j = 0; j < hits->len; j++) {
				struct item *it = g_ptr_array_index(hits, j);

				if (!it->error)
					it->error = g_strdup_printf("'%s': '%s' line %d names %u photos "
					    "('%s'); write its folder too", it->source, manifest_source,
					    row->line, hits->len, row->file);
			}
		} else {
			struct item *it = g_ptr_array_index(hits, 0);

			if (it->row) {
				if (!it->error)
					it->error = g_strdup_printf("'%s': named on lines %d and %d of "
					    "'%s'", it->source, it->row->line, row->line,
					    manifest_source);
			} else if (row->error) {
				if (!it->error)
					it->error = g_strdup_printf("'%s': %s", it->source, row->error);
			} else if (!it->error &&
			    r->text_bytes + caption_bytes(row->caption) > MAX_RUN_TEXT_BYTES) {
				/* A sheet's captions count as caption files do. */
				it->error = g_strdup_printf("'%s': its caption on '%s' line %d was not "
				    "taken: captions in one run hold at most %d MB; refused", it->source,
				    manifest_source, row->line, (int)(MAX_RUN_TEXT_BYTES >> 20));
			} else if (!it->error) {
				r->text_bytes += caption_bytes(row->caption);
				merge_caption(it, row->caption);
				if (row->audio) {
					/* The row's story wins over one beside the photo. */
					g_autofree char *a = row_name(row->audio);

					g_free(it->audio);
					it->audio = g_path_is_absolute(a) ? g_strdup(a) :
					    g_build_filename(r->manifest_dir, a, NULL);
					it->audio_sheet = 1;
				}
			}
			it->row = row;
		}
		g_free(name);
		g_free(where);
		g_ptr_array_unref(hits);
	}
}

/*
 * Whether the catalog already has these bytes, as a photo or a tombstone: 1, 0, or -1
 * when it cannot tell. Asked on a scrubbing thread's own connection (WAL lets it read
 * while the calling thread writes).
 */
static int
known_bytes(struct run *r, const char *sha256)
{
	vox_catalog *c = g_async_queue_try_pop(r->readers);
	int known;

	if (!c)
		c = vox_catalog_open(vox_catalog_dir(r->cat));
	known = c ? vox_catalog_knows_bytes(c, sha256) : -1;
	if (c)
		g_async_queue_push(r->readers, c);
	if (known < 0)
		vox_error_clear();
	return known;
}

/* Opens a photo on disk for its scrubbing thread, through open_input(), and checks that
 * it is the file listed: the descriptor, or -1 with *error set. */
static int
open_photo(const struct run *r, const struct item *it, char **error)
{
	struct stat st;
	int fd = open_input(r, it->path, it->source, it->sheet, &st, error);

	if (fd < 0)
		return -1;
	if (st.st_dev != it->dev || st.st_ino != it->ino)
		*error = g_strdup_printf("'%s': replaced since it was listed; not read",
		    it->source);
	else if (st.st_size > MAX_PHOTO_BYTES)
		*error = g_strdup_printf("'%s': larger than %d MB; not a photo", it->source,
		    (int)(MAX_PHOTO_BYTES >> 20));
	else
		return fd;
	close(fd);
	return -1;
}

/*
 * Scrubs the photo, read from in (or its bytes when in is -1), into a new file of
 * store/tmp/, with the hash of what was written. Returns NULL, or why it was refused.
 */
static char *
scrub_to_store(struct run *r, const struct item *it, int in, struct vox_store_tmp *tmp,
    char sha256[VOX_SHA256_HEX], struct vox_scrub_info *info)
{
	char *error;

	if (vox_store_tmp_open(vox_catalog_dir(r->cat), tmp) != 0)
		return g_strdup(vox_error_message());
	if (vox_scrub_to_fd(it->source, in, it->data, it->len, tmp->fd, sha256, info) != 0) {
		error = g_strdup(vox_error_message());
		vox_store_tmp_discard(tmp);
		return error;
	}
	if (known_bytes(r, sha256) == 1)
		/* Present already, or withdrawn: the calling thread says which; these bytes
		 * go no further (removed before the kernel has written them out). */
		vox_store_tmp_discard(tmp);
	else
		/* A new photo: start writing it to disk now, so that the fsync made before
		 * its row is committed finds the work mostly done. */
		sync_file_range(tmp->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	return NULL;
}

/* Scrubbing thread: one photo, from its file or its bytes, to a file of store/tmp/. */
static void
scrub_one(gpointer data, gpointer user)
{
	struct item *it = data;
	struct run *r = user;
	struct vox_store_tmp tmp = { .fd = -1 };
	struct vox_scrub_info info = { 0 };
	char sha256[VOX_SHA256_HEX] = "";
	char *error = NULL;
	int in = it->path ? open_photo(r, it, &error) : -1;

	if (!error)
		error = scrub_to_store(r, it, in, &tmp, sha256, &info);
	if (in >= 0)
		close(in);
	g_mutex_lock(&r->lock);
	memcpy(it->sha256, sha256, sizeof(sha256));
	g_free(it->data);
	it->data = NULL;
	it->tmp = tmp;
	it->info = info;
	if (error)
		it->error = error;
	it->ready = 1;
	g_cond_broadcast(&r->cond);
	g_mutex_unlock(&r->lock);
}

static void
mark_ready(struct run *r, struct item *it, char *error)
{
	g_mutex_lock(&r->lock);
	if (error && !it->error)
		it->error = error;
	else
		g_free(error);
	it->ready = 1;
	g_cond_broadcast(&r->cond);
	g_mutex_unlock(&r->lock);
}

/* Reader thread: reads each photo's bytes in order and queues it for scrubbing. */
static gpointer
reader(gpointer data)
{
	struct run *r = data;
	struct archive *a = NULL;
	int afd = -1;
	struct archive_entry *e = NULL;
	int cur_zip = -1;
	gint64 cur_index = -1;

	/* This thread's own: libarchive reads names as the listing did. */
	uselocale(vox_utf8_locale());

	for (guint i = 0; i < r->items->len; i++) {
		struct item *it = g_ptr_array_index(r->items, i);
		struct zipsrc *z;
		gchar *buf = NULL;
		size_t len = 0;
		int over = 0;

		g_mutex_lock(&r->lock);
		while (!r->stop && i > r->consumed &&
		    (i >= r->consumed + r->window || r->inflight > MAX_INFLIGHT_BYTES))
			g_cond_wait(&r->cond, &r->lock);
		if (r->stop) {
			g_mutex_unlock(&r->lock);
			break;
		}
		g_mutex_unlock(&r->lock);

		if (!it->photo || it->error) {
			mark_ready(r, it, NULL);
			continue;
		}
		if (it->path) {
			/* A file on disk is read by the thread that scrubs it. */
			g_thread_pool_push(r->pool, it, NULL);
			continue;
		}
		z = g_ptr_array_index(r->zips, it->zip);
		if (cur_zip != it->zip || cur_index >= it->entry_index) {
			struct stat st;
			char *error = NULL;

			if (a) {
				archive_read_free(a);
				close(afd);
			}
			a = open_zip(r, z->path, z->display, z->sheet, &afd, &st, &error);
			if (a && (st.st_dev != z->dev || st.st_ino != z->ino)) {
				archive_read_free(a);
				close(afd);
				a = NULL;
				error = g_strdup_printf("'%s': replaced since it was listed; not "
				    "read", z->display);
			}
			cur_zip = it->zip;
			cur_index = -1;
			if (!a) {
				mark_ready(r, it, g_strdup_printf("'%s': %s", it->source, error));
				g_free(error);
				cur_zip = -1;
				continue;
			}
		}
		while (a && cur_index < it->entry_index) {
			int ret = archive_read_next_header(a, &e);

			if (ret != ARCHIVE_OK && ret != ARCHIVE_WARN)
				break;
			cur_index++;
		}
		if (!a || cur_index != it->entry_index) {
			mark_ready(r, it, g_strdup_printf("'%s': cannot be read from the zip",
			    it->source));
			if (a) {
				archive_read_free(a);
				close(afd);
			}
			a = NULL;
			cur_zip = -1;
			continue;
		}
		buf = (gchar *)read_entry(a, e, it->source, MAX_PHOTO_BYTES, &len, &over);
		if (!buf) {
			mark_ready(r, it, over ? g_strdup_printf("'%s': larger than %d MB; not a "
			    "photo", it->source, (int)(MAX_PHOTO_BYTES >> 20)) :
			    g_strdup(vox_error_message()));
			continue;
		}
		it->data = (guint8 *)buf;
		it->len = len;
		it->held = len;
		g_mutex_lock(&r->lock);
		r->inflight += it->held;
		g_mutex_unlock(&r->lock);
		g_thread_pool_push(r->pool, it, NULL);
	}
	if (a) {
		archive_read_free(a);
		close(afd);
	}
	return NULL;
}

/* The library's message about a photo, naming it by its source rather than its name. */
static char *
reason_for(const struct item *it, const char *msg)
{
	g_autofree char *prefix = g_strdup_printf("'%s': ", it->source_name);

	if (g_str_has_prefix(msg, prefix))
		return g_strdup_printf("'%s': %s", it->source, msg + strlen(prefix));
	if (g_str_has_prefix(msg + (*msg == '\'' ? 1 : 0), it->source))
		return g_strdup(msg);
	return g_strdup_printf("'%s': %s", it->source, msg);
}

/* "title, alt" from a list of field names; NULL when it is empty. */
static char *
field_list(GPtrArray *fields)
{
	if (fields->len == 0)
		return NULL;
	g_ptr_array_add(fields, NULL);
	return g_strjoinv(", ", (char **)fields->pdata);
}

/*
 * A photo already present: its caption follows its sidecar or sheet row where they changed
 * and photovox has not edited it since ingest. Fills res->updated and res->kept.
 */
static int
recaption(struct run *r, const struct vox_photo *p, struct vox_ingest_result *res)
{
	GPtrArray *updated = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *kept = g_ptr_array_new_with_free_func(g_free);
	char *consent = NULL;
	int ret = vox_catalog_caption_from_ingest(r->cat, p->sha256, p->caption, updated, kept,
	    &consent);

	if (ret >= 0) {
		res->updated = field_list(updated);
		res->kept = field_list(kept);
		res->consent = consent;
	}
	g_ptr_array_unref(updated);
	g_ptr_array_unref(kept);
	return ret < 0 ? -1 : 0;
}

/*
 * Reads the voice story of a zip's photo: the zip is opened again (the same file as listed)
 * and read up to the story's entry, which is at most VOX_AV_MAX_BYTES. NULL with *error set.
 */
static GBytes *
read_zip_story(struct run *r, struct item *it, const char *src, char **error)
{
	struct zipsrc *z = g_ptr_array_index(r->zips, it->zip);
	struct archive_entry *e = NULL;
	struct archive *a;
	struct stat st;
	gint64 index = -1;
	guint8 *data = NULL;
	size_t len = 0;
	int fd, ret = ARCHIVE_OK, over = 0;

	a = open_zip(r, z->path, z->display, z->sheet, &fd, &st, error);
	if (!a)
		return NULL;
	if (st.st_dev != z->dev || st.st_ino != z->ino) {
		*error = g_strdup_printf("'%s': replaced since it was listed; not read",
		    z->display);
		goto out;
	}
	while (index < it->audio_index &&
	    ((ret = archive_read_next_header(a, &e)) == ARCHIVE_OK || ret == ARCHIVE_WARN))
		index++;
	if (index != it->audio_index || !e) {
		*error = g_strdup_printf("'%s:%s': cannot be read from the zip", z->display, src);
		goto out;
	}
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (gint64)VOX_AV_MAX_BYTES) {
		*error = g_strdup_printf("'%s': larger than %d MB", src,
		    (int)(VOX_AV_MAX_BYTES >> 20));
		goto out;
	}
	/* The declared size may be missing or false: the read itself stops at the limit. */
	data = read_entry(a, e, src, (gint64)VOX_AV_MAX_BYTES, &len, &over);
	if (!data && over)
		*error = g_strdup_printf("'%s': larger than %d MB", src,
		    (int)(VOX_AV_MAX_BYTES >> 20));
	else if (!data)
		*error = g_strdup(vox_error_message());
out:
	archive_read_free(a);
	close(fd);
	return data ? g_bytes_new_take(data, len) : NULL;
}

/* Whether the photo's voice story is an entry of its zip (not a file a manifest named). */
static int
story_in_zip(const struct item *it)
{
	return it->zip >= 0 && !it->audio_sheet;
}

/*
 * Reads and scrubs the voice story beside a photo (the calling thread only). Returns the
 * scrubbed bytes (g_byte_array_unref) with *info, or NULL with *reason set.
 */
static GByteArray *
scrub_story(struct run *r, struct item *it, struct vox_scrub_info *info, char **reason)
{
	g_autofree char *src = printable(it->audio);
	char *error = NULL;
	GByteArray *out;
	GBytes *b;

	if (story_in_zip(it)) {
		b = read_zip_story(r, it, src, &error);
	} else {
		struct stat st;
		int fd = open_input(r, it->audio, src, it->sheet || it->audio_sheet, &st,
		    &error);

		if (fd < 0) {
			*reason = g_strdup_printf("'%s': its voice story: %s", it->source, error);
			g_free(error);
			return NULL;
		}
		b = read_input(fd, src, VOX_AV_MAX_BYTES, &error);
		close(fd);
	}
	if (!b) {
		*reason = g_strdup_printf("'%s': its voice story: %s", it->source, error);
		g_free(error);
		return NULL;
	}
	out = g_byte_array_new();
	if (vox_scrub_buffer(src, g_bytes_get_data(b, NULL), g_bytes_get_size(b), out,
	    info) != 0) {
		*reason = g_strdup_printf("'%s': its voice story: %s", it->source,
		    vox_error_message());
		g_byte_array_unref(out);
		out = NULL;
	} else if (!vox_format_is_audio(info->format)) {
		*reason = g_strdup_printf("'%s': its voice story '%s' is not audio", it->source,
		    src);
		g_byte_array_unref(out);
		out = NULL;
	}
	g_bytes_unref(b);
	return out;
}

/* Gives the photo just recorded its voice story, scrubbed in audio. */
static void
add_story(struct run *r, struct item *it, const struct vox_photo *p, GByteArray *audio,
    const struct vox_scrub_info *info, struct vox_ingest_result *res, char **reason)
{
	g_autofree char *own = g_path_get_basename(it->audio);
	g_autofree char *name = printable(own);
	g_autofree char *len = vox_audio_length(info->duration_ms);

	if (vox_catalog_set_audio(r->cat, p->rowid, audio->data, audio->len,
	    vox_format_ext(info->format), info->duration_ms, name, "ingest") != 0) {
		*reason = g_strdup_printf("'%s': added as %s, but its voice story '%s' was not: %s",
		    it->source, p->ref, name, vox_error_message());
		return;
	}
	g_free(it->story);
	it->story = g_strdup_printf("%s, %s", name, len);
	res->story = it->story;
	if (!p->caption->transcript)
		res->warning = "its voice story has no transcript (add one with a Transcript: "
		    "line, a transcript column or vox caption --transcript)";
}

/* Records one scrubbed photo in the catalog (the calling thread only). */
static void
finish(struct run *r, struct item *it, struct vox_ingest_result *res, char **reason)
{
	g_autoptr(GByteArray) audio = NULL;
	struct vox_scrub_info ainfo = { 0 };
	const struct vox_ingest_options *o = r->opt;
	const struct vox_manifest_row *row = it->row;
	struct vox_photo *p = NULL;
	int existed = 0;
	const char *participant, *site, *session;

	res->outcome = VOX_INGEST_REFUSED;
	if (it->error) {
		*reason = g_strdup(it->error);
		return;
	}
	participant = row && row->participant ? row->participant :
	    o->by_folder ? it->folder : o->participant;
	site = row && row->site ? row->site : o->site;
	session = row && row->session ? row->session : o->session;
	if (!participant || !*participant) {
		*reason = g_strdup_printf("'%s': no participant (give -p CODE, --by-folder, or a "
		    "participant column in the manifest)", it->source);
		return;
	}
	if (it->audio) {
		/* The story is scrubbed before the photo is added: a photo whose story cannot
		 * be kept is refused whole, as one whose caption cannot be read. */
		if (r->opt->strict && (!it->caption || !it->caption->transcript)) {
			*reason = g_strdup_printf("'%s': its voice story has no transcript "
			    "(--strict); add a Transcript: line or a transcript column", it->source);
			return;
		}
		audio = scrub_story(r, it, &ainfo, reason);
		if (!audio)
			return;
	}
	p = vox_photo_new();
	if (it->caption) {
		vox_caption_free(p->caption);
		p->caption = it->caption;
		it->caption = NULL;
	}
	p->ext = g_strdup(vox_format_ext(it->info.format));
	memcpy(p->sha256, it->sha256, sizeof(p->sha256));
	p->participant = g_strdup(participant);
	p->site = g_strdup(site);
	p->session = g_strdup(session);
	p->source_name = g_strdup(it->source_name);
	if (o->audience >= 0)
		p->audience = (enum vox_audience)o->audience;
	if (o->people >= 0)
		p->people = (enum vox_people)o->people;
	p->orientation = it->info.orientation >= 1 && it->info.orientation <= 8 ?
	    it->info.orientation : 1;
	p->width = p->orientation >= 5 ? it->info.height : it->info.width;
	p->height = p->orientation >= 5 ? it->info.width : it->info.height;
	/* The anonymisation log's source: categories and counts, never the values. */
	p->scrubbed = vox_scrub_removed_text(&it->info);
	p->converted = it->info.lossy ? g_strdup("heic") : NULL;
	if (vox_catalog_add_tmp(r->cat, &it->tmp, p, VOX_KEEP_REF, &existed) != 0) {
		*reason = reason_for(it, vox_error_message());
	} else {
		res->outcome = existed ? VOX_INGEST_PRESENT : VOX_INGEST_ADDED;
		res->lossy = it->info.lossy;
		res->id = g_strdup(p->sha256);
		res->ref = g_strdup(p->ref);
		if (existed && recaption(r, p, res) != 0) {
			res->outcome = VOX_INGEST_REFUSED;
			*reason = reason_for(it, vox_error_message());
		}
		if (audio)
			add_story(r, it, p, audio, &ainfo, res, reason);
	}
	vox_photo_free(p);
}

static int
cancelled(const struct vox_ingest_options *opt)
{
	return opt->cancel && *opt->cancel;
}

int
vox_ingest(vox_catalog *cat, const struct vox_ingest_options *opt,
    const char *const *paths, size_t n_paths, vox_ingest_report_fn report, void *data,
    struct vox_ingest_summary *summary)
{
	struct run r = { 0 };
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct dirid));
	GThread *rd = NULL;
	GError *err = NULL;
	int threads = opt->threads > 0 ? opt->threads : 2;
	int ret = -1, held = 0;

	memset(summary, 0, sizeof(*summary));
	r.cat = cat;
	r.opt = opt;
	r.items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	r.zips = g_ptr_array_new_with_free_func((GDestroyNotify)zipsrc_free);
	r.dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_ptr_array_unref);
	r.roots = g_ptr_array_new_with_free_func((GDestroyNotify)root_free);
	r.known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_mutex_init(&r.lock);
	g_cond_init(&r.cond);
	r.window = (size_t)threads * 2 + 2;

	/* A misspelt -s would refuse every photo one by one; say it once, before any work. */
	if (opt->site && vox_catalog_lookup(cat, VOX_KIND_SITE, opt->site) < 0)
		goto out;
	r.prompts = vox_catalog_prompt_keys(cat);
	if (!r.prompts)
		goto out;
	/* What the run may read, before anything is read (privacy rule 8). */
	for (size_t i = 0; i < n_paths; i++)
		add_root(&r, paths[i], 0);
	if (opt->manifest) {
		g_autoptr(GBytes) sheet = NULL;
		char *error = NULL;
		const char *text;
		gsize len;

		r.manifest_dir = g_path_get_dirname(opt->manifest);
		add_root(&r, opt->manifest, 0);
		add_root(&r, r.manifest_dir, 1);
		sheet = read_text_input(&r, opt->manifest, opt->manifest, 0, MAX_SHEET_BYTES,
		    &error);
		if (!sheet) {
			vox_error("ingest", "%s", error);
			g_free(error);
			goto out;
		}
		text = g_bytes_get_data(sheet, &len);
		r.rows = vox_manifest_parse(opt->manifest, text ? text : "", len,
		    (const char *const *)r.prompts);
		if (!r.rows)
			goto out;
	}
	for (size_t i = 0; i < n_paths; i++) {
		char *source = printable(paths[i]);

		add_path(&r, paths[i], source, stack, 1);
		g_free(source);
	}
	if (r.rows) {
		char *ms = printable(opt->manifest);

		match_manifest(&r, ms);
		g_free(ms);
	}
	summary->skipped = r.skipped;

	/* Held until the end: the scrubbing threads write into store/tmp/ ahead of the rows. */
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		goto out;
	held = 1;
	r.readers = g_async_queue_new_full((GDestroyNotify)vox_catalog_close);
	r.pool = g_thread_pool_new(scrub_one, &r, threads, FALSE, &err);
	if (!r.pool) {
		vox_error("ingest", "cannot start threads: %s", err->message);
		g_error_free(err);
		goto out;
	}
	rd = g_thread_new("vox-reader", reader, &r);

	for (guint i = 0; i < r.items->len; i++) {
		struct item *it = g_ptr_array_index(r.items, i);
		struct vox_ingest_result res = { 0 };
		char *reason = NULL;

		g_mutex_lock(&r.lock);
		/* Woken now and then to see whether the run was cancelled. */
		while (!it->ready && !cancelled(opt))
			g_cond_wait_until(&r.cond, &r.lock, g_get_monotonic_time() +
			    G_TIME_SPAN_SECOND / 10);
		g_mutex_unlock(&r.lock);
		if (cancelled(opt)) {
			summary->not_done = r.items->len - i;
			break;
		}

		finish(&r, it, &res, &reason);
		res.source = it->source;
		res.reason = reason;
		res.done = i + 1;
		res.total = r.items->len;
		switch (res.outcome) {
		case VOX_INGEST_ADDED: summary->added++; break;
		case VOX_INGEST_PRESENT:
			summary->present++;
			summary->updated += res.updated != NULL;
			break;
		case VOX_INGEST_REFUSED: summary->refused++; break;
		}
		if (report)
			report(&res, data);
		g_free((char *)res.id);
		g_free((char *)res.ref);
		g_free((char *)res.updated);
		g_free((char *)res.kept);
		g_free((char *)res.consent);
		g_free(reason);

		g_mutex_lock(&r.lock);
		vox_store_tmp_discard(&it->tmp);
		r.inflight -= it->held;
		it->held = 0;
		r.consumed = i + 1;
		g_cond_broadcast(&r.cond);
		g_mutex_unlock(&r.lock);
	}
	if (summary->added + summary->refused > 0 || summary->not_done > 0) {
		char *detail = g_strdup_printf("added %zu, already present %zu, refused %zu%s",
		    summary->added, summary->present, summary->refused,
		    summary->not_done > 0 ? ", then stopped" : "");

		/* The log records the run; a failure to log it does not undo the photos. */
		if (vox_catalog_event(cat, "ingest", "ingest", NULL, detail) != 0)
			vox_error_clear();
		g_free(detail);
	}
	ret = 0;
out:
	if (rd) {
		g_mutex_lock(&r.lock);
		r.stop = 1;
		g_cond_broadcast(&r.cond);
		g_mutex_unlock(&r.lock);
		g_thread_join(rd);
	}
	/* A cancelled run drops the photos queued but not started. */
	if (r.pool)
		g_thread_pool_free(r.pool, summary->not_done > 0, TRUE);
	if (r.readers)
		g_async_queue_unref(r.readers);
	/* The items' files left in store/tmp/ are removed before the lock is let go. */
	g_ptr_array_unref(r.items);
	if (held)
		vox_catalog_store_unlock(cat);
	g_ptr_array_unref(r.zips);
	g_hash_table_destroy(r.dirs);
	if (r.rows)
		g_ptr_array_unref(r.rows);
	g_free(r.manifest_dir);
	g_strfreev(r.prompts);
	g_ptr_array_unref(r.roots);
	g_hash_table_destroy(r.known);
	g_array_free(stack, TRUE);
	g_mutex_clear(&r.lock);
	g_cond_clear(&r.cond);
	return ret;
}
