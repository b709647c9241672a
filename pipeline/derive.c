#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <turbojpeg.h>
#include <vips/vips.h>

#include "vox/bytes.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/store.h"

static guint encodes;
static guint reads;

/*
 * Held while libvips builds or drops a pipeline that may hold vector code: liborc 0.4.33
 * (Debian 12) takes its global lock when it allocates a program's code memory but not when
 * it frees it, so one worker dropping a resize (vips_reduce compiles orc programs when the
 * operation is built, and with the operation cache off each one is freed when its image is
 * dropped) while another compiles corrupts orc's list of code chunks: a SIGSEGV in liborc
 * after some thousands of photos. Only building and dropping happen under the lock: the
 * pixels are computed outside it (running compiled code needs no lock), so the workers'
 * decodes and resizes overlap as their encodes do.
 */
static GMutex vips_build_lock;

/*
 * The stored files a run found to match their hash, by the file's identity and times, kept
 * in cache/.verified between runs: a photo whose derivatives are all in the cache is not
 * read again while its stored file is the very file that was checked — the same device,
 * inode, size, modification and change times, as git's index trusts a file. Writing,
 * replacing or renaming the file changes its change time, which no program can set back;
 * a file that changed within two seconds of its check is not recorded, against clocks
 * coarser than the file system's times. It holds hashes and file times only, nothing of a
 * photo (the catalog's tombstones keep the hashes of withdrawn photos too); a line of a file
 * gone from the store is never matched again. A missing or unreadable record only costs
 * reading the files again.
 */
#define MEMO_FILE ".verified"

struct stamp {
	dev_t dev;
	ino_t ino;
	gint64 size, mtime_ns, ctime_ns;
};

struct memo {
	GMutex lock;
	GHashTable *ok;    /* sha256 -> struct stamp * */
	int dirty;
};

