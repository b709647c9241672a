/*
 * Audit of JPEG files: every marker, including those after SOF and between progressive scans,
 * and the bytes after EOI. The APP segments are read by what they hold: EXIF and XMP
 * (audit_meta.c), Photoshop resources with their IPTC records, and Canon CIFF heaps.
 */
#include <string.h>

#include <glib.h>
#include <libexif/exif-data.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "audit_int.h"

/* ---- Photoshop resources and IPTC ---- */

struct iptc_rule {
	uint8_t dataset;
	enum vox_audit_category cat;
	const char *name;
};

static const struct iptc_rule iptc_rules[] = {
	{ 5, VOX_AUDIT_COMMENTS, "ObjectName" },
	{ 25, VOX_AUDIT_COMMENTS, "Keywords" },
	{ 26, VOX_AUDIT_LOCATION, "ContentLocationCode" },
	{ 27, VOX_AUDIT_LOCATION, "ContentLocationName" },
	{ 30, VOX_AUDIT_DATES, "ReleaseDate" },
	{ 40, VOX_AUDIT_COMMENTS, "SpecialInstructions" },
	{ 55, VOX_AUDIT_DATES, "DateCreated" },
	{ 60, VOX_AUDIT_DATES, "TimeCreated" },
	{ 62, VOX_AUDIT_DATES, "DigitalCreationDate" },
	{ 63, VOX_AUDIT_DATES, "DigitalCreationTime" },
	{ 65, VOX_AUDIT_HISTORY, "OriginatingProgram" },
	{ 70, VOX_AUDIT_HISTORY, "ProgramVersion" },
	{ 80, VOX_AUDIT_PEOPLE, "By-line" },
	{ 85, VOX_AUDIT_PEOPLE, "By-lineTitle" },
	{ 90, VOX_AUDIT_LOCATION, "City" },
	{ 92, VOX_AUDIT_LOCATION, "Sub-location" },
	{ 95, VOX_AUDIT_LOCATION, "Province-State" },
	{ 100, VOX_AUDIT_LOCATION, "Country-PrimaryLocationCode" },
	{ 101, VOX_AUDIT_LOCATION, "Country-PrimaryLocationName" },
	{ 105, VOX_AUDIT_COMMENTS, "Headline" },
	{ 110, VOX_AUDIT_PEOPLE, "Credit" },
	{ 115, VOX_AUDIT_PEOPLE, "Source" },
	{ 116, VOX_AUDIT_PEOPLE, "CopyrightNotice" },
	{ 118, VOX_AUDIT_PEOPLE, "Contact" },
	{ 120, VOX_AUDIT_COMMENTS, "Caption-Abstract" },
	{ 122, VOX_AUDIT_PEOPLE, "Writer-Editor" },
};

static void
iptc_walk(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	struct rd r = { p, p + n };
	uint32_t mark, rec, ds, len;

	audit_add(c, VOX_AUDIT_HISTORY, "IPTC block");
	while (rd_left(&r) >= 5) {
		if (rd_u8(&r, &mark) < 0 || mark != 0x1c)
			return;
		if (rd_u8(&r, &rec) < 0 || rd_u8(&r, &ds) < 0 || rd_be16(&r, &len) < 0)
			return;
		if (len & 0x8000) {
			/* An extended length: the next (len & 0x7fff) bytes hold the length. */
			uint32_t k = len & 0x7fff;
			uint64_t v;

			if (k != 4 && k != 2 && k != 8)
				return;
			if (rd_beN(&r, k, &v) < 0 || v > rd_left(&r))
				return;
			len = (uint32_t)v;
		}
		if (rd_skip(&r, len) < 0)
			return;
		if (rec != 2)
			continue;
		for (size_t i = 0; i < G_N_ELEMENTS(iptc_rules); i++)
			if (iptc_rules[i].dataset == ds)
				audit_add(c, iptc_rules[i].cat, "IPTC %s", iptc_rules[i].name);
	}
}

