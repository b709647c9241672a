/*
 * Audit of images built here, segment by segment, with TurboJPEG, libexif, libvips and
 * libarchive: each kind of identifying metadata is found under its category, what scrubbing
 * keeps is clean, and damaged or hostile input fails cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <libexif/exif-data.h>
#include <turbojpeg.h>
#include <vips/vips.h>
#include <zlib.h>

#include "helpers/corpus.h"
#include "helpers/jpeg_fixtures.h"
#include "vox/audit.h"
#include "vox/json.h"
#include "vox/scrub.h"

/* ---- Building test images ---- */

static GByteArray *
make_jpeg(int progressive)
{
	unsigned char pixels[32 * 32 * 3];
	unsigned char *jpeg = NULL;
	unsigned long size = 0;
	tjhandle tj = tjInitCompress();
	GByteArray *b;

	for (size_t i = 0; i < sizeof(pixels); i++)
		pixels[i] = (unsigned char)(i * 7);
	cr_assert_not_null(tj);
	cr_assert_eq(tjCompress2(tj, pixels, 32, 0, 32, TJPF_RGB, &jpeg, &size, TJSAMP_420, 90,
			 progressive ? TJFLAG_PROGRESSIVE : 0),
	    0, "%s", tjGetErrorStr2(tj));
	b = g_byte_array_new();
	g_byte_array_append(b, jpeg, (guint)size);
	tjFree(jpeg);
	tjDestroy(tj);
	return b;
}

/* A marker segment: FF m, length, payload. */
static GByteArray *
segment(unsigned m, const void *payload, size_t n)
{
	GByteArray *s = g_byte_array_new();
	uint8_t hdr[4] = { 0xff, (uint8_t)m, (uint8_t)((n + 2) >> 8), (uint8_t)(n + 2) };

	cr_assert_lt(n + 2, 65536);
	g_byte_array_append(s, hdr, 4);
	g_byte_array_append(s, payload, (guint)n);
	return s;
}

static GByteArray *
segment_id(unsigned m, const char *id, size_t idlen, const char *body)
{
	GByteArray *p = g_byte_array_new(), *s;

	g_byte_array_append(p, (const guint8 *)id, (guint)idlen);
	g_byte_array_append(p, (const guint8 *)body, (guint)strlen(body));
	s = segment(m, p->data, p->len);
	g_byte_array_unref(p);
	return s;
}

/* Offset of the nth (0-based) occurrence of marker FF m in the marker stream. */
static size_t
marker_offset(const GByteArray *j, unsigned m, int nth)
{
	for (size_t i = 2; i + 1 < j->len; i++)
		if (j->data[i] == 0xff && j->data[i + 1] == m && nth-- == 0)
			return i;
	cr_assert_fail("marker 0x%02x not found", m);
	return 0;
}

static void
insert_at(GByteArray *j, size_t at, GByteArray *seg)
{
	g_array_insert_vals((GArray *)j, (guint)at, seg->data, seg->len);
	g_byte_array_unref(seg);
}

static void
insert_after_soi(GByteArray *j, GByteArray *seg)
{
	insert_at(j, 2, seg);
}

/* An EXIF APP1 payload ("Exif\0\0" …) made with libexif. */
static ExifData *
exif_new(void)
{
	ExifData *ed = exif_data_new();

	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	return ed;
}

static void
exif_ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *s)
{
	ExifEntry *e = exif_entry_new();
	size_t n = strlen(s) + 1;

	e->tag = tag;
	e->format = EXIF_FORMAT_ASCII;
	e->components = n;
	e->size = (unsigned)n;
	e->data = malloc(n);
	memcpy(e->data, s, n);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_unref(e);
}

static void
exif_short(ExifData *ed, ExifIfd ifd, ExifTag tag, uint16_t v)
{
	ExifEntry *e = exif_entry_new();

	e->tag = tag;
	e->format = EXIF_FORMAT_SHORT;
	e->components = 1;
	e->size = 2;
	e->data = malloc(2);
	exif_set_short(e->data, EXIF_BYTE_ORDER_INTEL, v);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_unref(e);
}

static GByteArray *
exif_segment(ExifData *ed)
{
	unsigned char *buf = NULL;
	unsigned int size = 0;
	GByteArray *s;

	exif_data_save_data(ed, &buf, &size);
	cr_assert_not_null(buf);
	s = segment(0xe1, buf, size);
	free(buf);
	exif_data_unref(ed);
	return s;
}

/* ---- Checking findings ---- */

struct audit {
	int rc;
	GPtrArray *f;
};

static struct audit
run(const GByteArray *b)
{
	struct audit a;

	a.f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	a.rc = vox_audit_buffer("test", b->data, b->len, a.f);
	return a;
}

static int
has(const struct audit *a, enum vox_audit_category cat, const char *what_part)
{
	for (guint i = 0; i < a->f->len; i++) {
		const struct vox_finding *f = a->f->pdata[i];

		if (f->category == cat && (!what_part || strstr(f->what, what_part)))
			return 1;
	}
	return 0;
}

static void
dump(const struct audit *a)
{
	for (guint i = 0; i < a->f->len; i++) {
		const struct vox_finding *f = a->f->pdata[i];

		cr_log_info("%s\t%s", vox_audit_category_name(f->category), f->what);
	}
}

