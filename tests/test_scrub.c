/*
 * The scrub stage against independent oracles: exiftool says what metadata is left, djpeg
 * (and libvips for PNG and WebP) decode the pixels, on every file of the corpus and on
 * files built here with every kind of metadata hiding place.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gio/gio.h>
#include <vips/vips.h>
#include <zlib.h>

#include "helpers/corpus.h"
#include "helpers/jpeg_fixtures.h"
#include "vox/audit.h"
#include "vox/error.h"
#include "vox/exif.h"
#include "vox/scrub.h"

/* ---- helpers ---- */

static char *
tmpdir(void)
{
	char *d = g_dir_make_tmp("vox-scrub-XXXXXX", NULL);

	cr_assert(d);
	return d;
}

static void
rmtree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };

	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Runs argv, returns its stdout (NULL when it could not run); *status gets the exit status. */
static GBytes *
run(const char *const *argv, int *status)
{
	GError *err = NULL;
	GSubprocess *p = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	    G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err);
	GBytes *out = NULL;

	cr_assert(p, "cannot run %s: %s", argv[0], err ? err->message : "?");
	cr_assert(g_subprocess_communicate(p, NULL, NULL, &out, NULL, &err));
	if (status)
		*status = g_subprocess_get_exit_status(p);
	g_object_unref(p);
	return out;
}

/* The bytes as a NUL-terminated string (g_free). */
static char *
bytes_str(GBytes *b)
{
	gsize n = 0;
	const char *d = b ? g_bytes_get_data(b, &n) : NULL;

	return d ? g_strndup(d, n) : g_strdup("");
}

static GBytes *
djpeg(const char *path)
{
	const char *argv[] = { "djpeg", "-ppm", path, NULL };

	return run(argv, NULL);
}

/* Every file below dir (recursively) whose name ends in one of exts. */
static void
collect(GPtrArray *a, const char *dir, const char *const *exts)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;

	cr_assert(d, "cannot open %s", dir);
	while ((n = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, n, NULL);
		g_autofree char *low = g_ascii_strdown(n, -1);
		int take = 0;

		if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
			collect(a, p, exts);
			g_free(p);
			continue;
		}
		for (int i = 0; exts[i]; i++)
			if (g_str_has_suffix(low, exts[i]))
				take = 1;
		if (take)
			g_ptr_array_add(a, p);
		else
			g_free(p);
	}
	g_dir_close(d);
	g_ptr_array_sort(a, (GCompareFunc)g_strcmp0);
}

/* The photos of every corpus folder (jpg/ and heic/ below each) that are not damaged on
 * purpose; each folder must hold some. */
static GPtrArray *
corpus_photos(void)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".heic", ".heif", NULL };
	g_auto(GStrv) dirs = corpus_dirs();
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	for (char **d = dirs; *d; d++) {
		GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
		g_autofree char *jpg = g_build_filename(*d, "jpg", NULL);
		g_autofree char *heic = g_build_filename(*d, "heic", NULL);
		guint before = a->len;

		collect(all, jpg, exts);
		if (g_file_test(heic, G_FILE_TEST_IS_DIR))
			collect(all, heic, exts);
		for (guint i = 0; i < all->len; i++) {
			const char *p = all->pdata[i];

			if (strstr(p, "/invalid/") || g_str_has_suffix(p, "/corrupted.jpg"))
				continue;
			g_ptr_array_add(a, g_strdup(p));
		}
		g_ptr_array_unref(all);
		cr_assert(a->len > before, "no photo in the corpus %s", *d);
	}
	return a;
}

static int
is_heif_name(const char *p)
{
	g_autofree char *low = g_ascii_strdown(p, -1);

	return g_str_has_suffix(low, ".heic") || g_str_has_suffix(low, ".heif");
}

/* Scrubs each input to dir/<n>.<ext>; returns the output paths. */
static GPtrArray *
scrub_all(GPtrArray *in, const char *dir)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < in->len; i++) {
		struct vox_scrub_info info = { 0 };
		char *o = g_strdup_printf("%s/%03u.%s", dir, i,
		    is_heif_name(in->pdata[i]) ? "jpg" : "out");

		cr_assert_eq(vox_scrub_file(in->pdata[i], o, &info), 0, "%s: %s",
		    (char *)in->pdata[i], vox_error_message());
		cr_assert_eq(info.format, VOX_FORMAT_JPEG);
		cr_assert_eq(info.lossy, is_heif_name(in->pdata[i]));
		g_ptr_array_add(out, o);
	}
	return out;
}

/*
 * What exiftool may still find in a scrubbed file: how the file is stored (System, File,
 * Composite), JFIF, the ICC profile, Adobe APP14, the PNG and WebP image headers, and the
 * single EXIF tag Orientation. Anything else — GPS, serial numbers, owners, maker notes,
 * thumbnails, XMP, IPTC, Photoshop, comments, trailers, warnings — is identifying or a sign
 * that something was left behind.
 */
static int
allowed(const char *group, const char *tag)
{
	static const char *const groups[] = { "System", "File", "Composite", "JFIF", "Adobe",
		"ICC_Profile", "ICC-header", "ICC-view", "ICC-meas", "ICC-chrm", "ICC-clrt",
		"PNG-pHYs", NULL };
	static const char *const png[] = { "ImageWidth", "ImageHeight", "BitDepth", "ColorType",
		"Compression", "Filter", "Interlace", "SRGBRendering", "Gamma", "Palette",
		"Transparency", "BackgroundColor", "WhitePointX", "WhitePointY", "RedX", "RedY",
		"GreenX", "GreenY", "BlueX", "BlueY", "ProfileName", NULL };
	static const char *const riff[] = { "VP8Version", "ImageWidth", "ImageHeight",
		"HorizontalScale", "VerticalScale", "WebP_Flags", "AlphaPreprocessing",
		"AlphaFiltering", "AlphaCompression", "BackgroundColor", "AnimationLoopCount",
		NULL };

	for (int i = 0; groups[i]; i++)
		if (!strcmp(group, groups[i]))
			return 1;
	if (!strcmp(group, "ExifTool"))
		return !strcmp(tag, "ExifToolVersion");
	if (!strcmp(group, "IFD0"))
		return !strcmp(tag, "Orientation");
	if (!strcmp(group, "PNG")) {
		for (int i = 0; png[i]; i++)
			if (!strcmp(tag, png[i]))
				return 1;
	}
	if (!strcmp(group, "RIFF")) {
		for (int i = 0; riff[i]; i++)
			if (!strcmp(tag, riff[i]))
				return 1;
	}
	return 0;
}

/* Runs exiftool once over the paths and fails on the first tag not allowed. */
static void
assert_clean(GPtrArray *paths)
{
	GPtrArray *argv = g_ptr_array_new();
	g_autoptr(GBytes) out = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree char *text = NULL;
	const char *file = paths->len ? paths->pdata[0] : "";
	int tags = 0;

	g_ptr_array_add(argv, "exiftool");
	g_ptr_array_add(argv, "-a");
	g_ptr_array_add(argv, "-G1");
	g_ptr_array_add(argv, "-s");
	g_ptr_array_add(argv, "-q");
	for (guint i = 0; i < paths->len; i++)
		g_ptr_array_add(argv, paths->pdata[i]);
	g_ptr_array_add(argv, NULL);
	out = run((const char *const *)argv->pdata, NULL);
	g_ptr_array_unref(argv);
	text = bytes_str(out);
	lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		char group[64], tag[128];

		if (g_str_has_prefix(lines[i], "======== ")) {
			file = lines[i] + 9;
			continue;
		}
		if (sscanf(lines[i], "[%63[^]]] %127s", group, tag) != 2)
			continue;
		tags++;
		cr_assert(allowed(group, tag), "%s still carries: %s", file, lines[i]);
	}
	cr_assert(tags > 0, "exiftool read nothing");
}

static void
assert_clean1(const char *path)
{
	GPtrArray *a = g_ptr_array_new();

	g_ptr_array_add(a, (char *)path);
	assert_clean(a);
	g_ptr_array_unref(a);
}

static void
assert_same_pixels_jpeg(const char *a, const char *b)
{
	g_autoptr(GBytes) pa = djpeg(a);
	g_autoptr(GBytes) pb = djpeg(b);

	cr_assert(g_bytes_get_size(pa) > 0, "djpeg cannot decode %s", a);
	cr_assert(g_bytes_equal(pa, pb), "decoded pixels differ: %s and %s", a, b);
}

/* Scrubs a fixture held in memory; writes input and output into dir for the oracles. */
static GByteArray *
scrub_fixture(const char *dir, const char *name, GByteArray *in, struct vox_scrub_info *info)
{
	GByteArray *out = g_byte_array_new();
	g_autofree char *ip = g_strdup_printf("%s/%s.in", dir, name);
	g_autofree char *op = g_strdup_printf("%s/%s.out", dir, name);

	cr_assert_eq(vox_scrub_buffer(name, in->data, in->len, out, info), 0, "%s: %s", name,
	    vox_error_message());
	fx_write(ip, in);
	fx_write(op, out);
	return out;
}

static int
contains(const GByteArray *a, const char *s)
{
	return memmem(a->data, a->len, s, strlen(s)) != NULL;
}

static void
assert_ends_at_eoi(const GByteArray *a, const char *name)
{
	cr_assert(a->len >= 4 && a->data[a->len - 2] == 0xff && a->data[a->len - 1] == 0xd9,
	    "%s: output does not end at EOI", name);
}

/* The fixture JPEG with the usual phone metadata after SOI. */
static GByteArray *
phone_jpeg(int w, int h, int progressive, int orientation)
{
	GByteArray *j = fx_jpeg(w, h, progressive);
	GByteArray *exif = fx_exif_app1(orientation);

	fx_insert(j, 2, exif);
	g_byte_array_unref(exif);
	return j;
}

static int
exif_orientation(const char *path)
{
	const char *argv[] = { "exiftool", "-n", "-s3", "-Orientation", path, NULL };
	g_autoptr(GBytes) out = run(argv, NULL);
	g_autofree char *s = bytes_str(out);

	return *s ? atoi(s) : 1;
}

/* ---- the corpus ---- */

Test(scrub, corpus_outputs_carry_no_identifying_metadata, .timeout = 120)
{
	g_autofree char *dir = tmpdir();
	GPtrArray *in = corpus_photos(), *out = scrub_all(in, dir);

	assert_clean(out);
	for (guint i = 0; i < out->len; i++) {
		GByteArray *o = fx_read(out->pdata[i]);

		assert_ends_at_eoi(o, in->pdata[i]);
		g_byte_array_unref(o);
	}
	g_ptr_array_unref(in);
	g_ptr_array_unref(out);
	rmtree(dir);
}

Test(scrub, corpus_jpegs_decode_to_identical_pixels, .timeout = 120)
{
	g_autofree char *dir = tmpdir();
	GPtrArray *in = corpus_photos(), *out = scrub_all(in, dir);
	int n = 0;

	for (guint i = 0; i < in->len; i++) {
		if (is_heif_name(in->pdata[i]))
			continue;
		assert_same_pixels_jpeg(in->pdata[i], out->pdata[i]);
		n++;
	}
	cr_assert(n > 0, "no JPEG in the corpus");
	g_ptr_array_unref(in);
	g_ptr_array_unref(out);
	rmtree(dir);
}

