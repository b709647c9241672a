#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "vox/hash.h"
#include "vox/file.h"

#define CHUNK (256 * 1024)

/*
 * libarchive converts entry names through the locale's character set; names in bags are
 * UTF-8 whatever the user's locale, so libarchive is called under C.UTF-8 (for this
 * thread only, with uselocale()).
 */
static locale_t
utf8_locale(void)
{
	static locale_t loc;

	if (g_once_init_enter(&loc)) {
		locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

		g_once_init_leave(&loc, l ? l : LC_GLOBAL_LOCALE);
	}
	return loc;
}

/* ---- names and formats ---- */

int
vox_bag_format_parse(const char *word)
{
	if (!word)
		return -1;
	if (strcmp(word, "zip") == 0)
		return VOX_BAG_ZIP;
	if (strcmp(word, "tar") == 0)
		return VOX_BAG_TAR;
	if (strcmp(word, "tar.gz") == 0 || strcmp(word, "tgz") == 0)
		return VOX_BAG_TGZ;
	if (strcmp(word, "dir") == 0)
		return VOX_BAG_DIR;
	return -1;
}

const char *
vox_bag_format_name(enum vox_bag_format f)
{
	static const char *const names[] = { "zip", "tar", "tar.gz", "dir" };

	return (unsigned)f < G_N_ELEMENTS(names) ? names[f] : "unknown";
}

enum vox_bag_format
vox_bag_format_guess(const char *path)
{
	if (g_str_has_suffix(path, ".tar.gz") || g_str_has_suffix(path, ".tgz"))
		return VOX_BAG_TGZ;
	if (g_str_has_suffix(path, ".tar"))
		return VOX_BAG_TAR;
	return VOX_BAG_ZIP;
}

char *
vox_bag_stem(const char *path)
{
	char *trimmed = g_strdup(path);
	char *base;
	size_t n = strlen(trimmed);
	static const char *const exts[] = { ".tar.gz", ".tgz", ".tar", ".zip" };

	while (n > 1 && trimmed[n - 1] == '/')
		trimmed[--n] = '\0';
	base = g_path_get_basename(trimmed);
	g_free(trimmed);
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		size_t bl = strlen(base), el = strlen(exts[i]);

		if (bl > el && g_str_has_suffix(base, exts[i])) {
			base[bl - el] = '\0';
			break;
		}
	}
	return base;
}

/* Relative, no empty/"."/".." component, no backslash, no control character. */
static int
path_shape_ok(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/')
		return 0;
	if (!g_utf8_validate(name, -1, NULL))
		return 0;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '\\')
			return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!slash)
			break;
		p = slash + 1;
		if (!*p)
			return 0;
	}
	return 1;
}

int
vox_bag_name_ok(const char *name)
{
	char *nfc;
	int ok;

	if (!name || !path_shape_ok(name) || strchr(name, '%'))
		return 0;
	nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	ok = nfc && strcmp(nfc, name) == 0;
	g_free(nfc);
	return ok;
}

/* ---- writing ---- */

struct item {
	char *name;         /* "data/…" */
	char *src;          /* file to read, or NULL */
	GBytes *data;       /* bytes in memory, or NULL */
	int64_t size;
	char sha256[65], sha512[129];
	int known256;       /* sha256 given by the caller, not computed */
};

struct vox_bag_writer {
	int64_t mtime;
	GPtrArray *items;   /* struct item * */
	GHashTable *names;  /* name → item, not owned */
	GPtrArray *info;    /* label, value, label, value … */
};

static void
item_free(struct item *it)
{
	if (!it)
		return;
	g_free(it->name);
	g_free(it->src);
	if (it->data)
		g_bytes_unref(it->data);
	g_free(it);
}

vox_bag_writer *
vox_bag_writer_new(int64_t mtime)
{
	vox_bag_writer *w = g_new0(vox_bag_writer, 1);

	w->mtime = mtime < 0 ? 0 : mtime;
	w->items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	w->names = g_hash_table_new(g_str_hash, g_str_equal);
	w->info = g_ptr_array_new_with_free_func(g_free);
	return w;
}

void
vox_bag_writer_free(vox_bag_writer *w)
{
	if (!w)
		return;
	g_hash_table_destroy(w->names);
	g_ptr_array_unref(w->items);
	g_ptr_array_unref(w->info);
	g_free(w);
}

static struct item *
add_item(vox_bag_writer *w, const char *name)
{
	struct item *it;
	char *full;

	if (!vox_bag_name_ok(name)) {
		vox_error("bag", "'%s': not a usable payload name", name);
		return NULL;
	}
	full = g_strconcat("data/", name, NULL);
	if (g_hash_table_contains(w->names, full)) {
		vox_error("bag", "'%s': added twice", name);
		g_free(full);
		return NULL;
	}
	/* A file and a folder of the same name cannot both exist. */
	for (guint i = 0; i < w->items->len; i++) {
		struct item *o = g_ptr_array_index(w->items, i);
		size_t ol = strlen(o->name), fl = strlen(full);

		if ((ol < fl && strncmp(o->name, full, ol) == 0 && full[ol] == '/') ||
		    (fl < ol && strncmp(o->name, full, fl) == 0 && o->name[fl] == '/')) {
			vox_error("bag", "'%s': clashes with '%s'", full, o->name);
			g_free(full);
			return NULL;
		}
	}
	it = g_new0(struct item, 1);
	it->name = full;
	it->size = -1;
	g_ptr_array_add(w->items, it);
	g_hash_table_insert(w->names, it->name, it);
	return it;
}

int
vox_bag_add_file(vox_bag_writer *w, const char *name, const char *src_path)
{
	struct item *it = add_item(w, name);

	if (!it)
		return -1;
	it->src = g_strdup(src_path);
	return 0;
}

int
vox_bag_add_stored(vox_bag_writer *w, const char *name, const char *src_path,
    const char *sha256)
{
	struct item *it;

	if (!sha256 || strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64)
		return vox_error("bag", "'%s': not a SHA-256 in hex", sha256 ? sha256 : "");
	it = add_item(w, name);
	if (!it)
		return -1;
	it->src = g_strdup(src_path);
	g_strlcpy(it->sha256, sha256, sizeof(it->sha256));
	it->known256 = 1;
	return 0;
}

int
vox_bag_add_data(vox_bag_writer *w, const char *name, const void *data, size_t len)
{
	struct item *it = add_item(w, name);

	if (!it)
		return -1;
	it->data = g_bytes_new(data, len);
	it->size = (int64_t)len;
	return 0;
}