static void
stamp_of(const struct stat *st, struct stamp *t)
{
	t->dev = st->st_dev;
	t->ino = st->st_ino;
	t->size = st->st_size;
	t->mtime_ns = (gint64)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	t->ctime_ns = (gint64)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

static int
stamp_eq(const struct stamp *a, const struct stamp *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

static void
memo_load(struct memo *m, const char *cache_dir)
{
	g_autofree char *path = g_build_filename(cache_dir, MEMO_FILE, NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;

	g_mutex_init(&m->lock);
	m->ok = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	m->dirty = 0;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		char sha[VOX_SHA256_HEX];
		unsigned long long dev, ino;
		long long size, mt, ct;
		struct stamp *t;

		if (sscanf(lines[i], "%64[0-9a-f] %llu %llu %lld %lld %lld", sha, &dev, &ino,
		    &size, &mt, &ct) != 6 || strlen(sha) != 64)
			continue;
		t = g_new(struct stamp, 1);
		t->dev = (dev_t)dev;
		t->ino = (ino_t)ino;
		t->size = size;
		t->mtime_ns = mt;
		t->ctime_ns = ct;
		g_hash_table_replace(m->ok, g_strdup(sha), t);
	}
}

/* Whether path, named by sha256, is the file found to match it before. */
static int
memo_trusts(struct memo *m, const char *path, const char *sha256)
{
	struct stat st;
	struct stamp now, *t;
	int ok;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	stamp_of(&st, &now);
	g_mutex_lock(&m->lock);
	t = g_hash_table_lookup(m->ok, sha256);
	ok = t && stamp_eq(t, &now);
	g_mutex_unlock(&m->lock);
	return ok;
}

/* Records that path, as stat()ed in before, was read and matched sha256, if it is still
 * that file and did not change within the last two seconds. */
static void
memo_note(struct memo *m, const char *path, const char *sha256, const struct stat *before)
{
	struct stat st;
	struct stamp a, b;

	if (stat(path, &st) != 0)
		return;
	stamp_of(before, &a);
	stamp_of(&st, &b);
	if (!stamp_eq(&a, &b) ||
	    b.ctime_ns > g_get_real_time() * 1000 - (gint64)2 * 1000000000)
		return;
	g_mutex_lock(&m->lock);
	g_hash_table_replace(m->ok, g_strdup(sha256), g_memdup2(&b, sizeof(b)));
	m->dirty = 1;
	g_mutex_unlock(&m->lock);
}

/* Writes the record back when it changed, and frees it. */
static void
memo_save(struct memo *m, const char *cache_dir)
{
	g_autofree char *path = g_build_filename(cache_dir, MEMO_FILE, NULL);
	GString *out;
	GHashTableIter it;
	gpointer k, v;

	if (m->dirty) {
		out = g_string_new(NULL);
		g_hash_table_iter_init(&it, m->ok);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			const struct stamp *t = v;

			g_string_append_printf(out, "%s %llu %llu %lld %lld %lld\n", (char *)k,
			    (unsigned long long)t->dev, (unsigned long long)t->ino,
			    (long long)t->size, (long long)t->mtime_ns, (long long)t->ctime_ns);
		}
		/* Only a cost when it cannot be written: the next run reads the files again. */
		if (vox_write_atomic(path, cache_dir, out->str, out->len) != 0)
			vox_error_clear();
		g_string_free(out, TRUE);
	}
	g_hash_table_destroy(m->ok);
	g_mutex_clear(&m->lock);
}

/*
 * Derivatives are renamed into place without an fsync each and flushed together by one
 * syncfs at the end of the run: two fsyncs a file cost a tenth of a large gallery's time.
 * Until the flush a crash could leave a derivative empty or cut short under its final name,
 * which the cache would then serve. So before its first derivative a run makes its own
 * durable marker, cache/.unsynced-XXXXXX, and removes it only after the flush. Every run
 * holds a shared lock on the cache folder; one that gets the lock alone first deals with
 * markers a run left when it died (none is running now): every derivative changed since
 * the oldest of them was made, a second early against coarse clocks, is deleted and will
 * be made again. A run that cannot make its marker writes each file durably, as before.
 */
#define UNSYNCED_PREFIX ".unsynced-"

struct flush {
	GMutex lock;
	const char *cache_dir;
	int dir_fd;        /* the cache folder, locked shared; -1 when it could not be */
	char *marker;      /* this run's marker, once made */
	int durable;       /* no marker could be made: fsync each file */
};

/* Deletes what died unflushed: the derivatives changed since the oldest marker of a dead
 * run, then the markers. Called with the cache folder locked exclusively. */
static void
flush_recover(int dir_fd)
{
	int fd = dup(dir_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	GPtrArray *markers = g_ptr_array_new_with_free_func(g_free);
	gint64 since = G_MAXINT64;
	struct dirent *e;
	struct stat st;

	if (!d) {
		if (fd >= 0)
			close(fd);
		g_ptr_array_unref(markers);
		return;
	}
	while ((e = readdir(d)))
		if (g_str_has_prefix(e->d_name, UNSYNCED_PREFIX) &&
		    fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			since = MIN(since, (gint64)st.st_mtim.tv_sec * 1000000000 +
			    st.st_mtim.tv_nsec - 1000000000);
			g_ptr_array_add(markers, g_strdup(e->d_name));
		}
	if (markers->len > 0) {
		rewinddir(d);
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' &&
			    fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    (gint64)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec >= since)
				unlinkat(dir_fd, e->d_name, 0);
		/* The deletions reach the disk before the markers that call for them go. */
		fsync(dir_fd);
		for (guint i = 0; i < markers->len; i++)
			unlinkat(dir_fd, markers->pdata[i], 0);
		fsync(dir_fd);
	}
	closedir(d);
	g_ptr_array_unref(markers);
}

static void
flush_begin(struct flush *f, const char *cache_dir)
{
	memset(f, 0, sizeof(*f));
	g_mutex_init(&f->lock);
	f->cache_dir = cache_dir;
	f->dir_fd = open(cache_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dir_fd < 0) {
		f->durable = 1;
		return;
	}
	if (flock(f->dir_fd, LOCK_EX | LOCK_NB) == 0)
		flush_recover(f->dir_fd);
	/* From exclusive (or nothing) to shared: a run that starts meanwhile waits for it. */
	if (flock(f->dir_fd, LOCK_SH) != 0)
		f->durable = 1;
}

/* Before a derivative is written: this run's marker is on disk. 0, or -1 when the file
 * must be written durably instead. */
static int
flush_mark(struct flush *f)
{
	int r;

	g_mutex_lock(&f->lock);
	if (!f->marker && !f->durable) {
		char *path = g_build_filename(f->cache_dir, UNSYNCED_PREFIX "XXXXXX", NULL);
		int fd = g_mkstemp_full(path, O_WRONLY | O_CLOEXEC, 0644);
		int ok = fd >= 0 && fsync(fd) == 0;

		/* Closed once, whatever happened: another thread may reuse the number. */
		if (fd >= 0 && close(fd) != 0)
			ok = 0;
		if (ok && fsync(f->dir_fd) == 0) {
			f->marker = path;
		} else {
			if (fd >= 0)
				unlink(path);
			g_free(path);
			f->durable = 1;
		}
	}
	r = f->durable ? -1 : 0;
	g_mutex_unlock(&f->lock);
	return r;
}

/* After the run: its derivatives on disk, then its marker gone. A failed flush leaves the
 * marker, so that the next run makes those derivatives again. */
static void
flush_end(struct flush *f)
{
	if (f->marker && syncfs(f->dir_fd) == 0 && unlink(f->marker) == 0)
		fsync(f->dir_fd);
	g_free(f->marker);
	if (f->dir_fd >= 0)
		close(f->dir_fd);
	g_mutex_clear(&f->lock);
}

/*
 * What the workers hold at once is bounded, so that a gallery stays under 200 MB whatever
 * its photos: each photo is weighed before it is decoded (about a byte a source pixel,
 * what its decoder holds, vox_decode_bytes(), and five copies of its largest derivative as
 * it is decoded, shrunk and copied), and a worker waits while the others hold so much
 * that its photo would take them past BUDGET_BYTES; one alone always goes. A 12-megapixel
 * phone photo weighs about 40 MB, so two go at once (three workers with 128 MB passed
 * 200 MB on the 40 phone photos of tests/bench/bench-gallery.sh); a large interlaced file
 * goes alone; photos of 1000x750 (about 15 MB) go on every worker.
 */
#define BUDGET_BYTES (96LL * 1024 * 1024)
/* A photo weighing more than this gives its memory back once decoded (malloc_trim()):
 * never a phone photo (about 40 MB), which would pay for it on every photo. */
#define TRIM_AFTER (48LL * 1024 * 1024)
void
vox_budget_take(struct vox_budget *b, gint64 bytes)
{
	if (bytes <= 0)
		return;
	g_mutex_lock(&b->lock);
	while (b->held > 0 && b->held + bytes > b->limit)
		g_cond_wait(&b->freed, &b->lock);
	b->held += bytes;
	g_mutex_unlock(&b->lock);
}

void
vox_budget_give(struct vox_budget *b, gint64 bytes)
{
	if (bytes <= 0)
		return;
	g_mutex_lock(&b->lock);
	b->held -= bytes;
	g_cond_broadcast(&b->freed);
	g_mutex_unlock(&b->lock);
}

static void
budget_clear(struct vox_budget *b)
{
	g_mutex_clear(&b->lock);
	g_cond_clear(&b->freed);
}

struct job {
	const char *cache_dir;
	struct vox_budget *budget;
	struct flush *flush;
	struct memo *memo;
	const struct vox_derive_src *src;
	const struct vox_derive_opts *opts;
	struct vox_derived *out;
	size_t index;          /* of src in the run's srcs */
};

void
vox_derive_opts_init(struct vox_derive_opts *o)
{
	const int widths[] = VOX_DERIVE_WIDTHS;

	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < G_N_ELEMENTS(widths); i++)
		o->widths[i] = widths[i];
	o->nwidths = (int)G_N_ELEMENTS(widths);
	o->jpeg_quality = 82;
	o->webp_quality = 75;
	o->webp_effort = 2;
	o->workers = 0;
	o->vips_threads = 1;
}