/* Whether a table defined in marker i (of ms) is used: the next scan comes before any new
 * definition of its slot, and a frame component (DQT) or that scan (DHT) names the slot. */
static int
table_used(const uint8_t *d, GArray *ms, guint i, int m, unsigned hdr, unsigned quant)
{
	for (guint k = i + 1; k < ms->len; k++) {
		struct fx_marker *x = &g_array_index(ms, struct fx_marker, k);
		const uint8_t *seg = d + x->off;

		if (x->marker == 0xda) {
			if (m == 0xdb)
				return (quant >> (hdr & 15)) & 1;
			for (unsigned c = 0; c < seg[4]; c++) {
				unsigned t = seg[6 + 2 * c];

				if ((hdr >> 4 ? t & 15 : t >> 4) == (hdr & 15))
					return 1;
			}
			return 0;
		}
		if (x->marker == m) {
			size_t len = (size_t)seg[2] << 8 | seg[3];

			for (size_t j = 4; j < len + 2;) {
				size_t n = m == 0xdb ? 1 + (seg[j] >> 4 ? 128 : 64) : 17;

				if (m == 0xc4)
					for (unsigned c = 1; c <= 16; c++)
						n += seg[j + c];
				if ((m == 0xdb ? seg[j] & 15 : seg[j]) == (m == 0xdb ? hdr & 15 : hdr))
					return 0;
				j += n;
			}
		}
	}
	return 0;
}

/*
 * The decoder's part of a JPEG (frame, tables, scans with their data, restart and other
 * table-like segments, EOI) in file order, each table segment without the tables no scan
 * uses (but for quantisation tables of plain numbers), and dropped when none is left: what scrubbing must keep, byte for byte and in place.
 */
static GByteArray *
decoder_part(const GByteArray *j, int *unused)
{
	GArray *ms = fx_markers(j->data, j->len);
	GByteArray *a = g_byte_array_new();
	unsigned quant = 0;

	for (guint i = 0; i < ms->len; i++) {
		struct fx_marker *x = &g_array_index(ms, struct fx_marker, i);
		const uint8_t *seg = j->data + x->off;

		if (x->marker >= 0xc0 && x->marker <= 0xcf && x->marker != 0xc4 &&
		    x->marker != 0xc8 && x->marker != 0xcc)
			for (unsigned c = 0; c < seg[9]; c++)
				quant |= 1u << seg[10 + 3 * c + 2];
	}
	for (guint i = 0; i < ms->len; i++) {
		struct fx_marker *x = &g_array_index(ms, struct fx_marker, i);
		const uint8_t *seg = j->data + x->off;
		int m = x->marker;

		if (m == 0xdb || m == 0xc4) {
			size_t len = (size_t)seg[2] << 8 | seg[3];
			GByteArray *t = g_byte_array_new();
			uint8_t h[4] = { 0xff, (uint8_t)m };

			for (size_t k = 4; k < len + 2;) {
				size_t n = m == 0xdb ? 1 + (seg[k] >> 4 ? 128 : 64) : 17;

				if (m == 0xc4)
					for (unsigned c = 1; c <= 16; c++)
						n += seg[k + c];
				/* A quantisation table of plain numbers stays even unused (a
				 * camera's), as audit leaves it; none of the files here defines
				 * one twice. */
				if (table_used(j->data, ms, i, m, seg[k], quant) ||
				    (m == 0xdb && !vox_audit_reads_as_text(seg + k + 1, n - 1)))
					g_byte_array_append(t, seg + k, (guint)n);
				else
					(*unused)++;
				k += n;
			}
			h[2] = (uint8_t)((t->len + 2) >> 8);
			h[3] = (uint8_t)(t->len + 2);
			if (t->len > 0) {
				g_byte_array_append(a, h, 4);
				g_byte_array_append(a, t->data, t->len);
			}
			g_byte_array_unref(t);
		} else if ((m >= 0xc0 && m <= 0xdf && m != 0xd8) || m == 0x01) {
			g_byte_array_append(a, seg, (guint)x->len);
		}
	}
	g_array_unref(ms);
	return a;
}

/* Scrubbing keeps the decoder's part of the file as it is (unused tables out), and
 * scrubbing the result again gives the same bytes (vox import relies on it). */
static int
assert_tables_in_place_and_idempotent(const char *name, const GByteArray *in)
{
	GByteArray *o = g_byte_array_new(), *o2 = g_byte_array_new(), *want, *got;
	int unused = 0, again = 0;

	cr_assert_eq(vox_scrub_buffer(name, in->data, in->len, o, NULL), 0, "%s: %s", name,
	    vox_error_message());
	want = decoder_part(in, &unused);
	got = decoder_part(o, &again);
	cr_assert_eq(again, 0, "%s: a table no scan uses was kept", name);
	cr_assert(want->len == got->len && !memcmp(want->data, got->data, want->len),
	    "%s: tables, frame or scans moved or changed (%u bytes, wanted %u)", name,
	    got->len, want->len);
	cr_assert_eq(vox_scrub_buffer(name, o->data, o->len, o2, NULL), 0, "%s: %s", name,
	    vox_error_message());
	cr_assert(o->len == o2->len && !memcmp(o->data, o2->data, o->len),
	    "%s: scrubbing the scrubbed file changed it", name);
	g_byte_array_unref(o);
	g_byte_array_unref(o2);
	g_byte_array_unref(want);
	g_byte_array_unref(got);
	return unused;
}

Test(scrub, corpus_tables_stay_in_place_and_scrubbing_twice_changes_nothing, .timeout = 120)
{
	GPtrArray *in = corpus_photos();
	int n = 0, with_unused = 0;

	for (guint i = 0; i < in->len; i++) {
		GByteArray *j;

		if (is_heif_name(in->pdata[i]))
			continue;
		j = fx_read(in->pdata[i]);
		with_unused += assert_tables_in_place_and_idempotent(in->pdata[i], j) > 0;
		g_byte_array_unref(j);
		n++;
	}
	cr_assert(n > 0, "no JPEG in the corpus");
	cr_log_info("%d JPEGs, %d with a table no scan uses", n, with_unused);
	g_ptr_array_unref(in);
}

Test(scrub, orientation_is_kept_for_every_file_of_the_orientation_set)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *odir = corpus_file("jpg/orientation");
	static const char *const exts[] = { ".jpg", NULL };
	GPtrArray *in = g_ptr_array_new_with_free_func(g_free), *out;
	int seen[9] = { 0 };

	collect(in, odir, exts);
	cr_assert_eq(in->len, 16);
	out = scrub_all(in, dir);
	for (guint i = 0; i < in->len; i++) {
		int a = exif_orientation(in->pdata[i]), b = exif_orientation(out->pdata[i]);

		cr_assert_eq(a, b, "%s: orientation %d became %d", (char *)in->pdata[i], a, b);
		cr_assert(a >= 1 && a <= 8);
		seen[a]++;
	}
	for (int o = 1; o <= 8; o++)
		cr_assert_eq(seen[o], 2, "orientation %d: %d files", o, seen[o]);
	g_ptr_array_unref(in);
	g_ptr_array_unref(out);
	rmtree(dir);
}

Test(scrub, file_stream_and_buffer_give_the_same_bytes, .timeout = 60)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *big = g_strdup_printf("%s/big.jpg", dir);
	g_autofree char *o = g_strdup_printf("%s/o.jpg", dir);
	GPtrArray *in = corpus_photos();
	GByteArray *b;

	/* A fixture larger than the streaming window, with metadata between its scans. */
	b = phone_jpeg(2600, 2000, 1, 6);
	{
		GByteArray *com = fx_segment(0xfe, "between scans", 13, NULL, 0);

		fx_insert(b, fx_find(b, 0xda, 3), com);
		g_byte_array_unref(com);
	}
	cr_assert(b->len > (1u << 20), "fixture of %u bytes is too small", b->len);
	fx_write(big, b);
	g_byte_array_unref(b);
	g_ptr_array_add(in, g_strdup(big));

	for (guint i = 0; i < in->len; i++) {
		const char *p = in->pdata[i];
		GByteArray *data, *mem = g_byte_array_new(), *file, *stream = g_byte_array_new();
		struct vox_scrub_info fi = { 0 }, mi = { 0 };
		FILE *fin, *fout;
		char *sbuf = NULL;
		size_t slen = 0;

		if (is_heif_name(p)) {
			g_byte_array_unref(mem);
			g_byte_array_unref(stream);
			continue;
		}
		data = fx_read(p);
		cr_assert_eq(vox_scrub_buffer(p, data->data, data->len, mem, &mi), 0);
		cr_assert_eq(vox_scrub_file(p, o, &fi), 0);
		file = fx_read(o);
		cr_assert(mem->len == file->len && !memcmp(mem->data, file->data, mem->len),
		    "%s: file and buffer outputs differ", p);
		cr_assert(fi.width == mi.width && fi.height == mi.height &&
		    fi.orientation == mi.orientation);
		fin = fopen(p, "rb");
		fout = open_memstream(&sbuf, &slen);
		cr_assert_eq(vox_scrub_stream(p, fin, fout, NULL), 0);
		fclose(fin);
		fclose(fout);
		cr_assert(slen == mem->len && !memcmp(sbuf, mem->data, slen),
		    "%s: stream and buffer outputs differ", p);
		free(sbuf);
		/* Into a descriptor, from a descriptor and from memory, with the hash of what
		 * was written (GLib's SHA-256 is the second opinion). */
		{
			g_autofree char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
			    mem->data, mem->len);
			g_autofree char *o2 = g_strdup_printf("%s/o2.jpg", dir);

			for (int from_fd = 0; from_fd < 2; from_fd++) {
				char sha[65] = "";
				struct vox_scrub_info ti = { 0 };
				int ifd = from_fd ? open(p, O_RDONLY) : -1;
				int out = open(o2, O_WRONLY | O_CREAT | O_TRUNC, 0644);
				GByteArray *got;

				cr_assert(out >= 0 && (!from_fd || ifd >= 0));
				cr_assert_eq(vox_scrub_to_fd(p, ifd, data->data, data->len, out, sha,
				    &ti), 0, "%s: %s", p, vox_error_message());
				close(out);
				if (ifd >= 0)
					close(ifd);
				got = fx_read(o2);
				cr_assert(got->len == mem->len &&
				    !memcmp(got->data, mem->data, mem->len),
				    "%s: to_fd (from %s) and buffer outputs differ", p,
				    from_fd ? "a descriptor" : "memory");
				cr_assert_str_eq(sha, want, "%s: the hash is not of the bytes written",
				    p);
				cr_assert(ti.width == mi.width && ti.orientation == mi.orientation);
				g_byte_array_unref(got);
			}
		}
		g_byte_array_unref(data);
		g_byte_array_unref(mem);
		g_byte_array_unref(file);
		g_byte_array_unref(stream);
	}
	assert_same_pixels_jpeg(big, o);
	g_ptr_array_unref(in);
	rmtree(dir);
}

/* exiftool's reading of a HEIF: its stored size and its rotation (irot), in degrees. */
static void
heif_geometry(const char *path, int *width, int *height, int *rotation)
{
	const char *argv[] = { "exiftool", "-n", "-s", "-s", "-ImageWidth", "-ImageHeight",
		"-Rotation", path, NULL };
	g_autoptr(GBytes) out = run(argv, NULL);
	g_autofree char *text = bytes_str(out);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	*width = *height = *rotation = 0;
	for (int i = 0; lines[i]; i++) {
		char tag[32];
		int v;

		if (sscanf(lines[i], "%31[^:]: %d", tag, &v) != 2)
			continue;
		if (!strcmp(tag, "ImageWidth"))
			*width = v;
		else if (!strcmp(tag, "ImageHeight"))
			*height = v;
		else if (!strcmp(tag, "Rotation"))
			*rotation = v;
	}
	cr_assert(*width > 0 && *height > 0, "exiftool reads no size in %s", path);
}