#define assert_finding(a, cat, part) \
	do { \
		if (!has(&(a), cat, part)) \
			dump(&(a)); \
		cr_assert(has(&(a), cat, part), "no %s finding with '%s'", \
		    vox_audit_category_name(cat), part ? part : ""); \
	} while (0)

static void
release(struct audit *a)
{
	g_ptr_array_unref(a->f);
}

/* ---- JPEG ---- */

Test(audit, jpeg_from_turbojpeg_with_jfif_is_clean)
{
	GByteArray *j = make_jpeg(0);
	struct audit a = run(j);

	dump(&a);
	cr_assert_eq(a.rc, 0);
	cr_assert_eq(a.f->len, 0);
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, minimal_exif_with_only_orientation_is_clean)
{
	GByteArray *j = make_jpeg(0);
	ExifData *ed = exif_new();
	struct audit a;

	exif_short(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 6);
	insert_after_soi(j, exif_segment(ed));
	a = run(j);
	dump(&a);
	cr_assert_eq(a.rc, 0);
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, structure_tags_icc_and_adobe_are_clean)
{
	GByteArray *j = make_jpeg(0);
	ExifData *ed = exif_new();
	struct audit a;

	exif_short(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 3);
	exif_short(ed, EXIF_IFD_0, EXIF_TAG_RESOLUTION_UNIT, 2);
	exif_short(ed, EXIF_IFD_EXIF, EXIF_TAG_COLOR_SPACE, 1);
	insert_after_soi(j, exif_segment(ed));
	{
		/* The profile every camera embeds is no finding, header and text alike. */
		GByteArray *prof = fx_icc(0, "sRGB IEC61966-2.1",
		    "Copyright (c) 1998 Hewlett-Packard Company", NULL, 1);

		insert_after_soi(j, fx_icc_app2(prof));
		g_byte_array_unref(prof);
	}
	insert_after_soi(j, segment(0xee, "Adobe\0\x64\0\0\0\0\1", 12));
	a = run(j);
	dump(&a);
	cr_assert_eq(a.rc, 0);
	release(&a);
	g_byte_array_unref(j);
}

/* The file scrubbed, audited: nothing identifying may be left. */
static void
assert_scrubbed_is_clean(const GByteArray *in)
{
	GByteArray *o = g_byte_array_new();
	struct audit a;

	cr_assert_eq(vox_scrub_buffer("in", in->data, in->len, o, NULL), 0);
	a = run(o);
	dump(&a);
	cr_assert_eq(a.rc, 0, "the scrubbed copy still has %d findings", a.rc);
	release(&a);
	g_byte_array_unref(o);
}

Test(audit, icc_profile_text_and_device_header_are_found)
{
	for (int v4 = 0; v4 < 2; v4++) {
		GByteArray *j = make_jpeg(0);
		GByteArray *prof = fx_icc(v4, "Jane Doe iMac", "Owner: Jane Doe, Truro",
		    "Jane's iMac display", 300);
		struct audit a;

		insert_after_soi(j, fx_icc_app2(prof));
		a = run(j);
		assert_finding(a, VOX_AUDIT_PEOPLE, "ICC profile copyright");
		assert_finding(a, VOX_AUDIT_COMMENTS, "ICC profile description");
		assert_finding(a, VOX_AUDIT_DEVICE, "ICC profile device model");
		assert_finding(a, VOX_AUDIT_DEVICE, "ICC profile device maker and model");
		assert_finding(a, VOX_AUDIT_DATES, "ICC profile creation date");
		release(&a);
		assert_scrubbed_is_clean(j);
		g_byte_array_unref(prof);
		g_byte_array_unref(j);
	}
}

Test(audit, text_in_the_reserved_bytes_of_a_colour_tag_is_found)
{
	GByteArray *j = make_jpeg(0);
	GByteArray *prof = fx_icc(0, "sRGB", "Public Domain", NULL, 1);
	const uint8_t *row = prof->data + 132 + 12 * 3; /* rXYZ, the fourth tag */
	uint32_t off = (uint32_t)row[4] << 24 | row[5] << 16 | row[6] << 8 | row[7];
	struct audit a;

	cr_assert(!memcmp(row, "rXYZ", 4) && !memcmp(prof->data + off, "XYZ ", 4));
	memcpy(prof->data + off + 4, "Jane", 4);
	insert_after_soi(j, fx_icc_app2(prof));
	a = run(j);
	assert_finding(a, VOX_AUDIT_COMMENTS, "colour tag 'rXYZ' with 4 bytes");
	release(&a);
	assert_scrubbed_is_clean(j);
	g_byte_array_unref(prof);
	g_byte_array_unref(j);
}

Test(audit, icc_text_in_a_profile_across_chunks_is_found)
{
	GByteArray *j = make_jpeg(1);
	GByteArray *prof = fx_icc(0, "Jane Doe iMac", "Owner: Jane Doe, Truro", NULL, 40000);
	struct audit a;

	insert_after_soi(j, fx_icc_app2(prof));
	a = run(j);
	assert_finding(a, VOX_AUDIT_PEOPLE, "ICC profile copyright");
	release(&a);
	assert_scrubbed_is_clean(j);
	g_byte_array_unref(prof);
	g_byte_array_unref(j);
}