int
vox_derive_widths(const struct vox_derive_opts *o, int src_width, int out[])
{
	int n = 0, largest = 0;

	for (int i = 0; i < o->nwidths && i < VOX_DERIVE_MAX_WIDTHS; i++) {
		int w = o->widths[i];

		if (w <= 0)
			break;
		if (w > largest)
			largest = w;
		if (w <= src_width && (n == 0 || out[n - 1] < w))
			out[n++] = w;
	}
	if (src_width > 0 && src_width < largest && (n == 0 || out[n - 1] != src_width) &&
	    n < VOX_DERIVE_MAX_WIDTHS)
		out[n++] = src_width;
	return n;
}

int
vox_derive_height(int w0, int h0, int w)
{
	long h;

	if (w0 <= 0 || h0 <= 0 || w <= 0)
		return 1;
	h = lround((double)h0 * w / w0);
	return h < 1 ? 1 : (int)h;
}

uint64_t
vox_derive_encodes(void)
{
	return (uint64_t)g_atomic_int_get(&encodes);
}

uint64_t
vox_derive_reads(void)
{
	return (uint64_t)g_atomic_int_get(&reads);
}

void
vox_derived_free(struct vox_derived *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nsizes; i++) {
		g_free(d->sizes[i].jpeg);
		g_free(d->sizes[i].webp);
	}
	g_free(d->error);
	g_free(d);
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