/* Every HEIF of every corpus folder; a phone's rotated ones (iPhone 13 Pro Max, Nokia 8.3)
 * come with a larger corpus (make check CORPUS=dir). */
Test(scrub, heif_becomes_an_upright_jpeg_and_is_reported_lossy, .timeout = 120)
{
	static const char *const exts[] = { ".heic", ".heif", NULL };
	g_autofree char *dir = tmpdir();
	g_autofree char *o = g_strdup_printf("%s/o.jpg", dir);
	g_auto(GStrv) dirs = corpus_dirs();
	GPtrArray *in = g_ptr_array_new_with_free_func(g_free);

	for (char **d = dirs; *d; d++) {
		g_autofree char *heic = g_build_filename(*d, "heic", NULL);

		if (g_file_test(heic, G_FILE_TEST_IS_DIR))
			collect(in, heic, exts);
	}
	cr_assert(in->len > 0, "no HEIF in the corpus");
	for (guint i = 0; i < in->len; i++) {
		const char *p = in->pdata[i];
		struct vox_scrub_info info = { 0 };
		int w, h, rot;

		heif_geometry(p, &w, &h, &rot);
		cr_assert_eq(vox_scrub_file(p, o, &info), 0, "%s: %s", p, vox_error_message());
		cr_assert_eq(info.lossy, 1);
		cr_assert_eq(info.format, VOX_FORMAT_JPEG);
		/* Turned a quarter, the stored width becomes the height. */
		if (rot == 90 || rot == 270) {
			int t = w;

			w = h;
			h = t;
		}
		cr_assert(info.width == w && info.height == h, "%s: %dx%d, wanted %dx%d upright",
		    p, info.width, info.height, w, h);
		cr_assert_eq(exif_orientation(o), 1, "%s", p);
		assert_clean1(o);
	}
	g_ptr_array_unref(in);
	rmtree(dir);
}

/* ---- damaged files ---- */

Test(scrub, damaged_corpus_files_are_refused_or_scrubbed_cleanly, .timeout = 60)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *inv = corpus_file("jpg/invalid");
	g_autofree char *cor = corpus_file("jpg/corrupted.jpg");
	g_autofree char *o = g_strdup_printf("%s/o.jpg", dir);
	static const char *const exts[] = { ".jpg", NULL };
	GPtrArray *in = g_ptr_array_new_with_free_func(g_free);

	cr_assert_neq(vox_scrub_file(cor, o, NULL), 0);
	cr_assert(strstr(vox_error_message(), "corrupted.jpg") &&
	    strstr(vox_error_message(), "corrupt image data"), "%s", vox_error_message());
	cr_assert(!g_file_test(o, G_FILE_TEST_EXISTS));

	/* A HEIF cut short: libheif refuses it, and so do we, cleanly. */
	{
		g_autofree char *h = corpus_file("heic/samplefilehub.heif");
		g_autofree char *cut = g_strdup_printf("%s/cut.heif", dir);
		GByteArray *a = fx_read(h);

		g_byte_array_set_size(a, a->len * 2 / 3);
		fx_write(cut, a);
		cr_assert_neq(vox_scrub_file(cut, o, NULL), 0);
		cr_assert(strstr(vox_error_message(), "cut.heif'") &&
		    strstr(vox_error_message(), "HEIC/HEIF"), "%s", vox_error_message());
		cr_assert(!g_file_test(o, G_FILE_TEST_EXISTS));
		g_byte_array_unref(a);
	}

	collect(in, inv, exts);
	cr_assert(in->len >= 5);
	for (guint i = 0; i < in->len; i++) {
		g_autofree char *oi = g_strdup_printf("%s/%u.jpg", dir, i);

		if (vox_scrub_file(in->pdata[i], oi, NULL) != 0) {
			g_autofree char *base = g_path_get_basename(in->pdata[i]);

			cr_assert(strstr(vox_error_message(), base), "%s", vox_error_message());
			cr_assert(!g_file_test(oi, G_FILE_TEST_EXISTS));
			continue;
		}
		assert_same_pixels_jpeg(in->pdata[i], oi);
		assert_clean1(oi);
	}
	g_ptr_array_unref(in);
	rmtree(dir);
}

Test(scrub, truncation_anywhere_is_refused_and_leaves_no_file, .timeout = 60)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *o = g_strdup_printf("%s/o.jpg", dir);
	g_autofree char *t = g_strdup_printf("%s/t.jpg", dir);
	GByteArray *j = phone_jpeg(64, 48, 1, 6);
	GArray *ms = fx_markers(j->data, j->len);
	GArray *cuts = g_array_new(FALSE, FALSE, sizeof(size_t));
	GDir *d;
	int files = 0;

	for (guint i = 0; i < ms->len; i++) {
		struct fx_marker *m = &g_array_index(ms, struct fx_marker, i);
		size_t c[] = { m->off, m->off + 1, m->off + 3, m->off + m->len / 2,
			m->off + m->len - 1 };

		for (size_t k = 0; k < G_N_ELEMENTS(c); k++)
			if (c[k] > 0 && c[k] < j->len)
				g_array_append_val(cuts, c[k]);
	}
	cr_assert(cuts->len > 40);
	for (guint i = 0; i < cuts->len; i++) {
		size_t n = g_array_index(cuts, size_t, i);
		GByteArray *cut = g_byte_array_new();

		g_byte_array_append(cut, j->data, (guint)n);
		fx_write(t, cut);
		cr_assert_neq(vox_scrub_file(t, o, NULL), 0, "cut at %zu of %u was accepted", n,
		    j->len);
		cr_assert(strstr(vox_error_message(), "'") && strstr(vox_error_message(), "t.jpg"),
		    "%s", vox_error_message());
		if (n > 3)
			cr_assert(strstr(vox_error_message(), "truncated"), "cut at %zu: %s", n,
			    vox_error_message());
		cr_assert(!g_file_test(o, G_FILE_TEST_EXISTS));
		g_byte_array_unref(cut);
	}
	d = g_dir_open(dir, 0, NULL);
	while (g_dir_read_name(d))
		files++;
	g_dir_close(d);
	cr_assert_eq(files, 1, "temporary files were left behind");
	g_array_unref(cuts);
	g_array_unref(ms);
	g_byte_array_unref(j);
	rmtree(dir);
}

Test(scrub, a_full_disk_while_scrubbing_to_a_descriptor_names_the_photo_and_the_cause)
{
	GByteArray *j = phone_jpeg(640, 480, 1, 6);
	int full = open("/dev/full", O_WRONLY);
	char sha[65] = "";

	cr_assert_geq(full, 0);
	cr_assert_eq(vox_scrub_to_fd("IMG_0042.JPG", -1, j->data, j->len, full, sha, NULL), -1);
	cr_assert(strstr(vox_error_message(), "IMG_0042.JPG") &&
	    strstr(vox_error_message(), g_strerror(ENOSPC)), "%s", vox_error_message());
	cr_assert_str_eq(sha, "", "a hash was given for output that was not written");
	close(full);
	g_byte_array_unref(j);
}

static void
expect_refused(GByteArray *in, const char *name, const char *words)
{
	GByteArray *out = g_byte_array_new();

	g_byte_array_append(out, (const guint8 *)"keep", 4);
	cr_assert_neq(vox_scrub_buffer(name, in->data, in->len, out, NULL), 0,
	    "%s was accepted", name);
	cr_assert(strstr(vox_error_message(), name), "%s", vox_error_message());
	cr_assert(strstr(vox_error_message(), words), "%s: wanted '%s'", vox_error_message(),
	    words);
	cr_assert(out->len == 4, "output was appended to on error");
	g_byte_array_unref(out);
}