Test(audit, look_alike_icc_chunks_and_bytes_after_fixed_forms_are_found)
{
	GByteArray *j = make_jpeg(0), *p = make_jpeg(1);
	GByteArray *small = fx_icc(0, "sRGB", "Public Domain", NULL, 1);
	struct audit a;
	size_t sof;

	/* "ICC_PROFILE", chunk 1 of 1, then free text rather than a profile. */
	insert_after_soi(j, segment_id(0xe2, "ICC_PROFILE\0\1\1", 14, "Jane Doe, Truro"));
	/* Adobe APP14's 12 bytes, then text. */
	insert_after_soi(j, segment_id(0xee, "Adobe\0\x64\0\0\0\0\1", 12, "Jane Doe"));
	/* JFIF with no thumbnail, then text. */
	sof = marker_offset(j, 0xe0, 0);
	g_byte_array_remove_range(j, (guint)sof, 18);
	insert_at(j, sof, segment_id(0xe0, "JFIF\0\1\2\0\0\1\0\1\0\0", 14, "Jane Doe"));
	a = run(j);
	assert_finding(a, VOX_AUDIT_DEVICE, "ICC profile that cannot be read");
	assert_finding(a, VOX_AUDIT_COMMENTS, "8 bytes after the fixed form of Adobe APP14");
	assert_finding(a, VOX_AUDIT_COMMENTS, "8 bytes after the fixed form of JFIF");
	release(&a);
	assert_scrubbed_is_clean(j);
	g_byte_array_unref(j);

	/* The fields themselves spelling a name: JFIF's version, units and densities, APP14's
	 * version and flags. */
	j = make_jpeg(0);
	insert_after_soi(j, segment_id(0xee, "AdobeJaneD\0\1", 12, ""));
	sof = marker_offset(j, 0xe0, 0);
	g_byte_array_remove_range(j, (guint)sof, 18);
	insert_at(j, sof, segment_id(0xe0, "JFIF\0JaneDoe\0\0", 14, ""));
	a = run(j);
	assert_finding(a, VOX_AUDIT_COMMENTS, "JFIF version, units or density");
	assert_finding(a, VOX_AUDIT_COMMENTS, "Adobe APP14 version or flags");
	release(&a);
	assert_scrubbed_is_clean(j);

	/* A well-known profile after the first scan: readers ignore it, scrub drops it. */
	insert_at(p, marker_offset(p, 0xda, 1), fx_icc_app2(small));
	a = run(p);
	assert_finding(a, VOX_AUDIT_DEVICE, "ICC profile chunk that readers ignore");
	release(&a);
	assert_scrubbed_is_clean(p);
	g_byte_array_unref(small);
	g_byte_array_unref(p);
	g_byte_array_unref(j);
}

Test(audit, exif_tags_are_found_under_their_categories)
{
	GByteArray *j = make_jpeg(0);
	ExifData *ed = exif_new();
	struct audit a;

	exif_ascii(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, "N");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, "Nikon");
	exif_ascii(ed, EXIF_IFD_EXIF, 0xa431, "SN-123456");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_ARTIST, "Ann Example");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_COPYRIGHT, "Ann Example");
	exif_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, "2026:05:12 10:00:00");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_SOFTWARE, "Editor 1.0");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_IMAGE_DESCRIPTION, "my street");
	insert_after_soi(j, exif_segment(ed));
	a = run(j);
	cr_assert_gt(a.rc, 0);
	assert_finding(a, VOX_AUDIT_LOCATION, "GPSLatitudeRef");
	assert_finding(a, VOX_AUDIT_DEVICE, "Make");
	assert_finding(a, VOX_AUDIT_DEVICE, "BodySerialNumber");
	assert_finding(a, VOX_AUDIT_PEOPLE, "Artist");
	assert_finding(a, VOX_AUDIT_PEOPLE, "Copyright");
	assert_finding(a, VOX_AUDIT_DATES, "DateTimeOriginal");
	assert_finding(a, VOX_AUDIT_HISTORY, "Software");
	assert_finding(a, VOX_AUDIT_COMMENTS, "ImageDescription");
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, exif_thumbnail_is_found)
{
	GByteArray *j = make_jpeg(0), *thumb = make_jpeg(0);
	ExifData *ed = exif_new();
	struct audit a;

	exif_short(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 1);
	ed->data = malloc(thumb->len);
	memcpy(ed->data, thumb->data, thumb->len);
	ed->size = thumb->len;
	insert_after_soi(j, exif_segment(ed));
	a = run(j);
	assert_finding(a, VOX_AUDIT_THUMBNAILS, "EXIF thumbnail");
	release(&a);
	g_byte_array_unref(j);
	g_byte_array_unref(thumb);
}