int
vox_decode_size_ok(const char *domain, const char *name, int w, int h)
{
	if (w > 0 && h > 0 && (long long)w * h <= VOX_MAX_DECODE_PIXELS)
		return 0;
	if (!name)
		return vox_error(domain, "%d x %d pixels, more than photovox decodes "
		    "(%lld megapixels); refused", w, h, VOX_MAX_DECODE_PIXELS / 1000000);
	return vox_error(domain, "'%s': %d x %d pixels, more than photovox decodes "
	    "(%lld megapixels); refused", name, w, h, VOX_MAX_DECODE_PIXELS / 1000000);
}

gint64
vox_decode_bytes(VipsImage *im)
{
	const char *loader = NULL, *ss = NULL;
	int interlaced = 0;
	gint64 px = (gint64)im->Xsize * im->Ysize, half_bytes;

	if (vips_image_get_typeof(im, "interlaced"))
		vips_image_get_int(im, "interlaced", &interlaced);
	if (!interlaced)
		return 0;
	if (vips_image_get_typeof(im, "vips-loader"))
		vips_image_get_string(im, "vips-loader", &loader);
	if (!loader || !g_str_has_prefix(loader, "jpegload"))
		return px * im->Bands * (gint64)vips_format_sizeof(im->BandFmt);
	/* Coefficients: 2 bytes a sample; counted in half bytes a pixel for subsampled
	 * chroma (4:2:0: 1 + 1/4 + 1/4 samples a pixel, so 3 bytes). */
	if (vips_image_get_typeof(im, "jpeg-chroma-subsample"))
		vips_image_get_string(im, "jpeg-chroma-subsample", &ss);
	if (im->Bands >= 3 && ss && strcmp(ss, "4:2:0") == 0)
		half_bytes = 6 + 2 * (im->Bands - 3) * 2;
	else if (im->Bands >= 3 && ss && strcmp(ss, "4:4:4") != 0)
		half_bytes = 8 + 2 * (im->Bands - 3) * 2;     /* 4:2:2 and the like */
	else
		half_bytes = 4 * im->Bands;
	return px * half_bytes / 2;
}

int
vox_decode_header_ok(const char *domain, const char *name, VipsImage *im)
{
	gint64 need;

	if (vox_decode_size_ok(domain, name, im->Xsize, im->Ysize) != 0)
		return -1;
	if ((need = vox_decode_bytes(im)) <= VOX_MAX_DECODE_BYTES)
		return 0;
	return vox_error(domain, "%s%s%s%d x %d pixels, interlaced (a progressive JPEG or an "
	    "interlaced PNG): its decoder would hold %lld MB at once, more than photovox "
	    "allows (%lld MB); refused (a copy saved as an ordinary, baseline JPEG is "
	    "accepted)", name ? "'" : "", name ? name : "", name ? "': " : "", im->Xsize,
	    im->Ysize, (long long)(need >> 20), VOX_MAX_DECODE_BYTES >> 20);
}

VipsSource *
vox_source_at_start(int fd)
{
	if (lseek(fd, 0, SEEK_SET) != 0) {
		vips_error("vox", "cannot read the file from its start: %s", g_strerror(errno));
		return NULL;
	}
	return vips_source_new_from_descriptor(fd);
}

/* From the header of the photo open at fd: its display size and what its decoder holds at
 * once. -1 with an error naming name when it cannot be read or may not be decoded
 * (vox_decode_header_ok()). */