static int
add_tree_rec(vox_bag_writer *w, const char *prefix, const char *dir)
{
	GDir *d;
	GError *err = NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	int ret = -1;

	d = g_dir_open(dir, 0, &err);
	if (!d) {
		vox_error("bag", "'%s': %s", dir, err->message);
		g_error_free(err);
		goto out;
	}
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	for (guint i = 0; i < names->len; i++) {
		const char *base = g_ptr_array_index(names, i);
		g_autofree char *path = g_build_filename(dir, base, NULL);
		g_autofree char *name = g_strconcat(prefix, "/", base, NULL);
		struct stat st;

		if (lstat(path, &st) != 0) {
			vox_error_system("bag", "'%s'", path);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if (add_tree_rec(w, name, path) != 0)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			if (vox_bag_add_file(w, name, path) != 0)
				goto out;
		} else {
			vox_error("bag", "'%s': not a regular file or folder", path);
			goto out;
		}
	}
	ret = 0;
out:
	g_ptr_array_unref(names);
	return ret;
}

int
vox_bag_add_tree(vox_bag_writer *w, const char *prefix, const char *src_dir)
{
	if (!vox_bag_name_ok(prefix))
		return vox_error("bag", "'%s': not a usable payload name", prefix);
	return add_tree_rec(w, prefix, src_dir);
}

static int
label_ok(const char *label)
{
	if (!*label)
		return 0;
	for (const char *c = label; *c; c++)
		if (*c <= ' ' || *c >= 0x7f || *c == ':')
			return 0;
	return 1;
}

int
vox_bag_info(vox_bag_writer *w, const char *label, const char *value)
{
	static const char *const computed[] = {
		"Payload-Oxum", "Bag-Size", "Bagging-Date", "Bag-Count",
	};

	if (!label_ok(label))
		return vox_error("bag", "'%s': not a usable bag-info label", label);
	for (size_t i = 0; i < G_N_ELEMENTS(computed); i++)
		if (g_ascii_strcasecmp(label, computed[i]) == 0)
			return vox_error("bag", "'%s': computed by the bag writer", label);
	if (!value || !g_utf8_validate(value, -1, NULL))
		return vox_error("bag", "'%s': value is not UTF-8", label);
	g_ptr_array_add(w->info, g_strdup(label));
	g_ptr_array_add(w->info, g_strdup(value));
	return 0;
}

static int
item_cmp(gconstpointer a, gconstpointer b)
{
	const struct item *x = *(struct item *const *)a, *y = *(struct item *const *)b;

	return strcmp(x->name, y->name);
}

/* A size in plain words with one decimal, the same in every locale. */
static char *
human_size(int64_t n)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	int64_t whole = n, tenths = 0;
	size_t u = 0;

	if (n < 1024)
		return g_strdup_printf("%" G_GINT64_FORMAT " bytes", n);
	for (u = 0; u < G_N_ELEMENTS(units); u++) {
		tenths = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		if (whole < 1024 || u + 1 == G_N_ELEMENTS(units))
			break;
	}
	return g_strdup_printf("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT " %s", whole, tenths,
	    units[u]);
}

/* Appends "label: value", continuation lines indented, to s. */
static void
info_line(GString *s, const char *label, const char *value)
{
	g_string_append_printf(s, "%s: ", label);
	for (const char *c = value; *c; c++) {
		if (*c == '\r' && c[1] == '\n')
			continue;
		if (*c == '\n' || *c == '\r') {
			g_string_append(s, "\n  ");
			continue;
		}
		g_string_append_c(s, *c);
	}
	g_string_append_c(s, '\n');
}

/* Where the entries go: a libarchive writer, or a folder. */
struct sink {
	enum vox_bag_format format;
	struct archive *a;
	char *dir;      /* VOX_BAG_DIR: the temporary bag folder */
	char *top;
	int64_t mtime;
	int fd;         /* VOX_BAG_DIR: the file being written */
	char *cur;      /* its path, for messages */
};

static int
sink_error(struct sink *s, const char *what)
{
	return vox_error("bag", "'%s': %s", what, archive_error_string(s->a) ?
	    archive_error_string(s->a) : "cannot write");
}