Test(audit, comment_after_sof_is_found)
{
	GByteArray *j = make_jpeg(0);
	struct audit a;

	/* Between SOF0 and the first SOS, where a reader stopping at SOF would miss it. */
	insert_at(j, marker_offset(j, 0xda, 0), segment(0xfe, "hello", 5));
	a = run(j);
	cr_assert_eq(a.rc, 1);
	assert_finding(a, VOX_AUDIT_COMMENTS, "JPEG comment (5 bytes)");
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, unused_tables_carrying_text_and_spare_bytes_are_found)
{
	static const char name[] = "Jane Doe, 12 Truro Road";
	struct {
		unsigned m;
		uint8_t hdr;
		const char *text, *want;
	} cases[] = {
		/* A Huffman table no scan names. */
		{ 0xc4, 0x13, name, "1 JPEG table that no scan uses" },
		/* AC table 0, defined again before the scan uses it: never used either. */
		{ 0xc4, 0x10, name, "1 JPEG table that no scan uses" },
		/* A quantisation table no frame component names, reading as text. */
		{ 0xdb, 0x02, name, "1 JPEG table that no scan uses" },
		/* Spare bytes after a whole table. */
		{ 0xdb, 0x00, NULL, "4 spare bytes in a DQT segment" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *j = make_jpeg(0);
		size_t at = marker_offset(j, cases[i].m, 0);
		struct audit a;

		if (cases[i].text) {
			insert_at(j, at, fx_table(cases[i].m, cases[i].hdr, cases[i].text));
		} else {
			size_t len = (size_t)j->data[at + 2] << 8 | j->data[at + 3];
			GByteArray *seg = g_byte_array_new();

			g_byte_array_append(seg, j->data + at + 4, (guint)(len - 2));
			g_byte_array_append(seg, (const guint8 *)"Jane", 4);
			insert_at(j, at, segment(cases[i].m, seg->data, seg->len));
			g_byte_array_unref(seg);
		}
		a = run(j);
		cr_assert_eq(a.rc, 1, "case %zu", i);
		assert_finding(a, VOX_AUDIT_COMMENTS, cases[i].want);
		release(&a);
		g_byte_array_unref(j);
	}
}

/* Cameras define quantisation tables they do not use (Nikon a third one): without text in
 * them the photo is clean. */
Test(audit, an_unused_quantisation_table_of_numbers_is_clean)
{
	GByteArray *j = make_jpeg(0);
	struct audit a;

	insert_at(j, marker_offset(j, 0xdb, 0), fx_table(0xdb, 0x02, "\x10\x0b\x0c\x0e"));
	a = run(j);
	dump(&a);
	cr_assert_eq(a.rc, 0);
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, xmp_between_progressive_scans_is_found)
{
	GByteArray *j = make_jpeg(1);
	struct audit a;

	insert_at(j, marker_offset(j, 0xda, 2),
	    segment_id(0xe1, "http://ns.adobe.com/xap/1.0/", 29,
		"<x:xmpmeta><rdf:Description exif:GPSLatitude=\"50,1N\" "
		"xmp:CreatorTool=\"Editor\"/></x:xmpmeta>"));
	a = run(j);
	assert_finding(a, VOX_AUDIT_HISTORY, "XMP packet");
	assert_finding(a, VOX_AUDIT_LOCATION, "XMP GPS");
	assert_finding(a, VOX_AUDIT_HISTORY, "CreatorTool");
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, extended_xmp_mpf_and_photoshop_are_found)
{
	GByteArray *j = make_jpeg(0);
	/* Photoshop resource 0x0404 (IPTC) holding 2:80 By-line "Ann". */
	static const uint8_t irb[] = {
		'8', 'B', 'I', 'M', 0x04, 0x04, 0, 0, 0, 0, 0, 8,
		0x1c, 2, 80, 0, 3, 'A', 'n', 'n',
	};
	GByteArray *ps = g_byte_array_new();
	struct audit a;

	g_byte_array_append(ps, (const guint8 *)"Photoshop 3.0", 14);
	g_byte_array_append(ps, irb, sizeof(irb));
	insert_after_soi(j, segment(0xed, ps->data, ps->len));
	insert_after_soi(j, segment_id(0xe2, "MPF", 4, "MM\0*\0\0\0\x08"));
	insert_after_soi(j, segment_id(0xe1, "http://ns.adobe.com/xmp/extension/", 35,
				"0123456789ABCDEF0123456789ABCDEF\x01\x01\x01\x10\x01\x01\x01\x01<dc:creator>"));
	a = run(j);
	assert_finding(a, VOX_AUDIT_HISTORY, "extended XMP");
	assert_finding(a, VOX_AUDIT_PEOPLE, "XMP dc:creator");
	assert_finding(a, VOX_AUDIT_THUMBNAILS, "MPF");
	assert_finding(a, VOX_AUDIT_HISTORY, "Photoshop");
	assert_finding(a, VOX_AUDIT_PEOPLE, "IPTC By-line");
	release(&a);
	g_byte_array_unref(ps);
	g_byte_array_unref(j);
}

Test(audit, jfif_and_jfxx_thumbnails_and_vendor_segments_are_found)
{
	GByteArray *j = make_jpeg(0);
	static const uint8_t jfif_thumb[] = {
		'J', 'F', 'I', 'F', 0, 1, 2, 0, 0, 1, 0, 1, 1, 1, 9, 9, 9,
	};
	struct audit a;

	insert_after_soi(j, segment(0xe0, jfif_thumb, sizeof(jfif_thumb)));
	insert_after_soi(j, segment_id(0xe0, "JFXX\0\x10", 6, "thumbnail"));
	insert_after_soi(j, segment_id(0xe3, "Meta\0\0", 6, "kodak"));
	insert_after_soi(j, segment_id(0xec, "OLYMPUS OPTICAL CO.,LTD.", 24,
				"[picture info]\r\nTimeDate=909698819\r\nSerial#=#0001\r\n"));
	insert_after_soi(j, segment_id(0xe9, "VENDOR", 6, "opaque"));
	a = run(j);
	assert_finding(a, VOX_AUDIT_THUMBNAILS, "JFIF thumbnail (1x1)");
	assert_finding(a, VOX_AUDIT_THUMBNAILS, "JFXX thumbnail");
	assert_finding(a, VOX_AUDIT_DEVICE, "Kodak APP3");
	assert_finding(a, VOX_AUDIT_DEVICE, "APP12 picture info");
	assert_finding(a, VOX_AUDIT_DATES, "TimeDate");
	assert_finding(a, VOX_AUDIT_DEVICE, "APP9 segment 'VENDOR");
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, maker_note_preview_and_c2pa_jumbf_are_found)
{
	GByteArray *j = make_jpeg(0), *preview = make_jpeg(0);
	ExifData *ed = exif_new();
	ExifEntry *e = exif_entry_new();
	struct audit a;

	/* A maker note carrying a preview JPEG, as Olympus, Casio and Samsung cameras do. */
	e->tag = EXIF_TAG_MAKER_NOTE;
	e->format = EXIF_FORMAT_UNDEFINED;
	e->components = preview->len;
	e->size = preview->len;
	e->data = malloc(preview->len);
	memcpy(e->data, preview->data, preview->len);
	exif_content_add_entry(ed->ifd[EXIF_IFD_EXIF], e);
	exif_entry_unref(e);
	insert_after_soi(j, exif_segment(ed));
	insert_after_soi(j, segment_id(0xeb, "JP\0\x01", 4, "jumbc2pa manifest"));
	a = run(j);
	assert_finding(a, VOX_AUDIT_DEVICE, "MakerNote");
	assert_finding(a, VOX_AUDIT_THUMBNAILS, "preview image");
	assert_finding(a, VOX_AUDIT_HISTORY, "JUMBF");
	assert_finding(a, VOX_AUDIT_PEOPLE, "C2PA");
	release(&a);
	g_byte_array_unref(j);
	g_byte_array_unref(preview);
}

Test(audit, bytes_after_eoi_are_counted)
{
	GByteArray *j = make_jpeg(0);
	struct audit a;

	g_byte_array_append(j, (const guint8 *)"12345", 5);
	a = run(j);
	cr_assert_eq(a.rc, 1);
	assert_finding(a, VOX_AUDIT_TRAILING, "5 bytes after EOI");
	release(&a);
	g_byte_array_unref(j);
}

Test(audit, motion_photo_video_and_second_image_after_eoi_are_named)
{
	GByteArray *j = make_jpeg(0), *j2 = make_jpeg(0), *second = make_jpeg(0);
	struct audit a, b;

	g_byte_array_append(j, (const guint8 *)"\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24);
	a = run(j);
	assert_finding(a, VOX_AUDIT_TRAILING, "24 bytes after EOI: an MP4");
	g_byte_array_append(j2, second->data, second->len);
	b = run(j2);
	assert_finding(b, VOX_AUDIT_TRAILING, "another JPEG image");
	release(&a);
	release(&b);
	g_byte_array_unref(j);
	g_byte_array_unref(j2);
	g_byte_array_unref(second);
}

Test(audit, every_truncation_fails_cleanly)
{
	GByteArray *j = make_jpeg(1);
	ExifData *ed = exif_new();

	exif_ascii(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, "N");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_ARTIST, "Ann Example");
	insert_after_soi(j, exif_segment(ed));
	for (size_t n = 0; n < j->len; n++) {
		GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
		/* A copy of exactly n bytes, so ASan sees any read past the end. */
		uint8_t *copy = g_memdup2(j->data, n ? n : 1);

		cr_assert_eq(vox_audit_buffer("cut", copy, n, f), -1, "prefix of %zu bytes", n);
		g_free(copy);
		g_ptr_array_unref(f);
	}
	g_byte_array_unref(j);
}

Test(audit, corrupt_lengths_are_errors_not_crashes)
{
	GByteArray *j = make_jpeg(0);
	GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	size_t sos = marker_offset(j, 0xda, 0);

	j->data[sos + 2] = 0xff; /* SOS length far past the end */
	j->data[sos + 3] = 0xff;
	cr_assert_eq(vox_audit_buffer("bad", j->data, j->len, f), -1);
	cr_assert_eq(vox_audit_buffer("text", (const uint8_t *)"hello", 5, f), -1);
	cr_assert_eq(vox_audit_buffer("null", NULL, 0, f), -1);
	g_ptr_array_unref(f);
	g_byte_array_unref(j);
}

/* ---- PNG, WebP, HEIF ---- */

static VipsImage *
small_image(void)
{
	VipsImage *x = NULL, *y = NULL;

	cr_assert_eq(vips_init("test"), 0);
	cr_assert_eq(vips_black(&x, 16, 16, "bands", 3, NULL), 0);
	cr_assert_eq(vips_cast_uchar(x, &y, NULL), 0);
	g_object_unref(x);
	return y;
}

static GByteArray *
png_chunk(const char *type, const void *data, uint32_t n)
{
	GByteArray *c = g_byte_array_new();
	uint8_t len[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };

	g_byte_array_append(c, len, 4);
	g_byte_array_append(c, (const guint8 *)type, 4);
	g_byte_array_append(c, data, n);
	g_byte_array_append(c, (const guint8 *)"\0\0\0\0", 4); /* audit does not check CRCs */
	return c;
}

Test(audit, png_text_time_exif_and_trailer_are_found)
{
	VipsImage *im = small_image();
	void *buf = NULL;
	size_t len = 0;
	GByteArray *p = g_byte_array_new(), *c;
	struct audit a;
	ExifData *ed = exif_new();
	unsigned char *eb = NULL;
	unsigned int es = 0;

	cr_assert_eq(vips_pngsave_buffer(im, &buf, &len, "strip", TRUE, NULL), 0, "%s",
	    vips_error_buffer());
	g_byte_array_append(p, buf, (guint)len);
	a = run(p);
	dump(&a);
	cr_assert_eq(a.rc, 0, "a PNG from libvips without metadata is clean");
	release(&a);

	c = png_chunk("tEXt", "Author\0Ann", 10);
	g_array_insert_vals((GArray *)p, 33, c->data, c->len); /* after IHDR */
	g_byte_array_unref(c);
	c = png_chunk("tIME", "\x07\xea\x05\x0c\x0a\0\0", 7);
	g_array_insert_vals((GArray *)p, 33, c->data, c->len);
	g_byte_array_unref(c);
	exif_ascii(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, "N");
	exif_data_save_data(ed, &eb, &es);
	exif_data_unref(ed);
	c = png_chunk("eXIf", eb + 6, es - 6);
	free(eb);
	g_array_insert_vals((GArray *)p, 33, c->data, c->len);
	g_byte_array_unref(c);
	g_byte_array_append(p, (const guint8 *)"trailer", 7);
	a = run(p);
	assert_finding(a, VOX_AUDIT_PEOPLE, "PNG tEXt 'Author'");
	assert_finding(a, VOX_AUDIT_DATES, "PNG tIME");
	assert_finding(a, VOX_AUDIT_LOCATION, "GPSLatitudeRef");
	assert_finding(a, VOX_AUDIT_TRAILING, "7 bytes after IEND");
	release(&a);
	g_byte_array_unref(p);
	g_free(buf);
	g_object_unref(im);
}

Test(audit, png_iccp_name_and_profile_text_are_found)
{
	VipsImage *im = small_image();
	void *buf = NULL;
	size_t len = 0;
	GByteArray *p = g_byte_array_new(), *c, *body = g_byte_array_new();
	GByteArray *prof = fx_icc(1, "Jane Doe iMac", "Owner: Jane Doe, Truro", NULL, 300);
	uLongf zlen = compressBound(prof->len);
	struct audit a;

	cr_assert_eq(vips_pngsave_buffer(im, &buf, &len, "strip", TRUE, NULL), 0, "%s",
	    vips_error_buffer());
	g_byte_array_append(p, buf, (guint)len);
	g_byte_array_append(body, (const guint8 *)"Jane Doe\0", 10);
	g_byte_array_set_size(body, 10 + (guint)zlen);
	cr_assert_eq(compress(body->data + 10, &zlen, prof->data, prof->len), Z_OK);
	c = png_chunk("iCCP", body->data, 10 + (uint32_t)zlen);
	g_array_insert_vals((GArray *)p, 33, c->data, c->len);
	g_byte_array_unref(c);
	a = run(p);
	assert_finding(a, VOX_AUDIT_COMMENTS, "PNG ICC profile name");
	assert_finding(a, VOX_AUDIT_PEOPLE, "PNG ICC profile copyright");
	release(&a);
	g_byte_array_unref(body);
	g_byte_array_unref(prof);
	g_byte_array_unref(p);
	g_free(buf);
	g_object_unref(im);
}

Test(audit, webp_exif_xmp_chunks_and_trailer_are_found)
{
	VipsImage *im = small_image();
	void *buf = NULL;
	size_t len = 0;
	GByteArray *w = g_byte_array_new();
	struct audit a;
	uint32_t riff;

	cr_assert_eq(vips_webpsave_buffer(im, &buf, &len, "strip", TRUE, NULL), 0, "%s",
	    vips_error_buffer());
	g_byte_array_append(w, buf, (guint)len);
	a = run(w);
	dump(&a);
	cr_assert_eq(a.rc, 0, "a WebP from libvips without metadata is clean");
	release(&a);

	/* Appends an XMP chunk (odd size: padded) and fixes the RIFF size, then a trailer. */
	g_byte_array_append(w, (const guint8 *)"XMP \x05\0\0\0<x:x>\0", 14);
	riff = w->len - 8;
	w->data[4] = (uint8_t)riff;
	w->data[5] = (uint8_t)(riff >> 8);
	w->data[6] = (uint8_t)(riff >> 16);
	w->data[7] = (uint8_t)(riff >> 24);
	g_byte_array_append(w, (const guint8 *)"tail", 4);
	a = run(w);
	assert_finding(a, VOX_AUDIT_HISTORY, "WebP XMP packet");
	assert_finding(a, VOX_AUDIT_TRAILING, "4 bytes after the RIFF data");
	release(&a);
	g_byte_array_unref(w);
	g_free(buf);
	g_object_unref(im);
}

Test(audit, heif_exif_item_is_found_and_a_bare_heif_is_clean)
{
	VipsImage *im = small_image(), *copy = NULL;
	void *buf = NULL;
	size_t len = 0;
	GByteArray *h = g_byte_array_new();
	ExifData *ed = exif_new();
	unsigned char *eb = NULL;
	unsigned int es = 0;
	struct audit a;

	if (vips_heifsave_buffer(im, &buf, &len, "strip", TRUE, NULL) != 0) {
		vips_error_clear();
		cr_skip_test("libvips has no HEIF encoder here");
	}
	g_byte_array_append(h, buf, (guint)len);
	g_free(buf);
	a = run(h);
	dump(&a);
	cr_assert_eq(a.rc, 0, "a HEIF without metadata is clean");
	release(&a);

	exif_ascii(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, "N");
	exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, "Phone");
	exif_data_save_data(ed, &eb, &es);
	exif_data_unref(ed);
	cr_assert_eq(vips_copy(im, &copy, NULL), 0);
	vips_image_set_blob_copy(copy, "exif-data", eb, es);
	free(eb);
	cr_assert_eq(vips_heifsave_buffer(copy, &buf, &len, NULL), 0, "%s",
	    vips_error_buffer());
	g_byte_array_set_size(h, 0);
	g_byte_array_append(h, buf, (guint)len);
	a = run(h);
	assert_finding(a, VOX_AUDIT_LOCATION, "GPSLatitudeRef");
	assert_finding(a, VOX_AUDIT_DEVICE, "Make");
	release(&a);
	g_free(buf);
	g_byte_array_unref(h);
	g_object_unref(copy);
	g_object_unref(im);
}

