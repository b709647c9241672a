/*
 * The scrub stage's entry points: judging the format by its first bytes, and scrubbing a
 * buffer, a file (atomically) or a stream. The walkers themselves are in scrub_jpeg.c,
 * scrub_png.c, scrub_webp.c and scrub_heif.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vox/error.h"
#include "vox/file.h"
#include "vox/scrub.h"
#include "scrub_io.h"
#include "../audio_av.h"

/* WebP and HEIF are scrubbed in memory; inputs larger than this are refused. */
#define SCRUB_MAX_IN_MEMORY ((size_t)512 << 20)

static const char accepted[] = "only JPEG, PNG, WebP and HEIC/HEIF images, and M4A, MP3, "
    "Ogg/Opus, WAV, AAC or AMR audio are accepted";

static int
is_heif_brand(const uint8_t *b)
{
	static const char *const brands[] = { "heic", "heix", "heim", "heis", "hevc", "hevx",
		"hevm", "hevs", "mif1", "msf1" };

	for (size_t i = 0; i < G_N_ELEMENTS(brands); i++)
		if (memcmp(b, brands[i], 4) == 0)
			return 1;
	return 0;
}

/* Audio judged by its first bytes (libavformat, restricted to these formats, then reads it). */
static enum vox_format
detect_audio(const uint8_t *b, size_t len)
{
	static const char *const mp4_brands[] = { "M4A ", "M4B ", "mp42", "mp41", "isom", "iso2",
		"3gp4", "3gp5", "3gp6", "3g2a", "qt  " };

	if (len >= 12 && memcmp(b + 4, "ftyp", 4) == 0) {
		for (size_t i = 0; i < G_N_ELEMENTS(mp4_brands); i++)
			if (memcmp(b + 8, mp4_brands[i], 4) == 0)
				return VOX_FORMAT_M4A;
		return VOX_FORMAT_UNKNOWN;
	}
	if (len >= 36 && memcmp(b, "OggS", 4) == 0 && memcmp(b + 28, "OpusHead", 8) == 0)
		return VOX_FORMAT_OPUS;
	if (len >= 4 && memcmp(b, "OggS", 4) == 0)
		return VOX_FORMAT_OGG;
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0)
		return VOX_FORMAT_WAV;
	if (len >= 6 && memcmp(b, "#!AMR", 5) == 0)
		return VOX_FORMAT_AMR;
	if (len >= 3 && memcmp(b, "ID3", 3) == 0)
		return VOX_FORMAT_MP3; /* or ID3 before ADTS: libavformat tells */
	if (len >= 2 && b[0] == 0xff && (b[1] & 0xf6) == 0xf0)
		return VOX_FORMAT_AAC;
	if (len >= 2 && b[0] == 0xff && (b[1] & 0xe0) == 0xe0 && (b[1] & 0x06) != 0)
		return VOX_FORMAT_MP3;
	return VOX_FORMAT_UNKNOWN;
}

int
vox_format_is_audio(enum vox_format f)
{
	return f >= VOX_FORMAT_M4A && f <= VOX_FORMAT_AMR;
}

enum vox_format
vox_scrub_detect(const void *data, size_t len)
{
	const uint8_t *b = data;

	if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return VOX_FORMAT_JPEG;
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return VOX_FORMAT_PNG;
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return VOX_FORMAT_WEBP;
	if (len >= 12 && memcmp(b + 4, "ftyp", 4) == 0 && is_heif_brand(b + 8))
		return VOX_FORMAT_HEIF;
	return detect_audio(b, len);
}

const char *
vox_format_ext(enum vox_format f)
{
	switch (f) {
	case VOX_FORMAT_JPEG:
		return "jpg";
	case VOX_FORMAT_PNG:
		return "png";
	case VOX_FORMAT_WEBP:
		return "webp";
	case VOX_FORMAT_HEIF:
		return "heic";
	case VOX_FORMAT_M4A:
		return "m4a";
	case VOX_FORMAT_MP3:
		return "mp3";
	case VOX_FORMAT_OGG:
		return "ogg";
	case VOX_FORMAT_OPUS:
		return "opus";
	case VOX_FORMAT_WAV:
		return "wav";
	case VOX_FORMAT_AAC:
		return "aac";
	case VOX_FORMAT_AMR:
		return "amr";
	default:
		return NULL;
	}
}