static int
sink_entry(struct sink *s, const char *name, int dir, int64_t size)
{
	struct archive_entry *e;
	int compress;
	char *path;

	if (s->format == VOX_BAG_DIR) {
		path = name ? g_build_filename(s->dir, name, NULL) : g_strdup(s->dir);
		if (dir) {
			if (name && mkdir(path, 0755) != 0) {
				vox_error_system("bag", "'%s'", path);
				g_free(path);
				return -1;
			}
			if (chmod(path, 0755) != 0) {
				vox_error_system("bag", "'%s'", path);
				g_free(path);
				return -1;
			}
			g_free(path);
			return 0;
		}
		s->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (s->fd < 0 || fchmod(s->fd, 0644) != 0) {
			vox_error_system("bag", "'%s'", path);
			g_free(path);
			return -1;
		}
		g_free(s->cur);
		s->cur = path;
		return 0;
	}
	e = archive_entry_new();
	path = name ? g_strconcat(s->top, "/", name, dir ? "/" : "", NULL) :
	    g_strconcat(s->top, "/", NULL);
	archive_entry_set_pathname_utf8(e, path);
	archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
	archive_entry_set_perm(e, dir ? 0755 : 0644);
	archive_entry_set_size(e, dir ? 0 : size);
	archive_entry_set_mtime(e, (time_t)s->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (s->format == VOX_BAG_ZIP) {
		/* Photos are compressed already: store them; deflate the text. */
		compress = !dir && name && (g_str_has_suffix(name, ".txt") ||
		    g_str_has_suffix(name, ".csv") || g_str_has_suffix(name, ".json") ||
		    g_str_has_suffix(name, ".html") || g_str_has_suffix(name, ".css"));
		if (compress)
			archive_write_zip_set_compression_deflate(s->a);
		else
			archive_write_zip_set_compression_store(s->a);
	}
	if (archive_write_header(s->a, e) != ARCHIVE_OK) {
		sink_error(s, path);
		archive_entry_free(e);
		g_free(path);
		return -1;
	}
	archive_entry_free(e);
	g_free(path);
	return 0;
}

static int
sink_data(struct sink *s, const void *buf, size_t len)
{
	if (s->format == VOX_BAG_DIR) {
		if (vox_write_all(s->fd, buf, len) != 0)
			return vox_error_system("bag", "'%s'", s->cur);
		return 0;
	}
	if (len && archive_write_data(s->a, buf, len) != (la_ssize_t)len)
		return sink_error(s, "write");
	return 0;
}

static int
sink_end(struct sink *s)
{
	struct timespec ts[2];
	int ret = 0;

	if (s->format != VOX_BAG_DIR)
		return 0;
	ts[0].tv_sec = ts[1].tv_sec = (time_t)s->mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	if (futimens(s->fd, ts) != 0 || fsync(s->fd) != 0)
		ret = vox_error_system("bag", "'%s'", s->cur);
	if (close(s->fd) != 0 && ret == 0)
		ret = vox_error_system("bag", "'%s'", s->cur);
	s->fd = -1;
	return ret;
}

static int
sink_whole(struct sink *s, const char *name, const void *data, size_t len)
{
	if (sink_entry(s, name, 0, (int64_t)len) != 0 || sink_data(s, data, len) != 0)
		return -1;
	return sink_end(s);
}

/*
 * A thread that feeds chunks to one checksum, so that SHA-256, SHA-512 and the writing of
 * the bag run side by side where there is more than one core: hashing is most of the work.
 */
struct hasher {
	GThread *thread;
	GMutex lock;
	GCond cond;
	vox_hash *sum;
	const guchar *buf;
	gsize len;
	int busy, quit;
};

static gpointer
hasher_run(gpointer data)
{
	struct hasher *h = data;

	g_mutex_lock(&h->lock);
	for (;;) {
		while (!h->busy && !h->quit)
			g_cond_wait(&h->cond, &h->lock);
		if (!h->busy)
			break;
		g_mutex_unlock(&h->lock);
		vox_hash_update(h->sum, h->buf, h->len);
		g_mutex_lock(&h->lock);
		h->busy = 0;
		g_cond_broadcast(&h->cond);
	}
	g_mutex_unlock(&h->lock);
	return NULL;
}

static void
hasher_start(struct hasher *h, enum vox_hash_type type)
{
	memset(h, 0, sizeof(*h));
	g_mutex_init(&h->lock);
	g_cond_init(&h->cond);
	h->sum = vox_hash_new(type);
	h->thread = g_thread_new("vox-hash", hasher_run, h);
}

static void
hasher_feed(struct hasher *h, const void *buf, gsize len)
{
	g_mutex_lock(&h->lock);
	h->buf = buf;
	h->len = len;
	h->busy = 1;
	g_cond_broadcast(&h->cond);
	g_mutex_unlock(&h->lock);
}

static void
hasher_wait(struct hasher *h)
{
	g_mutex_lock(&h->lock);
	while (h->busy)
		g_cond_wait(&h->cond, &h->lock);
	g_mutex_unlock(&h->lock);
}

static void
hasher_stop(struct hasher *h)
{
	if (!h->thread)
		return;
	g_mutex_lock(&h->lock);
	h->quit = 1;
	g_cond_broadcast(&h->cond);
	g_mutex_unlock(&h->lock);
	g_thread_join(h->thread);
	h->thread = NULL;
	vox_hash_free(h->sum);
	g_mutex_clear(&h->lock);
	g_cond_clear(&h->cond);
}

/* Hashes and writes one chunk: the checksums in their threads while this one writes. */
static int
chunk(struct sink *s, struct hasher *h, int with256, const void *buf, gsize len)
{
	int ret;

	if (with256)
		hasher_feed(&h[0], buf, len);
	hasher_feed(&h[1], buf, len);
	ret = sink_data(s, buf, len);
	if (with256)
		hasher_wait(&h[0]);
	hasher_wait(&h[1]);
	return ret;
}

/* Streams one payload item into the sink, hashing it on the way. h[0] is SHA-256, h[1]
 * SHA-512. */
static int
write_item(struct sink *s, struct item *it, guchar *buf, struct hasher *h)
{
	int fd = -1, ret = -1;
	int64_t done = 0;

	vox_hash_reset(h[0].sum);
	vox_hash_reset(h[1].sum);
	if (sink_entry(s, it->name, 0, it->size) != 0)
		goto out;
	if (it->data) {
		gsize len;
		const void *p = g_bytes_get_data(it->data, &len);

		if (chunk(s, h, !it->known256, p, len) != 0)
			goto out;
		done = (int64_t)len;
	} else {
		fd = open(it->src, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			vox_error_system("bag", "'%s'", it->src);
			goto out;
		}
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		for (;;) {
			ssize_t n = read(fd, buf, CHUNK);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				vox_error_system("bag", "'%s'", it->src);
				goto out;
			}
			if (n == 0)
				break;
			if (done + n > it->size) {
				vox_error("bag", "'%s': changed while being written", it->src);
				goto out;
			}
			if (chunk(s, h, !it->known256, buf, (gsize)n) != 0)
				goto out;
			done += n;
		}
	}
	if (done != it->size) {
		vox_error("bag", "'%s': changed while being written", it->src ? it->src : it->name);
		goto out;
	}
	if (sink_end(s) != 0)
		goto out;
	if (!it->known256)
		g_strlcpy(it->sha256, vox_hash_hex(h[0].sum), sizeof(it->sha256));
	g_strlcpy(it->sha512, vox_hash_hex(h[1].sum), sizeof(it->sha512));
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret != 0 && s->format == VOX_BAG_DIR && s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	return ret;
}

/* Emits the folder entries a payload name needs that have not been emitted yet. */
static int
write_parents(struct sink *s, const char *name, GHashTable *made)
{
	for (const char *slash = strchr(name, '/'); slash; slash = strchr(slash + 1, '/')) {
		char *dir = g_strndup(name, (gsize)(slash - name));

		if (g_hash_table_contains(made, dir)) {
			g_free(dir);
			continue;
		}
		if (sink_entry(s, dir, 1, 0) != 0) {
			g_free(dir);
			return -1;
		}
		g_hash_table_add(made, dir);
	}
	return 0;
}

static void
tag_sum(GString *tags, const char *name, const GString *text)
{
	char hex[VOX_SHA256_HEX];

	vox_sha256_hex(text->str, text->len, hex);
	g_string_append_printf(tags, "%s  %s\n", hex, name);
}

/* Runs f with TZ=UTC: libarchive's zip writer turns times into DOS times in local time. */
static char *saved_tz;
static int tz_saved;

static void
tz_utc(void)
{
	const char *tz = getenv("TZ");

	saved_tz = tz ? g_strdup(tz) : NULL;
	tz_saved = 1;
	setenv("TZ", "UTC0", 1);
	tzset();
}

static void
tz_restore(void)
{
	if (!tz_saved)
		return;
	if (saved_tz)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	g_free(saved_tz);
	saved_tz = NULL;
	tz_saved = 0;
}

static int
open_sink(struct sink *s, const char *path, char **tmp, int *fd)
{
	g_autofree char *parent = g_path_get_dirname(path);

	/* Locked while written; what a killed run left beside the output is removed. For a
	 * folder, *fd is only the lock. */
	*tmp = vox_locked_tmp(parent, ".vox-bag-", s->format == VOX_BAG_DIR, fd);
	if (!*tmp)
		return -1;
	if (s->format == VOX_BAG_DIR) {
		s->dir = g_strdup(*tmp);
		return 0;
	}
	s->a = archive_write_new();
	if (s->format == VOX_BAG_ZIP) {
		archive_write_set_format_zip(s->a);
	} else {
		archive_write_set_format_pax_restricted(s->a);
		if (s->format == VOX_BAG_TGZ) {
			archive_write_add_filter_gzip(s->a);
			/* No time in the gzip header: the same bag gives the same bytes. */
			archive_write_set_filter_option(s->a, "gzip", "timestamp", NULL);
		}
	}
	archive_write_set_bytes_per_block(s->a, s->format == VOX_BAG_ZIP ? 0 : 10240);
	if (archive_write_open_fd(s->a, *fd) != ARCHIVE_OK)
		return sink_error(s, path);
	return 0;
}