Test(scrub, absurd_dimensions_are_refused)
{
	static const unsigned dims[][2] = {
		{ 0, 48 }, { 64, 0 }, { 65535, 48 }, { 30000, 30000 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(dims); i++) {
		GByteArray *j = fx_jpeg(64, 48, 0);
		size_t sof = fx_find(j, 0xc0, 0);

		cr_assert(sof != (size_t)-1);
		j->data[sof + 5] = (uint8_t)(dims[i][1] >> 8);
		j->data[sof + 6] = (uint8_t)dims[i][1];
		j->data[sof + 7] = (uint8_t)(dims[i][0] >> 8);
		j->data[sof + 8] = (uint8_t)dims[i][0];
		expect_refused(j, "huge.jpg", "absurd dimensions");
		g_byte_array_unref(j);
	}
}

Test(scrub, bad_structure_is_refused_with_a_clear_message)
{
	GByteArray *j = fx_jpeg(64, 48, 0), *c;
	size_t sof = fx_find(j, 0xc0, 0), sos = fx_find(j, 0xda, 0), dqt = fx_find(j, 0xdb, 0);

	/* A segment whose length runs past the end. */
	c = g_byte_array_new();
	g_byte_array_append(c, j->data, (guint)dqt);
	g_byte_array_append(c, (const guint8 *)"\xff\xe1\xff\xf0" "Exif\0\0", 10);
	expect_refused(c, "long.jpg", "truncated inside an APP1 segment");
	g_byte_array_unref(c);

	/* No frame header: SOF removed. */
	c = g_byte_array_new();
	g_byte_array_append(c, j->data, (guint)sof);
	g_byte_array_append(c, j->data + sos, j->len - (guint)sos);
	expect_refused(c, "nosof.jpg", "before the frame header");
	g_byte_array_unref(c);

	/* No scan: EOI right after the tables. */
	c = g_byte_array_new();
	g_byte_array_append(c, j->data, (guint)sos);
	g_byte_array_append(c, (const guint8 *)"\xff\xd9", 2);
	expect_refused(c, "nosos.jpg", "no image data");
	g_byte_array_unref(c);

	/* Garbage where a marker should be. */
	c = g_byte_array_new();
	g_byte_array_append(c, j->data, (guint)dqt);
	g_byte_array_append(c, (const guint8 *)"garbage", 7);
	g_byte_array_append(c, j->data + dqt, j->len - (guint)dqt);
	expect_refused(c, "garbage.jpg", "expected a marker");
	g_byte_array_unref(c);
	g_byte_array_unref(j);
}

Test(scrub, tables_no_scan_uses_are_dropped_with_what_they_carry)
{
	static const char name[] = "Jane Doe, 12 Truro Road";
	g_autofree char *dir = tmpdir();
	const int progressive[] = { 0, 1 };

	for (size_t i = 0; i < G_N_ELEMENTS(progressive); i++) {
		g_autofree char *stem = g_strdup_printf("tables%zu", i);
		g_autofree char *ip = g_strdup_printf("%s/%s.in", dir, stem);
		g_autofree char *op = g_strdup_printf("%s/%s.out", dir, stem);
		GByteArray *j = phone_jpeg(64, 48, progressive[i], 1), *o;
		GByteArray *dqt = fx_table(0xdb, 0x03, name); /* quantisation table 3 */
		GByteArray *dht = fx_table(0xc4, 0x13, name); /* AC Huffman table 3 */
		GByteArray *dc = fx_table(0xc4, 0x02, name);  /* DC Huffman table 2 */
		GByteArray *dc0 = fx_table(0xc4, 0x00, name); /* DC 0, defined again */
		GPtrArray *f;
		int found;

		/* Before the frame, and (progressive) between the scans too. */
		fx_insert(j, fx_find(j, 0xdb, 0), dqt);
		fx_insert(j, fx_find(j, 0xc4, 0), dht);
		fx_insert(j, fx_find(j, 0xda, progressive[i] ? 2 : 0), dc);
		/* Before the first DHT, which defines DC table 0 again for the first scan. */
		fx_insert(j, fx_find(j, 0xc4, 0), dc0);
		cr_assert(contains(j, "Truro"));
		cr_assert_eq(assert_tables_in_place_and_idempotent(stem, j), 4, "%s", stem);
		o = scrub_fixture(dir, stem, j, NULL);
		cr_assert(!contains(o, "Jane") && !contains(o, "Truro"),
		    "an unused table's text survived (%s)", stem);
		assert_same_pixels_jpeg(ip, op);
		/* The audit sees them in the input and nothing in the output. */
		f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
		cr_assert_gt(vox_audit_buffer("in", j->data, j->len, f), 0);
		found = 0;
		for (guint k = 0; k < f->len; k++)
			found |= strstr(((struct vox_finding *)f->pdata[k])->what,
			    "4 JPEG tables that no scan uses") != NULL;
		cr_assert(found, "audit does not report the unused tables (%s)", stem);
		g_ptr_array_set_size(f, 0);
		cr_assert_eq(vox_audit_buffer("out", o->data, o->len, f), 0, "%s: '%s'", stem,
		    f->len ? ((struct vox_finding *)f->pdata[0])->what : "");
		g_ptr_array_unref(f);
		g_byte_array_unref(o);
		g_byte_array_unref(dqt);
		g_byte_array_unref(dht);
		g_byte_array_unref(dc);
		g_byte_array_unref(dc0);
		g_byte_array_unref(j);
	}
	rmtree(dir);
}

Test(scrub, fixtures_whose_tables_are_all_used_keep_their_bytes)
{
	for (int progressive = 0; progressive <= 1; progressive++) {
		GByteArray *j = phone_jpeg(64, 48, progressive, 6);

		cr_assert_eq(assert_tables_in_place_and_idempotent("fixture", j), 0);
		g_byte_array_unref(j);
	}
}

/* A table defined early for a later scan is held until that scan, and written just before
 * it (the decoder reads it there all the same). */
Test(scrub, a_table_for_a_later_scan_is_written_before_that_scan)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/later.in", dir);
	g_autofree char *op = g_strdup_printf("%s/later.out", dir);
	GByteArray *j = phone_jpeg(64, 48, 1, 1), *seg, *o, *o2 = g_byte_array_new();
	GArray *ms = fx_markers(j->data, j->len);
	size_t from = (size_t)-1, len = 0;
	int unused = 0;

	/* The first DHT after the first scan that defines AC table 1, moved before the frame. */
	for (guint i = 0, scans = 0; i < ms->len && from == (size_t)-1; i++) {
		struct fx_marker *x = &g_array_index(ms, struct fx_marker, i);

		scans += x->marker == 0xda;
		if (scans > 0 && x->marker == 0xc4 && j->data[x->off + 4] == 0x11) {
			from = x->off;
			len = x->len;
		}
	}
	g_array_unref(ms);
	cr_assert(from != (size_t)-1, "no AC table 1 between the scans");
	seg = g_byte_array_new();
	g_byte_array_append(seg, j->data + from, (guint)len);
	g_byte_array_remove_range(j, (guint)from, (guint)len);
	fx_insert(j, fx_find(j, 0xdb, 0), seg);
	o = scrub_fixture(dir, "later", j, NULL);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(decoder_part(o, &unused));
	cr_assert_eq(unused, 0, "a table no scan uses was kept");
	cr_assert(memmem(o->data, o->len, seg->data, seg->len), "the table was not kept");
	cr_assert_eq(vox_scrub_buffer("later", o->data, o->len, o2, NULL), 0);
	cr_assert(o->len == o2->len && !memcmp(o->data, o2->data, o->len));
	g_byte_array_unref(seg);
	g_byte_array_unref(o);
	g_byte_array_unref(o2);
	g_byte_array_unref(j);
	rmtree(dir);
}

/* Tables are held until the next scan: so much of them that memory would grow without end
 * is refused. */
Test(scrub, endless_tables_before_a_scan_are_refused, .timeout = 60)
{
	GByteArray *j = fx_jpeg(64, 48, 0), *t = g_byte_array_new(), *seg;

	for (int i = 0; i < 1008; i++) { /* 1008 tables of 65 bytes, slot 3 */
		uint8_t b[65] = { 0x03 };

		memset(b + 1, 1, 64);
		g_byte_array_append(t, b, 65);
	}
	seg = fx_segment(0xdb, t->data, t->len, NULL, 0);
	for (int i = 0; i < 300; i++) /* about 19 MB */
		fx_insert(j, fx_find(j, 0xdb, 0), seg);
	expect_refused(j, "tables.jpg", "before a scan");
	g_byte_array_unref(seg);
	g_byte_array_unref(t);
	g_byte_array_unref(j);
}