/* ---- The corpus ---- */

Test(audit, every_gps_photo_of_the_corpus_reports_location)
{
	g_auto(GStrv) dirs = corpus_dirs();

	for (char **c = dirs; *c; c++) {
		g_autofree char *dir = g_build_filename(*c, "jpg", "gps", NULL);
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *name;
		int seen = 0;

		cr_assert_not_null(d, "cannot open %s", dir);
		while ((name = g_dir_read_name(d))) {
			g_autofree char *path = g_build_filename(dir, name, NULL);
			gchar *data = NULL;
			gsize len = 0;
			struct audit a;

			if (!g_str_has_suffix(name, ".jpg"))
				continue;
			cr_assert(g_file_get_contents(path, &data, &len, NULL));
			a.f = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
			a.rc = vox_audit_buffer(name, (const uint8_t *)data, len, a.f);
			cr_assert_gt(a.rc, 0, "%s", path);
			assert_finding(a, VOX_AUDIT_LOCATION, "GPS");
			release(&a);
			g_free(data);
			seen++;
		}
		g_dir_close(d);
		cr_assert_gt(seen, 0, "no GPS photo in %s", dir);
	}
}

/* ---- Archives and folders ---- */

struct collected {
	GPtrArray *lines; /* "path\tstatus\tcategories…" */
};