static void
photoshop_walk(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	struct rd r = { p, p + n };
	uint32_t id, namelen, size;
	struct rd data;

	audit_add(c, VOX_AUDIT_HISTORY, "Photoshop image resources");
	while (rd_left(&r) >= 12) {
		if (!has_prefix(r.p, rd_left(&r), "8BIM") && !has_prefix(r.p, rd_left(&r), "PHUT") &&
		    !has_prefix(r.p, rd_left(&r), "AgHg") && !has_prefix(r.p, rd_left(&r), "DCSR") &&
		    !has_prefix(r.p, rd_left(&r), "MeSa"))
			return;
		r.p += 4;
		if (rd_be16(&r, &id) < 0 || rd_u8(&r, &namelen) < 0)
			return;
		/* The Pascal name, its length byte included, is padded to an even size. */
		if (rd_skip(&r, namelen + ((namelen + 1) & 1)) < 0)
			return;
		if (rd_be32(&r, &size) < 0 || rd_sub(&r, size, &data) < 0)
			return;
		if (size & 1)
			rd_skip(&r, 1);
		switch (id) {
		case 0x0404:
			iptc_walk(c, data.p, rd_left(&data));
			break;
		case 0x0409:
		case 0x040c:
			audit_add(c, VOX_AUDIT_THUMBNAILS, "Photoshop thumbnail");
			break;
		case 0x040a:
			audit_add(c, VOX_AUDIT_PEOPLE, "Photoshop copyright flag");
			break;
		case 0x040b:
			audit_add(c, VOX_AUDIT_COMMENTS, "Photoshop URL");
			break;
		case 0x0422:
			if (c->depth < 3) {
				c->depth++;
				audit_exif_walk_tiff(c, "Photoshop EXIF", data.p, rd_left(&data));
				c->depth--;
			}
			break;
		case 0x0424:
			audit_xmp_scan(c, "Photoshop XMP", data.p, rd_left(&data));
			break;
		default:
			break;
		}
	}
}

/* ---- Canon CIFF (in APP0 of old Canon cameras) ---- */

struct ciff_rule {
	uint16_t tag;
	enum vox_audit_category cat;
	const char *name;
};

static const struct ciff_rule ciff_rules[] = {
	{ 0x0805, VOX_AUDIT_COMMENTS, "CanonFileDescription" },
	{ 0x080a, VOX_AUDIT_DEVICE, "Make and Model" },
	{ 0x0810, VOX_AUDIT_PEOPLE, "OwnerName" },
	{ 0x0816, VOX_AUDIT_HISTORY, "OriginalFileName" },
	{ 0x180b, VOX_AUDIT_DEVICE, "SerialNumber" },
	{ 0x180e, VOX_AUDIT_DATES, "TimeStamp" },
	{ 0x2007, VOX_AUDIT_THUMBNAILS, "JpgFromRaw" },
	{ 0x2008, VOX_AUDIT_THUMBNAILS, "ThumbnailImage" },
};

static uint32_t
ciff_u(const uint8_t *p, size_t size, int le)
{
	uint32_t v = 0;

	for (size_t i = 0; i < size; i++)
		v |= (uint32_t)p[le ? i : size - 1 - i] << (8 * (le ? i : size - 1 - i));
	return v;
}

/* A heap: records at the end, its table's offset in the last 4 bytes. *budget is how many
 * records may still be read in the whole block: heaps may point into each other, and a
 * walk of every path through them would take time exponential in their depth (a block of
 * 48 bytes took a minute); the block itself is a finding already. */
static void
ciff_heap(struct audit_ctx *c, const uint8_t *p, size_t n, int le, int depth, int *budget)
{
	uint32_t table, count;

	if (n < 6 || depth > 8 || *budget <= 0)
		return;
	table = ciff_u(p + n - 4, 4, le);
	if (table > n - 4 || n - 4 - table < 2)
		return;
	count = ciff_u(p + table, 2, le);
	if (count > (n - 4 - table - 2) / 10)
		return;
	for (uint32_t i = 0; i < count && (*budget)-- > 0; i++) {
		const uint8_t *e = p + table + 2 + 10 * (size_t)i;
		uint32_t tag = ciff_u(e, 2, le), size = ciff_u(e + 2, 4, le);
		uint32_t off = ciff_u(e + 6, 4, le), t = tag & 0x3fff;

		if ((tag & 0xc000) == 0 && ((t & 0x3800) == 0x2800 || (t & 0x3800) == 0x3000)) {
			if (off <= n && size <= n - off)
				ciff_heap(c, p + off, size, le, depth + 1, budget);
			continue;
		}
		for (size_t k = 0; k < G_N_ELEMENTS(ciff_rules); k++)
			if (ciff_rules[k].tag == t)
				audit_add(c, ciff_rules[k].cat, "CIFF %s", ciff_rules[k].name);
	}
}

