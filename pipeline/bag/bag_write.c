/*
 * Writing bags: the writer collects payload files, then streams them into a zip, a tar, a
 * tar.gz or a folder, hashing each chunk on its way.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "bag_int.h"

struct item {
	char *name;         /* "data/…" */
	char *src;          /* file to read, or NULL */
	GBytes *data;       /* bytes in memory, or NULL */
	int64_t size;
	char sha256[65], sha512[129];
	int known256;       /* sha256 given by the caller: the bytes must match it */
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

	if (!vox_sha256_hex_valid(sha256))
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
		/* An output's marker (a gallery built for the bag) says what made a folder
		 * here; it is not part of what the bag carries. */
		if (strcmp(n, VOX_OUTPUT_MARKER) != 0)
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
	const char *out; /* the bag being written, as the caller named it, for messages */
	char *cur;      /* the entry being written (its name in the bag), for messages */
	int zfd;        /* VOX_BAG_ZIP: the zip file being written */
	GArray *heads;  /* VOX_BAG_ZIP: int64_t offset of each entry's local header */
	GPtrArray *listed; /* an archive: its marker's lines, "dir  PATH" and "SHA256  PATH",
	                    * paths below the top folder (vox_output_listing()) */
};

/*
 * Every error while the bag is written names the output file, then the entry being
 * written when there is one: "'report.zip': writing 'report/data/P07-03.jpg': No space
 * left on device". The file system failed: an I/O error.
 */
static int
sink_fail(struct sink *s, const char *entry, const char *reason)
{
	if (entry)
		return vox_error_k(VOX_ERR_IO, "bag", "'%s': writing '%s': %s", s->out, entry,
		    reason);
	return vox_error_k(VOX_ERR_IO, "bag", "'%s': %s", s->out, reason);
}

/* A system call failed (errno). */
static int
sink_syserr(struct sink *s, const char *entry)
{
	return sink_fail(s, entry, g_strerror(errno));
}

/* libarchive failed: its message, and the system's reason when it has one. */
static int
sink_error(struct sink *s, const char *entry)
{
	const char *msg = archive_error_string(s->a);
	int err = archive_errno(s->a);
	g_autofree char *reason = NULL;

	if (err > 0 && (!msg || !strstr(msg, g_strerror(err))))
		reason = g_strdup_printf("%s: %s", msg ? msg : "cannot write", g_strerror(err));
	else
		reason = g_strdup(msg ? msg : "cannot write");
	return sink_fail(s, entry, reason);
}

/*
 * Ends the zip entry before (which writes the rest of its data) and notes where the next
 * local header, or the central directory, starts: libarchive writes a zip straight to the
 * file, so that is the file's offset.
 */
static int
zip_note_offset(struct sink *s, const char *entry)
{
	int rc = archive_write_finish_entry(s->a);
	off_t at;
	int64_t off;

	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
		return sink_error(s, entry);
	at = lseek(s->zfd, 0, SEEK_CUR);
	if (at < 0)
		return sink_syserr(s, entry);
	off = (int64_t)at;
	g_array_append_val(s->heads, off);
	return 0;
}

static int
sink_entry(struct sink *s, const char *name, int dir, int64_t size)
{
	struct archive_entry *e;
	int compress;
	char *path;

	if (s->format == VOX_BAG_DIR) {
		g_free(s->cur);
		s->cur = g_strdup(name ? name : ".");
		path = name ? g_build_filename(s->dir, name, NULL) : g_strdup(s->dir);
		if (dir) {
			if ((name && mkdir(path, 0755) != 0) || chmod(path, 0755) != 0) {
				sink_syserr(s, s->cur);
				g_free(path);
				return -1;
			}
			g_free(path);
			return 0;
		}
		s->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		g_free(path);
		if (s->fd < 0 || fchmod(s->fd, 0644) != 0)
			return sink_syserr(s, s->cur);
		return 0;
	}
	if (dir && name)
		g_ptr_array_add(s->listed, g_strdup_printf("dir  %s", name));
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
		/* Ends the entry before: a failure there is that entry's. */
		if (zip_note_offset(s, s->cur) != 0) {
			archive_entry_free(e);
			g_free(path);
			return -1;
		}
	}
	g_free(s->cur);
	s->cur = g_strdup(path);
	if (archive_write_header(s->a, e) != ARCHIVE_OK) {
		sink_error(s, s->cur);
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
			return sink_syserr(s, s->cur);
		return 0;
	}
	if (len && archive_write_data(s->a, buf, len) != (la_ssize_t)len)
		return sink_error(s, s->cur);
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
		ret = sink_syserr(s, s->cur);
	if (close(s->fd) != 0 && ret == 0)
		ret = sink_syserr(s, s->cur);
	s->fd = -1;
	return ret;
}