static void
collect(const struct vox_audit_result *r, void *ctx)
{
	struct collected *c = ctx;
	GString *s = g_string_new(r->path);

	g_string_append_printf(s, "\t%d", (int)r->status);
	for (guint i = 0; r->findings && i < r->findings->len; i++) {
		const struct vox_finding *f = r->findings->pdata[i];

		g_string_append_printf(s, "\t%s", vox_audit_category_name(f->category));
	}
	g_ptr_array_add(c->lines, g_string_free(s, FALSE));
}

static const char *
line_for(struct collected *c, const char *prefix)
{
	for (guint i = 0; i < c->lines->len; i++)
		if (g_str_has_prefix(c->lines->pdata[i], prefix))
			return c->lines->pdata[i];
	return NULL;
}

static GByteArray *
gps_jpeg(void)
{
	GByteArray *j = make_jpeg(0);
	ExifData *ed = exif_new();

	exif_ascii(ed, EXIF_IFD_GPS, EXIF_TAG_GPS_LATITUDE_REF, "N");
	insert_after_soi(j, exif_segment(ed));
	return j;
}

static void
add_entry(struct archive *a, const char *name, const GByteArray *b, int type)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, (unsigned)type);
	archive_entry_set_perm(e, 0644);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, "/etc/passwd");
	archive_entry_set_size(e, b && type == AE_IFREG ? b->len : 0);
	cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
	if (b && type == AE_IFREG)
		cr_assert_eq(archive_write_data(a, b->data, b->len), (la_ssize_t)b->len);
	archive_entry_free(e);
}