Test(scrub, table_segments_with_spare_bytes_are_refused)
{
	static const struct {
		int marker;
		const char *file, *words;
	} cases[] = {
		{ 0xdb, "dqt.jpg", "bad DQT segment" },
		{ 0xc4, "dht.jpg", "bad DHT segment" },
		{ 0xdd, "dri.jpg", "bad DRI segment length" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *j = fx_jpeg(64, 48, 0), *seg;
		size_t at = fx_find(j, cases[i].marker == 0xdd ? 0xdb : cases[i].marker, 0);

		if (cases[i].marker == 0xdd) {
			seg = fx_segment(0xdd, "\0\0Jane", 6, NULL, 0);
		} else {
			/* A whole table of slot 0, then the name as spare bytes. */
			size_t len = (size_t)j->data[at + 2] << 8 | j->data[at + 3];

			seg = fx_segment(cases[i].marker, j->data + at + 4, len - 2, "Jane", 4);
		}
		fx_insert(j, at, seg);
		expect_refused(j, cases[i].file, cases[i].words);
		g_byte_array_unref(seg);
		g_byte_array_unref(j);
	}
}

Test(scrub, other_formats_are_refused_naming_the_accepted_ones)
{
	static const struct {
		const char *bytes;
		guint len;
		const char *words;
	} files[] = {
		{ "GIF89a\1\0\1\0", 10, "a GIF image" },
		{ "II*\0\10\0\0\0", 8, "TIFF" },
		{ "%PDF-1.7\n", 9, "a PDF" },
		{ "hello, world\n", 13, "not an image" },
		/* MP4 may be a voice memo: libavformat reads it, and refuses this one. */
		{ "\0\0\0\x18" "ftypmp42\0\0\0\0", 16, "not audio photovox can read" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		GByteArray *a = g_byte_array_new();

		g_byte_array_append(a, (const guint8 *)files[i].bytes, files[i].len);
		expect_refused(a, "x.dat", files[i].words);
		cr_assert(strstr(vox_error_message(), "JPEG, PNG, WebP and HEIC/HEIF"));
		g_byte_array_unref(a);
	}
	{
		GByteArray *a = g_byte_array_new();

		expect_refused(a, "empty.jpg", "empty");
		g_byte_array_unref(a);
	}
}

/* ---- JPEG hiding places, built here ---- */

Test(scrub, rich_exif_becomes_orientation_only)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *op = g_strdup_printf("%s/exif.out", dir);
	g_autofree char *ip = g_strdup_printf("%s/exif.in", dir);
	struct vox_scrub_info info = { 0 };
	GByteArray *j = phone_jpeg(64, 48, 0, 6), *o;

	o = scrub_fixture(dir, "exif", j, &info);
	cr_assert_eq(info.orientation, 6);
	cr_assert_eq(info.width, 64);
	cr_assert_eq(info.height, 48);
	cr_assert_eq(exif_orientation(ip), 6);
	cr_assert_eq(exif_orientation(op), 6);
	cr_assert(!contains(o, "Alice") && !contains(o, "SN-4242") && !contains(o, "Phonemaker"));
	assert_clean1(op);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(j);
	rmtree(dir);
}

Test(scrub, samsung_and_google_motion_photo_trailers_are_dropped)
{
	static const uint8_t mp4[] = "\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom\0\0\0\x08mdatVIDEO";
	g_autofree char *dir = tmpdir();
	g_autofree char *op1 = g_strdup_printf("%s/samsung.out", dir);
	g_autofree char *op2 = g_strdup_printf("%s/google.out", dir);
	GByteArray *s = phone_jpeg(64, 48, 0, 1), *g = phone_jpeg(64, 48, 0, 1), *o, *xmp;
	static const char gxmp[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf="
	    "'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
	    "xmlns:GCamera='http://ns.google.com/photos/1.0/camera/' GCamera:MotionPhoto='1' "
	    "GCamera:MicroVideoOffset='44'/></rdf:RDF></x:xmpmeta>";

	/* Samsung: the video, then a marker block naming it, after EOI. */
	g_byte_array_append(s, mp4, sizeof mp4);
	g_byte_array_append(s, (const guint8 *)"MotionPhoto_Data", 16);
	g_byte_array_append(s, (const guint8 *)"SEFHSEFT", 8);
	o = scrub_fixture(dir, "samsung", s, NULL);
	cr_assert(!contains(o, "MotionPhoto_Data") && !contains(o, "ftypmp42"));
	assert_ends_at_eoi(o, "samsung");
	assert_clean1(op1);
	g_byte_array_unref(o);

	/* Google: XMP announcing the video, the MP4 after EOI. */
	xmp = fx_segment(0xe1, "http://ns.adobe.com/xap/1.0/", 29, gxmp, sizeof gxmp - 1);
	fx_insert(g, fx_find(g, 0xdb, 0), xmp);
	g_byte_array_append(g, mp4, sizeof mp4);
	o = scrub_fixture(dir, "google", g, NULL);
	cr_assert(!contains(o, "ftypmp42") && !contains(o, "MotionPhoto"));
	assert_ends_at_eoi(o, "google");
	assert_clean1(op2);
	g_byte_array_unref(o);
	g_byte_array_unref(xmp);
	g_byte_array_unref(s);
	g_byte_array_unref(g);
	rmtree(dir);
}

Test(scrub, extended_xmp_mpf_iptc_and_vendor_segments_are_dropped)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/many.in", dir);
	g_autofree char *op = g_strdup_printf("%s/many.out", dir);
	GByteArray *j = phone_jpeg(64, 48, 0, 3), *o;
	GPtrArray *segs = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	static const char xmp[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf="
	    "'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:xmpNote="
	    "'http://ns.adobe.com/xmp/note/' xmpNote:HasExtendedXMP="
	    "'0123456789ABCDEF0123456789ABCDEF'/></rdf:RDF></x:xmpmeta>";
	static const char ext[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf="
	    "'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc="
	    "'http://purl.org/dc/elements/1.1/'><dc:creator>Alice Extended</dc:creator>"
	    "</rdf:Description></rdf:RDF></x:xmpmeta>";
	static const uint8_t iptc[] = "8BIM\x04\x04\0\0\0\0\0\x0c\x1c\x02\x50\0\x07" "Alice P";
	static const uint8_t mpf[] = "MM\0*\0\0\0\x08\0\x01\xb0\0\0\x07\0\0\0\x04" "0100\0\0\0\0";
	size_t half = sizeof ext / 2;

	g_ptr_array_add(segs, fx_segment(0xe1, "http://ns.adobe.com/xap/1.0/", 29, xmp,
	    sizeof xmp - 1));
	/* Extended XMP in two chunks: GUID, full length, offset, then the piece. */
	for (int part = 0; part < 2; part++) {
		GByteArray *b = g_byte_array_new();
		uint32_t total = sizeof ext - 1, off = part ? (uint32_t)half : 0;
		uint8_t be[8] = { (uint8_t)(total >> 24), (uint8_t)(total >> 16),
			(uint8_t)(total >> 8), (uint8_t)total, (uint8_t)(off >> 24),
			(uint8_t)(off >> 16), (uint8_t)(off >> 8), (uint8_t)off };

		g_byte_array_append(b, (const guint8 *)"0123456789ABCDEF0123456789ABCDEF", 32);
		g_byte_array_append(b, be, 8);
		g_byte_array_append(b, (const guint8 *)ext + off,
		    part ? (guint)(total - half) : (guint)half);
		g_ptr_array_add(segs, fx_segment(0xe1, "http://ns.adobe.com/xmp/extension/", 35,
		    b->data, b->len));
		g_byte_array_unref(b);
	}
	g_ptr_array_add(segs, fx_segment(0xe2, "MPF", 4, mpf, sizeof mpf - 1));
	g_ptr_array_add(segs, fx_segment(0xe2, "FPXR", 5, "\0\1secret", 8));
	g_ptr_array_add(segs, fx_segment(0xed, "Photoshop 3.0", 14, iptc, sizeof iptc - 1));
	g_ptr_array_add(segs, fx_segment(0xec, "Ducky", 5, "\0\1\0\0\0\x50" "Alice", 11));
	g_ptr_array_add(segs, fx_segment(0xe3, "Meta", 4, "\0\0Alice", 7));
	g_ptr_array_add(segs, fx_segment(0xe0, "JFXX", 5, "\x13" "thumb", 6));
	g_ptr_array_add(segs, fx_segment(0xe0, "CIFF", 4, "\0\0Alice", 7));
	g_ptr_array_add(segs, fx_segment(0xfe, "Alice's comment", 15, NULL, 0));
	for (guint i = 0; i < segs->len; i++)
		fx_insert(j, fx_find(j, 0xdb, 0), segs->pdata[i]);

	o = scrub_fixture(dir, "many", j, NULL);
	cr_assert(!contains(o, "Alice") && !contains(o, "http://ns.adobe.com") &&
	    !contains(o, "MPF") && !contains(o, "Photoshop") && !contains(o, "JFXX") &&
	    !contains(o, "FPXR") && !contains(o, "Ducky"));
	cr_assert_eq(exif_orientation(op), 3);
	assert_clean1(op);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_ptr_array_unref(segs);
	g_byte_array_unref(j);
	rmtree(dir);
}

Test(scrub, comment_and_exif_after_sof_are_dropped)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/after.in", dir);
	g_autofree char *op = g_strdup_printf("%s/after.out", dir);
	GByteArray *j = fx_jpeg(64, 48, 0), *o;
	GByteArray *com = fx_segment(0xfe, "Alice was here", 14, NULL, 0);
	GByteArray *exif = fx_exif_app1(8);
	size_t sof = fx_find(j, 0xc0, 0);

	/* Right after the frame header: before the next marker following SOF. */
	sof += 2 + ((size_t)j->data[sof + 2] << 8 | j->data[sof + 3]);
	fx_insert(j, sof, com);
	fx_insert(j, sof, exif);
	o = scrub_fixture(dir, "after", j, NULL);
	cr_assert(!contains(o, "Alice"));
	cr_assert_eq(exif_orientation(op), 8);
	assert_clean1(op);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(com);
	g_byte_array_unref(exif);
	g_byte_array_unref(j);
	rmtree(dir);
}

Test(scrub, metadata_between_progressive_scans_is_dropped)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/prog.in", dir);
	g_autofree char *op = g_strdup_printf("%s/prog.out", dir);
	GByteArray *j = phone_jpeg(64, 48, 1, 5), *o;
	GByteArray *com = fx_segment(0xfe, "Alice between scans", 19, NULL, 0);
	GByteArray *xmp = fx_segment(0xe1, "http://ns.adobe.com/xap/1.0/", 29,
	    "<x:xmpmeta>Alice</x:xmpmeta>", 28);
	int scans = 0;

	while (fx_find(j, 0xda, scans) != (size_t)-1)
		scans++;
	cr_assert(scans >= 3, "not progressive: %d scans", scans);
	fx_insert(j, fx_find(j, 0xda, 1), com);
	fx_insert(j, fx_find(j, 0xda, 2), xmp);
	fx_insert(j, fx_find(j, 0xda, scans - 1), com);
	o = scrub_fixture(dir, "prog", j, NULL);
	cr_assert(!contains(o, "Alice"));
	cr_assert_eq(exif_orientation(op), 5);
	assert_clean1(op);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(com);
	g_byte_array_unref(xmp);
	g_byte_array_unref(j);
	rmtree(dir);
}

Test(scrub, jfif_is_kept_without_its_thumbnail_icc_and_adobe_are_kept)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/jfif.in", dir);
	g_autofree char *op = g_strdup_printf("%s/jfif.out", dir);
	GByteArray *j = fx_jpeg(64, 48, 0), *o, *jfif, *icc, *adobe;
	GByteArray *prof = fx_icc(0, "sRGB IEC61966-2.1", "Copyright (c) 1998 Hewlett-Packard Company",
	    NULL, 1);
	uint8_t body[14 + 12] = { 1, 2, 1, 0, 72, 0, 72, 2, 2 };
	size_t app0 = fx_find(j, 0xe0, 0);

	memset(body + 9, 0xab, 12);
	cr_assert(app0 != (size_t)-1, "TurboJPEG wrote no JFIF");
	/* Replace TurboJPEG's JFIF with one carrying a 2x2 thumbnail. */
	g_byte_array_remove_range(j, (guint)app0, 18);
	jfif = fx_segment(0xe0, "JFIF", 5, body, 9 + 12);
	icc = fx_icc_app2(prof);
	adobe = fx_segment(0xee, "Adobe", 5, "\0\x64\0\0\0\0\1", 7);
	fx_insert(j, 2, adobe);
	fx_insert(j, 2, icc);
	fx_insert(j, 2, jfif);
	o = scrub_fixture(dir, "jfif", j, NULL);
	/* SOI, then JFIF of 16 bytes with no thumbnail. */
	cr_assert(o->len > 24 && !memcmp(o->data, "\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
	cr_assert(o->data[18] == 0 && o->data[19] == 0);
	cr_assert(contains(o, "ICC_PROFILE") && contains(o, "rXYZ"), "ICC profile not kept");
	cr_assert(memmem(o->data, o->len, adobe->data, adobe->len), "Adobe APP14 not kept");
	cr_assert(!memmem(o->data, o->len, body + 9, 12), "JFIF thumbnail kept");
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(jfif);
	g_byte_array_unref(icc);
	g_byte_array_unref(prof);
	g_byte_array_unref(adobe);
	g_byte_array_unref(j);
	rmtree(dir);
}

/* ---- ICC profiles and the fixed forms of kept segments ---- */

/* What exiftool says about one tag of a file's ICC profile ("" when it has none). */
static char *
icc_tag(const char *path, const char *tag)
{
	g_autofree char *arg = g_strdup_printf("-ICC_Profile:%s", tag);
	const char *argv[] = { "exiftool", "-b", arg, path, NULL };
	g_autoptr(GBytes) out = run(argv, NULL);

	return bytes_str(out);
}

/* The colour tags exiftool reads in the input are read, the same, in the output. */
static void
assert_same_colour_tags(const char *in, const char *out)
{
	static const char *const tags[] = { "MediaWhitePoint", "RedMatrixColumn",
		"GreenMatrixColumn", "BlueMatrixColumn", "RedTRC", "GreenTRC", "BlueTRC",
		"ColorSpaceData", "ProfileClass", "ProfileConnectionSpace", NULL };

	for (int i = 0; tags[i]; i++) {
		g_autofree char *a = icc_tag(in, tags[i]);
		g_autofree char *b = icc_tag(out, tags[i]);

		cr_assert(*a, "%s: exiftool reads no %s in the input", in, tags[i]);
		cr_assert_str_eq(a, b, "%s: %s changed", out, tags[i]);
	}
}

/* vox audit finds the profile's text in the input and nothing in the output. */
static void
assert_audit_before_after(const GByteArray *in, const GByteArray *out)
{
	GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	int found = 0;

	cr_assert_gt(vox_audit_buffer("in", in->data, in->len, f), 0);
	for (guint i = 0; i < f->len; i++)
		found |= strstr(((struct vox_finding *)f->pdata[i])->what, "ICC profile") != NULL;
	cr_assert(found, "audit does not report the input's profile");
	g_ptr_array_set_size(f, 0);
	cr_assert_eq(vox_audit_buffer("out", out->data, out->len, f), 0,
	    "audit finds %u things in the output, the first '%s'", f->len,
	    f->len ? ((struct vox_finding *)f->pdata[0])->what : "");
	g_ptr_array_unref(f);
}

/* Every spelling of the fixture's names that could survive is gone. */
static void
assert_no_jane(const GByteArray *o, const char *path)
{
	static const char *const names[] = { "Jane", "JANE", "Truro", "jdoe", "DOE1", NULL };
	g_autofree char *all = NULL;
	const char *argv[] = { "exiftool", "-a", "-G1", "-s", "-icc_profile:all", path, NULL };
	g_autoptr(GBytes) out = NULL;

	for (int i = 0; names[i]; i++) {
		cr_assert(!contains(o, names[i]), "%s: '%s' survived the scrub", path, names[i]);
		/* UTF-16 (v4 mluc) spelling too. */
		GByteArray *w = g_byte_array_new();

		for (const char *c = names[i]; *c; c++) {
			uint8_t u[2] = { 0, (uint8_t)*c };

			g_byte_array_append(w, u, 2);
		}
		cr_assert(!memmem(o->data, o->len, w->data, w->len), "%s: UTF-16 '%s' survived",
		    path, names[i]);
		g_byte_array_unref(w);
	}
	out = run(argv, NULL);
	all = bytes_str(out);
	cr_assert(!strstr(all, "Jane") && !strstr(all, "Truro"), "exiftool still reads:\n%s",
	    all);
}

Test(scrub, icc_text_and_header_ids_are_neutralised_colour_tags_kept)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/icc.in", dir);
	g_autofree char *op = g_strdup_printf("%s/icc.out", dir);

	for (int v4 = 0; v4 < 2; v4++) {
		GByteArray *j = fx_jpeg(64, 48, 0), *o, *prof, *app2;
		g_autofree char *desc = NULL, *cprt = NULL, *maker = NULL, *date = NULL;

		prof = fx_icc(v4, "Jane Doe iMac", "Owner: Jane Doe, Truro", "Jane's iMac display",
		    256);
		app2 = fx_icc_app2(prof);
		fx_insert(j, 2, app2);
		o = scrub_fixture(dir, "icc", j, NULL);
		{
			g_autofree char *in_desc = icc_tag(ip, "ProfileDescription");

			cr_assert_str_eq(in_desc, "Jane Doe iMac", "exiftool cannot read the fixture");
		}
		assert_no_jane(o, op);
		assert_audit_before_after(j, o);
		assert_same_colour_tags(ip, op);
		desc = icc_tag(op, "ProfileDescription");
		cprt = icc_tag(op, "ProfileCopyright");
		maker = icc_tag(op, "DeviceManufacturer");
		date = icc_tag(op, "ProfileDateTime");
		cr_assert_str_eq(desc, "ICC profile");
		cr_assert_str_eq(cprt, "");
		cr_assert(!*maker || !strcmp(maker, "\0\0\0\0"), "maker '%s' kept", maker);
		cr_assert(!strstr(date, "2026"), "creation date '%s' kept", date);
		assert_clean1(op);
		assert_same_pixels_jpeg(ip, op);
		g_byte_array_unref(o);
		g_byte_array_unref(app2);
		g_byte_array_unref(prof);
		g_byte_array_unref(j);
	}
	rmtree(dir);
}

Test(scrub, a_standard_profile_keeps_its_colour_tags, .timeout = 60)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *in = corpus_file("jpg/Canon_40D.jpg");
	g_autofree char *o = g_strdup_printf("%s/o.jpg", dir);
	g_autofree char *desc = NULL;

	cr_assert_eq(vox_scrub_file(in, o, NULL), 0, "%s", vox_error_message());
	assert_same_colour_tags(in, o);
	desc = icc_tag(o, "ProfileDescription");
	cr_assert_str_eq(desc, "ICC profile");
	assert_same_pixels_jpeg(in, o);
	rmtree(dir);
}

