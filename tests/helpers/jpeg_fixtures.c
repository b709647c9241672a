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