static void
ciff_walk(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	int le = p[0] == 'I';
	uint32_t hlen = ciff_u(p + 2, 4, le);
	int budget = 4096;

	audit_add(c, VOX_AUDIT_DEVICE, "Canon CIFF block in APP0 (%zu bytes)", n);
	if (hlen >= 14 && hlen <= n)
		ciff_heap(c, p + hlen, n - hlen, le, 0, &budget);
}

static void
jpeg_app0(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	if (has_prefix(p, n, "JFIF")) {
		/* "JFIF\0", version (2), units, densities (4), then thumbnail width, height. */
		if (n >= 14 && p[12] && p[13])
			audit_add(c, VOX_AUDIT_THUMBNAILS, "JFIF thumbnail (%ux%u)", p[12], p[13]);
		else if (n > 14)
			/* Scrub keeps the fixed form only: whatever follows can be text. */
			audit_add(c, VOX_AUDIT_COMMENTS, "%zu bytes after the fixed form of JFIF",
			    n - 14);
		if (n >= 14 && !vox_audit_jfif_ordinary(p))
			audit_add(c, VOX_AUDIT_COMMENTS, "JFIF version, units or density not as "
			    "cameras write them (free bytes)");
		return;
	}
	if (has_prefix(p, n, "JFXX")) {
		audit_add(c, VOX_AUDIT_THUMBNAILS, "JFXX thumbnail (%zu bytes)", n);
		return;
	}
	if (n >= 14 && (memcmp(p, "II", 2) == 0 || memcmp(p, "MM", 2) == 0) &&
	    memcmp(p + 6, "HEAP", 4) == 0) {
		ciff_walk(c, p, n);
		return;
	}
	g_autofree char *id = audit_printable(p, n, 16);
	audit_add(c, VOX_AUDIT_DEVICE, "APP0 segment '%s' (%zu bytes)", id, n);
}

/*
 * One APP2 chunk of an ICC profile, gathered as scrub gathers them: the profile is judged
 * when whole; chunks that are inconsistent, or come after the profile or the first scan
 * (where decoders no longer read them), are findings of their own.
 */
static void
jpeg_icc(struct audit_ctx *c, const uint8_t *p, size_t n)
{
	GByteArray *whole;

	if (c->icc_done || c->scans > 0) {
		audit_add(c, VOX_AUDIT_DEVICE, "ICC profile chunk that readers ignore (%zu bytes)",
		    n);
		return;
	}
	switch (vox_icc_chunks_add(c->icc, p, n)) {
	case 0:
		return;
	case -1:
		c->icc_done = 1;
		audit_add(c, VOX_AUDIT_DEVICE, "ICC profile chunks that cannot be read");
		return;
	default:
		break;
	}
	c->icc_done = 1;
	whole = vox_icc_chunks_join(c->icc);
	if (whole) {
		audit_icc(c, "ICC profile", whole->data, whole->len);
		g_byte_array_unref(whole);
	}
}

