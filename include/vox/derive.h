#ifndef VOX_DERIVE_H
#define VOX_DERIVE_H

/*
 * Derivatives: resized copies of stored photos made for outputs, kept in the collection's
 * cache/ and always rebuildable (CONTRIBUTING.md "Outputs", "Performance targets").
 *
 * Each photo is decoded once — libvips thumbnail to the largest width needed, with
 * shrink-on-load, the orientation applied and the colours in sRGB — and every smaller
 * width and both formats (WebP and JPEG) are made from that one decoded image. Nothing of
 * the source's metadata is written (libvips strip). A derivative is named
 * <sha256>-<width>.<ext>, so everything made from one photo starts with its hash and can
 * be deleted by prefix when the photo is withdrawn. One that exists is never remade.
 */

#include <stdint.h>

#include <glib.h>

#define VOX_DERIVE_MAX_WIDTHS 8

/*
 * The most pixels (width x height, 100 megapixels) of a photo that any tool decodes:
 * derivatives, booklets, redaction and the HEIC/HEIF conversion. A progressive JPEG cannot
 * shrink on load (libjpeg holds every coefficient of the whole image: about 6 bytes a
 * pixel), so a 14 KB file claiming 22000 x 22000 would take gigabytes; above this limit a
 * photo is refused from its header, before any pixel is decoded. The largest phone and
 * camera sensors (50-61 MP, 108 MP phones bin to 12 MP by default) stay under it; the
 * manuals of vox-gallery, vox-review, vox-redact and vox-ingest state it.
 */
#define VOX_MAX_DECODE_PIXELS 100000000LL

/*
 * 0 when a photo of w x h pixels may be decoded, or -1 with the error "'name': W x H
 * pixels, more than photovox decodes (100 megapixels); refused" in domain (without the
 * name when name is NULL).
 */
int vox_decode_size_ok(const char *domain, const char *name, int w, int h);

/*
 * The most memory (96 MB) a decoder may need to hold at once for one photo. Most decoders
 * stream, holding a few rows as the image shrinks; an interlaced file cannot: a progressive
 * JPEG's decoder holds every coefficient of the image (2 bytes a sample after chroma
 * subsampling: 3 bytes a pixel at 4:2:0, so 32 megapixels; 6 at 4:4:4, so 16), an
 * interlaced (Adam7) PNG every pixel. A 48-megapixel progressive JPEG would need 144 MB,
 * which with the rest of a tool passes its 200 MB.
 */
#define VOX_MAX_DECODE_BYTES (96LL * 1024 * 1024)

struct _VipsImage;
struct _VipsSource;

/* A libvips source reading fd (an open stored file) from its start, through its own
 * duplicate of fd, which shares the offset; NULL with a libvips error. The caller unrefs
 * it and still owns fd. */
struct _VipsSource *vox_source_at_start(int fd);

/* What decoding the image whose header is im holds at once, beyond a few rows (0 for a
 * decoder that streams). */
gint64 vox_decode_bytes(struct _VipsImage *im);

/*
 * 0 when the photo whose header (sequential access) is im may be decoded: no more pixels
 * than VOX_MAX_DECODE_PIXELS and no more held than VOX_MAX_DECODE_BYTES; else -1 with an
 * error naming name (when not NULL) and saying why, in domain.
 */
int vox_decode_header_ok(const char *domain, const char *name, struct _VipsImage *im);

/*
 * Memory a pool of threads may hold at once: a thread takes what its work will hold and
 * waits while the others hold so much that it would pass limit; one alone always goes.
 * Zeroed with a limit, a static one needs no initialising.
 */
struct vox_budget {
	GMutex lock;
	GCond freed;
	gint64 held;
	gint64 limit;
};
void vox_budget_take(struct vox_budget *b, gint64 bytes);
void vox_budget_give(struct vox_budget *b, gint64 bytes);

/* The widths galleries ask for by default. */
#define VOX_DERIVE_WIDTHS { 480, 960, 1600 }

struct vox_derived;