static int
sink_whole(struct sink *s, const char *name, const void *data, size_t len)
{
	if (sink_entry(s, name, 0, (int64_t)len) != 0 || sink_data(s, data, len) != 0)
		return -1;
	if (s->listed) {
		char hex[VOX_SHA256_HEX];

		vox_sha256_hex(data, len, hex);
		g_ptr_array_add(s->listed, g_strdup_printf("%s  %s", hex, name));
	}
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

		if (chunk(s, h, 1, p, len) != 0)
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
			ssize_t n = read(fd, buf, BAG_CHUNK);

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
			if (chunk(s, h, 1, buf, (gsize)n) != 0)
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
	if (!it->known256) {
		g_strlcpy(it->sha256, vox_hash_hex(h[0].sum), sizeof(it->sha256));
	} else if (strcmp(it->sha256, vox_hash_hex(h[0].sum)) != 0) {
		/* A stored file is named by its hash; one that no longer matches was changed
		 * (by hand, or while being written) and must not go out under its name. */
		vox_error("bag", "'%s': does not match the SHA-256 it is stored under",
		    it->src ? it->src : it->name);
		goto out;
	}
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

/* A time as a zip's DOS date and time (little-endian, time first), in UTC, with the bounds
 * libarchive applies: 1980-01-01 00:00:00 to 2107-12-31 23:59:58. */
static void
dos_time_utc(int64_t mtime, guint8 out[4])
{
	time_t t = (time_t)mtime;
	struct tm tm;
	uint32_t dt;

	if (!gmtime_r(&t, &tm) || tm.tm_year > 2107 - 1900) {
		dt = 0xff9fbf7dU;
	} else if (tm.tm_year < 1980 - 1900) {
		dt = 0x00210000U;
	} else {
		dt = ((uint32_t)(tm.tm_year - 80) & 0x7f) << 9 |
		    ((uint32_t)(tm.tm_mon + 1) & 0x0f) << 5 | ((uint32_t)tm.tm_mday & 0x1f);
		dt = dt << 16 | ((uint32_t)tm.tm_hour & 0x1f) << 11 |
		    ((uint32_t)tm.tm_min & 0x3f) << 5 | ((uint32_t)tm.tm_sec & 0x3e) >> 1;
	}
	for (int i = 0; i < 4; i++)
		out[i] = (guint8)(dt >> (8 * i));
}

/*
 * Reads the n bytes of a zip header at off into h, checks its signature and writes the DOS
 * time dos at its offset at. Returns 0 or -1 with an error.
 */
static int
zip_patch(struct sink *s, const char *path, int64_t off, const char *sig, guint8 *h, size_t n,
    size_t at, const guint8 dos[4])
{
	ssize_t got = pread(s->zfd, h, n, (off_t)off);

	if (got < 0)
		return vox_error_system("bag", "'%s'", path);
	if ((size_t)got != n || memcmp(h, sig, 4) != 0)
		return vox_error("bag", "'%s': no zip header where one was written", path);
	if (pwrite(s->zfd, dos, 4, (off_t)(off + (int64_t)at)) != 4)
		return vox_error_system("bag", "'%s'", path);
	return 0;
}

/*
 * libarchive's zip writer stores DOS times in local time, so that the same bag would differ
 * from one time zone to the next. Once the zip is written, its times are set in UTC, in
 * place, in every local header and every entry of the central directory, at the offsets
 * noted while writing. The process's time zone is never touched.
 */
static int
zip_times_utc(struct sink *s, const char *path)
{
	guint n = s->heads->len - 1; /* the last offset is the central directory's */
	int64_t at = g_array_index(s->heads, int64_t, n);
	guint8 dos[4], h[46];

	dos_time_utc(s->mtime, dos);
	for (guint i = 0; i < n; i++)
		if (zip_patch(s, path, g_array_index(s->heads, int64_t, i), "PK\3\4", h, 30, 10,
		    dos) != 0)
			return -1;
	for (guint i = 0; i < n; i++) {
		if (zip_patch(s, path, at, "PK\1\2", h, 46, 12, dos) != 0)
			return -1;
		/* The fixed part, then the name, the extra fields and the comment. */
		at += 46 + (h[28] | h[29] << 8) + (h[30] | h[31] << 8) + (h[32] | h[33] << 8);
	}
	return 0;
}

static int
open_sink(struct sink *s, const char *path, char **tmp, int *fd)
{
	g_autofree char *parent = g_path_get_dirname(path);

	/* A bag replaces only a bag photovox made that nobody added to or changed: checked
	 * before anything is written (another tool's bag, with interviews in it, a catalog,
	 * a person's own zip are left as they are). */
	if (s->format == VOX_BAG_DIR ? vox_output_replaceable(path, "bag") != 1 :
	    vox_output_file_replaceable(path, "bag") != 1)
		return -1;
	/* Locked while written; what a killed run left beside the output is removed. For a
	 * folder, *fd is only the lock; a mount point is filled from inside. */
	if (s->format == VOX_BAG_DIR && vox_is_mount_point(path))
		*tmp = vox_locked_tmp(path, VOX_OUTPUT_BUILD, VOX_TMP_FOLDER, fd);
	else
		*tmp = vox_locked_tmp(parent, ".vox-bag-",
		    s->format == VOX_BAG_DIR ? VOX_TMP_FOLDER : VOX_TMP_FILE, fd);
	if (!*tmp)
		return -1;
	if (s->format == VOX_BAG_DIR) {
		s->dir = g_strdup(*tmp);
		return 0;
	}
	s->listed = g_ptr_array_new_with_free_func(g_free);
	s->a = archive_write_new();
	if (s->format == VOX_BAG_ZIP) {
		archive_write_set_format_zip(s->a);
		s->zfd = *fd;
		s->heads = g_array_new(FALSE, FALSE, sizeof(int64_t));
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
		return sink_error(s, NULL);
	return 0;
}

/* The bag's top-level folder name for an archive, checked; a folder bag has none. */
static int
choose_top(struct sink *s, const char *path, const char *top)
{
	s->top = top ? g_strdup(top) : vox_bag_stem(path);
	if (s->format == VOX_BAG_DIR) {
		g_free(s->top);
		s->top = NULL;
	} else if (!vox_bag_name_ok(s->top) || strchr(s->top, '/')) {
		return vox_error("bag", "'%s': not a usable folder name for a bag", s->top);
	}
	return 0;
}

/*
 * Sorts the payload by name and learns the size of every file to read, *octets in all:
 * sizes come first because bag-info.txt, which comes before data/, needs the Payload-Oxum.
 */
static int
measure_payload(vox_bag_writer *w, int64_t *octets)
{
	*octets = 0;
	g_ptr_array_sort(w->items, item_cmp);
	for (guint i = 0; i < w->items->len; i++) {
		struct item *it = g_ptr_array_index(w->items, i);
		struct stat st;

		if (it->src) {
			if (stat(it->src, &st) != 0)
				return vox_error_system("bag", "'%s'", it->src);
			if (!S_ISREG(st.st_mode))
				return vox_error("bag", "'%s': not a regular file", it->src);
			it->size = st.st_size;
		}
		*octets += it->size;
	}
	return 0;
}

/* bag-info.txt: the caller's lines in the order given, then the computed ones. */
static void
compose_bag_info(vox_bag_writer *w, int64_t octets, GString *info)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(w->mtime);
	char *date = g_date_time_format(dt, "%Y-%m-%d");
	char *size_words = human_size(octets);

	g_date_time_unref(dt);
	for (guint i = 0; i < w->info->len; i += 2)
		info_line(info, g_ptr_array_index(w->info, i), g_ptr_array_index(w->info, i + 1));
	info_line(info, "Bagging-Date", date);
	info_line(info, "Bag-Size", size_words);
	g_string_append_printf(info, "Payload-Oxum: %" G_GINT64_FORMAT ".%u\n", octets,
	    w->items->len);
	info_line(info, "Bag-Count", "1 of 1");
	g_free(date);
	g_free(size_words);
}

/*
 * The entries before the payload, in byte order of their names like all the others: the
 * top folder, bag-info.txt, bagit.txt and data/ (noted in made, the folders written).
 */
static int
write_head(struct sink *s, const GString *info, const GString *bagit, GHashTable *made)
{
	if (sink_entry(s, NULL, 1, 0) != 0 ||
	    sink_whole(s, "bag-info.txt", info->str, info->len) != 0 ||
	    sink_whole(s, "bagit.txt", bagit->str, bagit->len) != 0 ||
	    sink_entry(s, "data", 1, 0) != 0)
		return -1;
	g_hash_table_add(made, g_strdup("data"));
	return 0;
}

/*
 * Every payload file under data/, after the folders it needs that made does not hold yet,
 * hashed on its way; its lines are appended to the manifests m256 and m512.
 */
static int
write_payload(struct sink *s, vox_bag_writer *w, GHashTable *made, GString *m256,
    GString *m512)
{
	guchar *buf = g_malloc(BAG_CHUNK);
	struct hasher hashers[2];
	int ret = -1;

	hasher_start(&hashers[0], VOX_HASH_SHA256);
	hasher_start(&hashers[1], VOX_HASH_SHA512);
	for (guint i = 0; i < w->items->len; i++) {
		struct item *it = g_ptr_array_index(w->items, i);

		if (write_parents(s, it->name, made) != 0 ||
		    write_item(s, it, buf, hashers) != 0)
			goto out;
		g_string_append_printf(m256, "%s  %s\n", it->sha256, it->name);
		if (s->listed)
			g_ptr_array_add(s->listed, g_strdup_printf("%s  %s", it->sha256,
			    it->name));
		g_string_append_printf(m512, "%s  %s\n", it->sha512, it->name);
	}
	ret = 0;
out:
	hasher_stop(&hashers[0]);
	hasher_stop(&hashers[1]);
	g_free(buf);
	return ret;
}

/* The entries after the payload: both manifests and the tag manifest over every tag file. */
static int
write_tag_files(struct sink *s, const GString *info, const GString *bagit, const GString *m256,
    const GString *m512)
{
	GString *tags = g_string_new(NULL);
	int ret = -1;

	tag_sum(tags, "bag-info.txt", info);
	tag_sum(tags, "bagit.txt", bagit);
	tag_sum(tags, "manifest-sha256.txt", m256);
	tag_sum(tags, "manifest-sha512.txt", m512);
	if (sink_whole(s, "manifest-sha256.txt", m256->str, m256->len) != 0 ||
	    sink_whole(s, "manifest-sha512.txt", m512->str, m512->len) != 0 ||
	    sink_whole(s, "tagmanifest-sha256.txt", tags->str, tags->len) != 0)
		goto out;
	ret = 0;
out:
	g_string_free(tags, TRUE);
	return ret;
}

/*
 * Puts a folder bag in place: the times of its folders (made) are set last, since writing
 * inside a folder changes its time, then the temporary folder *tmp is swapped in at path
 * (vox_swap_dir()), replacing an empty folder or an untouched bag photovox made there
 * (checked by open_sink()). Once swapped, *tmp is freed
 * and NULL.
 */
static int
commit_folder(struct sink *s, const char *path, GHashTable *made, char **tmp)
{
	struct timespec ts[2] = { { (time_t)s->mtime, 0 }, { (time_t)s->mtime, 0 } };
	GList *keys;

	/* What this bag holds, so that a later bag may replace it and nothing else. */
	if (vox_output_mark(s->dir, "bag") != 0)
		return -1;
	keys = g_hash_table_get_keys(made);
	for (GList *k = keys; k; k = k->next) {
		g_autofree char *p = g_build_filename(s->dir, (char *)k->data, NULL);

		utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW);
	}
	g_list_free(keys);
	utimensat(AT_FDCWD, s->dir, ts, AT_SYMLINK_NOFOLLOW);
	if (vox_swap_dir(*tmp, path) != 0)
		return -1;
	g_free(*tmp);
	*tmp = NULL;
	return 0;
}