int
vox_bag_write(vox_bag_writer *w, const char *path, enum vox_bag_format format,
    const char *top)
{
	struct sink s = { .format = format, .fd = -1, .mtime = w->mtime };
	GString *bagit = g_string_new("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	GString *info = g_string_new(NULL);
	GString *m256 = g_string_new(NULL), *m512 = g_string_new(NULL);
	GString *tags = g_string_new(NULL);
	GHashTable *made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guchar *buf = g_malloc(CHUNK);
	char *tmp = NULL, *size_words = NULL;
	int fd = -1, ret = -1;
	int64_t octets = 0;
	locale_t old_loc = (locale_t)0;
	struct hasher hashers[2];
	GDateTime *dt;
	char *date;

	hasher_start(&hashers[0], VOX_HASH_SHA256);
	hasher_start(&hashers[1], VOX_HASH_SHA512);
	s.top = top ? g_strdup(top) : vox_bag_stem(path);
	if (format == VOX_BAG_DIR) {
		g_free(s.top);
		s.top = NULL;
	} else if (!vox_bag_name_ok(s.top) || strchr(s.top, '/')) {
		vox_error("bag", "'%s': not a usable folder name for a bag", s.top);
		goto out;
	}
	/* Sizes first: bag-info.txt, which comes before data/, needs the Payload-Oxum. */
	g_ptr_array_sort(w->items, item_cmp);
	for (guint i = 0; i < w->items->len; i++) {
		struct item *it = g_ptr_array_index(w->items, i);
		struct stat st;

		if (it->src) {
			if (stat(it->src, &st) != 0) {
				vox_error_system("bag", "'%s'", it->src);
				goto out;
			}
			if (!S_ISREG(st.st_mode)) {
				vox_error("bag", "'%s': not a regular file", it->src);
				goto out;
			}
			it->size = st.st_size;
		}
		octets += it->size;
	}
	for (guint i = 0; i < w->info->len; i += 2)
		info_line(info, g_ptr_array_index(w->info, i), g_ptr_array_index(w->info, i + 1));
	dt = g_date_time_new_from_unix_utc(w->mtime);
	date = g_date_time_format(dt, "%Y-%m-%d");
	g_date_time_unref(dt);
	size_words = human_size(octets);
	info_line(info, "Bagging-Date", date);
	info_line(info, "Bag-Size", size_words);
	g_string_append_printf(info, "Payload-Oxum: %" G_GINT64_FORMAT ".%u\n", octets,
	    w->items->len);
	info_line(info, "Bag-Count", "1 of 1");
	g_free(date);

	if (format == VOX_BAG_ZIP)
		tz_utc();
	old_loc = uselocale(utf8_locale());
	if (open_sink(&s, path, &tmp, &fd) != 0)
		goto out;
	/* Entries in byte order of their names: bag-info.txt, bagit.txt, data/…, manifests. */
	if (sink_entry(&s, NULL, 1, 0) != 0 ||
	    sink_whole(&s, "bag-info.txt", info->str, info->len) != 0 ||
	    sink_whole(&s, "bagit.txt", bagit->str, bagit->len) != 0 ||
	    sink_entry(&s, "data", 1, 0) != 0)
		goto out;
	g_hash_table_add(made, g_strdup("data"));
	for (guint i = 0; i < w->items->len; i++) {
		struct item *it = g_ptr_array_index(w->items, i);

		if (write_parents(&s, it->name, made) != 0 ||
		    write_item(&s, it, buf, hashers) != 0)
			goto out;
		g_string_append_printf(m256, "%s  %s\n", it->sha256, it->name);
		g_string_append_printf(m512, "%s  %s\n", it->sha512, it->name);
	}
	tag_sum(tags, "bag-info.txt", info);
	tag_sum(tags, "bagit.txt", bagit);
	tag_sum(tags, "manifest-sha256.txt", m256);
	tag_sum(tags, "manifest-sha512.txt", m512);
	if (sink_whole(&s, "manifest-sha256.txt", m256->str, m256->len) != 0 ||
	    sink_whole(&s, "manifest-sha512.txt", m512->str, m512->len) != 0 ||
	    sink_whole(&s, "tagmanifest-sha256.txt", tags->str, tags->len) != 0)
		goto out;

	if (format == VOX_BAG_DIR) {
		struct stat st;
		struct timespec ts[2] = { { (time_t)w->mtime, 0 }, { (time_t)w->mtime, 0 } };
		g_autofree char *old = NULL;

		/* Folder times last, since writing inside a folder changes its time. */
		GList *keys = g_hash_table_get_keys(made);

		for (GList *k = keys; k; k = k->next) {
			g_autofree char *p = g_build_filename(s.dir, (char *)k->data, NULL);

			utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW);
		}
		g_list_free(keys);
		utimensat(AT_FDCWD, s.dir, ts, AT_SYMLINK_NOFOLLOW);
		if (lstat(path, &st) == 0) {
			g_autofree char *marker = g_build_filename(path, "bagit.txt", NULL);
			GDir *d = S_ISDIR(st.st_mode) ? g_dir_open(path, 0, NULL) : NULL;
			int empty = d && !g_dir_read_name(d);

			if (d)
				g_dir_close(d);
			/* Replace a bag, or nothing: never a folder of something else. */
			if (!S_ISDIR(st.st_mode) || (!empty && access(marker, F_OK) != 0)) {
				vox_error("bag", "'%s': exists and is not a bag; not replaced", path);
				goto out;
			}
			old = g_strconcat(tmp, ".old", NULL);
			if (rename(path, old) != 0) {
				vox_error_system("bag", "'%s'", path);
				goto out;
			}
		}
		if (rename(tmp, path) != 0) {
			vox_error_system("bag", "'%s'", path);
			if (old)
				rename(old, path);
			goto out;
		}
		g_free(tmp);
		tmp = NULL;
		if (old)
			vox_remove_tree(old);
		g_autofree char *parent = g_path_get_dirname(path);
		if (vox_fsync_dir(parent) != 0)
			goto out;
	} else {
		if (archive_write_close(s.a) != ARCHIVE_OK) {
			sink_error(&s, path);
			goto out;
		}
		if (vox_tmpfile_commit(fd, tmp, path) != 0) {
			fd = -1;
			g_free(tmp);
			tmp = NULL;
			goto out;
		}
		fd = -1;
		g_free(tmp);
		tmp = NULL;
	}
	ret = 0;
out:
	hasher_stop(&hashers[0]);
	hasher_stop(&hashers[1]);
	if (old_loc)
		uselocale(old_loc);
	tz_restore();
	if (s.a)
		archive_write_free(s.a);
	if (s.fd >= 0)
		close(s.fd);
	if (tmp) {
		if (format == VOX_BAG_DIR)
			vox_remove_tree(tmp);
		else
			vox_tmpfile_abort(fd, tmp);
	}
	if (format == VOX_BAG_DIR && fd >= 0)
		close(fd);
	g_free(tmp);
	g_free(s.dir);
	g_free(s.top);
	g_free(s.cur);
	g_free(size_words);
	g_free(buf);
	g_hash_table_destroy(made);
	g_string_free(bagit, TRUE);
	g_string_free(info, TRUE);
	g_string_free(m256, TRUE);
	g_string_free(m512, TRUE);
	g_string_free(tags, TRUE);
	return ret;
}

