#ifndef VOX_ICC_H
#define VOX_ICC_H

/*
 * ICC colour profiles (ICC.1:2010, versions 2 and 4), the one place that parses them: scrub
 * rebuilds every profile it keeps (JPEG APP2, PNG iCCP, WebP ICCP) through vox_icc_clean(),
 * and audit reads them through vox_icc_inspect() (CONTRIBUTING.md privacy rules 2-4).
 *
 * A profile can name a person or a machine: its description, copyright and device texts
 * ("Jane Doe iMac", "Owner: Jane Doe, Truro"), its header's creation date, device maker and
 * model, creator and profile id, and private tags (Apple's 'mmod' make and model, 'vcgt'
 * calibration), and so can any byte a reader does not look at. A clean profile keeps only
 * the colour tags (primaries, white point, curves, matrices, look-up tables …), each in a
 * type the ICC allows for it and cut to the bytes that type defines, a neutral description
 * and an empty copyright, and a header rebuilt from the fields that say how to read the
 * colours, every other byte zero. Every length in a profile is checked against the bytes at
 * hand; a profile that does not parse, or whose class or colour space the ICC does not
 * define, is malformed.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* The description written into clean profiles (and the name of a clean PNG iCCP chunk). */
#define VOX_ICC_NEUTRAL_NAME "ICC profile"

/* Profiles larger than this are refused as malformed: the largest a JPEG can hold (255 APP2
 * chunks) is just under 16 MB, and real profiles are a few kilobytes to a megabyte. */
#define VOX_ICC_MAX_SIZE (255u * 65519u)

/* The bytes of profile data in one JPEG APP2 chunk at most (65535 - 2 - 12 - 2). */
#define VOX_ICC_JPEG_CHUNK 65519u

/*
 * Appends to out a clean copy of the len-byte profile at data: the header rebuilt, the
 * colour tags copied byte for byte (tags that share data still share it), a neutral
 * 'desc' and an empty 'cprt' in the types the profile's version uses, and nothing else.
 * Returns 0, or -1 with an error of domain "icc" when the profile is malformed (out is then
 * unchanged): the caller drops it whole.
 */
int vox_icc_clean(const uint8_t *data, size_t len, GByteArray *out);

/* One tag of a profile as vox_icc_inspect() saw it. */
struct vox_icc_tag {
	char sig[5];      /* "desc", "rXYZ" … (NUL-terminated, as in the file) */
	char type[5];     /* "desc", "mluc", "XYZ " … */
	int kept;         /* vox_icc_clean() keeps it as it is */
	int text;         /* its type holds text (desc, mluc, text, utf8 …) */
	size_t hidden;    /* bytes that are not zero where only zeros belong: in kept tags,
	                   * reserved fields, padding and bytes after the structure; in text
	                   * tags, what is neither structure nor string (after a string's NUL,
	                   * after the structure). Clean profiles have none. */
	/* For dropped tags: every string it holds (each record of a mluc), as printable UTF-8
	 * (g_free each); for other types, the runs of text in it. Empty strings are left out. */
	GPtrArray *strings;
};

struct vox_icc_info {
	unsigned version;          /* the major version, 2 or 4 (or whatever the file says) */
	int dated;                 /* the header's creation date is set */
	uint32_t manufacturer;     /* the header's device manufacturer, model, creator: */
	uint32_t model;            /* signatures, 0 when not set */
	uint32_t creator;
	int has_id;                /* the header's profile id (MD5) is set */
	size_t header_hidden;      /* header bytes that are not what the ICC fixes them to
	                            * (reserved bytes, the illuminant, the rendering intent);
	                            * clean profiles have none */
	GPtrArray *tags;           /* struct vox_icc_tag *, in the order of the tag table */
};

/*
 * Reads the profile at data into info (released with vox_icc_info_release() whatever the
 * result). Returns 0, or -1 with an error of domain "icc" when vox_icc_clean() would refuse
 * it as malformed.
 */
int vox_icc_inspect(const uint8_t *data, size_t len, struct vox_icc_info *info);
void vox_icc_info_release(struct vox_icc_info *info);

/* A signature such as a header's device model as printable text ("APPL", "0x00414243"). */
char *vox_icc_sig_text(uint32_t sig);

/*
 * A profile carried in JPEG APP2 segments: "ICC_PROFILE\0", the chunk's number (from 1) and
 * the number of chunks, then the chunk's bytes. The chunks are gathered as they come; the
 * profile is whole when each of 1..count has come once, all giving the same count.
 */
struct vox_icc_chunks {
	GByteArray *part[256];
	unsigned count;            /* announced by the first chunk; 0 before it */
	unsigned have;
	int bad;                   /* an inconsistent chunk came: the profile is malformed */
};

void vox_icc_chunks_init(struct vox_icc_chunks *c);
void vox_icc_chunks_release(struct vox_icc_chunks *c);

/* Whether an APP2 payload is an ICC chunk ("ICC_PROFILE\0" and the two numbers). */
int vox_icc_is_chunk(const uint8_t *payload, size_t len);

/* Adds one APP2 payload (as vox_icc_is_chunk() accepts). Returns 1 when the profile is now
 * whole, 0 when chunks are missing, -1 when it is malformed (c->bad). */
int vox_icc_chunks_add(struct vox_icc_chunks *c, const uint8_t *payload, size_t len);

/* The whole profile (g_byte_array_unref), or NULL with an error when it is not whole. */
GByteArray *vox_icc_chunks_join(const struct vox_icc_chunks *c);

/*
 * Appends the profile as whole JPEG APP2 segments (markers included) of at most
 * VOX_ICC_JPEG_CHUNK profile bytes each. Returns 0, or -1 with an error when it needs
 * more than 255 segments.
 */
int vox_icc_jpeg_segments(const uint8_t *profile, size_t len, GByteArray *out);

/*
 * The body of a PNG iCCP chunk: a profile name of 1-79 bytes and a NUL, the compression
 * method (0), then the zlib stream. vox_icc_iccp_read() inflates the profile into profile
 * (at most VOX_ICC_MAX_SIZE bytes) and gives the name (g_free, printable) when name is not
 * NULL; it returns 0, or -1 with an error when the chunk is malformed.
 * vox_icc_iccp_write() appends the body of a chunk named VOX_ICC_NEUTRAL_NAME holding the
 * profile; it returns 0 or -1.
 */
int vox_icc_iccp_read(const uint8_t *body, size_t len, GByteArray *profile, char **name);
int vox_icc_iccp_write(const uint8_t *profile, size_t len, GByteArray *out);

#endif