/*
 * Puts an archive bag in place: closes the archive (then sets a zip's times in UTC) and
 * commits the temporary file *tmp, open as *fd, to path. Once vox_tmpfile_commit() has
 * taken them, whether it succeeded or not, *tmp is freed and NULL and *fd is -1.
 */
static int
commit_archive(struct sink *s, const char *path, char **tmp, int *fd)
{
	int ret;

	if (s->format == VOX_BAG_ZIP && zip_note_offset(s, s->cur) != 0)
		return -1;
	if (archive_write_close(s->a) != ARCHIVE_OK)
		return sink_error(s, NULL);
	if (s->format == VOX_BAG_ZIP && zip_times_utc(s, path) != 0)
		return -1;
	ret = vox_tmpfile_commit(*fd, *tmp, path);
	*fd = -1;
	g_free(*tmp);
	*tmp = NULL;
	return ret;
}

int
vox_bag_write(vox_bag_writer *w, const char *path, enum vox_bag_format format,
    const char *top)
{
	struct sink s = { .format = format, .fd = -1, .mtime = w->mtime, .out = path };
	GString *bagit = g_string_new("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	GString *info = g_string_new(NULL);
	GString *m256 = g_string_new(NULL), *m512 = g_string_new(NULL);
	GHashTable *made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *tmp = NULL;
	int fd = -1, ret = -1;
	int64_t octets;
	locale_t old_loc = (locale_t)0;

	if (choose_top(&s, path, top) != 0 || measure_payload(w, &octets) != 0)
		goto out;
	compose_bag_info(w, octets, info);
	old_loc = uselocale(bag_utf8_locale());
	if (open_sink(&s, path, &tmp, &fd) != 0 ||
	    write_head(&s, info, bagit, made) != 0 ||
	    write_payload(&s, w, made, m256, m512) != 0 ||
	    write_tag_files(&s, info, bagit, m256, m512) != 0)
		goto out;
	/* An archive's marker comes last, listing everything before it: what lets a later
	 * bag replace this one, and nothing else (a folder bag is marked as a folder). */
	if (format != VOX_BAG_DIR) {
		g_autofree char *marker = vox_output_listing("bag", s.listed);

		if (sink_whole(&s, VOX_OUTPUT_MARKER, marker, strlen(marker)) != 0)
			goto out;
	}
	if (format == VOX_BAG_DIR ? commit_folder(&s, path, made, &tmp) != 0 :
	    commit_archive(&s, path, &tmp, &fd) != 0)
		goto out;
	ret = 0;
out:
	if (old_loc)
		uselocale(old_loc);
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
	if (s.heads)
		g_array_unref(s.heads);
	if (s.listed)
		g_ptr_array_unref(s.listed);
	g_hash_table_destroy(made);
	g_string_free(bagit, TRUE);
	g_string_free(info, TRUE);
	g_string_free(m256, TRUE);
	g_string_free(m512, TRUE);
	return ret;
}