static void
jpeg_app(struct audit_ctx *c, int app, const uint8_t *p, size_t n)
{
	static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";
	static const char xmp_ext_id[] = "http://ns.adobe.com/xmp/extension/";

	switch (app) {
	case 0:
		jpeg_app0(c, p, n);
		return;
	case 1:
		if (has_prefix(p, n, "Exif")) {
			audit_exif_walk(c, "EXIF", p, n);
			return;
		}
		if (n >= sizeof(xmp_id) && memcmp(p, xmp_id, sizeof(xmp_id)) == 0) {
			audit_xmp_scan(c, "XMP packet", p + sizeof(xmp_id), n - sizeof(xmp_id));
			return;
		}
		if (n >= sizeof(xmp_ext_id) && memcmp(p, xmp_ext_id, sizeof(xmp_ext_id)) == 0) {
			audit_xmp_scan(c, "extended XMP", p + sizeof(xmp_ext_id),
			    n - sizeof(xmp_ext_id));
			return;
		}
		break;
	case 2:
		if (has_prefix(p, n, "ICC_PROFILE")) {
			jpeg_icc(c, p, n);
			return;
		}
		if (has_prefix(p, n, "MPF")) {
			audit_add(c, VOX_AUDIT_THUMBNAILS, "MPF index of further images (APP2)");
			return;
		}
		if (has_prefix(p, n, "FPXR")) {
			audit_add(c, VOX_AUDIT_THUMBNAILS, "FlashPix data (APP2)");
			return;
		}
		break;
	case 3:
		if (has_prefix(p, n, "Meta") || has_prefix(p, n, "META")) {
			audit_add(c, VOX_AUDIT_DEVICE, "Kodak APP3 metadata (%zu bytes)", n);
			/* Its TIFF structure holds the camera owner (tag 0xc353). */
			if (n > 6 && c->depth < 3) {
				ExifData *ed = exif_data_new();

				if (ed) {
					GByteArray *b = g_byte_array_new();

					g_byte_array_append(b, (const guint8 *)"Exif\0\0", 6);
					g_byte_array_append(b, p + 6, (guint)MIN(n - 6, 0xffffu));
					exif_data_unset_option(ed,
					    EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
					exif_data_unset_option(ed,
					    EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
					exif_data_load_data(ed, b->data, b->len);
					for (int i = 0; i < EXIF_IFD_COUNT; i++) {
						if (exif_content_get_entry(ed->ifd[i], 0xc353))
							audit_add(c, VOX_AUDIT_PEOPLE,
							    "Kodak CameraOwner");
						if (exif_content_get_entry(ed->ifd[i], 0xc354))
							audit_add(c, VOX_AUDIT_DEVICE,
							    "Kodak SerialNumber");
					}
					exif_data_unref(ed);
					g_byte_array_unref(b);
				}
			}
			return;
		}
		break;
	case 11:
		if (has_prefix(p, n, "JP")) {
			/* JUMBF boxes: C2PA content credentials name the author and the edits. */
			audit_add(c, VOX_AUDIT_HISTORY, "JUMBF block, as C2PA content credentials "
			    "use (%zu bytes)", n);
			if (memmem(p, n, "c2pa", 4))
				audit_add(c, VOX_AUDIT_PEOPLE, "C2PA content credentials");
			return;
		}
		break;
	case 12:
		if (has_prefix(p, n, "Ducky")) {
			audit_add(c, VOX_AUDIT_HISTORY,
			    "Ducky segment of Photoshop's Save for Web");
			return;
		}
		if (memmem(p, n, "[picture info]", 14) || has_prefix(p, n, "OLYMP")) {
			audit_add(c, VOX_AUDIT_DEVICE, "APP12 picture info (%zu bytes)", n);
			if (memmem(p, n, "TimeDate=", 9))
				audit_add(c, VOX_AUDIT_DATES, "APP12 picture info TimeDate");
			if (memmem(p, n, "Serial#=", 8) || memmem(p, n, "SerialNumber=", 13))
				audit_add(c, VOX_AUDIT_DEVICE, "APP12 picture info serial number");
			return;
		}
		break;
	case 13:
		if (n >= 14 && has_prefix(p, n, "Photoshop 3.0")) {
			photoshop_walk(c, p + 14, n - 14);
			return;
		}
		break;
	case 14:
		if (has_prefix(p, n, "Adobe")) {
			/* Scrub keeps the fixed form only: "Adobe", version, flags, transform. */
			if (n > 12)
				audit_add(c, VOX_AUDIT_COMMENTS, "%zu bytes after the fixed form of "
				    "Adobe APP14", n - 12);
			if (n >= 12 && !vox_audit_adobe_ordinary(p))
				audit_add(c, VOX_AUDIT_COMMENTS, "Adobe APP14 version or flags not "
				    "as Adobe writes them (free bytes)");
			return;
		}
		break;
	default:
		break;
	}
	g_autofree char *id = audit_printable(p, n, 24);
	audit_add(c, app == 1 ? VOX_AUDIT_HISTORY : VOX_AUDIT_DEVICE,
	    "APP%d segment '%s' (%zu bytes)", app, id, n);
}

static void
jpeg_trailer(struct audit_ctx *c, const uint8_t *t, size_t n, const char *after)
{
	const char *kind = "";

	if (!n)
		return;
	if (n >= 3 && t[0] == 0xff && t[1] == 0xd8 && t[2] == 0xff)
		kind = ": another JPEG image";
	else if (n >= 12 && memcmp(t + 4, "ftyp", 4) == 0)
		kind = ": an MP4 or HEIF file";
	else if (memmem(t, n, "SEFH", 4) || memmem(t, n, "SEFT", 4))
		kind = ": a Samsung trailer";
	else if (audit_count_jpeg_starts(t, MIN(n, (size_t)1 << 20)))
		kind = ": holding a JPEG image";
	audit_add(c, VOX_AUDIT_TRAILING, "%zu byte%s after %s%s", n, n == 1 ? "" : "s", after,
	    kind);
}

/* See vox/audit.h. */
int
vox_audit_jfif_ordinary(const uint8_t *payload)
{
	const uint8_t *f = payload + 5;

	return f[0] == 1 && f[1] <= 2 && f[2] <= 2 && f[3] == f[5] && f[4] == f[6];
}

/* See vox/audit.h. */
int
vox_audit_adobe_ordinary(const uint8_t *payload)
{
	const uint8_t *f = payload + 5;

	return f[0] == 0 && (f[1] == 100 || f[1] == 101) && (f[2] & 0x3f) == 0 && f[3] == 0 &&
	    f[4] == 0 && f[5] == 0;
}

/* See vox/audit.h: four letters in a row. */
int
vox_audit_reads_as_text(const uint8_t *p, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		run = g_ascii_isalpha(p[i]) ? run + 1 : 0;
		if (run == 4)
			return 1;
	}
	return 0;
}

/*
 * The tables of a DQT or DHT segment (seg, length bytes first) become pending; they stay so
 * until a scan uses them. A pending table defined again was never used: it is counted in
 * lost. Spare bytes after the last whole table are reported: decoders refuse them, scrub
 * too, and they can hold anything.
 */
static void
jpeg_tables(struct audit_ctx *c, unsigned m, const uint8_t *seg, size_t len, unsigned *pending,
    unsigned *lost)
{
	size_t i = 2;

	while (i < len) {
		unsigned cls = seg[i] >> 4, slot = seg[i] & 15, bit;
		size_t n = m == 0xdb ? 1 + (cls ? 128 : 64) : 17;

		if (cls > 1 || slot > 3 || len - i < n)
			break;
		if (m == 0xc4)
			for (unsigned k = 1; k <= 16; k++)
				n += seg[i + k];
		if (len - i < n)
			break;
		bit = 1u << (m == 0xdb ? slot : 4 + cls * 4 + slot);
		if (*pending & bit)
			(*lost)++;
		/* Cameras define quantisation tables they do not use (Nikon a third one);
		 * such a table is reported only when it reads as text. A Huffman table no scan
		 * uses has no such excuse. */
		if (m == 0xc4 || vox_audit_reads_as_text(seg + i + 1, n - 1))
			*pending |= bit;
		else
			*pending &= ~bit;
		i += n;
	}
	if (i < len)
		audit_add(c, VOX_AUDIT_COMMENTS, "%zu spare bytes in a %s segment", len - i,
		    m == 0xdb ? "DQT" : "DHT");
}

/* A scan (its SOS segment at seg) uses the frames' quantisation tables and its own. */
static void
jpeg_scan_tables(const uint8_t *seg, size_t len, unsigned quant, unsigned *pending)
{
	*pending &= ~quant;
	for (size_t i = 0; len >= 3 && i < seg[2] && 4 + 2 * i < len; i++)
		*pending &= ~(1u << (4 + (seg[4 + 2 * i] >> 4 & 3)) |
		    1u << (8 + (seg[4 + 2 * i] & 3)));
}

/*
 * Walks every marker: metadata may sit after SOF and between the scans of a progressive
 * JPEG. Entropy-coded data after SOS runs to the next marker that is not a stuffed 0xFF00
 * or a restart marker.
 */
static int
walk_jpeg(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	size_t pos = 2;
	unsigned quant = 0, pending = 0; /* bits 0-3 DQT, 4-7 DC, 8-11 AC tables */
	unsigned lost = 0;               /* tables defined again before any scan used them */

	for (;;) {
		unsigned m;
		size_t seglen;

		if (pos >= len)
			return vox_error(DOMAIN, "'%s': truncated: no EOI marker", c->name);
		if (d[pos] != 0xff)
			return vox_error(DOMAIN, "'%s': bytes that are not a JPEG marker at offset %zu",
			    c->name, pos);
		while (pos < len && d[pos] == 0xff)
			pos++;
		if (pos >= len)
			return vox_error(DOMAIN, "'%s': truncated: no EOI marker", c->name);
		m = d[pos++];
		if (m == 0xd9) {
			lost += (unsigned)__builtin_popcount(pending);
			if (lost)
				audit_add(c, VOX_AUDIT_COMMENTS, "%u JPEG table%s that no scan uses",
				    lost, lost > 1 ? "s" : "");
			jpeg_trailer(c, d + pos, len - pos, "EOI");
			return 0;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;
		if (m == 0x00 || m == 0xd8)
			return vox_error(DOMAIN, "'%s': unexpected marker 0x%02x at offset %zu",
			    c->name, m, pos - 1);
		if (len - pos < 2)
			return vox_error(DOMAIN, "'%s': truncated inside a marker", c->name);
		seglen = (size_t)d[pos] << 8 | d[pos + 1];
		if (seglen < 2)
			return vox_error(DOMAIN, "'%s': segment length %zu at offset %zu", c->name,
			    seglen, pos);
		if (seglen > len - pos) {
			/* What a cut segment still holds is reported: a photo cut inside its
			 * EXIF block can still give its place away. */
			if (m >= 0xe0 && m <= 0xef && len - pos > 2)
				jpeg_app(c, (int)(m - 0xe0), d + pos + 2, len - pos - 2);
			return vox_error(DOMAIN, "'%s': truncated inside a 0x%02x segment", c->name,
			    m);
		}
		if (m >= 0xe0 && m <= 0xef)
			jpeg_app(c, (int)(m - 0xe0), d + pos + 2, seglen - 2);
		else if (m == 0xfe)
			audit_add(c, VOX_AUDIT_COMMENTS, "JPEG comment (%zu bytes)", seglen - 2);
		else if (m == 0xdb || m == 0xc4)
			jpeg_tables(c, m, d + pos, seglen, &pending, &lost);
		else if (m >= 0xc0 && m <= 0xcf && m != 0xc8 && m != 0xcc && seglen >= 8)
			for (size_t i = 0; i < d[pos + 7] && 8 + 3 * i + 2 < seglen; i++)
				quant |= 1u << (d[pos + 8 + 3 * i + 2] & 3);
		else if (m == 0xda)
			jpeg_scan_tables(d + pos, seglen, quant, &pending);
		pos += seglen;
		if (m != 0xda)
			continue;
		c->scans++;
		/* Entropy-coded data: find the next real marker. */
		for (;;) {
			const uint8_t *f;

			if (pos >= len)
				return vox_error(DOMAIN, "'%s': truncated: no EOI marker", c->name);
			f = memchr(d + pos, 0xff, len - pos);
			if (!f || (size_t)(f - d) + 1 >= len)
				return vox_error(DOMAIN, "'%s': truncated: no EOI marker", c->name);
			pos = (size_t)(f - d);
			if (f[1] != 0x00 && !(f[1] >= 0xd0 && f[1] <= 0xd7))
				break;
			pos += 2;
		}
	}
}

int
audit_jpeg(struct audit_ctx *c, const uint8_t *d, size_t len)
{
	struct vox_icc_chunks icc;
	int ret;

	vox_icc_chunks_init(&icc);
	c->icc = &icc;
	ret = walk_jpeg(c, d, len);
	/* A profile whose chunks never all came is dropped by scrub: what it holds is unread. */
	if (!c->icc_done && icc.have > 0)
		audit_add(c, VOX_AUDIT_DEVICE, "ICC profile with missing chunks");
	vox_icc_chunks_release(&icc);
	c->icc = NULL;
	return ret;
}

size_t
audit_count_jpeg_starts(const uint8_t *p, size_t n)
{
	size_t count = 0;
	const uint8_t *q = p, *end = p + n;

	while (q + 4 <= end) {
		const uint8_t *f = memchr(q, 0xff, (size_t)(end - q) - 3);

		if (!f)
			break;
		/* SOI and a marker that can follow it: random bytes rarely match all four. */
		if (f[1] == 0xd8 && f[2] == 0xff && f + 3 < end &&
		    ((f[3] >= 0xe0 && f[3] <= 0xef) || f[3] == 0xdb || f[3] == 0xc4 ||
			f[3] == 0xc0 || f[3] == 0xfe))
			count++;
		q = f + 1;
	}
	return count;
}