static GByteArray *
make_archive(int zip, const GByteArray *inner_zip)
{
	static uint8_t out[1 << 20];
	size_t used = 0;
	struct archive *a = archive_write_new();
	GByteArray *gps = gps_jpeg(), *clean = make_jpeg(0), *r;

	if (zip) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_gzip(a);
	}
	cr_assert_eq(archive_write_open_memory(a, out, sizeof(out), &used), ARCHIVE_OK);
	add_entry(a, "photos/a.jpg", gps, AE_IFREG);
	add_entry(a, "photos/b.jpg", clean, AE_IFREG);
	add_entry(a, "../../escape.jpg", gps, AE_IFREG);
	add_entry(a, "photos/link.jpg", NULL, AE_IFLNK);
	add_entry(a, "notes.txt", NULL, AE_IFREG);
	if (inner_zip)
		add_entry(a, "inner.zip", inner_zip, AE_IFREG);
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	r = g_byte_array_new();
	g_byte_array_append(r, out, (guint)used);
	g_byte_array_unref(gps);
	g_byte_array_unref(clean);
	return r;
}

Test(audit, archives_name_inner_files_and_skip_links)
{
	GByteArray *inner = make_archive(1, NULL), *outer = make_archive(0, inner);
	struct collected c = { g_ptr_array_new_with_free_func(g_free) };
	const char *l;

	cr_assert_eq(vox_audit_archive_buffer("pack.tar.gz", outer->data, outer->len, collect, &c),
	    0);
	l = line_for(&c, "pack.tar.gz!photos/a.jpg\t");
	cr_assert_not_null(l);
	cr_assert_not_null(strstr(l, "location"), "%s", l);
	l = line_for(&c, "pack.tar.gz!photos/b.jpg\t");
	cr_assert_not_null(l);
	cr_assert_str_eq(l, "pack.tar.gz!photos/b.jpg\t0");
	cr_assert_not_null(line_for(&c, "pack.tar.gz!../../escape.jpg\t1"));
	cr_assert_null(line_for(&c, "pack.tar.gz!photos/link.jpg"), "links are not audited");
	cr_assert_not_null(line_for(&c, "pack.tar.gz!notes.txt\t2"), "non-images are skipped");
	cr_assert_not_null(line_for(&c, "pack.tar.gz!inner.zip!photos/a.jpg\t1"));
	g_ptr_array_unref(c.lines);
	g_byte_array_unref(inner);
	g_byte_array_unref(outer);
}