/* ---- reading ---- */

struct vox_bag_reader {
	char *path;
	int is_dir;
	struct archive *a;
	struct archive_entry *pending; /* first entry, read by open to learn the top */
	int pending_valid;
	char *top;
	guint count;
	int64_t total;
	/* the current entry */
	char *name;
	int64_t cur_read;
	int failed;
	/* folders */
	GPtrArray *files;   /* relative paths, sorted */
	guint idx;
	int fd;
};

static int
open_archive(vox_bag_reader *r)
{
	r->a = archive_read_new();
	/* Only zip and tar: the other readers of libarchive 3.6 carry known flaws. */
	if (archive_read_support_format_zip(r->a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(r->a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(r->a) != ARCHIVE_OK)
		return vox_error("bag", "'%s': %s", r->path, archive_error_string(r->a));
	if (archive_read_open_filename(r->a, r->path, 64 * 1024) != ARCHIVE_OK)
		return vox_error("bag", "'%s': %s", r->path, archive_error_string(r->a));
	return 0;
}

static int
walk_dir(vox_bag_reader *r, const char *rel)
{
	g_autofree char *dir = rel ? g_build_filename(r->path, rel, NULL) : g_strdup(r->path);
	GDir *d;
	GError *err = NULL;
	const char *n;
	int ret = 0;

	d = g_dir_open(dir, 0, &err);
	if (!d) {
		vox_error("bag", "'%s': %s", dir, err->message);
		g_error_free(err);
		return -1;
	}
	while (ret == 0 && (n = g_dir_read_name(d))) {
		g_autofree char *relp = rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n);
		g_autofree char *full = g_build_filename(r->path, relp, NULL);
		struct stat st;

		if (++r->count > VOX_BAG_MAX_ENTRIES) {
			ret = vox_error("bag", "'%s': more than %d entries, refused", r->path,
			    VOX_BAG_MAX_ENTRIES);
		} else if (lstat(full, &st) != 0) {
			ret = vox_error_system("bag", "'%s'", full);
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk_dir(r, relp);
		} else if (S_ISREG(st.st_mode)) {
			g_ptr_array_add(r->files, g_steal_pointer(&relp));
		} else {
			ret = vox_error("bag", "'%s': %s, refused", relp, S_ISLNK(st.st_mode) ?
			    "a symbolic link" : "not a regular file");
		}
	}
	g_dir_close(d);
	return ret;
}

static int
str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks an archive entry; sets *skip for folders. Returns 0 or -1 with an error. */
static int
check_entry(vox_bag_reader *r, struct archive_entry *e, int *skip)
{
	const char *raw = archive_entry_pathname_utf8(e);
	g_autofree char *p = NULL;
	size_t len;
	const char *slash;
	mode_t type = archive_entry_filetype(e);

	*skip = 0;
	if (!raw)
		raw = archive_entry_pathname(e);
	if (!raw || !*raw)
		return vox_error("bag", "'%s': an entry without a usable name, refused", r->path);
	if (++r->count > VOX_BAG_MAX_ENTRIES)
		return vox_error("bag", "'%s': more than %d entries, refused", r->path,
		    VOX_BAG_MAX_ENTRIES);
	p = g_strdup(raw);
	len = strlen(p);
	while (len > 0 && p[len - 1] == '/')
		p[--len] = '\0';
	if (raw[0] == '/' || !path_shape_ok(p)) {
		g_autofree char *shown = g_strescape(raw, NULL);

		return vox_error("bag", "'%s': unsafe path '%s', refused", r->path, shown);
	}
	if (archive_entry_hardlink(e) || type == AE_IFLNK)
		return vox_error("bag", "'%s': '%s' is a link, refused", r->path, p);
	if (type != AE_IFREG && type != AE_IFDIR)
		return vox_error("bag", "'%s': '%s' is not a regular file, refused", r->path, p);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > VOX_BAG_MAX_FILE)
		return vox_error("bag", "'%s': '%s' declares %" G_GINT64_FORMAT
		    " bytes, more than a bag may hold, refused", r->path, p,
		    (gint64)archive_entry_size(e));
	slash = strchr(p, '/');
	if (!r->top) {
		r->top = slash ? g_strndup(p, (gsize)(slash - p)) : g_strdup(p);
		if (!slash && type != AE_IFDIR)
			return vox_error("bag", "'%s': '%s' is outside a top-level folder", r->path, p);
	} else if (strncmp(p, r->top, strlen(r->top)) != 0 ||
	    (p[strlen(r->top)] != '/' && p[strlen(r->top)] != '\0')) {
		return vox_error("bag", "'%s': '%s' is outside the top-level folder '%s'",
		    r->path, p, r->top);
	}
	if (type == AE_IFDIR || !slash) {
		*skip = 1;
		return 0;
	}
	g_free(r->name);
	r->name = g_strdup(slash + 1);
	return 0;
}

vox_bag_reader *
vox_bag_open(const char *path)
{
	vox_bag_reader *r = g_new0(vox_bag_reader, 1);
	struct stat st;

	r->path = g_strdup(path);
	r->fd = -1;
	if (stat(path, &st) != 0) {
		vox_error_system("bag", "'%s'", path);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		char *trimmed = g_strdup(path);
		size_t n = strlen(trimmed);

		while (n > 1 && trimmed[n - 1] == '/')
			trimmed[--n] = '\0';
		r->is_dir = 1;
		r->top = g_path_get_basename(trimmed);
		g_free(trimmed);
		r->files = g_ptr_array_new_with_free_func(g_free);
		if (walk_dir(r, NULL) != 0)
			goto fail;
		g_ptr_array_sort(r->files, str_cmp);
		return r;
	}
	if (open_archive(r) != 0)
		goto fail;
	return r;
fail:
	vox_bag_close(r);
	return NULL;
}

