#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>
#include <turbojpeg.h>

#include "jpeg_fixtures.h"

static void
fail(const char *what)
{
	g_printerr("fixture: %s\n", what);
	abort();
}

GByteArray *
fx_jpeg(int w, int h, int progressive)
{
	tjhandle tj = tjInitCompress();
	unsigned char *px = g_malloc((size_t)w * h * 3), *jpeg = NULL;
	unsigned long jlen = 0;
	uint32_t r = 2463534242u;
	GByteArray *a;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			unsigned char *p = px + ((size_t)y * w + x) * 3;

			p[0] = (unsigned char)(x * 255 / w);
			p[1] = (unsigned char)(y * 127 / h + ((r >> 8) & 0x7f));
			/* Some noise, so that large fixtures are large files, as photos are. */
			r ^= r << 13;
			r ^= r >> 17;
			r ^= r << 5;
			p[2] = (unsigned char)(((x ^ y) & 0xff) / 2 + (r & 0x7f));
		}
	if (!tj || tjCompress2(tj, px, w, 0, h, TJPF_RGB, &jpeg, &jlen, TJSAMP_420, 85,
	    progressive ? TJFLAG_PROGRESSIVE : 0) != 0)
		fail("tjCompress2");
	a = g_byte_array_new();
	g_byte_array_append(a, jpeg, (guint)jlen);
	tjFree(jpeg);
	tjDestroy(tj);
	g_free(px);
	return a;
}

GArray *
fx_markers(const uint8_t *d, size_t len)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct fx_marker));
	size_t i = 2;
	struct fx_marker m = { 0xd8, 0, 2 };

	if (len < 2 || d[0] != 0xff || d[1] != 0xd8)
		return a;
	g_array_append_val(a, m);
	while (i + 1 < len) {
		if (d[i] != 0xff)
			break;
		while (i < len && d[i] == 0xff)
			i++;
		if (i >= len)
			break;
		m.marker = d[i++];
		m.off = i - 2;
		if (m.marker == 0xd9 || (m.marker >= 0xd0 && m.marker <= 0xd7) ||
		    m.marker == 0x01) {
			m.len = 2;
		} else {
			if (i + 2 > len)
				break;
			m.len = 2 + ((size_t)d[i] << 8 | d[i + 1]);
			i = m.off + m.len;
			if (m.marker == 0xda) {
				while (i + 1 < len && !(d[i] == 0xff && d[i + 1] != 0 &&
				    !(d[i + 1] >= 0xd0 && d[i + 1] <= 0xd7)))
					i++;
				m.len = i - m.off;
			}
		}
		g_array_append_val(a, m);
		if (m.marker == 0xd9)
			break;
		i = m.off + m.len;
	}
	return a;
}

size_t
fx_find(const GByteArray *jpeg, int marker, int n)
{
	GArray *ms = fx_markers(jpeg->data, jpeg->len);
	size_t off = (size_t)-1;

	for (guint i = 0; i < ms->len; i++) {
		struct fx_marker *m = &g_array_index(ms, struct fx_marker, i);

		if (m->marker == marker && n-- == 0) {
			off = m->off;
			break;
		}
	}
	g_array_unref(ms);
	return off;
}

GByteArray *
fx_segment(int m, const void *id, size_t idlen, const void *body, size_t blen)
{
	GByteArray *a = g_byte_array_new();
	size_t n = 2 + idlen + blen;
	uint8_t h[4] = { 0xff, (uint8_t)m, (uint8_t)(n >> 8), (uint8_t)n };

	if (n > 65535)
		fail("segment too long");
	g_byte_array_append(a, h, 4);
	if (idlen)
		g_byte_array_append(a, id, (guint)idlen);
	if (blen)
		g_byte_array_append(a, body, (guint)blen);
	return a;
}

GByteArray *
fx_table(int m, uint8_t hdr, const char *text)
{
	uint8_t t[1 + 16 + 256] = { hdr };
	size_t n = strlen(text);

	if (n > 256)
		fail("table text too long");
	if (m == 0xdb) {
		memset(t + 1, ' ', 64);
		memcpy(t + 1, text, MIN(n, 64));
		return fx_segment(m, t, 65, NULL, 0);
	}
	t[8] = (uint8_t)n; /* n codes of 8 bits, whose symbols are the text */
	memcpy(t + 17, text, n);
	return fx_segment(m, t, 17 + n, NULL, 0);
}

void
fx_insert(GByteArray *a, size_t off, const GByteArray *bytes)
{
	if (off > a->len)
		fail("insert past the end");
	{
		guint old = a->len;

		g_byte_array_set_size(a, old + bytes->len);
		memmove(a->data + off + bytes->len, a->data + off, old - off);
		memcpy(a->data + off, bytes->data, bytes->len);
	}
}

static void
set_ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *s)
{
	ExifEntry *e = exif_entry_new();
	size_t n = strlen(s) + 1;

	exif_content_add_entry(ed->ifd[ifd], e);
	e->tag = tag;
	e->format = EXIF_FORMAT_ASCII;
	e->components = n;
	e->size = (unsigned)n;
	e->data = malloc(n);
	memcpy(e->data, s, n);
	exif_entry_unref(e);
}