Test(audit, damaged_archive_is_an_error)
{
	GByteArray *z = make_archive(1, NULL);
	struct collected c = { g_ptr_array_new_with_free_func(g_free) };

	/* Cut in the middle: the central directory is gone. */
	cr_assert_eq(vox_audit_archive_buffer("cut.zip", z->data, z->len / 2, collect, &c), -1);
	cr_assert_not_null(line_for(&c, "cut.zip"));
	g_ptr_array_unref(c.lines);
	g_byte_array_unref(z);
}

Test(audit, folder_with_a_link_loop_ends)
{
	char tmpl[] = "/tmp/vox-audit-XXXXXX";
	char *dir = g_mkdtemp(tmpl);
	g_autofree char *sub = NULL, *loop = NULL, *photo = NULL;
	struct collected c = { g_ptr_array_new_with_free_func(g_free) };
	GByteArray *gps = gps_jpeg();
	g_autofree char *cmd = NULL;

	cr_assert_not_null(dir);
	sub = g_build_filename(dir, "sub", NULL);
	cr_assert_eq(mkdir(sub, 0755), 0);
	loop = g_build_filename(sub, "loop", NULL);
	cr_assert_eq(symlink("..", loop), 0);
	photo = g_build_filename(sub, "a.jpg", NULL);
	cr_assert(g_file_set_contents(photo, (const char *)gps->data, gps->len, NULL));
	cr_assert_eq(vox_audit_path(dir, collect, &c), 0);
	cr_assert_eq(c.lines->len, 1, "the photo once, whatever the loop");
	cr_assert(g_str_has_suffix(c.lines->pdata[0], "/sub/a.jpg\t1\tlocation"), "%s",
	    (char *)c.lines->pdata[0]);
	cmd = g_strdup_printf("rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	g_ptr_array_unref(c.lines);
	g_byte_array_unref(gps);
}

/* ---- JSON ---- */

Test(audit, json_strings_are_escaped)
{
	GString *s = g_string_new(NULL);

	vox_json_string(s, "a\"b\\c\nd\te\x01\x7f" "\xc3\xa9" "\xff");
	cr_assert_str_eq(s->str, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\xc3\xa9\xef\xbf\xbd\"");
	g_string_free(s, TRUE);
}

Test(audit, category_names_are_stable)
{
	cr_assert_str_eq(vox_audit_category_name(VOX_AUDIT_LOCATION), "location");
	cr_assert_str_eq(vox_audit_category_name(VOX_AUDIT_DEVICE), "device ids");
	cr_assert_str_eq(vox_audit_category_name(VOX_AUDIT_TRAILING), "trailing data");
	cr_assert_str_eq(vox_audit_category_name(VOX_AUDIT_N_CATEGORIES), "unknown");
}