Test(scrub, a_profile_larger_than_a_segment_is_rebuilt_across_chunks)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/big.in", dir);
	g_autofree char *op = g_strdup_printf("%s/big.out", dir);
	GByteArray *j = fx_jpeg(64, 48, 1), *o, *prof, *app2;
	size_t chunks = 0;

	/* 40000 curve points: an 80 KB profile in two APP2 chunks. */
	prof = fx_icc(0, "Jane Doe iMac", "Owner: Jane Doe, Truro", "Jane's iMac display", 40000);
	cr_assert(prof->len > 65519);
	app2 = fx_icc_app2(prof);
	fx_insert(j, 2, app2);
	o = scrub_fixture(dir, "big", j, NULL);
	for (const uint8_t *q = o->data; (q = memmem(q, o->len - (size_t)(q - o->data),
	    "ICC_PROFILE", 12)); q++)
		chunks++;
	cr_assert_eq(chunks, 2, "%zu ICC chunks", chunks);
	assert_no_jane(o, op);
	assert_audit_before_after(j, o);
	assert_same_colour_tags(ip, op);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(app2);
	g_byte_array_unref(prof);
	g_byte_array_unref(j);
	rmtree(dir);
}

/* Adds a tag holding data to a profile: the table grows by a row, the data goes last. */
static void
icc_add_tag(GByteArray *p, const char *sig, const void *data, size_t n)
{
	uint32_t count = (uint32_t)p->data[128] << 24 | p->data[129] << 16 | p->data[130] << 8 |
	    p->data[131];
	uint8_t row[12] = { 0 };
	GByteArray *r = g_byte_array_new();

	for (uint32_t i = 0; i < count; i++) {
		uint8_t *q = p->data + 132 + 12 * i + 4;
		uint32_t off = ((uint32_t)q[0] << 24 | q[1] << 16 | q[2] << 8 | q[3]) + 12;

		q[0] = (uint8_t)(off >> 24);
		q[1] = (uint8_t)(off >> 16);
		q[2] = (uint8_t)(off >> 8);
		q[3] = (uint8_t)off;
	}
	memcpy(row, sig, 4);
	{
		uint32_t off = p->len + 12;

		row[4] = (uint8_t)(off >> 24);
		row[5] = (uint8_t)(off >> 16);
		row[6] = (uint8_t)(off >> 8);
		row[7] = (uint8_t)off;
		row[10] = (uint8_t)(n >> 8);
		row[11] = (uint8_t)n;
	}
	g_byte_array_append(r, row, 12);
	fx_insert(p, 132 + 12 * count, r);
	g_byte_array_append(p, data, (guint)n);
	while (p->len % 4)
		g_byte_array_append(p, (const guint8 *)"", 1);
	count++;
	p->data[131] = (uint8_t)count;
	p->data[130] = (uint8_t)(count >> 8);
	p->data[0] = (uint8_t)(p->len >> 24);
	p->data[1] = (uint8_t)(p->len >> 16);
	p->data[2] = (uint8_t)(p->len >> 8);
	p->data[3] = (uint8_t)p->len;
	g_byte_array_unref(r);
}

Test(scrub, text_hidden_in_the_padding_of_colour_tags_is_dropped)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/pad.in", dir);
	g_autofree char *op = g_strdup_printf("%s/pad.out", dir);
	GByteArray *prof = fx_icc(1, "sRGB", "Public Domain", NULL, 1), *j = fx_jpeg(64, 48, 0);
	GByteArray *app2, *o;
	/* A v4 A2B0 (lutAtoBType) of three identity B curves at offset 32, then text where
	 * only padding belongs; a private tag of text; text in the reserved bytes of a curve. */
	uint8_t lut[32 + 3 * 12 + 16] = { 'm', 'A', 'B', ' ', 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 32 };

	for (int i = 0; i < 3; i++)
		memcpy(lut + 32 + 12 * i, "curv\0\0\0\0\0\0\0\0", 12);
	memcpy(lut + 32 + 36, "Jane Doe, Truro!", 16);
	memcpy(lut + 32 + 4, "Jane", 4);
	icc_add_tag(prof, "A2B0", lut, sizeof lut);
	icc_add_tag(prof, "mmod", "mmod\0\0\0\0Jane Doe's iMac, serial 42", 34);
	app2 = fx_icc_app2(prof);
	fx_insert(j, 2, app2);
	o = scrub_fixture(dir, "pad", j, NULL);
	cr_assert(contains(o, "A2B0") && contains(o, "mAB "), "the A2B0 tag was dropped");
	assert_no_jane(o, op);
	assert_audit_before_after(j, o);
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(app2);
	g_byte_array_unref(j);
	g_byte_array_unref(prof);
	rmtree(dir);
}

/* A file's APP2 chunks in another order, or damaged, to test what the scrub makes of them. */
static GByteArray *
scrub_with_chunks(const char *dir, const char *name, const GByteArray *chunks)
{
	GByteArray *j = fx_jpeg(64, 48, 0), *o;

	fx_insert(j, 2, chunks);
	o = scrub_fixture(dir, name, j, NULL);
	g_byte_array_unref(j);
	return o;
}

Test(scrub, malformed_and_look_alike_icc_chunks_are_dropped_whole)
{
	g_autofree char *dir = tmpdir();
	GByteArray *prof = fx_icc(0, "Jane Doe iMac", "Owner: Jane Doe, Truro", "Jane's display",
	    40000), *app2 = fx_icc_app2(prof), *c, *o;
	size_t first = 4 + ((size_t)app2->data[2] << 8 | app2->data[3]) - 2;

	/* "ICC_PROFILE", chunk 1 of 1, then free text rather than a profile. */
	c = fx_segment(0xe2, "ICC_PROFILE\0\1\1", 14, "Jane Doe, 3 Mill Lane, Truro", 28);
	o = scrub_with_chunks(dir, "lookalike", c);
	cr_assert(!contains(o, "ICC_PROFILE") && !contains(o, "Jane"));
	g_byte_array_unref(o);
	g_byte_array_unref(c);

	/* The first chunk twice: readers refuse such a profile. */
	c = g_byte_array_new();
	g_byte_array_append(c, app2->data, (guint)first);
	g_byte_array_append(c, app2->data, app2->len);
	o = scrub_with_chunks(dir, "twice", c);
	cr_assert(!contains(o, "ICC_PROFILE") && !contains(o, "Jane"));
	g_byte_array_unref(o);
	g_byte_array_unref(c);

	/* The second chunk missing. */
	c = g_byte_array_new();
	g_byte_array_append(c, app2->data, (guint)first);
	o = scrub_with_chunks(dir, "missing", c);
	cr_assert(!contains(o, "ICC_PROFILE") && !contains(o, "Jane"));
	g_byte_array_unref(o);
	g_byte_array_unref(c);

	/* Chunks in reverse order are still one profile. */
	c = g_byte_array_new();
	g_byte_array_append(c, app2->data + first, app2->len - (guint)first);
	g_byte_array_append(c, app2->data, (guint)first);
	o = scrub_with_chunks(dir, "reverse", c);
	cr_assert(contains(o, "ICC_PROFILE") && contains(o, "rXYZ") && !contains(o, "Jane"));
	g_byte_array_unref(o);
	g_byte_array_unref(c);

	/* A whole profile after the first scan: decoders never read it. */
	{
		GByteArray *j = fx_jpeg(64, 48, 1), *small = fx_icc(0, "Jane", "Jane", NULL, 1);
		GByteArray *seg = fx_icc_app2(small);

		fx_insert(j, fx_find(j, 0xda, 1), seg);
		o = scrub_fixture(dir, "afterscan", j, NULL);
		cr_assert(!contains(o, "ICC_PROFILE") && !contains(o, "Jane"));
		g_byte_array_unref(o);
		g_byte_array_unref(seg);
		g_byte_array_unref(small);
		g_byte_array_unref(j);
	}
	g_byte_array_unref(app2);
	g_byte_array_unref(prof);
	rmtree(dir);
}

Test(scrub, adobe_app14_and_jfif_keep_only_their_fixed_form)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/adobe.in", dir);
	g_autofree char *op = g_strdup_printf("%s/adobe.out", dir);
	GByteArray *j = fx_jpeg(64, 48, 0), *o, *adobe, *fixed, *jfif;
	static const char tail[] = "Jane Doe's scanner, Truro";
	uint8_t body[9 + sizeof tail - 1] = { 1, 2, 1, 0, 72, 0, 72, 0, 0 };
	size_t app0 = fx_find(j, 0xe0, 0);

	/* APP14: "Adobe", version 100, flags 0 and 0, transform 1, then free text. */
	adobe = fx_segment(0xee, "Adobe\0\x64\0\0\0\0\1", 12, tail, sizeof tail - 1);
	fixed = fx_segment(0xee, "Adobe\0\x64\0\0\0\0\1", 12, NULL, 0);
	/* JFIF without a thumbnail, then free text. */
	memcpy(body + 9, tail, sizeof tail - 1);
	g_byte_array_remove_range(j, (guint)app0, 18);
	jfif = fx_segment(0xe0, "JFIF", 5, body, sizeof body);
	fx_insert(j, 2, adobe);
	fx_insert(j, 2, jfif);
	o = scrub_fixture(dir, "adobe", j, NULL);
	cr_assert(memmem(o->data, o->len, fixed->data, fixed->len), "Adobe APP14 not kept");
	cr_assert(!contains(o, "Jane") && !contains(o, "Truro"));
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(adobe);
	g_byte_array_unref(fixed);
	g_byte_array_unref(jfif);
	g_byte_array_unref(j);
	rmtree(dir);
}