/* Records the refusal of an unknown format, naming what it looks like when we can tell. */
static int
refuse_unknown(const char *name, const uint8_t *b, size_t len)
{
	static const struct {
		const char *magic;
		size_t off, len;
		const char *what;
	} known[] = {
		{ "GIF8", 0, 4, "a GIF image" },
		{ "II*\0", 0, 4, "a TIFF (or raw camera) image" },
		{ "MM\0*", 0, 4, "a TIFF (or raw camera) image" },
		{ "BM", 0, 2, "a BMP image" },
		{ "%PDF", 0, 4, "a PDF document" },
		{ "PK\3\4", 0, 4, "a zip archive" },
		{ "ftypavif", 4, 8, "an AVIF image" },
		{ "ftyp", 4, 4, "a video or other ISO media file" },
		{ "RIFF", 0, 4, "a RIFF file that is not WebP" },
		{ "\xff\xd8", 0, 2, "a damaged JPEG (no marker after SOI)" },
	};

	if (len == 0)
		return vox_error("scrub", "'%s': empty file; %s", name, accepted);
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (len >= known[i].off + known[i].len &&
		    memcmp(b + known[i].off, known[i].magic, known[i].len) == 0)
			return vox_error("scrub", "'%s': %s; %s", name, known[i].what, accepted);
	return vox_error("scrub", "'%s': not an image format photovox knows; %s", name,
	    accepted);
}

int
vox_scrub_buffer(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info)
{
	guint base = out->len;
	struct vox_scrub_info tmp = { 0 };
	struct scrub_src s;
	struct scrub_sink k;
	int ret;

	switch (vox_scrub_detect(data, len)) {
	case VOX_FORMAT_JPEG:
	case VOX_FORMAT_PNG:
		scrub_src_init_buffer(&s, name, data, len);
		scrub_sink_init_buffer(&k, out);
		ret = vox_scrub_detect(data, len) == VOX_FORMAT_JPEG ? scrub_jpeg(&s, &k, &tmp) :
		    scrub_png(&s, &k, &tmp);
		break;
	case VOX_FORMAT_WEBP:
		ret = scrub_webp(name, data, len, out, &tmp);
		break;
	case VOX_FORMAT_HEIF:
		ret = scrub_heif(name, data, len, out, &tmp);
		break;
	case VOX_FORMAT_M4A:
	case VOX_FORMAT_MP3:
	case VOX_FORMAT_OGG:
	case VOX_FORMAT_OPUS:
	case VOX_FORMAT_WAV:
	case VOX_FORMAT_AAC:
	case VOX_FORMAT_AMR:
		ret = scrub_audio(name, data, len, out, &tmp);
		break;
	default:
		ret = refuse_unknown(name, data, len);
		break;
	}
	if (ret != 0)
		g_byte_array_set_size(out, base);
	else if (info)
		*info = tmp;
	return ret;
}

/* Reads the rest of the input after the bytes at hand into a new array (g_byte_array_unref). */
static GByteArray *
slurp(struct scrub_src *s, size_t max)
{
	GByteArray *a = g_byte_array_new();

	for (;;) {
		ssize_t n;

		if (a->len + scrub_avail(s) > max) {
			vox_error("scrub", "'%s': too large (over %zu MB)", s->name, max >> 20);
			break;
		}
		g_byte_array_append(a, s->p, (guint)scrub_avail(s));
		s->pos += scrub_avail(s);
		s->p = s->end;
		n = scrub_fill(s);
		if (n == 0)
			return a;
		if (n < 0)
			break;
	}
	g_byte_array_unref(a);
	return NULL;
}

/*
 * Scrubs the source into the sink: JPEG and PNG stream through the window, WebP and HEIF
 * are read whole. s has been filled (at least its first bytes are at hand).
 */