static void
set_rational3(ExifData *ed, ExifTag tag, unsigned a, unsigned b, unsigned c)
{
	ExifEntry *e = exif_entry_new();
	ExifRational r[3] = { { a, 1 }, { b, 1 }, { c, 100 } };

	exif_content_add_entry(ed->ifd[EXIF_IFD_GPS], e);
	e->tag = tag;
	e->format = EXIF_FORMAT_RATIONAL;
	e->components = 3;
	e->size = 24;
	e->data = malloc(24);
	for (int i = 0; i < 3; i++)
		exif_set_rational(e->data + 8 * i, EXIF_BYTE_ORDER_MOTOROLA, r[i]);
	exif_entry_unref(e);
}

GByteArray *
fx_exif_app1(int orientation)
{
	ExifData *ed = exif_data_new();
	ExifEntry *e = exif_entry_new();
	GByteArray *thumb = fx_jpeg(16, 12, 0), *seg;
	unsigned char *buf = NULL;
	unsigned size = 0;

	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_MOTOROLA);
	exif_content_add_entry(ed->ifd[EXIF_IFD_0], e);
	exif_entry_initialize(e, EXIF_TAG_ORIENTATION);
	exif_set_short(e->data, EXIF_BYTE_ORDER_MOTOROLA, (ExifShort)orientation);
	exif_entry_unref(e);
	set_ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, "Phonemaker");
	set_ascii(ed, EXIF_IFD_0, EXIF_TAG_MODEL, "Pocket 9 Pro");
	set_ascii(ed, EXIF_IFD_0, EXIF_TAG_ARTIST, "Alice Fixture");
	set_ascii(ed, EXIF_IFD_0, EXIF_TAG_COPYRIGHT, "Alice Fixture 2026");
	set_ascii(ed, EXIF_IFD_EXIF, (ExifTag)0xa431, "SN-4242-FIXTURE");    /* BodySerialNumber */
	set_ascii(ed, EXIF_IFD_EXIF, (ExifTag)0xa430, "Alice Fixture");      /* CameraOwnerName */
	set_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, "2026:05:12 10:11:12");
	set_ascii(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, "N");
	set_rational3(ed, (ExifTag)EXIF_TAG_GPS_LATITUDE, 50, 15, 4242);
	set_ascii(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF, "W");
	set_rational3(ed, (ExifTag)EXIF_TAG_GPS_LONGITUDE, 5, 3, 1717);
	ed->data = malloc(thumb->len);
	memcpy(ed->data, thumb->data, thumb->len);
	ed->size = thumb->len;
	exif_data_save_data(ed, &buf, &size);
	if (!buf)
		fail("exif_data_save_data");
	seg = fx_segment(0xe1, buf, size, NULL, 0);
	free(buf);
	exif_data_unref(ed);
	g_byte_array_unref(thumb);
	return seg;
}

GByteArray *
fx_read(const char *path)
{
	gchar *d = NULL;
	gsize n = 0;
	GByteArray *a;

	if (!g_file_get_contents(path, &d, &n, NULL))
		fail(path);
	a = g_byte_array_new_take((guint8 *)d, n);
	return a;
}

void
fx_write(const char *path, const GByteArray *a)
{
	if (!g_file_set_contents(path, (const gchar *)a->data, a->len, NULL))
		fail(path);
}

static void
be32_put(GByteArray *a, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	g_byte_array_append(a, b, 4);
}

static void
be32_set(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
icc_text(GByteArray *a, int v4, int desc_type, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);
	static const uint8_t zero[3 + 67];

	if (v4) {
		g_byte_array_append(a, (const guint8 *)"mluc\0\0\0\0", 8);
		be32_put(a, 1);
		be32_put(a, 12);
		g_byte_array_append(a, (const guint8 *)"enUS", 4);
		be32_put(a, 2 * n);
		be32_put(a, 28);
		for (uint32_t i = 0; i < n; i++) {
			uint8_t c[2] = { 0, (uint8_t)s[i] };

			g_byte_array_append(a, c, 2);
		}
	} else if (desc_type) {
		g_byte_array_append(a, (const guint8 *)"desc\0\0\0\0", 8);
		be32_put(a, n + 1);
		g_byte_array_append(a, (const guint8 *)s, n + 1);
		g_byte_array_append(a, zero, 8);
		g_byte_array_append(a, zero, sizeof zero);
	} else {
		g_byte_array_append(a, (const guint8 *)"text\0\0\0\0", 8);
		g_byte_array_append(a, (const guint8 *)s, n + 1);
	}
}

static void
icc_xyz(GByteArray *a, double x, double y, double z)
{
	g_byte_array_append(a, (const guint8 *)"XYZ \0\0\0\0", 8);
	be32_put(a, (uint32_t)(int32_t)(x * 65536.0 + 0.5));
	be32_put(a, (uint32_t)(int32_t)(y * 65536.0 + 0.5));
	be32_put(a, (uint32_t)(int32_t)(z * 65536.0 + 0.5));
}