struct vox_derive_opts {
	int widths[VOX_DERIVE_MAX_WIDTHS]; /* ascending; 0 ends the list early */
	int nwidths;
	int jpeg_quality;     /* 1-100 */
	int webp_quality;     /* 1-100 */
	int webp_effort;      /* 0-6: libvips "effort" (libwebp method) */
	int workers;          /* photos made at once (GThreadPool); 0: one more than the
	                       * cores, at most 3 (derive.c says why) */
	int vips_threads;     /* libvips' own threads per image; 0, or VIPS_CONCURRENCY set in
	                       * the environment: leave libvips' setting */
	/* When not NULL: called on a worker's thread as soon as photo i of srcs has had
	 * sizes made (not for a photo found whole in the cache), with made_data; d is
	 * complete and stays as it is. Calls for different photos run at once. */
	void (*made)(size_t i, const struct vox_derived *d, void *made_data);
	void *made_data;
};

/*
 * Fills opts with the defaults: VOX_DERIVE_WIDTHS; JPEG quality 82, progressive with
 * optimised Huffman tables (2% smaller than baseline at the same encoding time); WebP
 * quality 75 at effort 2 (effort 4 is 8% smaller but 1.6 times slower); one photo a
 * worker, each with 1 libvips thread (on two cores, faster and 20-40 MB lighter than
 * libvips' own threading: tests/bench/bench-gallery.sh).
 */
void vox_derive_opts_init(struct vox_derive_opts *opts);

/* One size of one photo. Paths are absolute, in the cache. */
struct vox_derived_size {
	int width, height;
	char *jpeg, *webp;
};

/* What one photo has in the cache after vox_derive_run(). */
struct vox_derived {
	char sha256[65];
	char *error;                      /* why this photo could not be made, or NULL */
	int nsizes;                       /* ascending widths */
	struct vox_derived_size sizes[VOX_DERIVE_MAX_WIDTHS];
};

void vox_derived_free(struct vox_derived *d);

/* What to derive: a stored file, the hash it is named by, and its size as displayed
 * (orientation applied). width or height 0 means unknown: the file's header is read to
 * find it. The file is read and checked against its hash, whether or not its
 * derivatives are already in the cache (vox_store_read_verified()), unless every derivative
 * is cached and the file is the very one found sound before (cache/.verified, derive.c). */
struct vox_derive_src {
	const char *sha256;
	const char *path;
	int width, height;
};

/*
 * The widths a photo of display width src_width gets: every width of opts not larger than
 * src_width, and src_width itself when it is smaller than the largest width asked for and
 * not already listed (never upscaled). Writes up to VOX_DERIVE_MAX_WIDTHS into out and
 * returns how many.
 */
int vox_derive_widths(const struct vox_derive_opts *opts, int src_width, int out[]);

/* The height of a derivative of width w made from a w0 x h0 image (rounded, at least 1). */
int vox_derive_height(int w0, int h0, int w);

/*
 * Makes the missing derivatives of n photos in cache_dir (created when missing), workers
 * photos at a time. Returns a new array of n struct vox_derived * in the order of srcs
 * (freed by the array). A photo that could not be made (an undecodable file, a stored
 * file missing or not matching its hash, even when its derivatives are cached) has its
 * error set and no sizes; the others are made all the same. Derivatives are written to a
 * temporary file and renamed, so the cache never holds a partial one. NULL with an error
 * when the cache folder or libvips cannot be used at all.
 */
GPtrArray *vox_derive_run(const char *cache_dir, const struct vox_derive_src *srcs, size_t n,
    const struct vox_derive_opts *opts);

/*
 * Where an output keeps the derivatives of the collection in dir: its cache/ (made by
 * vox_derive_run() when missing) when it can be written, else, for a collection that
 * cannot be written (a read-only mount, another user's folder), a new temporary folder
 * (mode 0700) and *tmp set to 1: the caller removes it (vox_remove_tree()) once its output
 * holds its own copies. Returns a newly allocated path, or NULL with an error.
 */
char *vox_derive_cache(const char *dir, int *tmp);

/* How many images this process has encoded so far (JPEG and WebP each count one): tests
 * use it to prove that a rebuild with nothing changed encodes nothing. */
uint64_t vox_derive_encodes(void);

/* How many stored files this process has read for derivatives: tests use it to prove that
 * a photo whose derivatives are cached is not read again while its file is unchanged. */
uint64_t vox_derive_reads(void);

#endif