static int
scrub_source(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info)
{
	enum vox_format f;
	GByteArray *in, *out;
	int ret;

	/* Enough bytes to judge the format, unless the input is shorter. */
	while (scrub_avail(s) < 16 && scrub_fill(s) > 0)
		;
	if (s->failed)
		return -1;
	f = vox_scrub_detect(s->p, scrub_avail(s));
	if (f == VOX_FORMAT_JPEG)
		return scrub_jpeg(s, k, info);
	if (f == VOX_FORMAT_PNG)
		return scrub_png(s, k, info);
	if (f == VOX_FORMAT_UNKNOWN)
		return refuse_unknown(s->name, s->p, scrub_avail(s));
	in = slurp(s, vox_format_is_audio(f) ? VOX_AV_MAX_BYTES : SCRUB_MAX_IN_MEMORY);
	if (!in)
		return -1;
	out = g_byte_array_new();
	ret = vox_scrub_buffer(s->name, in->data, in->len, out, info);
	if (ret == 0)
		ret = scrub_put(k, out->data, out->len);
	g_byte_array_unref(in);
	g_byte_array_unref(out);
	return ret;
}

/* Renames a finished temporary file into place without forcing it to disk. */
static int
commit_nosync(int fd, const char *tmp, const char *path)
{
	if (vox_replaceable(path) != 0) {
		vox_tmpfile_abort(fd, tmp);
		return -1;
	}
	if (close(fd) != 0) {
		vox_error_system("io", "'%s': close", path);
		vox_tmpfile_abort(-1, tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		vox_error_system("io", "'%s'", path);
		vox_tmpfile_abort(-1, tmp);
		return -1;
	}
	return 0;
}

int
vox_scrub_fd(const char *name, int in, const char *out_path, unsigned flags,
    struct vox_scrub_info *info)
{
	g_autofree char *dir = g_path_get_dirname(out_path);
	g_autofree char *tmp = NULL;
	struct scrub_src s = { .buf = NULL };
	struct scrub_sink k = { .buf = NULL };
	struct stat ist, ost;
	int out = -1, ret = -1;

	if (fstat(in, &ist) != 0)
		return vox_error_system_k(VOX_ERR_REFUSED, "scrub", "'%s'", name);
	if (S_ISDIR(ist.st_mode))
		return vox_error("scrub", "'%s': is a folder", name);
	if (stat(out_path, &ost) == 0 && ost.st_dev == ist.st_dev && ost.st_ino == ist.st_ino)
		return vox_error("scrub", "'%s': the output would replace the input", name);
	if (vox_replaceable(out_path) != 0)
		return -1;
	if (scrub_src_init_stream(&s, name, in, NULL) != 0)
		goto out;
	out = vox_tmpfile(dir, &tmp);
	if (out < 0)
		goto out;
	if (scrub_sink_init_stream(&k, out, NULL) != 0)
		goto out;
	if (scrub_source(&s, &k, info) != 0)
		goto out;
	if (scrub_sink_flush(&k) != 0)
		goto out;
	if (flags & VOX_SCRUB_SYNC)
		ret = vox_tmpfile_commit(out, tmp, out_path);
	else
		ret = commit_nosync(out, tmp, out_path);
	out = -1;
	if (ret == 0)
		g_clear_pointer(&tmp, g_free);
out:
	if (ret != 0 && k.failed)
		vox_error_k(VOX_ERR_IO, "io", "'%s': %s", out_path, g_strerror(k.err));
	if (ret != 0 && tmp)
		vox_tmpfile_abort(out, tmp);
	scrub_sink_release(&k);
	scrub_src_release(&s);
	return ret;
}

int
vox_scrub_file(const char *in_path, const char *out_path, struct vox_scrub_info *info)
{
	int in = open(in_path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (in < 0)
		return vox_error_system_k(VOX_ERR_REFUSED, "scrub", "'%s'", in_path);
	ret = vox_scrub_fd(in_path, in, out_path, VOX_SCRUB_SYNC, info);
	close(in);
	return ret;
}

int
vox_scrub_stream(const char *name, FILE *in, FILE *out, struct vox_scrub_info *info)
{
	struct scrub_src s;
	struct scrub_sink k;
	int ret = -1;

	if (scrub_src_init_stream(&s, name, -1, in) != 0)
		return -1;
	if (scrub_sink_init_stream(&k, -1, out) != 0)
		goto out;
	if (scrub_source(&s, &k, info) != 0)
		goto out;
	if (scrub_sink_flush(&k) != 0 || fflush(out) != 0) {
		vox_error_system("io", "'%s': cannot write the output", name);
		goto out;
	}
	ret = 0;
out:
	scrub_sink_release(&k);
	scrub_src_release(&s);
	return ret;
}

char *
vox_scrub_category_key(enum vox_audit_category c)
{
	char *k = g_strdup(vox_audit_category_name(c));

	g_strdelimit(k, " ", '_');
	return k;
}

char *
vox_scrub_removed_text(const struct vox_scrub_info *info)
{
	GString *s = g_string_new(NULL);

	for (int c = 0; c < VOX_AUDIT_N_CATEGORIES; c++) {
		g_autofree char *k = NULL;

		if (!info->removed[c])
			continue;
		k = vox_scrub_category_key((enum vox_audit_category)c);
		g_string_append_printf(s, "%s%s=%u", s->len ? "," : "", k, info->removed[c]);
	}
	return g_string_free(s, FALSE);
}

/* Counts by category what the audit finds in the input just scrubbed: what the scrub left
 * behind, since its output audits clean (privacy rule 4). A file is mapped, not read. */
static void
count_removed(const char *name, int in, const uint8_t *data, size_t len,
    struct vox_scrub_info *info)
{
	GPtrArray *found = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	void *map = NULL;
	struct stat st;

	memset(info->removed, 0, sizeof(info->removed));
	if (in >= 0) {
		if (fstat(in, &st) != 0 || st.st_size <= 0)
			goto out;
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in, 0);
		if (map == MAP_FAILED) {
			map = NULL;
			goto out;
		}
		data = map;
	}
	/* A damaged part keeps what was found before it; the error is not the scrub's. */
	if (vox_audit_buffer(name, data, len, found) < 0)
		vox_error_clear();
	for (guint i = 0; i < found->len; i++)
		info->removed[((struct vox_finding *)found->pdata[i])->category]++;
out:
	if (map)
		munmap(map, len);
	g_ptr_array_unref(found);
}

int
vox_scrub_to_fd(const char *name, int in, const uint8_t *data, size_t len, int out,
    char sha256[VOX_SHA256_HEX], struct vox_scrub_info *info)
{
	struct scrub_src s;
	struct scrub_sink k;
	int ret = -1;

	if (in >= 0) {
		if (scrub_src_init_stream(&s, name, in, NULL) != 0)
			return -1;
	} else {
		scrub_src_init_buffer(&s, name, data, len);
	}
	if (scrub_sink_init_stream(&k, out, NULL) != 0)
		goto out;
	k.hash = vox_hash_new(VOX_HASH_SHA256);
	if (scrub_source(&s, &k, info) == 0 && scrub_sink_flush(&k) == 0) {
		g_strlcpy(sha256, vox_hash_hex(k.hash), VOX_SHA256_HEX);
		if (info)
			count_removed(name, in, data, len, info);
		ret = 0;
	} else if (k.failed) {
		vox_error_k(VOX_ERR_IO, "io", "'%s': cannot write its scrubbed copy: %s", name,
		    g_strerror(k.err));
	}
	vox_hash_free(k.hash);
out:
	scrub_sink_release(&k);
	scrub_src_release(&s);
	return ret;
}

enum vox_format
vox_scrub_detect_path(const char *path)
{
	uint8_t b[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return VOX_FORMAT_UNKNOWN;
	do
		n = read(fd, b, sizeof b);
	while (n < 0 && errno == EINTR);
	close(fd);
	return n > 0 ? vox_scrub_detect(b, (size_t)n) : VOX_FORMAT_UNKNOWN;
}

enum vox_format
vox_scrub_output_format(enum vox_format f)
{
	return f == VOX_FORMAT_HEIF ? VOX_FORMAT_JPEG : f;
}
