#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>

#include "vox/error.h"
#include "vox/exif.h"

/* libexif reads at most this much; an APP1 segment holds at most 65533 bytes anyway. */
#define EXIF_MAX 65533

static ExifData *
load(const uint8_t *data, size_t len)
{
	ExifData *ed;
	GByteArray *b = NULL;

	if (!data || len < 8 || len > EXIF_MAX)
		return NULL;
	/* PNG eXIf and WebP EXIF hold the bare TIFF data; libexif reads only what follows
	 * "Exif\0\0" (or a JPEG marker), so the bare form gets the header it expects. */
	if (!memcmp(data, "II*\0", 4) || !memcmp(data, "MM\0*", 4)) {
		b = g_byte_array_sized_new((guint)len + 6);
		g_byte_array_append(b, (const guint8 *)"Exif\0\0", 6);
		g_byte_array_append(b, data, (guint)len);
		data = b->data;
		len = b->len;
	}
	if (len < 14) {
		if (b)
			g_byte_array_unref(b);
		return NULL;
	}
	ed = exif_data_new();
	if (ed) {
		/* Reading must not "fix" the block by adding tags or rewriting maker notes. */
		exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
		exif_data_load_data(ed, data, (unsigned int)len);
	}
	if (b)
		g_byte_array_unref(b);
	return ed;
}

int
vox_exif_orientation(const uint8_t *data, size_t len)
{
	ExifData *ed = load(data, len);
	ExifEntry *e;
	int o = 1;

	if (!ed)
		return 1;
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->data &&
	    e->size >= 2) {
		ExifShort v = exif_get_short(e->data, exif_data_get_byte_order(ed));

		if (v >= 1 && v <= 8)
			o = v;
	}
	exif_data_unref(ed);
	return o;
}

char *
vox_exif_datetime_original(const uint8_t *data, size_t len)
{
	ExifData *ed = load(data, len);
	ExifEntry *e;
	char *s = NULL;

	if (!ed)
		return NULL;
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
	/* "YYYY:MM:DD HH:MM:SS" and a NUL: exactly 20 bytes of ASCII. */
	if (e && e->format == EXIF_FORMAT_ASCII && e->data && e->size >= 19) {
		char v[20];
		int ok = 1;

		memcpy(v, e->data, 19);
		v[19] = '\0';
		for (int i = 0; i < 19; i++) {
			int want_digit = !(i == 4 || i == 7 || i == 10 || i == 13 || i == 16);

			if (want_digit ? !g_ascii_isdigit(v[i]) :
			    v[i] != (i == 10 ? ' ' : ':'))
				ok = 0;
		}
		if (ok && strncmp(v, "0000", 4) != 0) {
			v[4] = '-';
			v[7] = '-';
			s = g_strdup(v);
		}
	}
	exif_data_unref(ed);
	return s;
}

/*
 * Makes the EXIF block holding only Orientation, "Exif\0\0" and the TIFF data, into a
 * buffer the caller frees with free(). Returns its size, or 0 with an error recorded.
 */
static unsigned int
minimal(int orientation, unsigned char **buf)
{
	ExifData *ed = NULL;
	ExifEntry *e = NULL;
	unsigned int size = 0;

	*buf = NULL;
	if (orientation < 1 || orientation > 8) {
		vox_error_k(VOX_ERR_USAGE, "exif", "orientation %d is not 1-8", orientation);
		return 0;
	}
	ed = exif_data_new();
	e = exif_entry_new();
	if (!ed || !e) {
		vox_error_k(VOX_ERR_IO, "exif", "out of memory");
		goto out;
	}
	/* Nothing but Orientation: no mandatory tags added, no maker note. */
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);
	exif_content_add_entry(ed->ifd[EXIF_IFD_0], e);
	exif_entry_initialize(e, EXIF_TAG_ORIENTATION);
	if (!e->data || e->size < 2) {
		vox_error_k(VOX_ERR_IO, "exif", "cannot make an Orientation entry");
		goto out;
	}
	exif_set_short(e->data, EXIF_BYTE_ORDER_INTEL, (ExifShort)orientation);
	exif_data_save_data(ed, buf, &size);
	if (!*buf || size < 14 || size > EXIF_MAX || memcmp(*buf, "Exif\0\0", 6) != 0) {
		vox_error_k(VOX_ERR_IO, "exif", "cannot write the EXIF block");
		free(*buf);
		*buf = NULL;
		size = 0;
	}
out:
	if (e)
		exif_entry_unref(e);
	if (ed)
		exif_data_unref(ed);
	return size;
}

int
vox_exif_orientation_app1(int orientation, GByteArray *out)
{
	unsigned char *buf = NULL;
	unsigned int size = minimal(orientation, &buf);
	uint8_t hdr[4] = { 0xff, 0xe1, (uint8_t)((size + 2) >> 8), (uint8_t)((size + 2) & 0xff) };

	if (!size)
		return -1;
	g_byte_array_append(out, hdr, sizeof hdr);
	g_byte_array_append(out, buf, size);
	free(buf);
	return 0;
}

int
vox_exif_orientation_tiff(int orientation, GByteArray *out)
{
	unsigned char *buf = NULL;
	unsigned int size = minimal(orientation, &buf);

	if (!size)
		return -1;
	g_byte_array_append(out, buf + 6, size - 6);
	free(buf);
	return 0;
}