void
vox_bag_close(vox_bag_reader *r)
{
	if (!r)
		return;
	if (r->a)
		archive_read_free(r->a);
	if (r->fd >= 0)
		close(r->fd);
	if (r->files)
		g_ptr_array_unref(r->files);
	g_free(r->path);
	g_free(r->top);
	g_free(r->name);
	g_free(r);
}

const char *
vox_bag_top(vox_bag_reader *r)
{
	return r->top;
}

int
vox_bag_rewind(vox_bag_reader *r)
{
	g_free(r->name);
	r->name = NULL;
	r->failed = 0;
	r->total = 0;
	r->cur_read = 0;
	if (r->is_dir) {
		r->idx = 0;
		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		return 0;
	}
	archive_read_free(r->a);
	r->a = NULL;
	r->count = 0;
	return open_archive(r);
}

int
vox_bag_next(vox_bag_reader *r, const char **name, int64_t *size)
{
	if (r->failed)
		return vox_error("bag", "'%s': cannot be read further", r->path);
	r->cur_read = 0;
	if (r->is_dir) {
		struct stat st;
		g_autofree char *full = NULL;

		if (r->fd >= 0)
			close(r->fd);
		r->fd = -1;
		if (r->idx >= r->files->len)
			return 0;
		g_free(r->name);
		r->name = g_strdup(g_ptr_array_index(r->files, r->idx++));
		full = g_build_filename(r->path, r->name, NULL);
		r->fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (r->fd < 0 || fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			r->failed = 1;
			return vox_error_system("bag", "'%s'", full);
		}
		*name = r->name;
		*size = st.st_size;
		return 1;
	}
	for (;;) {
		struct archive_entry *e;
		locale_t old = uselocale(utf8_locale());
		int rc = archive_read_next_header(r->a, &e), skip;

		uselocale(old);

		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			r->failed = 1;
			return vox_error("bag", "'%s': %s", r->path,
			    archive_error_string(r->a) ? archive_error_string(r->a) : "damaged");
		}
		old = uselocale(utf8_locale());
		rc = check_entry(r, e, &skip);
		uselocale(old);
		if (rc != 0) {
			r->failed = 1;
			return -1;
		}
		if (skip)
			continue;
		*name = r->name;
		*size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		return 1;
	}
}

gssize
vox_bag_read(vox_bag_reader *r, void *buf, size_t n)
{
	gssize got;

	if (r->failed)
		return vox_error("bag", "'%s': cannot be read further", r->path);
	if (r->is_dir) {
		do
			got = read(r->fd, buf, n);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			r->failed = 1;
			return vox_error_system("bag", "'%s': '%s'", r->path, r->name);
		}
	} else {
		got = archive_read_data(r->a, buf, n);
		if (got < 0) {
			r->failed = 1;
			return vox_error("bag", "'%s': '%s': %s", r->path, r->name,
			    archive_error_string(r->a) ? archive_error_string(r->a) : "damaged");
		}
	}
	r->cur_read += got;
	r->total += got;
	if (r->cur_read > VOX_BAG_MAX_FILE || r->total > VOX_BAG_MAX_TOTAL) {
		r->failed = 1;
		return vox_error("bag", "'%s': '%s' is larger than a bag may hold, refused",
		    r->path, r->name);
	}
	return got;
}

GByteArray *
vox_bag_slurp(vox_bag_reader *r, int64_t max)
{
	GByteArray *b = g_byte_array_new();
	guchar *buf = g_malloc(CHUNK);

	for (;;) {
		gssize n = vox_bag_read(r, buf, CHUNK);

		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		if ((int64_t)b->len + n > max) {
			vox_error("bag", "'%s': '%s' is larger than %" G_GINT64_FORMAT " bytes",
			    r->path, r->name, max);
			goto fail;
		}
		g_byte_array_append(b, buf, (guint)n);
	}
	g_free(buf);
	return b;
fail:
	g_free(buf);
	g_byte_array_unref(b);
	return NULL;
}

GByteArray *
vox_bag_read_file(vox_bag_reader *r, const char *want, int64_t max)
{
	const char *name;
	int64_t size;
	int rc;

	if (vox_bag_rewind(r) != 0)
		return NULL;
	while ((rc = vox_bag_next(r, &name, &size)) == 1)
		if (strcmp(name, want) == 0)
			return vox_bag_slurp(r, max);
	if (rc == 0)
		vox_error("bag", "'%s': no '%s' in the bag", r->path, want);
	return NULL;
}

/* ---- parsing tag files ---- */

/* Splits text into lines at LF, CRLF or CR. */
static GPtrArray *
split_lines(const char *text, size_t len)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n' || text[i] == '\r') {
			g_ptr_array_add(lines, g_strndup(text + start, i - start));
			if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			start = i + 1;
		}
	}
	if (start < len)
		g_ptr_array_add(lines, g_strndup(text + start, len - start));
	return lines;
}

static char *
percent_decode(const char *s)
{
	GString *o = g_string_new(NULL);

	for (const char *c = s; *c; c++) {
		if (c[0] == '%' && c[1] && c[2]) {
			if (g_ascii_strncasecmp(c + 1, "0A", 2) == 0) {
				g_string_append_c(o, '\n');
				c += 2;
				continue;
			}
			if (g_ascii_strncasecmp(c + 1, "0D", 2) == 0) {
				g_string_append_c(o, '\r');
				c += 2;
				continue;
			}
			if (strncmp(c + 1, "25", 2) == 0) {
				g_string_append_c(o, '%');
				c += 2;
				continue;
			}
		}
		g_string_append_c(o, *c);
	}
	return g_string_free(o, FALSE);
}

GHashTable *
vox_bag_parse_manifest(const char *name, const char *text, size_t len, int payload)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GPtrArray *lines = NULL;

	if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
		vox_error("bag", "'%s': not UTF-8 text", name);
		goto fail;
	}
	lines = split_lines(text, len);
	for (guint i = 0; i < lines->len; i++) {
		char *line = g_ptr_array_index(lines, i);
		char *sp, *path, *sum;

		if (!*line)
			continue;
		sp = line + strcspn(line, " \t");
		if (!*sp || sp == line) {
			vox_error("bag", "'%s': line %u: not \"checksum path\"", name, i + 1);
			goto fail;
		}
		sum = g_ascii_strdown(line, sp - line);
		while (*sp == ' ' || *sp == '\t')
			sp++;
		for (const char *c = sum; *c; c++) {
			if (!g_ascii_isxdigit(*c)) {
				vox_error("bag", "'%s': line %u: checksum is not hexadecimal", name,
				    i + 1);
				g_free(sum);
				goto fail;
			}
		}
		path = percent_decode(sp);
		/* Some writers prefix "./"; it names the same file. */
		if (g_str_has_prefix(path, "./"))
			memmove(path, path + 2, strlen(path + 2) + 1);
		if (*path == '/' || !g_utf8_validate(path, -1, NULL) ||
		    (!path_shape_ok(path) && !strpbrk(path, "\r\n")) ||
		    (payload && !g_str_has_prefix(path, "data/"))) {
			vox_error("bag", "'%s': line %u: unusable path", name, i + 1);
			g_free(sum);
			g_free(path);
			goto fail;
		}
		if (g_hash_table_contains(t, path)) {
			vox_error("bag", "'%s': line %u: '%s' listed twice", name, i + 1, path);
			g_free(sum);
			g_free(path);
			goto fail;
		}
		g_hash_table_insert(t, path, sum);
	}
	g_ptr_array_unref(lines);
	return t;