/*
 * The fields of JFIF and Adobe APP14 carry no text: each value is one cameras write or is
 * replaced, and ordinary values keep their bytes (photos scrubbed before scrub to themselves,
 * which vox import relies on).
 */
Test(scrub, jfif_and_adobe_fields_carry_no_text_and_ordinary_values_stay)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/fields.in", dir);
	g_autofree char *op = g_strdup_printf("%s/fields.out", dir);
	/* version, units, densities and then the thumbnail size, spelling a name */
	static const uint8_t named_jfif[9] = { 'J', 'a', 'n', 'e', 'D', 'o', 'e', 0, 0 };
	static const uint8_t named_adobe[7] = { 'J', 'a', 'n', 'e', 'D', 'o', 1 };
	static const uint8_t canon_jfif[18] = { 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0,
		1, 1, 0, 0, 1, 0, 1, 0, 0 };
	static const uint8_t canon_adobe[16] = { 0xff, 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e',
		0, 100, 0, 0, 0, 0, 1 };
	/* As cameras and Photoshop write them: 300 dpi; version 101, flags0 0xc000. */
	static const uint8_t real_jfif[9] = { 1, 2, 1, 0x01, 0x2c, 0x01, 0x2c, 0, 0 };
	static const uint8_t real_adobe[7] = { 0, 101, 0xc0, 0, 0, 0, 1 };
	struct {
		const uint8_t *jfif, *adobe;
		int ordinary;
	} cases[] = { { named_jfif, named_adobe, 0 }, { real_jfif, real_adobe, 1 } };

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *j = fx_jpeg(64, 48, 0), *o, *jfif, *adobe;
		size_t app0 = fx_find(j, 0xe0, 0);

		g_byte_array_remove_range(j, (guint)app0, 18);
		jfif = fx_segment(0xe0, "JFIF", 5, cases[i].jfif, 9);
		adobe = fx_segment(0xee, "Adobe", 5, cases[i].adobe, 7);
		fx_insert(j, 2, adobe);
		fx_insert(j, 2, jfif);
		o = scrub_fixture(dir, "fields", j, NULL);
		if (cases[i].ordinary) {
			cr_assert(memmem(o->data, o->len, jfif->data, jfif->len), "JFIF changed");
			cr_assert(memmem(o->data, o->len, adobe->data, adobe->len),
			    "APP14 changed");
		} else {
			cr_assert(!contains(o, "Jane") && !contains(o, "neDo") &&
			    !contains(o, "eDoe"), "text in JFIF or APP14 kept");
			cr_assert(memmem(o->data, o->len, canon_jfif, sizeof canon_jfif),
			    "JFIF not in its fixed form");
			cr_assert(memmem(o->data, o->len, canon_adobe, sizeof canon_adobe),
			    "APP14 not in its fixed form");
		}
		assert_same_pixels_jpeg(ip, op);
		g_byte_array_unref(o);
		g_byte_array_unref(jfif);
		g_byte_array_unref(adobe);
		g_byte_array_unref(j);
	}
	rmtree(dir);
}

/*
 * DAC: one value per table, in table order, so repeated entries cannot carry text; a value a
 * decoder refuses refuses the photo. (A baseline photo ignores DAC, so its pixels stay.)
 */
Test(scrub, dac_keeps_one_value_per_table)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/dac.in", dir);
	g_autofree char *op = g_strdup_printf("%s/dac.out", dir);
	/* AC table 0 named four times (text in its values, then 5), DC 1 as 0x32, AC 1 as 200. */
	static const uint8_t dac[] = { 0x10, 'J', 0x10, 'a', 0x10, 'n', 0x11, 200, 0x01, 0x32,
		0x10, 5 };
	static const uint8_t want[] = { 0xff, 0xcc, 0, 8, 0x01, 0x32, 0x10, 5, 0x11, 63 };
	static const uint8_t bad[][2] = { { 0x14, 'e' }, { 0x20, 1 }, { 0x00, 0x1f } };
	GByteArray *j = fx_jpeg(64, 48, 0), *o, *seg = fx_segment(0xcc, dac, sizeof dac, NULL, 0);
	size_t sof = fx_find(j, 0xc0, 0);

	fx_insert(j, sof, seg);
	o = scrub_fixture(dir, "dac", j, NULL);
	cr_assert(memmem(o->data, o->len, want, sizeof want), "DAC not rewritten");
	cr_assert(!contains(o, "Jan"));
	assert_same_pixels_jpeg(ip, op);
	g_byte_array_unref(o);
	g_byte_array_unref(seg);
	g_byte_array_unref(j);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		j = fx_jpeg(64, 48, 0);
		seg = fx_segment(0xcc, bad[i], 2, NULL, 0);
		fx_insert(j, fx_find(j, 0xc0, 0), seg);
		expect_refused(j, "dac.jpg", "bad DAC segment");
		g_byte_array_unref(seg);
		g_byte_array_unref(j);
	}
	rmtree(dir);
}

/* ---- PNG and WebP ---- */

/* The PNG CRC, bit by bit (an independent check of the table-driven one). */
static uint32_t
bit_crc32(uint32_t c, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c;
}

static GByteArray *
png_chunk(const char *type, const void *data, size_t n)
{
	GByteArray *a = g_byte_array_new();
	uint8_t len[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
	uint32_t crc;

	g_byte_array_append(a, len, 4);
	g_byte_array_append(a, (const guint8 *)type, 4);
	g_byte_array_append(a, data, (guint)n);
	crc = bit_crc32(bit_crc32(0xffffffffu, type, 4), data, n) ^ 0xffffffffu;
	len[0] = (uint8_t)(crc >> 24);
	len[1] = (uint8_t)(crc >> 16);
	len[2] = (uint8_t)(crc >> 8);
	len[3] = (uint8_t)crc;
	g_byte_array_append(a, len, 4);
	return a;
}

/* An image saved by libvips in the given format ("png", "webp"), from a corpus photo. */
static GByteArray *
vips_fixture(const char *suffix, int keep_metadata)
{
	g_autofree char *src = corpus_file("jpg/gps/DSCN0010.jpg");
	VipsImage *im, *small;
	void *buf = NULL;
	size_t len = 0;
	GByteArray *a;

	cr_assert_eq(VIPS_INIT("test_scrub"), 0);
	im = vips_image_new_from_file(src, NULL);
	cr_assert(im);
	cr_assert_eq(vips_resize(im, &small, 0.1, NULL), 0);
	cr_assert_eq(vips_image_write_to_buffer(small, suffix, &buf, &len, "strip",
	    !keep_metadata, NULL), 0, "%s", vips_error_buffer());
	a = g_byte_array_new();
	g_byte_array_append(a, buf, (guint)len);
	g_free(buf);
	g_object_unref(small);
	g_object_unref(im);
	return a;
}

static void
assert_same_pixels_vips(const GByteArray *a, const GByteArray *b)
{
	VipsImage *ia = vips_image_new_from_buffer(a->data, a->len, "", NULL);
	VipsImage *ib = vips_image_new_from_buffer(b->data, b->len, "", NULL);
	size_t na = 0, nb = 0;
	void *pa, *pb;

	cr_assert(ia && ib, "libvips cannot decode: %s", vips_error_buffer());
	pa = vips_image_write_to_memory(ia, &na);
	pb = vips_image_write_to_memory(ib, &nb);
	cr_assert(pa && pb && na == nb && na > 0 && !memcmp(pa, pb, na), "pixels differ");
	g_free(pa);
	g_free(pb);
	g_object_unref(ia);
	g_object_unref(ib);
}

Test(scrub, png_text_exif_and_time_chunks_are_dropped_pixels_kept)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *op = g_strdup_printf("%s/png.out", dir);
	GByteArray *p = vips_fixture(".png", 0), *o;
	struct vox_scrub_info info = { 0 };
	GPtrArray *cs = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	static const uint8_t exif[] = "MM\0*\0\0\0\x08\0\x01\x01\x3b\0\x02\0\0\0\x06" "Alice\0";

	g_ptr_array_add(cs, png_chunk("tEXt", "Author\0Alice Png", 16));
	g_ptr_array_add(cs, png_chunk("iTXt", "Description\0\0\0\0\0Alice's farm", 28));
	g_ptr_array_add(cs, png_chunk("zTXt", "Comment\0\0x\x9c\x73\xcc\xc9\x4c\x4e\x05\0"
	    "\x04\x3f\x01\xc6", 23));
	g_ptr_array_add(cs, png_chunk("eXIf", exif, sizeof exif - 1));
	g_ptr_array_add(cs, png_chunk("tIME", "\x07\xea\x05\x0c\x0a\x0b\x0c", 7));
	g_ptr_array_add(cs, png_chunk("prVt", "Alice private", 13));
	/* After IHDR (8 + 25 bytes): ancillary chunks may sit there. */
	for (guint i = 0; i < cs->len; i++)
		fx_insert(p, 33, cs->pdata[i]);
	g_byte_array_append(p, (const guint8 *)"trailing Alice", 14);
	o = scrub_fixture(dir, "png", p, &info);
	cr_assert_eq(info.format, VOX_FORMAT_PNG);
	cr_assert(info.width > 0 && info.height > 0);
	cr_assert(!contains(o, "Alice") && !contains(o, "tIME") && !contains(o, "eXIf"));
	assert_clean1(op);
	assert_same_pixels_vips(p, o);
	g_byte_array_unref(o);
	g_ptr_array_unref(cs);
	g_byte_array_unref(p);
	rmtree(dir);
}

/*
 * Ingest records the displayed size from the orientation the scrub reports: it must be the
 * one kept in the output (a fresh EXIF holding only Orientation), 1 when none is.
 */
Test(scrub, png_and_webp_report_the_orientation_they_keep)
{
	g_autofree char *dir = tmpdir();
	/* Orientation 6 and an Artist, big-endian, as the bare TIFF data of an eXIf. */
	static const uint8_t exif[] = "MM\0*\0\0\0\x08\0\x02\x01\x12\0\x03\0\0\0\x01\0\x06\0\0"
	    "\x01\x3b\0\x02\0\0\0\x06\0\0\0\x26\0\0\0\0" "Alice\0";
	GByteArray *p = vips_fixture(".png", 0), *o, *c, *w;
	struct vox_scrub_info info = { 0 };
	VipsImage *im;
	void *buf = NULL;
	size_t len = 0;

	o = scrub_fixture(dir, "png", p, &info);
	cr_assert_eq(info.orientation, 1);
	g_byte_array_unref(o);
	c = png_chunk("eXIf", exif, sizeof exif - 1);
	fx_insert(p, 33, c);
	o = scrub_fixture(dir, "png", p, &info);
	cr_assert_eq(info.orientation, 6);
	cr_assert(contains(o, "eXIf") && !contains(o, "Alice"));
	g_byte_array_unref(o);
	g_byte_array_unref(c);

	im = vips_image_new_from_buffer(p->data, p->len, "", NULL);
	cr_assert(im);
	vips_image_set_int(im, "orientation", 6);
	cr_assert_eq(vips_image_write_to_buffer(im, ".webp[Q=80]", &buf, &len, NULL), 0);
	w = g_byte_array_new();
	g_byte_array_append(w, buf, (guint)len);
	o = scrub_fixture(dir, "webp", w, &info);
	cr_assert_eq(info.orientation, 6);
	cr_assert_eq(info.width, vips_image_get_width(im));
	cr_assert(contains(o, "EXIF"));
	g_byte_array_unref(o);
	g_byte_array_unref(w);
	g_free(buf);
	g_object_unref(im);
	g_byte_array_unref(p);
	rmtree(dir);
}

