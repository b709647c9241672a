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

/*
 * A DQT (m 0xdb) or DHT (0xc4) segment of one table with the header byte hdr (class and
 * slot) carrying text: as the first quantisation values (spaces after), or as the symbols
 * of 8-bit Huffman codes.
 */
GByteArray *fx_table(int m, uint8_t hdr, const char *text);

/* Inserts bytes at off. */
void fx_insert(GByteArray *a, size_t off, const GByteArray *bytes);

/* An EXIF APP1 with GPS, camera serial, owner, artist, a thumbnail and the orientation. */
GByteArray *fx_exif_app1(int orientation);

/*
 * An ICC display profile (v2, or v4 when v4) built by hand: matrix and curves (rXYZ, gXYZ,
 * bXYZ, wtpt, and rTRC, gTRC, bTRC sharing one curve of curve_entries points, so a large
 * count makes a profile larger than one JPEG segment), the description desc and copyright
 * cprt (v2 'desc' and 'text', v4 'mluc'). With device, also 'dmnd' and 'dmdd' holding that
 * text and a header naming the maker 'JANE', model 'DOE1', creator 'jdoe' and a creation
 * date; without, the header of the standard sRGB profile (maker 'IEC ', model 'sRGB').
 */
GByteArray *fx_icc(int v4, const char *desc, const char *cprt, const char *device,
    unsigned curve_entries);

/* The profile as JPEG APP2 segments of at most 65519 profile bytes each. */
GByteArray *fx_icc_app2(const GByteArray *profile);

/* Reads a whole file (aborts when it cannot). */
GByteArray *fx_read(const char *path);

/* Writes a whole file (aborts when it cannot). */
void fx_write(const char *path, const GByteArray *a);

#endif