fail:
	if (lines)
		g_ptr_array_unref(lines);
	g_hash_table_destroy(t);
	return NULL;
}

GPtrArray *
vox_bag_parse_info(const char *name, const char *text, size_t len)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *lines = NULL;

	if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
		vox_error("bag", "'%s': not UTF-8 text", name);
		goto fail;
	}
	lines = split_lines(text, len);
	for (guint i = 0; i < lines->len; i++) {
		const char *line = g_ptr_array_index(lines, i);
		const char *colon;

		if (!*line)
			continue;
		if (*line == ' ' || *line == '\t') {
			char *prev, *joined, *part;

			if (out->len == 0) {
				vox_error("bag", "'%s': line %u: continuation without a label", name,
				    i + 1);
				goto fail;
			}
			prev = g_ptr_array_index(out, out->len - 1);
			part = g_strstrip(g_strdup(line));
			joined = g_strconcat(prev, " ", part, NULL);
			g_free(part);
			g_free(prev);
			out->pdata[out->len - 1] = joined;
			continue;
		}
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			vox_error("bag", "'%s': line %u: not \"Label: value\"", name, i + 1);
			goto fail;
		}
		g_ptr_array_add(out, g_strstrip(g_strndup(line, (gsize)(colon - line))));
		g_ptr_array_add(out, g_strstrip(g_strdup(colon + 1)));
	}
	g_ptr_array_unref(lines);
	return out;
fail:
	if (lines)
		g_ptr_array_unref(lines);
	g_ptr_array_unref(out);
	return NULL;
}

/* ---- verifying ---- */

enum { H_MD5, H_SHA1, H_SHA256, H_SHA512, H_N };
static const enum vox_hash_type htype[H_N] = {
	VOX_HASH_MD5, VOX_HASH_SHA1, VOX_HASH_SHA256, VOX_HASH_SHA512,
};
static const char *const hname[H_N] = { "md5", "sha1", "sha256", "sha512" };
#define ALL_HASHES ((1u << H_N) - 1)

struct seen {
	int64_t size;
	char *hex[H_N];
	GByteArray *content;  /* bagit.txt, bag-info.txt and manifests */
	int payload;
};

static void
seen_free(struct seen *s)
{
	for (int i = 0; i < H_N; i++)
		g_free(s->hex[i]);
	if (s->content)
		g_byte_array_unref(s->content);
	g_free(s);
}

void
vox_bag_file_free(struct vox_bag_file *f)
{
	if (!f)
		return;
	g_free(f->name);
	g_free(f);
}

static int
alg_index(const char *alg)
{
	for (int i = 0; i < H_N; i++)
		if (strcmp(alg, hname[i]) == 0)
			return i;
	return -1;
}

/* Reads the current entry, computing the hashes in mask; keeps the bytes when asked. */
static int
hash_current(vox_bag_reader *r, unsigned mask, struct seen *s, int keep, guchar *buf)
{
	vox_hash *h[H_N] = { 0 };
	int64_t total = 0;
	int ret = -1;

	for (int i = 0; i < H_N; i++)
		if (mask & (1u << i))
			h[i] = vox_hash_new(htype[i]);
	if (keep && !s->content)
		s->content = g_byte_array_new();
	for (;;) {
		gssize n = vox_bag_read(r, buf, CHUNK);

		if (n < 0)
			goto out;
		if (n == 0)
			break;
		for (int i = 0; i < H_N; i++)
			if (h[i])
				vox_hash_update(h[i], buf, n);
		total += n;
		if (keep) {
			if (total > VOX_BAG_MAX_TAGFILE) {
				vox_error("bag", "'%s': '%s' is too large for a tag file", r->path,
				    r->name);
				goto out;
			}
			g_byte_array_append(s->content, buf, (guint)n);
		}
	}
	s->size = total;
	for (int i = 0; i < H_N; i++) {
		if (h[i]) {
			g_free(s->hex[i]);
			s->hex[i] = g_strdup(vox_hash_hex(h[i]));
		}
	}
	ret = 0;
out:
	for (int i = 0; i < H_N; i++)
		if (h[i])
			vox_hash_free(h[i]);
	return ret;
}

static int
is_tag_kept(const char *name)
{
	return strcmp(name, "bagit.txt") == 0 || strcmp(name, "bag-info.txt") == 0 ||
	    ((g_str_has_prefix(name, "manifest-") || g_str_has_prefix(name, "tagmanifest-")) &&
	    g_str_has_suffix(name, ".txt") && !strchr(name, '/'));
}

/* One pass over the bag. The first records every file; later ones add hashes. */
static int
verify_pass(vox_bag_reader *r, GHashTable *seen, unsigned payload_mask, int first,
    GPtrArray *problems, guchar *buf)
{
	const char *name;
	int64_t size;
	int rc;

	if (!first && vox_bag_rewind(r) != 0)
		return -1;
	while ((rc = vox_bag_next(r, &name, &size)) == 1) {
		struct seen *s = g_hash_table_lookup(seen, name);
		int payload = g_str_has_prefix(name, "data/");

		if (first && s) {
			g_ptr_array_add(problems, g_strdup_printf("%s: appears twice in the bag",
			    name));
			continue;
		}
		if (first) {
			s = g_new0(struct seen, 1);
			s->payload = payload;
			g_hash_table_insert(seen, g_strdup(name), s);
			if (hash_current(r, payload ? payload_mask : ALL_HASHES, s,
			    !payload && is_tag_kept(name), buf) != 0)
				return -1;
		} else if (payload && s) {
			if (hash_current(r, payload_mask, s, 0, buf) != 0)
				return -1;
		}
	}
	return rc;
}