/* An iCCP chunk body: the name, NUL, method 0 and the zlib-compressed profile. */
static GByteArray *
iccp_chunk(const char *name, const GByteArray *prof)
{
	GByteArray *body = g_byte_array_new(), *c;
	uLongf zlen = compressBound(prof->len);

	g_byte_array_append(body, (const guint8 *)name, (guint)strlen(name) + 1);
	g_byte_array_append(body, (const guint8 *)"", 1);
	g_byte_array_set_size(body, body->len + (guint)zlen);
	cr_assert_eq(compress(body->data + body->len - zlen, &zlen, prof->data, prof->len), Z_OK);
	g_byte_array_set_size(body, (guint)(strlen(name) + 2 + zlen));
	c = png_chunk("iCCP", body->data, body->len);
	g_byte_array_unref(body);
	return c;
}

Test(scrub, png_iccp_gets_a_neutral_name_and_a_profile_without_text)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/png.in", dir);
	g_autofree char *op = g_strdup_printf("%s/png.out", dir);
	GByteArray *p = vips_fixture(".png", 0), *o, *prof, *chunk;
	g_autofree char *name = NULL;

	prof = fx_icc(1, "Jane Doe iMac", "Owner: Jane Doe, Truro", "Jane's iMac display", 256);
	chunk = iccp_chunk("Jane Doe", prof);
	fx_insert(p, 33, chunk);
	o = scrub_fixture(dir, "png", p, NULL);
	{
		const char *argv[] = { "exiftool", "-s3", "-PNG:ProfileName", ip, NULL };
		g_autoptr(GBytes) out = run(argv, NULL);
		g_autofree char *in_name = bytes_str(out);

		cr_assert_str_eq(g_strstrip(in_name), "Jane Doe", "exiftool cannot read the fixture");
	}
	cr_assert(contains(o, "iCCP"), "the profile was dropped");
	assert_no_jane(o, op);
	assert_audit_before_after(p, o);
	{
		const char *argv[] = { "exiftool", "-s3", "-PNG:ProfileName", op, NULL };
		g_autoptr(GBytes) out = run(argv, NULL);

		name = bytes_str(out);
		cr_assert_str_eq(g_strstrip(name), "ICC profile");
	}
	assert_same_colour_tags(ip, op);
	assert_clean1(op);
	assert_same_pixels_vips(p, o);
	g_byte_array_unref(o);
	g_byte_array_unref(chunk);
	g_byte_array_unref(prof);
	g_byte_array_unref(p);
	rmtree(dir);
}

Test(scrub, png_damage_and_unknown_critical_chunks_are_refused)
{
	GByteArray *p = vips_fixture(".png", 0), *c;
	GByteArray *crit = png_chunk("zZZZ", "x", 1);

	c = g_byte_array_new();
	g_byte_array_append(c, p->data, p->len);
	c->data[30] ^= 0x55; /* inside the IHDR CRC */
	expect_refused(c, "crc.png", "bad CRC");
	g_byte_array_unref(c);

	c = g_byte_array_new();
	g_byte_array_append(c, p->data, p->len);
	crit->data[4] = 'Z';
	fx_insert(c, 33, crit);
	expect_refused(c, "crit.png", "unknown critical chunk");
	g_byte_array_unref(c);

	c = g_byte_array_new();
	g_byte_array_append(c, p->data, p->len / 2);
	expect_refused(c, "cut.png", "truncated");
	g_byte_array_unref(c);
	g_byte_array_unref(crit);
	g_byte_array_unref(p);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

Test(scrub, webp_exif_and_xmp_are_dropped_and_header_fixed)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *op = g_strdup_printf("%s/webp.out", dir);
	const char *const suffixes[] = { ".webp[lossless]", ".webp[Q=80]" };

	for (size_t s = 0; s < G_N_ELEMENTS(suffixes); s++) {
		GByteArray *w = vips_fixture(suffixes[s], 1), *o;
		struct vox_scrub_info info = { 0 };
		int vp8x = 0;

		cr_assert(contains(w, "EXIF"), "libvips wrote no EXIF chunk to the fixture");
		/* XMP as well, and an odd-sized one so padding is exercised. */
		{
			static const char xmp[] = "XMP \x07\0\0\0Alice!!\0";
			GByteArray *x = g_byte_array_new();

			g_byte_array_append(x, (const guint8 *)xmp, 16);
			fx_insert(w, w->len, x);
			g_byte_array_unref(x);
			w->data[4] = (uint8_t)(w->len - 8);
			w->data[5] = (uint8_t)((w->len - 8) >> 8);
			w->data[6] = (uint8_t)((w->len - 8) >> 16);
			w->data[7] = (uint8_t)((w->len - 8) >> 24);
		}
		o = scrub_fixture(dir, "webp", w, &info);
		cr_assert_eq(info.format, VOX_FORMAT_WEBP);
		cr_assert(!contains(o, "EXIF") && !contains(o, "XMP ") && !contains(o, "Alice"));
		cr_assert_eq(le32(o->data + 4), o->len - 8, "RIFF size not fixed");
		for (size_t i = 12; i + 8 <= o->len;) {
			uint32_t n = le32(o->data + i + 4);

			if (!memcmp(o->data + i, "VP8X", 4)) {
				vp8x = 1;
				cr_assert_eq(o->data[i + 8] & 0x0c, 0,
				    "VP8X still announces EXIF/XMP");
			}
			i += 8 + n + (n & 1);
		}
		cr_assert(vp8x);
		assert_clean1(op);
		assert_same_pixels_vips(w, o);
		g_byte_array_unref(o);
		g_byte_array_unref(w);
	}
	rmtree(dir);
}

Test(scrub, webp_iccp_profile_loses_its_text)
{
	g_autofree char *dir = tmpdir();
	g_autofree char *ip = g_strdup_printf("%s/webp.in", dir);
	g_autofree char *op = g_strdup_printf("%s/webp.out", dir);
	GByteArray *w = vips_fixture(".webp[lossless]", 1), *o, *prof, *chunk;
	uint8_t h[8] = { 'I', 'C', 'C', 'P' };

	cr_assert(!memcmp(w->data + 12, "VP8X", 4), "libvips wrote no VP8X");
	prof = fx_icc(0, "Jane Doe iMac", "Owner: Jane Doe, Truro", "Jane's iMac display", 256);
	h[4] = (uint8_t)prof->len;
	h[5] = (uint8_t)(prof->len >> 8);
	chunk = g_byte_array_new();
	g_byte_array_append(chunk, h, 8);
	g_byte_array_append(chunk, prof->data, prof->len);
	/* The ICC chunk comes right after VP8X, which announces it. */
	fx_insert(w, 12 + 8 + 10, chunk);
	w->data[20] |= 0x20;
	w->data[4] = (uint8_t)(w->len - 8);
	w->data[5] = (uint8_t)((w->len - 8) >> 8);
	w->data[6] = (uint8_t)((w->len - 8) >> 16);
	w->data[7] = (uint8_t)((w->len - 8) >> 24);
	o = scrub_fixture(dir, "webp", w, NULL);
	cr_assert(contains(o, "ICCP"), "the profile was dropped");
	cr_assert(o->data[20] & 0x20, "VP8X no longer announces the profile");
	cr_assert_eq(le32(o->data + 4), o->len - 8, "RIFF size not fixed");
	assert_no_jane(o, op);
	assert_audit_before_after(w, o);
	assert_same_colour_tags(ip, op);
	assert_clean1(op);
	assert_same_pixels_vips(w, o);
	g_byte_array_unref(o);
	g_byte_array_unref(chunk);
	g_byte_array_unref(prof);
	g_byte_array_unref(w);
	rmtree(dir);
}

/* ---- the EXIF helpers ---- */

Test(scrub, exif_block_gives_orientation_and_original_date)
{
	GByteArray *seg = fx_exif_app1(7), *app1 = g_byte_array_new();
	g_autofree char *date = vox_exif_datetime_original(seg->data + 4, seg->len - 4);
	static const uint8_t junk[] = "Exif\0\0MM\0*\0\0\0\x08\xff\xff\xff\xff";

	cr_assert_eq(vox_exif_orientation(seg->data + 4, seg->len - 4), 7);
	cr_assert_str_eq(date, "2026-05-12 10:11:12");
	cr_assert_eq(vox_exif_orientation(junk, sizeof junk - 1), 1);
	cr_assert_null(vox_exif_datetime_original(junk, sizeof junk - 1));

	cr_assert_eq(vox_exif_orientation_app1(3, app1), 0);
	cr_assert(app1->len > 20 && app1->data[0] == 0xff && app1->data[1] == 0xe1);
	cr_assert_eq((size_t)app1->data[2] << 8 | app1->data[3], app1->len - 2);
	cr_assert_eq(vox_exif_orientation(app1->data + 4, app1->len - 4), 3);
	cr_assert_null(vox_exif_datetime_original(app1->data + 4, app1->len - 4));
	cr_assert_eq(vox_exif_orientation_app1(0, app1), -1);
	cr_assert_eq(vox_exif_orientation_app1(9, app1), -1);
	g_byte_array_unref(app1);
	g_byte_array_unref(seg);
}

Test(scrub, scrubbing_to_a_descriptor_counts_what_it_removed_by_the_audits_categories)
{
	g_autofree char *path = corpus_file("jpg/gps/DSCN0010.jpg");
	GByteArray *j = phone_jpeg(64, 48, 1, 1), *clean = g_byte_array_new();
	struct vox_scrub_info info;
	int in = open(path, O_RDONLY), out = open("/dev/null", O_WRONLY);
	char sha[65] = "";
	g_autofree char *text = NULL, *none = NULL;

	cr_assert(in >= 0 && out >= 0);
	memset(&info, 0xff, sizeof(info));
	cr_assert_eq(vox_scrub_to_fd("DSCN0010.jpg", in, NULL, 0, out, sha, &info), 0, "%s",
	    vox_error_message());
	cr_assert_gt(info.removed[VOX_AUDIT_LOCATION], 0);
	cr_assert_gt(info.removed[VOX_AUDIT_DEVICE], 0);
	cr_assert_gt(info.removed[VOX_AUDIT_DATES], 0);
	text = vox_scrub_removed_text(&info);
	cr_assert(g_str_has_prefix(text, "location="), "%s", text);
	cr_assert(strstr(text, ",device_ids=") && strstr(text, ",dates="), "%s", text);
	cr_assert_null(strstr(text, "COOLPIX"), "%s", text);
	/* A phone's photo scrubbed once carries nothing identifying: scrubbed again,
	 * nothing is removed, and the text is empty. */
	cr_assert_eq(vox_scrub_buffer("phone.jpg", j->data, j->len, clean, NULL), 0);
	cr_assert_eq(vox_scrub_to_fd("clean.jpg", -1, clean->data, clean->len, out, sha, &info),
	    0);
	for (int c = 0; c < VOX_AUDIT_N_CATEGORIES; c++)
		cr_assert_eq(info.removed[c], 0, "category %d", c);
	none = vox_scrub_removed_text(&info);
	cr_assert_str_eq(none, "");
	close(in);
	close(out);
	g_byte_array_unref(j);
	g_byte_array_unref(clean);
}