GByteArray *
fx_icc(int v4, const char *desc, const char *cprt, const char *device, unsigned curve_entries)
{
	GByteArray *p = g_byte_array_new();
	const char *sigs[11];
	guint off[11], len[11];
	int n = 0;

	g_byte_array_set_size(p, 128);
	memset(p->data, 0, 128);
	memcpy(p->data + 4, "lcms", 4);
	be32_set(p->data + 8, v4 ? 0x04300000u : 0x02100000u);
	memcpy(p->data + 12, "mntrRGB XYZ ", 12);
	memcpy(p->data + 36, "acspAPPL", 8);
	if (device) {
		static const uint8_t date[12] = { 0x07, 0xea, 0, 5, 0, 12, 0, 10, 0, 11, 0, 12 };

		memcpy(p->data + 24, date, 12);
		memcpy(p->data + 48, "JANEDOE1", 8);
		memcpy(p->data + 80, "jdoe", 4);
	} else {
		static const uint8_t date[12] = { 0x07, 0xce, 0, 2, 0, 9, 0, 6, 0, 49, 0, 0 };

		memcpy(p->data + 24, date, 12);
		memcpy(p->data + 48, "IEC sRGB", 8);
		memcpy(p->data + 80, "HP  ", 4);
	}
	be32_set(p->data + 68, 0x0000f6d6u);
	be32_set(p->data + 72, 0x00010000u);
	be32_set(p->data + 76, 0x0000d32du);
	/* The table is filled in below, once the data's offsets are known. */
	sigs[n++] = "desc";
	sigs[n++] = "cprt";
	sigs[n++] = "wtpt";
	sigs[n++] = "rXYZ";
	sigs[n++] = "gXYZ";
	sigs[n++] = "bXYZ";
	sigs[n++] = "rTRC";
	sigs[n++] = "gTRC";
	sigs[n++] = "bTRC";
	if (device) {
		sigs[n++] = "dmnd";
		sigs[n++] = "dmdd";
	}
	be32_put(p, (uint32_t)n);
	g_byte_array_set_size(p, p->len + 12 * (guint)n);
	for (int i = 0; i < n; i++) {
		static const uint8_t zero[4];

		if (i == 7 || i == 8) { /* gTRC and bTRC share rTRC's curve */
			off[i] = off[6];
			len[i] = len[6];
			continue;
		}
		g_byte_array_append(p, zero, (4 - p->len % 4) % 4);
		off[i] = p->len;
		switch (i) {
		case 0:
			icc_text(p, v4, 1, desc);
			break;
		case 1:
			icc_text(p, v4, 0, cprt);
			break;
		case 2:
			icc_xyz(p, 0.9505, 1.0, 1.0891);
			break;
		case 3:
			icc_xyz(p, 0.4361, 0.2225, 0.0139);
			break;
		case 4:
			icc_xyz(p, 0.3851, 0.7169, 0.0971);
			break;
		case 5:
			icc_xyz(p, 0.1431, 0.0606, 0.7141);
			break;
		case 6:
			g_byte_array_append(p, (const guint8 *)"curv\0\0\0\0", 8);
			be32_put(p, curve_entries);
			for (unsigned k = 0; k < curve_entries; k++) {
				double x = curve_entries > 1 ? (double)k / (curve_entries - 1) : 0;
				uint32_t v = curve_entries == 1 ? 0x0233 :
				    (uint32_t)(65535.0 * (x * x * 0.8 + x * 0.2) + 0.5);
				uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

				g_byte_array_append(p, b, 2);
			}
			break;
		case 9:
			icc_text(p, v4, 1, device);
			break;
		case 10:
			icc_text(p, v4, 1, device);
			break;
		}
		len[i] = p->len - off[i];
	}
	{
		static const uint8_t zero[4];

		g_byte_array_append(p, zero, (4 - p->len % 4) % 4);
	}
	for (int i = 0; i < n; i++) {
		uint8_t *row = p->data + 132 + 12 * i;

		memcpy(row, sigs[i], 4);
		be32_set(row + 4, off[i]);
		be32_set(row + 8, len[i]);
	}
	be32_set(p->data, p->len);
	return p;
}

GByteArray *
fx_icc_app2(const GByteArray *profile)
{
	GByteArray *a = g_byte_array_new();
	guint n = (profile->len + 65518) / 65519;

	for (guint i = 0; i < n; i++) {
		guint take = MIN(profile->len - i * 65519, 65519u);
		uint8_t num[2] = { (uint8_t)(i + 1), (uint8_t)n };
		GByteArray *body = g_byte_array_new(), *seg;

		g_byte_array_append(body, num, 2);
		g_byte_array_append(body, profile->data + i * 65519, take);
		seg = fx_segment(0xe2, "ICC_PROFILE", 12, body->data, body->len);
		g_byte_array_append(a, seg->data, seg->len);
		g_byte_array_unref(seg);
		g_byte_array_unref(body);
	}
	return a;
}
