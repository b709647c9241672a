#ifndef VOX_TEST_JPEG_FIXTURES_H
#define VOX_TEST_JPEG_FIXTURES_H

/*
 * Builders of JPEG files for tests: a small image from TurboJPEG (baseline or progressive),
 * metadata segments of every kind photovox must drop, and a marker list to insert them
 * anywhere, including after SOF and between progressive scans. Every function returns a
 * new GByteArray (g_byte_array_unref) or aborts the test program on failure.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

struct fx_marker {
	int marker;     /* 0xd8 SOI, 0xda SOS … */
	size_t off;     /* of the 0xFF */
	size_t len;     /* marker and segment; for SOS, the entropy-coded data too */
};

/* A w×h colour gradient with noise as JPEG; progressive when asked. */
GByteArray *fx_jpeg(int w, int h, int progressive);

/* The markers of a JPEG up to EOI (a GArray of struct fx_marker; g_array_unref). */
GArray *fx_markers(const uint8_t *data, size_t len);

/* Offset of the n-th (from 0) marker m, or (size_t)-1. */
size_t fx_find(const GByteArray *jpeg, int m, int n);

/* A segment: 0xFF m, length, payload (id and body concatenated). */
GByteArray *fx_segment(int m, const void *id, size_t idlen, const void *body, size_t blen);

/* Inserts bytes at off. */
void fx_insert(GByteArray *a, size_t off, const GByteArray *bytes);

/* An EXIF APP1 with GPS, camera serial, owner, artist, a thumbnail and the orientation. */
GByteArray *fx_exif_app1(int orientation);

/* Reads a whole file (aborts when it cannot). */
GByteArray *fx_read(const char *path);

/* Writes a whole file (aborts when it cannot). */
void fx_write(const char *path, const GByteArray *a);

#endif
