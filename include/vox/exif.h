#ifndef VOX_EXIF_H
#define VOX_EXIF_H

/*
 * The little of EXIF that photovox keeps or reads, through libexif: the Orientation of an
 * original (kept in the scrubbed copy), DateTimeOriginal (for the catalog), and the fresh
 * minimal EXIF block that holds nothing but Orientation.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/*
 * The Orientation (1-8) in IFD0 of an EXIF block: data is the payload of a JPEG APP1
 * segment, starting with "Exif\0\0", or the bare TIFF data of a PNG eXIf or WebP EXIF
 * chunk (starting with "II*\0" or "MM\0*"). Returns 1 when
 * the block has no Orientation, or one outside 1-8, or cannot be read: "as stored" is the
 * safe reading of a damaged block.
 */
int vox_exif_orientation(const uint8_t *data, size_t len);

/*
 * DateTimeOriginal of an EXIF block (as vox_exif_orientation), as "YYYY-MM-DD HH:MM:SS".
 * Returns a newly allocated string (g_free), or NULL when absent or malformed.
 */
char *vox_exif_datetime_original(const uint8_t *data, size_t len);

/*
 * Appends a whole JPEG APP1 segment (marker, length, "Exif\0\0", a TIFF header and an IFD0
 * with the single entry Orientation) to out. Returns 0, or -1 with an error recorded when
 * orientation is not 1-8 or libexif fails.
 */
int vox_exif_orientation_app1(int orientation, GByteArray *out);

/*
 * Appends the same minimal EXIF block as bare TIFF data (a TIFF header and an IFD0 with the
 * single entry Orientation, no "Exif\0\0"), as a PNG eXIf chunk and a WebP EXIF chunk hold
 * it. Returns 0, or -1 with an error recorded as vox_exif_orientation_app1().
 */
int vox_exif_orientation_tiff(int orientation, GByteArray *out);

#endif