static int
header_size(int fd, const char *name, int *w, int *h, gint64 *holds)
{
	VipsSource *src;
	VipsImage *im;
	int ret;

	if (!(src = vox_source_at_start(fd)))
		return vox_error_vips("derive", "'%s'", name);
	im = vips_image_new_from_source(src, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	g_object_unref(src);
	if (!im)
		return vox_error_vips("derive", "'%s'", name);
	*w = im->Xsize;
	*h = im->Ysize;
	if (vips_image_get_orientation_swap(im)) {
		*w = im->Ysize;
		*h = im->Xsize;
	}
	*holds = vox_decode_bytes(im);
	ret = vox_decode_header_ok("derive", name, im);
	g_object_unref(im);
	return ret;
}

/* A fresh image holding in's pixels alone, computed now: no EXIF, XMP, IPTC, ICC or any
 * other field can reach a derivative, whatever the savers' strip option does (libvips
 * 8.14's WebP saver writes EXIF and XMP despite strip), and nothing of the pipeline that
 * made it (nor its vector code) outlives this call. The pipeline is built under
 * vips_build_lock; it is computed outside the lock and dropped under it. */
static VipsImage *
to_memory(VipsImage *in)
{
	size_t size = 0;
	void *px;
	VipsImage *mem;

	g_mutex_unlock(&vips_build_lock);
	px = vips_image_write_to_memory(in, &size);
	mem = px ? vips_image_new_from_memory_copy(px, size, in->Xsize, in->Ysize, in->Bands,
	    in->BandFmt) : NULL;
	g_free(px);
	g_mutex_lock(&vips_build_lock);
	if (mem)
		mem->Type = in->Bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
	return mem;
}

/* The decoded image resized to exactly w x h, in memory. */
static VipsImage *
resize(VipsImage *mem, int w, int h)
{
	VipsImage *t = NULL, *out = NULL;

	g_mutex_lock(&vips_build_lock);
	if (vips_resize(mem, &t, (double)w / mem->Xsize, "vscale", (double)h / mem->Ysize,
	    NULL) == 0) {
		out = to_memory(t);
		g_object_unref(t);
	}
	g_mutex_unlock(&vips_build_lock);
	return out;
}

/* The one decode: shrink-on-load to exactly w x h, orientation applied, sRGB (or grey),
 * 8 bits, no alpha, held in memory so each size and format reads it without decoding. */
static VipsImage *
decode(int fd, int w, int h)
{
	VipsImage *t[4] = { NULL };
	VipsImage *in, *mem = NULL;
	VipsSource *src = NULL;

	g_mutex_lock(&vips_build_lock);
	/* Streamed from the file as it is shrunk: a stored photo of up to 160 MB is never
	 * held whole in memory. */
	if (!(src = vox_source_at_start(fd)) ||
	    vips_thumbnail_source(src, &t[0], w, "height", h, "size", VIPS_SIZE_FORCE, NULL))
		goto out;
	in = t[0];
	if (in->Type != VIPS_INTERPRETATION_sRGB && in->Type != VIPS_INTERPRETATION_B_W) {
		if (vips_colourspace(in, &t[1], VIPS_INTERPRETATION_sRGB, NULL))
			goto out;
		in = t[1];
	} else if (in->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast_uchar(in, &t[1], NULL))
			goto out;
		in = t[1];
	}
	if (vips_image_hasalpha(in)) {
		VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
		int r = vips_flatten(in, &t[2], "background", white, NULL);

		vips_area_unref(VIPS_AREA(white));
		if (r)
			goto out;
		in = t[2];
		if (vips_cast_uchar(in, &t[3], NULL))
			goto out;
		in = t[3];
	}
	mem = to_memory(in);
out:
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (t[i])
			g_object_unref(t[i]);
	if (src)
		g_object_unref(src);
	g_mutex_unlock(&vips_build_lock);
	return mem;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/*
 * Drops the EXIF, XMP and ICCP chunks from a WebP file in place and clears their flags in
 * VP8X: libvips 8.14 writes a small EXIF block (resolution, orientation) into every WebP,
 * strip or not, and a derivative carries no metadata at all. Returns the new length, or 0
 * when buf is not a WebP file as expected.
 */
static size_t
webp_strip(unsigned char *buf, size_t len)
{
	size_t in = 12, out = 12;
	unsigned char *vp8x = NULL;

	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WEBP", 4) != 0)
		return 0;
	while (in < len) {
		uint32_t size;
		size_t whole;

		if (len - in < 8)
			return 0;
		size = vox_le32(buf + in + 4);
		if (size > len - in - 8)
			return 0;
		whole = 8 + (size_t)size + (size & 1);
		if (whole > len - in)
			whole = len - in;
		if (memcmp(buf + in, "EXIF", 4) == 0 || memcmp(buf + in, "XMP ", 4) == 0 ||
		    memcmp(buf + in, "ICCP", 4) == 0) {
			in += whole;
			continue;
		}
		memmove(buf + out, buf + in, whole);
		if (memcmp(buf + out, "VP8X", 4) == 0 && size >= 1)
			vp8x = buf + out + 8;
		in += whole;
		out += whole;
	}
	if (vp8x)
		vp8x[0] &= (unsigned char)~(0x20 | 0x08 | 0x04);
	put_le32(buf + 4, (uint32_t)(out - 8));
	return out;
}

/*
 * A JPEG of a memory image (8-bit sRGB or grey) made by TurboJPEG straight from its pixels:
 * progressive, which implies optimised Huffman tables, 4:2:0 (what libvips' saver does below
 * quality 90), and nothing but the JFIF header. libvips' saver would make the same file,
 * passing each strip through a thread of its own: 10 to 17% slower. Returns 0, or -1 with
 * an error.
 */
static int
jpeg_encode(VipsImage *im, int quality, const char *path, unsigned char **buf,
    unsigned long *len)
{
	tjhandle tj;
	int grey = im->Bands == 1;

	if ((im->Bands != 1 && im->Bands != 3) || im->BandFmt != VIPS_FORMAT_UCHAR ||
	    vips_image_wio_input(im) != 0)
		return vox_error("derive", "'%s': not an 8-bit sRGB or grey image", path);
	if (!(tj = tjInitCompress()))
		return vox_error("derive", "'%s': cannot start TurboJPEG: %s", path,
		    tjGetErrorStr2(NULL));
	if (tjCompress2(tj, VIPS_IMAGE_ADDR(im, 0, 0), im->Xsize, 0, im->Ysize,
	    grey ? TJPF_GRAY : TJPF_RGB, buf, len, grey ? TJSAMP_GRAY : TJSAMP_420, quality,
	    TJFLAG_PROGRESSIVE) != 0) {
		vox_error("derive", "'%s': %s", path, tjGetErrorStr2(tj));
		tjDestroy(tj);
		tjFree(*buf);
		*buf = NULL;
		return -1;
	}
	tjDestroy(tj);
	return 0;
}

static int
save(VipsImage *im, const char *path, int webp, const struct job *j)
{
	const struct vox_derive_opts *o = j->opts;
	unsigned char *tjbuf = NULL;
	unsigned long tjlen = 0;
	void *buf = NULL;
	size_t len = 0;
	int r;

	if (webp) {
		if (vips_webpsave_buffer(im, &buf, &len, "Q", o->webp_quality, "effort",
		    o->webp_effort, "strip", TRUE, NULL) != 0)
			return vox_error_vips("derive", "'%s'", path);
		if ((len = webp_strip(buf, len)) == 0) {
			g_free(buf);
			return vox_error("derive", "'%s': libvips made an unexpected WebP file",
			    path);
		}
	} else {
		if (jpeg_encode(im, o->jpeg_quality, path, &tjbuf, &tjlen) != 0)
			return -1;
		buf = tjbuf;
		len = tjlen;
	}
	g_atomic_int_inc(&encodes);
	if (flush_mark(j->flush) == 0)
		r = vox_write_unsynced(path, j->cache_dir, buf, len);
	else
		r = vox_write_atomic(path, j->cache_dir, buf, len);
	if (tjbuf)
		tjFree(tjbuf);
	else
		g_free(buf);
	return r;
}

/* Fills d's sizes for a w0 x h0 photo and returns how many of its files are missing from
 * the cache. */
static int
plan_sizes(struct job *j, int w0, int h0)
{
	struct vox_derived *d = j->out;
	int widths[VOX_DERIVE_MAX_WIDTHS];
	int n = vox_derive_widths(j->opts, w0, widths), missing = 0;

	for (int i = 0; i < d->nsizes; i++) {
		g_free(d->sizes[i].jpeg);
		g_free(d->sizes[i].webp);
	}
	d->nsizes = n;
	for (int i = 0; i < n; i++) {
		struct vox_derived_size *z = &d->sizes[i];

		z->width = widths[i];
		z->height = vox_derive_height(w0, h0, widths[i]);
		z->jpeg = g_strdup_printf("%s/%s-%d.jpg", j->cache_dir, j->src->sha256, z->width);
		z->webp = g_strdup_printf("%s/%s-%d.webp", j->cache_dir, j->src->sha256,
		    z->width);
		missing += !exists(z->jpeg) + !exists(z->webp);
	}
	return missing;
}

static int
derive_one(struct job *j)
{
	const struct vox_derive_src *s = j->src;
	struct vox_derived *d = j->out;
	int w0 = s->width, h0 = s->height, n, missing = -1, ret = -1;
	VipsImage *mem = NULL, *small[VOX_DERIVE_MAX_WIDTHS] = { NULL };
	int fd = -1;
	struct stat before;
	gint64 holds = 0, decoding = 0, encoding = 0;
	int headed = 0;
	int stated;

	/* Every derivative cached, and the stored file the very one found sound before: it
	 * is not read again. The sizes planned here (missing >= 0) serve below too. */
	if (w0 > 0 && h0 > 0) {
		if (vox_decode_size_ok("derive", s->path, w0, h0) != 0)
			return -1;
		missing = plan_sizes(j, w0, h0);
		if (missing == 0 && d->nsizes > 0 && memo_trusts(j->memo, s->path, s->sha256))
			return 0;
	}
	/* Read once, hashed as it is read: a stored file that is missing or not what its
	 * name says makes nothing, even when its derivatives are already in the cache
	 * (privacy rule 8; every output leaves such a photo out alike). */
	stated = stat(s->path, &before) == 0;
	g_atomic_int_inc(&reads);
	fd = vox_store_open_verified(s->path, s->sha256);
	if (fd < 0)
		goto out;
	if (stated)
		memo_note(j->memo, s->path, s->sha256, &before);
	if (missing < 0) {
		/* The size was not known: the file's header says it. */
		if (header_size(fd, s->path, &w0, &h0, &holds) != 0)
			goto out;
		headed = 1;
		missing = plan_sizes(j, w0, h0);
	}
	n = d->nsizes;
	if (missing == 0 || n == 0) {
		ret = 0;
		goto out;
	}
	/* The file's own header, not only the size the caller was told, decides; and what
	 * its decoder holds waits for room in the run's budget. */
	{
		int fw = w0, fh = h0;

		if (!headed && header_size(fd, s->path, &fw, &fh, &holds) != 0)
			goto out;
		/* Measured: about a byte a source pixel for a streaming decode as it shrinks,
		 * a quarter more than the decoder's own hold, and five copies of the largest
		 * derivative. */
		decoding = (gint64)fw * fh + holds + holds / 4;
		encoding = (gint64)d->sizes[n - 1].width * d->sizes[n - 1].height * 3 * 5;
	}
	vox_budget_take(j->budget, decoding + encoding);
	mem = decode(fd, d->sizes[n - 1].width, d->sizes[n - 1].height);
	if (!mem)
		vox_error_vips("derive", "'%s'", s->path);
	for (int i = n - 2; mem && i >= 0; i--) {
		struct vox_derived_size *z = &d->sizes[i];

		if (exists(z->jpeg) && exists(z->webp))
			continue;
		if (!(small[i] = resize(mem, z->width, z->height))) {
			vox_error_vips("derive", "'%s'", s->path);
			break;
		}
	}
	/* Decoded (and shrunk): what the decoder held is free again, and a large decode's
	 * memory goes back to the system. glibc keeps freed blocks in the heap of the thread
	 * that used them (after a large block it keeps blocks of up to 32 MB there): after
	 * large photos decoded by each worker, a gallery held them all, and passed 200 MB. */
	vox_budget_give(j->budget, decoding);
	if (decoding > TRIM_AFTER)
		malloc_trim(0);
	if (!mem)
		goto out;
	for (int i = n - 1; i >= 0; i--) {
		struct vox_derived_size *z = &d->sizes[i];
		int need_jpeg = !exists(z->jpeg), need_webp = !exists(z->webp);
		VipsImage *im = i == n - 1 ? mem : small[i];

		if (!need_jpeg && !need_webp)
			continue;
		if (!im)
			goto out;
		if ((need_webp && save(im, z->webp, 1, j) != 0) ||
		    (need_jpeg && save(im, z->jpeg, 0, j) != 0))
			goto out;
	}
	ret = 0;
	if (j->opts->made)
		j->opts->made(j->index, d, j->opts->made_data);
out:
	for (int i = 0; i < VOX_DERIVE_MAX_WIDTHS; i++)
		if (small[i])
			g_object_unref(small[i]);
	if (mem)
		g_object_unref(mem);
	/* The images are encoded and dropped: the rest of the photo's weight is free. */
	vox_budget_give(j->budget, encoding);
	if (fd >= 0)
		close(fd);
	vips_error_clear();
	return ret;
}

static void
worker(gpointer data, gpointer user)
{
	struct job *j = data;

	(void)user;
	if (derive_one(j) != 0) {
		struct vox_derived *d = j->out;

		d->error = g_strdup(vox_error_message());
		for (int i = 0; i < d->nsizes; i++) {
			g_free(d->sizes[i].jpeg);
			g_free(d->sizes[i].webp);
		}
		d->nsizes = 0;
	}
}

/*
 * One photo more than there are cores, and no more than DEFAULT_WORKERS: a worker waits
 * on libvips' threads and the disk between its steps, and on two cores two workers kept
 * them 84% busy, three 94% (a gallery of 1,000 photos of 1000x750 in 0.88 of the time).
 * More workers hold more memory besides what the budget weighs (libvips' and each
 * thread's heap: about 12 MB a worker with phone photos), and six passed 200 MB.
 */
#define DEFAULT_WORKERS 3

static int
default_workers(void)
{
	return (int)MIN(g_get_num_processors() + 1, DEFAULT_WORKERS);
}

GPtrArray *
vox_derive_run(const char *cache_dir, const struct vox_derive_src *srcs, size_t n,
    const struct vox_derive_opts *opts)
{
	struct vox_derive_opts defaults;
	struct vox_budget budget = { .limit = BUDGET_BYTES };
	struct flush flush;
	struct memo memo;
	struct job *jobs = NULL;
	GPtrArray *res = NULL;
	GThreadPool *pool = NULL;
	GError *gerr = NULL;

	if (!opts) {
		vox_derive_opts_init(&defaults);
		opts = &defaults;
	}
	if (VIPS_INIT("vox")) {
		vox_error_vips("derive", "cannot start libvips");
		vox_error_set_kind(VOX_ERR_IO);
		return NULL;
	}
	if (g_mkdir_with_parents(cache_dir, 0755) != 0) {
		vox_error_system("derive", "'%s'", cache_dir);
		return NULL;
	}
	/* Every photo is decoded once and dropped; libvips' operation cache would only hold
	 * decoded images in memory. */
	vips_cache_set_max(0);
	/* The user's own libvips setting (VIPS_CONCURRENCY) wins over ours. */
	if (opts->vips_threads > 0 && !g_getenv("VIPS_CONCURRENCY"))
		vips_concurrency_set(opts->vips_threads);
	flush_begin(&flush, cache_dir);
	memo_load(&memo, cache_dir);
	g_mutex_init(&budget.lock);
	g_cond_init(&budget.freed);
	jobs = g_new0(struct job, n ? n : 1);
	res = g_ptr_array_new_with_free_func((GDestroyNotify)vox_derived_free);
	for (size_t i = 0; i < n; i++) {
		jobs[i].cache_dir = cache_dir;
		jobs[i].flush = &flush;
		jobs[i].budget = &budget;
		jobs[i].memo = &memo;
		jobs[i].src = &srcs[i];
		jobs[i].opts = opts;
		jobs[i].out = g_new0(struct vox_derived, 1);
		jobs[i].index = i;
		g_strlcpy(jobs[i].out->sha256, srcs[i].sha256, sizeof(jobs[i].out->sha256));
		g_ptr_array_add(res, jobs[i].out);
	}
	if (n > 1 && opts->workers != 1) {
		pool = g_thread_pool_new(worker, NULL, opts->workers > 0 ? opts->workers :
		    default_workers(), TRUE, &gerr);
		if (!pool) {
			vox_error_k(VOX_ERR_IO, "derive", "cannot start workers: %s", gerr->message);
			g_error_free(gerr);
			budget_clear(&budget);
			flush_end(&flush);
			memo_save(&memo, cache_dir);
			g_ptr_array_unref(res);
			g_free(jobs);
			return NULL;
		}
		for (size_t i = 0; i < n; i++)
			g_thread_pool_push(pool, &jobs[i], NULL);
		g_thread_pool_free(pool, FALSE, TRUE);
	} else {
		for (size_t i = 0; i < n; i++)
			worker(&jobs[i], NULL);
	}
	budget_clear(&budget);
	flush_end(&flush);
	memo_save(&memo, cache_dir);
	g_free(jobs);
	return res;
}

char *
vox_derive_cache(const char *dir, int *tmp)
{
	char *cache = g_build_filename(dir, "cache", NULL);

	*tmp = 0;
	if (access(cache, W_OK) == 0 || (errno == ENOENT && access(dir, W_OK) == 0))
		return cache;
	g_free(cache);
	if (!(cache = g_dir_make_tmp("vox-cache-XXXXXX", NULL))) {
		vox_error_system("derive", "temporary cache");
		return NULL;
	}
	*tmp = 1;
	return cache;
}