static void
problem(GPtrArray *problems, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
problem(GPtrArray *problems, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(problems, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static void
check_bagit_txt(struct seen *s, GPtrArray *problems)
{
	GPtrArray *kv;
	const guint8 *d;

	if (!s) {
		problem(problems, "bagit.txt: missing");
		return;
	}
	d = s->content->data;
	if (s->content->len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
		problem(problems, "bagit.txt: starts with a byte order mark");
		return;
	}
	kv = vox_bag_parse_info("bagit.txt", (const char *)d, s->content->len);
	if (!kv) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	if (kv->len != 4 || strcmp(g_ptr_array_index(kv, 0), "BagIt-Version") != 0 ||
	    strcmp(g_ptr_array_index(kv, 2), "Tag-File-Character-Encoding") != 0)
		problem(problems, "bagit.txt: not the two lines BagIt-Version and "
		    "Tag-File-Character-Encoding");
	else if (!g_regex_match_simple("^[0-9]+\\.[0-9]+$", g_ptr_array_index(kv, 1), 0, 0))
		problem(problems, "bagit.txt: BagIt-Version '%s' is not M.N",
		    (char *)g_ptr_array_index(kv, 1));
	g_ptr_array_unref(kv);
}

static void
check_oxum(GHashTable *seen, GPtrArray *problems)
{
	struct seen *s = g_hash_table_lookup(seen, "bag-info.txt");
	GHashTableIter it;
	gpointer k, v;
	int64_t octets = 0, count = 0;
	GPtrArray *kv;

	if (!s)
		return;
	kv = vox_bag_parse_info("bag-info.txt", (const char *)s->content->data, s->content->len);
	if (!kv) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	g_hash_table_iter_init(&it, seen);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct seen *f = v;

		if (f->payload) {
			octets += f->size;
			count++;
		}
	}
	for (guint i = 0; i + 1 < kv->len; i += 2) {
		const char *val = g_ptr_array_index(kv, i + 1);
		gint64 o, c;
		char *end;

		if (g_ascii_strcasecmp(g_ptr_array_index(kv, i), "Payload-Oxum") != 0)
			continue;
		o = g_ascii_strtoll(val, &end, 10);
		if (*end != '.') {
			problem(problems, "bag-info.txt: Payload-Oxum '%s' is not octets.count", val);
			continue;
		}
		c = g_ascii_strtoll(end + 1, &end, 10);
		if (*end || o != octets || c != count)
			problem(problems, "bag-info.txt: Payload-Oxum says %s but the payload is %"
			    G_GINT64_FORMAT ".%" G_GINT64_FORMAT, val, octets, count);
	}
	g_ptr_array_unref(kv);
}

static int
name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *
sorted_keys(GHashTable *t)
{
	GPtrArray *a = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;

	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(a, k);
	g_ptr_array_sort(a, name_cmp);
	return a;
}

/* Checks one manifest's lines against what was read; every payload file must be listed
 * in a payload manifest. */
static void
check_manifest(GHashTable *seen, const char *mname, int alg, int payload, GPtrArray *problems)
{
	struct seen *ms = g_hash_table_lookup(seen, mname);
	GHashTable *m;
	GPtrArray *names;

	m = vox_bag_parse_manifest(mname, (const char *)ms->content->data, ms->content->len,
	    payload);
	if (!m) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	names = sorted_keys(m);
	for (guint i = 0; i < names->len; i++) {
		const char *path = g_ptr_array_index(names, i);
		struct seen *f = g_hash_table_lookup(seen, path);

		if (!f)
			problem(problems, "%s: listed in %s but missing", path, mname);
		else if (!f->hex[alg])
			problem(problems, "%s: %s not computed", path, hname[alg]);
		else if (strcmp(f->hex[alg], g_hash_table_lookup(m, path)) != 0)
			problem(problems, "%s: %s does not match %s", path, hname[alg], mname);
	}
	g_ptr_array_unref(names);
	if (payload) {
		names = sorted_keys(seen);
		for (guint i = 0; i < names->len; i++) {
			const char *path = g_ptr_array_index(names, i);
			struct seen *f = g_hash_table_lookup(seen, path);

			if (f->payload && !g_hash_table_contains(m, path))
				problem(problems, "%s: not listed in %s", path, mname);
		}
		g_ptr_array_unref(names);
	}
	g_hash_table_destroy(m);
}

int
vox_bag_verify(vox_bag_reader *r, GPtrArray *problems, GPtrArray *files)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)seen_free);
	guchar *buf = g_malloc(CHUNK);
	unsigned payload_mask = (1u << H_SHA256) | (1u << H_SHA512), wanted = 0;
	GPtrArray *names = NULL;
	guint before = problems->len;
	int ret = -1, n_payload_manifests = 0;

	if (vox_bag_rewind(r) != 0 || verify_pass(r, seen, payload_mask, 1, problems, buf) != 0)
		goto out;
	names = sorted_keys(seen);
	/* Which algorithms do the payload manifests use? Hash again for any not done. */
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		int tag = g_str_has_prefix(n, "tagmanifest-");
		g_autofree char *alg = NULL;
		int a;

		if (!is_tag_kept(n) || (!tag && !g_str_has_prefix(n, "manifest-")))
			continue;
		alg = g_strndup(n + (tag ? 12 : 9), strlen(n) - (tag ? 12 : 9) - 4);
		a = alg_index(alg);
		if (a < 0) {
			problem(problems, "%s: checksum algorithm '%s' not supported", n, alg);
			continue;
		}
		if (!tag) {
			wanted |= 1u << a;
			n_payload_manifests++;
		}
	}
	if (wanted & ~payload_mask) {
		if (verify_pass(r, seen, wanted & ~payload_mask, 0, problems, buf) != 0)
			goto out;
	}
	check_bagit_txt(g_hash_table_lookup(seen, "bagit.txt"), problems);
	if (n_payload_manifests == 0)
		problem(problems, "manifest-sha512.txt: no payload manifest in the bag");
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		int tag = g_str_has_prefix(n, "tagmanifest-");
		g_autofree char *alg = NULL;
		int a;

		if (!is_tag_kept(n) || (!tag && !g_str_has_prefix(n, "manifest-")))
			continue;
		alg = g_strndup(n + (tag ? 12 : 9), strlen(n) - (tag ? 12 : 9) - 4);
		a = alg_index(alg);
		if (a >= 0)
			check_manifest(seen, n, a, !tag, problems);
	}
	check_oxum(seen, problems);
	ret = problems->len > before ? 1 : 0;
	if (ret == 0 && files) {
		for (guint i = 0; i < names->len; i++) {
			const char *n = g_ptr_array_index(names, i);
			struct seen *s = g_hash_table_lookup(seen, n);
			struct vox_bag_file *f;

			if (!s->payload)
				continue;
			f = g_new0(struct vox_bag_file, 1);
			f->name = g_strdup(n);
			f->size = s->size;
			g_strlcpy(f->sha256, s->hex[H_SHA256], sizeof(f->sha256));
			g_ptr_array_add(files, f);
		}
	}
out:
	if (names)
		g_ptr_array_unref(names);
	g_hash_table_destroy(seen);
	g_free(buf);
	return ret;
}
