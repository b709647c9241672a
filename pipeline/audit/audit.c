/*
 * Audit of one image held in memory: walks the format's structure (JPEG markers, PNG and
 * WebP chunks, HEIF boxes) through a bounds-checked cursor and reports identifying metadata
 * by category. EXIF blocks are read tag by tag with libexif; XMP packets are searched for
 * the properties that identify; Photoshop resources and IPTC records are walked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-mnote-data.h>
#include <libexif/exif-tag.h>

#include "vox/audit.h"
#include "vox/error.h"

#define DOMAIN "audit"

/* A bounds-checked cursor over untrusted bytes: every read checks what is left first. */
struct rd {
	const uint8_t *p, *end;
};

static size_t
rd_left(const struct rd *r)
{
	return (size_t)(r->end - r->p);
}

static int
rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	r->p += n;
	return 0;
}

static int
rd_u8(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[0];
	r->p += 1;
	return 0;
}

static int
rd_be16(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint32_t)r->p[0] << 8 | r->p[1];
	r->p += 2;
	return 0;
}

static int
rd_be32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	return 0;
}

static int
rd_le32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[3] << 24 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[1] << 8 | r->p[0];
	r->p += 4;
	return 0;
}

/* Reads an unsigned big-endian integer of 0, 2, 4 or 8 bytes (HEIF's variable fields). */
static int
rd_beN(struct rd *r, unsigned size, uint64_t *v)
{
	uint32_t a, b;

	switch (size) {
	case 0:
		*v = 0;
		return 0;
	case 2:
		if (rd_be16(r, &a) < 0)
			return -1;
		*v = a;
		return 0;
	case 4:
		if (rd_be32(r, &a) < 0)
			return -1;
		*v = a;
		return 0;
	case 8:
		if (rd_be32(r, &a) < 0 || rd_be32(r, &b) < 0)
			return -1;
		*v = (uint64_t)a << 32 | b;
		return 0;
	default:
		return -1;
	}
}

/* Takes n bytes as a sub-cursor. */
static int
rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	if (rd_left(r) < n)
		return -1;
	sub->p = r->p;
	sub->end = r->p + n;
	r->p += n;
	return 0;
}

static int
has_prefix(const uint8_t *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* ---- Findings ---- */

static const char *const category_names[VOX_AUDIT_N_CATEGORIES] = {
	[VOX_AUDIT_LOCATION] = "location",
	[VOX_AUDIT_DEVICE] = "device ids",
	[VOX_AUDIT_PEOPLE] = "people and owners",
	[VOX_AUDIT_DATES] = "dates",
	[VOX_AUDIT_THUMBNAILS] = "thumbnails and previews",
	[VOX_AUDIT_HISTORY] = "edit history",
	[VOX_AUDIT_COMMENTS] = "comments",
	[VOX_AUDIT_TRAILING] = "trailing data",
};

const char *
vox_audit_category_name(enum vox_audit_category c)
{
	if ((unsigned)c >= VOX_AUDIT_N_CATEGORIES)
		return "unknown";
	return category_names[c];
}

void
vox_finding_free(struct vox_finding *f)
{
	if (!f)
		return;
	g_free(f->what);
	g_free(f);
}

/* One audit: where findings go, and which ones this file already has (a file repeats the
 * same tag in several IFDs or segments; it is reported once). */
struct ctx {
	const char *name;
	GPtrArray *findings;
	GHashTable *seen;
	int added;
	int depth;  /* EXIF inside Photoshop inside … : bounded */
};

#define MAX_FINDINGS 2000

static void G_GNUC_PRINTF(3, 4)
add(struct ctx *c, enum vox_audit_category cat, const char *fmt, ...)
{
	va_list ap;
	char *what, *key;
	struct vox_finding *f;

	if (c->added >= MAX_FINDINGS)
		return;
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	key = g_strdup_printf("%d\t%s", (int)cat, what);
	if (g_hash_table_contains(c->seen, key)) {
		g_free(key);
		g_free(what);
		return;
	}
	g_hash_table_add(c->seen, key);
	f = g_new0(struct vox_finding, 1);
	f->category = cat;
	f->what = what;
	g_ptr_array_add(c->findings, f);
	c->added++;
}

/* Copies at most max bytes of an untrusted name into printable ASCII for a message. */
static char *
printable(const uint8_t *p, size_t n, size_t max)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < n && i < max && p[i]; i++)
		g_string_append_c(s, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?');
	if (n > max)
		g_string_append(s, "...");
	return g_string_free(s, FALSE);
}

/* ---- XMP ---- */

struct pattern {
	const char *needle;
	enum vox_audit_category cat;
	const char *what;
};

/* Properties searched in XMP packets. Prefixes are the ones every writer we know uses;
 * the packet itself is always reported, so a missed property never makes a file clean. */
static const struct pattern xmp_patterns[] = {
	{ "GPSLatitude", VOX_AUDIT_LOCATION, "XMP GPS position" },
	{ "GPSLongitude", VOX_AUDIT_LOCATION, "XMP GPS position" },
	{ "exif:GPS", VOX_AUDIT_LOCATION, "XMP GPS data" },
	{ "photoshop:City", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "photoshop:State", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "photoshop:Country", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "Iptc4xmpCore:Location", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "Iptc4xmpCore:CountryCode", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "Iptc4xmpExt:LocationShown", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "Iptc4xmpExt:LocationCreated", VOX_AUDIT_LOCATION, "XMP location names" },
	{ "aux:SerialNumber", VOX_AUDIT_DEVICE, "XMP aux:SerialNumber" },
	{ "aux:LensSerialNumber", VOX_AUDIT_DEVICE, "XMP aux:LensSerialNumber" },
	{ "exifEX:BodySerialNumber", VOX_AUDIT_DEVICE, "XMP exifEX:BodySerialNumber" },
	{ "exifEX:LensSerialNumber", VOX_AUDIT_DEVICE, "XMP exifEX:LensSerialNumber" },
	{ "exifEX:CameraOwnerName", VOX_AUDIT_PEOPLE, "XMP exifEX:CameraOwnerName" },
	{ "aux:OwnerName", VOX_AUDIT_PEOPLE, "XMP aux:OwnerName" },
	{ "tiff:Make", VOX_AUDIT_DEVICE, "XMP tiff:Make" },
	{ "tiff:Model", VOX_AUDIT_DEVICE, "XMP tiff:Model" },
	{ "exif:ImageUniqueID", VOX_AUDIT_DEVICE, "XMP exif:ImageUniqueID" },
	{ "dc:creator", VOX_AUDIT_PEOPLE, "XMP dc:creator" },
	{ "dc:rights", VOX_AUDIT_PEOPLE, "XMP dc:rights" },
	{ "tiff:Artist", VOX_AUDIT_PEOPLE, "XMP tiff:Artist" },
	{ "tiff:Copyright", VOX_AUDIT_PEOPLE, "XMP tiff:Copyright" },
	{ "xmpRights:", VOX_AUDIT_PEOPLE, "XMP rights" },
	{ "photoshop:AuthorsPosition", VOX_AUDIT_PEOPLE, "XMP photoshop:AuthorsPosition" },
	{ "photoshop:Credit", VOX_AUDIT_PEOPLE, "XMP photoshop:Credit" },
	{ "Iptc4xmpCore:CreatorContactInfo", VOX_AUDIT_PEOPLE, "XMP creator contact" },
	{ "Iptc4xmpExt:PersonInImage", VOX_AUDIT_PEOPLE, "XMP people in the image" },
	{ "mwg-rs:Regions", VOX_AUDIT_PEOPLE, "XMP face regions" },
	{ "MP:RegionInfo", VOX_AUDIT_PEOPLE, "XMP face regions" },
	{ "MPRI:Regions", VOX_AUDIT_PEOPLE, "XMP face regions" },
	{ "exif:DateTimeOriginal", VOX_AUDIT_DATES, "XMP exif:DateTimeOriginal" },
	{ "exif:DateTimeDigitized", VOX_AUDIT_DATES, "XMP exif:DateTimeDigitized" },
	{ "xmp:CreateDate", VOX_AUDIT_DATES, "XMP xmp:CreateDate" },
	{ "xmp:ModifyDate", VOX_AUDIT_DATES, "XMP xmp:ModifyDate" },
	{ "xmp:MetadataDate", VOX_AUDIT_DATES, "XMP xmp:MetadataDate" },
	{ "photoshop:DateCreated", VOX_AUDIT_DATES, "XMP photoshop:DateCreated" },
	{ "xmpMM:History", VOX_AUDIT_HISTORY, "XMP xmpMM:History" },
	{ "xmpMM:DerivedFrom", VOX_AUDIT_HISTORY, "XMP xmpMM:DerivedFrom" },
	{ "xmpMM:DocumentID", VOX_AUDIT_HISTORY, "XMP document ids" },
	{ "xmpMM:InstanceID", VOX_AUDIT_HISTORY, "XMP document ids" },
	{ "xmp:CreatorTool", VOX_AUDIT_HISTORY, "XMP xmp:CreatorTool" },
	{ "crs:", VOX_AUDIT_HISTORY, "XMP Camera Raw settings" },
	{ "photoshop:History", VOX_AUDIT_HISTORY, "XMP photoshop:History" },
	{ "dc:description", VOX_AUDIT_COMMENTS, "XMP dc:description" },
	{ "dc:title", VOX_AUDIT_COMMENTS, "XMP dc:title" },
	{ "dc:subject", VOX_AUDIT_COMMENTS, "XMP dc:subject" },
	{ "exif:UserComment", VOX_AUDIT_COMMENTS, "XMP exif:UserComment" },
	{ "photoshop:Headline", VOX_AUDIT_COMMENTS, "XMP photoshop:Headline" },
	{ "xmp:Thumbnails", VOX_AUDIT_THUMBNAILS, "XMP thumbnail" },
	{ "xmpGImg:", VOX_AUDIT_THUMBNAILS, "XMP thumbnail" },
	{ "hdrgm:", VOX_AUDIT_THUMBNAILS, "XMP gain map description" },
	{ "GainMap", VOX_AUDIT_THUMBNAILS, "XMP gain map description" },
	{ "GCamera:MotionPhoto", VOX_AUDIT_TRAILING, "XMP motion photo description" },
	{ "GCamera:MicroVideo", VOX_AUDIT_TRAILING, "XMP motion photo description" },
	{ "Container:Directory", VOX_AUDIT_TRAILING, "XMP container of appended items" },
};

static void
xmp_scan(struct ctx *c, const char *label, const uint8_t *p, size_t n)
{
	add(c, VOX_AUDIT_HISTORY, "%s (%zu bytes)", label, n);
	for (size_t i = 0; i < G_N_ELEMENTS(xmp_patterns); i++) {
		const struct pattern *x = &xmp_patterns[i];

		if (memmem(p, n, x->needle, strlen(x->needle)))
			add(c, x->cat, "%s", x->what);
	}
}

/* ---- EXIF (libexif) ---- */

struct tag_rule {
	uint16_t tag;
	enum vox_audit_category cat;
	const char *name;
};

/* Tags that identify, outside the GPS IFD (where every tag is a location finding). Any tag
 * not listed describes the image's structure or exposure and is not a finding. */
static const struct tag_rule exif_rules[] = {
	{ 0x000b, VOX_AUDIT_HISTORY, "ProcessingSoftware" },
	{ 0x010d, VOX_AUDIT_COMMENTS, "DocumentName" },
	{ 0x010e, VOX_AUDIT_COMMENTS, "ImageDescription" },
	{ 0x010f, VOX_AUDIT_DEVICE, "Make" },
	{ 0x0110, VOX_AUDIT_DEVICE, "Model" },
	{ 0x011d, VOX_AUDIT_COMMENTS, "PageName" },
	{ 0x0131, VOX_AUDIT_HISTORY, "Software" },
	{ 0x0132, VOX_AUDIT_DATES, "DateTime" },
	{ 0x013b, VOX_AUDIT_PEOPLE, "Artist" },
	{ 0x013c, VOX_AUDIT_DEVICE, "HostComputer" },
	{ 0x02bc, VOX_AUDIT_HISTORY, "XMP inside EXIF" },
	{ 0x83bb, VOX_AUDIT_HISTORY, "IPTC inside EXIF" },
	{ 0x8298, VOX_AUDIT_PEOPLE, "Copyright" },
	{ 0x8649, VOX_AUDIT_HISTORY, "Photoshop resources inside EXIF" },
	{ 0x882a, VOX_AUDIT_DATES, "TimeZoneOffset" },
	{ 0x9003, VOX_AUDIT_DATES, "DateTimeOriginal" },
	{ 0x9004, VOX_AUDIT_DATES, "DateTimeDigitized" },
	{ 0x9010, VOX_AUDIT_DATES, "OffsetTime" },
	{ 0x9011, VOX_AUDIT_DATES, "OffsetTimeOriginal" },
	{ 0x9012, VOX_AUDIT_DATES, "OffsetTimeDigitized" },
	{ 0x927c, VOX_AUDIT_DEVICE, "MakerNote" },
	{ 0x9286, VOX_AUDIT_COMMENTS, "UserComment" },
	{ 0x9290, VOX_AUDIT_DATES, "SubSecTime" },
	{ 0x9291, VOX_AUDIT_DATES, "SubSecTimeOriginal" },
	{ 0x9292, VOX_AUDIT_DATES, "SubSecTimeDigitized" },
	{ 0x9c9b, VOX_AUDIT_COMMENTS, "XPTitle" },
	{ 0x9c9c, VOX_AUDIT_COMMENTS, "XPComment" },
	{ 0x9c9d, VOX_AUDIT_PEOPLE, "XPAuthor" },
	{ 0x9c9e, VOX_AUDIT_COMMENTS, "XPKeywords" },
	{ 0x9c9f, VOX_AUDIT_COMMENTS, "XPSubject" },
	{ 0xa004, VOX_AUDIT_COMMENTS, "RelatedSoundFile" },
	{ 0xa420, VOX_AUDIT_DEVICE, "ImageUniqueID" },
	{ 0xa430, VOX_AUDIT_PEOPLE, "CameraOwnerName" },
	{ 0xa431, VOX_AUDIT_DEVICE, "BodySerialNumber" },
	{ 0xa433, VOX_AUDIT_DEVICE, "LensMake" },
	{ 0xa434, VOX_AUDIT_DEVICE, "LensModel" },
	{ 0xa435, VOX_AUDIT_DEVICE, "LensSerialNumber" },
	{ 0xc614, VOX_AUDIT_DEVICE, "UniqueCameraModel" },
	{ 0xc62f, VOX_AUDIT_DEVICE, "CameraSerialNumber" },
	{ 0xc65d, VOX_AUDIT_DEVICE, "RawDataUniqueID" },
	{ 0xc68b, VOX_AUDIT_HISTORY, "OriginalRawFileName" },
	{ 0xfde8, VOX_AUDIT_PEOPLE, "OwnerName" },
	{ 0xfde9, VOX_AUDIT_DEVICE, "SerialNumber" },
	{ 0xfdea, VOX_AUDIT_DEVICE, "Lens" },
};

static const struct tag_rule *
exif_rule(unsigned tag)
{
	for (size_t i = 0; i < G_N_ELEMENTS(exif_rules); i++)
		if (exif_rules[i].tag == tag)
			return &exif_rules[i];
	return NULL;
}

static size_t
count_jpeg_starts(const uint8_t *p, size_t n)
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

/* Maker notes libexif can interpret (Canon, Olympus, Fuji, Pentax, Apple): the tags that
 * name owners, serials and previews. The maker note itself is already a device finding. */
static void
makernote_walk(struct ctx *c, const char *label, ExifData *ed)
{
	ExifMnoteData *md = exif_data_get_mnote_data(ed);
	unsigned count;

	if (!md)
		return;
	count = exif_mnote_data_count(md);
	for (unsigned i = 0; i < count && i < 4096; i++) {
		const char *n = exif_mnote_data_get_name(md, i);
		enum vox_audit_category cat;

		if (!n)
			continue;
		if (strstr(n, "Owner") || strstr(n, "Artist") || strstr(n, "Copyright"))
			cat = VOX_AUDIT_PEOPLE;
		else if (strstr(n, "Serial") || strstr(n, "UniqueID"))
			cat = VOX_AUDIT_DEVICE;
		else if (strstr(n, "Preview") && !strstr(n, "Button"))
			cat = VOX_AUDIT_THUMBNAILS;
		else
			continue;
		g_autofree char *name = printable((const uint8_t *)n, strlen(n), 64);
		add(c, cat, "%s maker note %s", label, name);
	}
}

/*
 * Walks an EXIF block that starts with "Exif\0\0". libexif is told neither to drop unknown
 * tags nor to "fix" the block by adding the mandatory ones: we want what is there.
 */
static void
exif_walk(struct ctx *c, const char *label, const uint8_t *p, size_t n)
{
	ExifData *ed;
	size_t entries = 0, previews;
	int thumb = 0;

	if (n > 0xffffffu)
		n = 0xffffffu;
	ed = exif_data_new();
	if (!ed) {
		add(c, VOX_AUDIT_DEVICE, "%s block that could not be read (%zu bytes)", label, n);
		return;
	}
	exif_data_unset_option(ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, p, (unsigned)n);

	for (int ifd = 0; ifd < EXIF_IFD_COUNT; ifd++) {
		ExifContent *content = ed->ifd[ifd];

		if (!content)
			continue;
		for (unsigned i = 0; i < content->count; i++) {
			ExifEntry *e = content->entries[i];
			const struct tag_rule *rule;

			if (!e)
				continue;
			entries++;
			/* GPS tags are 0x00-0x1f; anything else in the GPS IFD (a pointer that
			 * points at another IFD) is judged by the ordinary rules. */
			if (ifd == EXIF_IFD_GPS && e->tag <= 0x1f) {
				const char *tn = exif_tag_get_name_in_ifd(e->tag, EXIF_IFD_GPS);

				if (tn)
					add(c, VOX_AUDIT_LOCATION, "%s %s", label, tn);
				else
					add(c, VOX_AUDIT_LOCATION, "%s GPS tag 0x%04x", label,
					    (unsigned)e->tag);
				continue;
			}
			if (ifd == EXIF_IFD_1 &&
			    (e->tag == EXIF_TAG_JPEG_INTERCHANGE_FORMAT ||
				e->tag == EXIF_TAG_STRIP_OFFSETS))
				thumb = 1;
			rule = exif_rule(e->tag);
			if (!rule)
				continue;
			if (e->tag == 0x927c)
				add(c, rule->cat, "%s %s (%u bytes)", label, rule->name, e->size);
			else
				add(c, rule->cat, "%s %s", label, rule->name);
		}
	}
	makernote_walk(c, label, ed);
	if (ed->data && ed->size)
		add(c, VOX_AUDIT_THUMBNAILS, "%s thumbnail (%u bytes)", label, ed->size);
	else if (thumb)
		add(c, VOX_AUDIT_THUMBNAILS, "%s thumbnail", label);

	/* Previews that maker notes carry (Olympus, Casio, Samsung, Minolta …) are JPEG
	 * images somewhere inside the block: count every JPEG start beyond the thumbnail. */
	previews = count_jpeg_starts(p, n);
	if (ed->data && ed->size && previews)
		previews--;
	if (previews)
		add(c, VOX_AUDIT_THUMBNAILS, "%s preview image", label);

	/* A block libexif could not read at all may hold anything; an empty one (header and
	 * an empty IFD0) is clean. */
	if (!entries && !(ed->data && ed->size) && n > 26)
		add(c, VOX_AUDIT_DEVICE, "%s block that could not be read (%zu bytes)", label, n);
	exif_data_unref(ed);
}

/* EXIF as TIFF bytes without the "Exif\0\0" header (PNG eXIf, WebP, HEIF): prefixed. */
static void
exif_walk_tiff(struct ctx *c, const char *label, const uint8_t *p, size_t n)
{
	GByteArray *b;

	if (has_prefix(p, n, "Exif")) {
		exif_walk(c, label, p, n);
		return;
	}
	b = g_byte_array_sized_new((guint)MIN(n, 0xfffffu) + 6);
	g_byte_array_append(b, (const guint8 *)"Exif\0\0", 6);
	g_byte_array_append(b, p, (guint)MIN(n, 0xfffffu));
	exif_walk(c, label, b->data, b->len);
	g_byte_array_unref(b);
}

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
iptc_walk(struct ctx *c, const uint8_t *p, size_t n)
{
	struct rd r = { p, p + n };
	uint32_t mark, rec, ds, len;

	add(c, VOX_AUDIT_HISTORY, "IPTC block");
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
				add(c, iptc_rules[i].cat, "IPTC %s", iptc_rules[i].name);
	}
}

static void
photoshop_walk(struct ctx *c, const uint8_t *p, size_t n)
{
	struct rd r = { p, p + n };
	uint32_t id, namelen, size;
	struct rd data;

	add(c, VOX_AUDIT_HISTORY, "Photoshop image resources");
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
			add(c, VOX_AUDIT_THUMBNAILS, "Photoshop thumbnail");
			break;
		case 0x040a:
			add(c, VOX_AUDIT_PEOPLE, "Photoshop copyright flag");
			break;
		case 0x040b:
			add(c, VOX_AUDIT_COMMENTS, "Photoshop URL");
			break;
		case 0x0422:
			if (c->depth < 3) {
				c->depth++;
				exif_walk_tiff(c, "Photoshop EXIF", data.p, rd_left(&data));
				c->depth--;
			}
			break;
		case 0x0424:
			xmp_scan(c, "Photoshop XMP", data.p, rd_left(&data));
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

/* A heap: records at the end, its table's offset in the last 4 bytes. */
static void
ciff_heap(struct ctx *c, const uint8_t *p, size_t n, int le, int depth)
{
	uint32_t table, count;

	if (n < 6 || depth > 8)
		return;
	table = ciff_u(p + n - 4, 4, le);
	if (table > n - 4 || n - 4 - table < 2)
		return;
	count = ciff_u(p + table, 2, le);
	if (count > (n - 4 - table - 2) / 10)
		return;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = p + table + 2 + 10 * (size_t)i;
		uint32_t tag = ciff_u(e, 2, le), size = ciff_u(e + 2, 4, le);
		uint32_t off = ciff_u(e + 6, 4, le), t = tag & 0x3fff;

		if ((tag & 0xc000) == 0 && ((t & 0x3800) == 0x2800 || (t & 0x3800) == 0x3000)) {
			if (off <= n && size <= n - off)
				ciff_heap(c, p + off, size, le, depth + 1);
			continue;
		}
		for (size_t k = 0; k < G_N_ELEMENTS(ciff_rules); k++)
			if (ciff_rules[k].tag == t)
				add(c, ciff_rules[k].cat, "CIFF %s", ciff_rules[k].name);
	}
}

static void
ciff_walk(struct ctx *c, const uint8_t *p, size_t n)
{
	int le = p[0] == 'I';
	uint32_t hlen = ciff_u(p + 2, 4, le);

	add(c, VOX_AUDIT_DEVICE, "Canon CIFF block in APP0 (%zu bytes)", n);
	if (hlen >= 14 && hlen <= n)
		ciff_heap(c, p + hlen, n - hlen, le, 0);
}

/* ---- JPEG ---- */

static void
jpeg_app0(struct ctx *c, const uint8_t *p, size_t n)
{
	if (has_prefix(p, n, "JFIF")) {
		/* "JFIF\0", version (2), units, densities (4), then thumbnail width, height. */
		if (n >= 14 && p[12] && p[13])
			add(c, VOX_AUDIT_THUMBNAILS, "JFIF thumbnail (%ux%u)", p[12], p[13]);
		return;
	}
	if (has_prefix(p, n, "JFXX")) {
		add(c, VOX_AUDIT_THUMBNAILS, "JFXX thumbnail (%zu bytes)", n);
		return;
	}
	if (n >= 14 && (memcmp(p, "II", 2) == 0 || memcmp(p, "MM", 2) == 0) &&
	    memcmp(p + 6, "HEAP", 4) == 0) {
		ciff_walk(c, p, n);
		return;
	}
	g_autofree char *id = printable(p, n, 16);
	add(c, VOX_AUDIT_DEVICE, "APP0 segment '%s' (%zu bytes)", id, n);
}

static void
jpeg_app(struct ctx *c, int app, const uint8_t *p, size_t n)
{
	static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";
	static const char xmp_ext_id[] = "http://ns.adobe.com/xmp/extension/";

	switch (app) {
	case 0:
		jpeg_app0(c, p, n);
		return;
	case 1:
		if (has_prefix(p, n, "Exif")) {
			exif_walk(c, "EXIF", p, n);
			return;
		}
		if (n >= sizeof(xmp_id) && memcmp(p, xmp_id, sizeof(xmp_id)) == 0) {
			xmp_scan(c, "XMP packet", p + sizeof(xmp_id), n - sizeof(xmp_id));
			return;
		}
		if (n >= sizeof(xmp_ext_id) && memcmp(p, xmp_ext_id, sizeof(xmp_ext_id)) == 0) {
			xmp_scan(c, "extended XMP", p + sizeof(xmp_ext_id), n - sizeof(xmp_ext_id));
			return;
		}
		break;
	case 2:
		if (has_prefix(p, n, "ICC_PROFILE"))
			return;
		if (has_prefix(p, n, "MPF")) {
			add(c, VOX_AUDIT_THUMBNAILS, "MPF index of further images (APP2)");
			return;
		}
		if (has_prefix(p, n, "FPXR")) {
			add(c, VOX_AUDIT_THUMBNAILS, "FlashPix data (APP2)");
			return;
		}
		break;
	case 3:
		if (has_prefix(p, n, "Meta") || has_prefix(p, n, "META")) {
			add(c, VOX_AUDIT_DEVICE, "Kodak APP3 metadata (%zu bytes)", n);
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
							add(c, VOX_AUDIT_PEOPLE,
							    "Kodak CameraOwner");
						if (exif_content_get_entry(ed->ifd[i], 0xc354))
							add(c, VOX_AUDIT_DEVICE,
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
			add(c, VOX_AUDIT_HISTORY, "JUMBF block, as C2PA content credentials use "
			    "(%zu bytes)", n);
			if (memmem(p, n, "c2pa", 4))
				add(c, VOX_AUDIT_PEOPLE, "C2PA content credentials");
			return;
		}
		break;
	case 12:
		if (has_prefix(p, n, "Ducky")) {
			add(c, VOX_AUDIT_HISTORY, "Ducky segment of Photoshop's Save for Web");
			return;
		}
		if (memmem(p, n, "[picture info]", 14) || has_prefix(p, n, "OLYMP")) {
			add(c, VOX_AUDIT_DEVICE, "APP12 picture info (%zu bytes)", n);
			if (memmem(p, n, "TimeDate=", 9))
				add(c, VOX_AUDIT_DATES, "APP12 picture info TimeDate");
			if (memmem(p, n, "Serial#=", 8) || memmem(p, n, "SerialNumber=", 13))
				add(c, VOX_AUDIT_DEVICE, "APP12 picture info serial number");
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
		if (has_prefix(p, n, "Adobe"))
			return;
		break;
	default:
		break;
	}
	g_autofree char *id = printable(p, n, 24);
	add(c, app == 1 ? VOX_AUDIT_HISTORY : VOX_AUDIT_DEVICE, "APP%d segment '%s' (%zu bytes)",
	    app, id, n);
}

static void
jpeg_trailer(struct ctx *c, const uint8_t *t, size_t n, const char *after)
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
	else if (count_jpeg_starts(t, MIN(n, (size_t)1 << 20)))
		kind = ": holding a JPEG image";
	add(c, VOX_AUDIT_TRAILING, "%zu byte%s after %s%s", n, n == 1 ? "" : "s", after, kind);
}

/*
 * Walks every marker: metadata may sit after SOF and between the scans of a progressive
 * JPEG. Entropy-coded data after SOS runs to the next marker that is not a stuffed 0xFF00
 * or a restart marker.
 */
static int
audit_jpeg(struct ctx *c, const uint8_t *d, size_t len)
{
	size_t pos = 2;

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
			add(c, VOX_AUDIT_COMMENTS, "JPEG comment (%zu bytes)", seglen - 2);
		pos += seglen;
		if (m != 0xda)
			continue;
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

/* ---- PNG ---- */

static const char *const png_kept[] = {
	"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP",
	"mDCv", "cLLi", "mDCV", "cLLI", "pHYs", "bKGD", "hIST", "sPLT", "acTL", "fcTL", "fdAT",
};

static void
png_text(struct ctx *c, const char *type, const uint8_t *p, size_t n)
{
	size_t klen = strnlen((const char *)p, MIN(n, 80));
	g_autofree char *key = printable(p, klen, 79);
	g_autofree char *lower = g_ascii_strdown(key, -1);
	enum vox_audit_category cat = VOX_AUDIT_COMMENTS;

	if (strcmp(key, "XML:com.adobe.xmp") == 0) {
		/* iTXt: keyword NUL, compression flag, method, language NUL, translated NUL. */
		if (strcmp(type, "iTXt") == 0 && klen + 3 <= n && p[klen + 1] == 0) {
			struct rd r = { p + klen + 3, p + n };
			const uint8_t *z;

			for (int i = 0; i < 2; i++) {
				z = memchr(r.p, 0, rd_left(&r));
				if (!z) {
					r.p = r.end;
					break;
				}
				r.p = z + 1;
			}
			xmp_scan(c, "PNG XMP packet", r.p, rd_left(&r));
		} else {
			add(c, VOX_AUDIT_HISTORY, "PNG %s '%s'", type, key);
		}
		return;
	}
	if (strstr(lower, "raw profile type exif") || strstr(lower, "raw profile type app1"))
		cat = VOX_AUDIT_DEVICE;
	else if (strstr(lower, "raw profile type iptc") || strstr(lower, "raw profile type 8bim") ||
	    strstr(lower, "raw profile type xmp"))
		cat = VOX_AUDIT_HISTORY;
	else if (strstr(lower, "author") || strstr(lower, "artist") || strstr(lower, "copyright") ||
	    strstr(lower, "creator") || strstr(lower, "owner"))
		cat = VOX_AUDIT_PEOPLE;
	else if (strstr(lower, "time") || strstr(lower, "date"))
		cat = VOX_AUDIT_DATES;
	else if (strstr(lower, "software"))
		cat = VOX_AUDIT_HISTORY;
	else if (strcmp(lower, "source") == 0 || strstr(lower, "serial") || strstr(lower, "model"))
		cat = VOX_AUDIT_DEVICE;
	else if (strstr(lower, "gps") || strstr(lower, "location"))
		cat = VOX_AUDIT_LOCATION;
	add(c, cat, "PNG %s '%s'", type, key);
}

static int
audit_png(struct ctx *c, const uint8_t *d, size_t len)
{
	struct rd r = { d + 8, d + len };

	for (;;) {
		uint32_t n;
		char type[5] = { 0 };
		struct rd body;

		if (rd_be32(&r, &n) < 0 || rd_left(&r) < 4)
			return vox_error(DOMAIN, "'%s': truncated: no IEND chunk", c->name);
		memcpy(type, r.p, 4);
		r.p += 4;
		if (n > 0x7fffffffu)
			return vox_error(DOMAIN, "'%s': PNG chunk length %u out of range", c->name, n);
		if (rd_sub(&r, n, &body) < 0 || rd_skip(&r, 4) < 0)
			return vox_error(DOMAIN, "'%s': truncated inside a PNG chunk", c->name);
		if (strcmp(type, "IEND") == 0) {
			if (rd_left(&r))
				add(c, VOX_AUDIT_TRAILING, "%zu byte%s after IEND", rd_left(&r),
				    rd_left(&r) == 1 ? "" : "s");
			return 0;
		}
		if (strcmp(type, "tEXt") == 0 || strcmp(type, "zTXt") == 0 ||
		    strcmp(type, "iTXt") == 0) {
			png_text(c, type, body.p, rd_left(&body));
			continue;
		}
		if (strcmp(type, "eXIf") == 0 || strcmp(type, "exIf") == 0) {
			exif_walk_tiff(c, "PNG EXIF", body.p, rd_left(&body));
			continue;
		}
		if (strcmp(type, "tIME") == 0) {
			add(c, VOX_AUDIT_DATES, "PNG tIME");
			continue;
		}
		int kept = 0;

		for (size_t i = 0; i < G_N_ELEMENTS(png_kept); i++)
			if (strcmp(type, png_kept[i]) == 0)
				kept = 1;
		if (!kept) {
			g_autofree char *t = printable((const uint8_t *)type, 4, 4);

			add(c, VOX_AUDIT_HISTORY, "PNG chunk '%s' (%u bytes)", t, n);
		}
	}
}

/* ---- WebP ---- */

static int
audit_webp(struct ctx *c, const uint8_t *d, size_t len)
{
	struct rd r = { d + 4, d + len };
	uint32_t riff;
	struct rd body;

	if (rd_le32(&r, &riff) < 0 || riff < 4)
		return vox_error(DOMAIN, "'%s': bad RIFF header", c->name);
	if (rd_sub(&r, riff, &body) < 0)
		return vox_error(DOMAIN, "'%s': truncated: the RIFF size is %u bytes, the file has %zu",
		    c->name, riff, len - 8);
	body.p += 4; /* "WEBP" */
	while (rd_left(&body) >= 8) {
		char type[5] = { 0 };
		uint32_t n;
		struct rd chunk;

		memcpy(type, body.p, 4);
		body.p += 4;
		if (rd_le32(&body, &n) < 0 || rd_sub(&body, n, &chunk) < 0)
			return vox_error(DOMAIN, "'%s': truncated inside a WebP chunk", c->name);
		if (n & 1)
			rd_skip(&body, 1);
		if (strcmp(type, "EXIF") == 0) {
			exif_walk_tiff(c, "WebP EXIF", chunk.p, rd_left(&chunk));
		} else if (strcmp(type, "XMP ") == 0) {
			xmp_scan(c, "WebP XMP packet", chunk.p, rd_left(&chunk));
		} else if (strcmp(type, "VP8 ") && strcmp(type, "VP8L") && strcmp(type, "VP8X") &&
		    strcmp(type, "ALPH") && strcmp(type, "ANIM") && strcmp(type, "ANMF") &&
		    strcmp(type, "ICCP")) {
			g_autofree char *t = printable((const uint8_t *)type, 4, 4);

			add(c, VOX_AUDIT_HISTORY, "WebP chunk '%s' (%u bytes)", t, n);
		}
	}
	if (rd_left(&body))
		return vox_error(DOMAIN, "'%s': truncated inside a WebP chunk", c->name);
	if (rd_left(&r))
		add(c, VOX_AUDIT_TRAILING, "%zu byte%s after the RIFF data", rd_left(&r),
		    rd_left(&r) == 1 ? "" : "s");
	return 0;
}

/* ---- HEIF (ISO base media file format) ---- */

/* Reads one box header; body is the box's content. Returns 0, 1 at the end, -1 on damage. */
static int
box_next(struct rd *r, uint32_t *type, struct rd *body)
{
	uint32_t size32;
	uint64_t size;
	size_t hdr = 8;

	if (!rd_left(r))
		return 1;
	if (rd_be32(r, &size32) < 0 || rd_be32(r, type) < 0)
		return -1;
	size = size32;
	if (size32 == 1) {
		if (rd_beN(r, 8, &size) < 0)
			return -1;
		hdr = 16;
	} else if (size32 == 0) {
		size = rd_left(r) + hdr;
	}
	if (size < hdr || size - hdr > rd_left(r))
		return -1;
	return rd_sub(r, (size_t)(size - hdr), body);
}

#define FOURCC(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

struct heif_item {
	uint32_t id;
	uint32_t type;
	int xmp;
	char content_type[64]; /* of a 'mime' item, printable */
};

static int
heif_iinf(struct rd *r, GArray *items)
{
	uint32_t vf, count, type;
	struct rd infe;

	if (rd_be32(r, &vf) < 0)
		return -1;
	if ((vf >> 24) == 0) {
		if (rd_be16(r, &count) < 0)
			return -1;
	} else if (rd_be32(r, &count) < 0) {
		return -1;
	}
	for (uint32_t i = 0; i < count && i < 65536; i++) {
		struct heif_item it = { 0 };
		uint32_t v, prot;
		const uint8_t *z;
		int rc = box_next(r, &type, &infe);

		if (rc != 0)
			return rc < 0 ? -1 : 0;
		if (type != FOURCC('i', 'n', 'f', 'e') || rd_be32(&infe, &v) < 0)
			continue;
		v >>= 24;
		if (v < 2)
			continue;
		if (v == 2) {
			if (rd_be16(&infe, &it.id) < 0)
				continue;
		} else if (rd_be32(&infe, &it.id) < 0) {
			continue;
		}
		if (rd_be16(&infe, &prot) < 0 || rd_be32(&infe, &it.type) < 0)
			continue;
		if (it.type == FOURCC('m', 'i', 'm', 'e')) {
			z = memchr(infe.p, 0, rd_left(&infe)); /* item_name */
			if (!z)
				continue;
			infe.p = z + 1;
			if (memmem(infe.p, rd_left(&infe), "rdf+xml", 7))
				it.xmp = 1;
			g_autofree char *ct = printable(infe.p,
			    strnlen((const char *)infe.p, rd_left(&infe)), 48);
			g_strlcpy(it.content_type, ct, sizeof(it.content_type));
		}
		g_array_append_val(items, it);
	}
	return 0;
}

/* Finds item id in the iloc box and copies its data (at most max bytes) into out. */
static int
heif_item_data(const uint8_t *file, size_t flen, struct rd iloc, struct rd idat, uint32_t id,
    size_t max, GByteArray *out)
{
	uint32_t vf, a, b, count, v;
	unsigned off_size, len_size, base_size, idx_size;

	if (rd_be32(&iloc, &vf) < 0 || rd_u8(&iloc, &a) < 0 || rd_u8(&iloc, &b) < 0)
		return -1;
	v = vf >> 24;
	if (v > 2)
		return -1;
	off_size = a >> 4;
	len_size = a & 15;
	base_size = b >> 4;
	idx_size = (v == 1 || v == 2) ? (b & 15) : 0;
	if (v < 2) {
		if (rd_be16(&iloc, &count) < 0)
			return -1;
	} else if (rd_be32(&iloc, &count) < 0) {
		return -1;
	}
	for (uint32_t i = 0; i < count; i++) {
		uint32_t item, method = 0, dref, extents;
		uint64_t base;

		if (v < 2) {
			if (rd_be16(&iloc, &item) < 0)
				return -1;
		} else if (rd_be32(&iloc, &item) < 0) {
			return -1;
		}
		if (v == 1 || v == 2) {
			if (rd_be16(&iloc, &method) < 0)
				return -1;
			method &= 15;
		}
		if (rd_be16(&iloc, &dref) < 0 || rd_beN(&iloc, base_size, &base) < 0 ||
		    rd_be16(&iloc, &extents) < 0)
			return -1;
		for (uint32_t e = 0; e < extents; e++) {
			uint64_t idx, eoff, elen, start;
			const uint8_t *src;
			size_t srclen;

			if (rd_beN(&iloc, idx_size, &idx) < 0 || rd_beN(&iloc, off_size, &eoff) < 0 ||
			    rd_beN(&iloc, len_size, &elen) < 0)
				return -1;
			if (item != id)
				continue;
			if (method == 0) {
				src = file;
				srclen = flen;
			} else if (method == 1) {
				src = idat.p;
				srclen = rd_left(&idat);
			} else {
				return -1;
			}
			if (base > UINT64_MAX - eoff)
				return -1;
			start = base + eoff;
			if (elen == 0)
				elen = start <= srclen ? srclen - start : 0;
			if (start > srclen || elen > srclen - start)
				return -1;
			if (elen > max - MIN(max, out->len))
				return -1;
			g_byte_array_append(out, src + start, (guint)elen);
		}
		if (item == id)
			return 0;
	}
	return -1;
}

static int
audit_heif(struct ctx *c, const uint8_t *d, size_t len)
{
	struct rd top = { d, d + len }, box, meta = { 0 }, iinf = { 0 }, iloc = { 0 }, idat = { 0 };
	uint32_t type, vf;
	int have_meta = 0, have_iinf = 0, have_iloc = 0, rc;
	GArray *items = NULL;
	int ret = -1;

	while ((rc = box_next(&top, &type, &box)) == 0) {
		if (type == FOURCC('m', 'e', 't', 'a') && !have_meta) {
			meta = box;
			have_meta = 1;
		}
	}
	if (rc < 0) {
		vox_error(DOMAIN, "'%s': truncated or damaged HEIF box", c->name);
		goto out;
	}
	if (!have_meta || rd_be32(&meta, &vf) < 0) {
		vox_error(DOMAIN, "'%s': HEIF file without a meta box", c->name);
		goto out;
	}
	while ((rc = box_next(&meta, &type, &box)) == 0) {
		if (type == FOURCC('i', 'i', 'n', 'f')) {
			iinf = box;
			have_iinf = 1;
		} else if (type == FOURCC('i', 'l', 'o', 'c')) {
			iloc = box;
			have_iloc = 1;
		} else if (type == FOURCC('i', 'd', 'a', 't')) {
			idat = box;
		} else if (type == FOURCC('i', 'r', 'e', 'f')) {
			struct rd ref, sub;
			uint32_t t;

			if (rd_be32(&box, &vf) < 0)
				continue;
			ref = box;
			while (box_next(&ref, &t, &sub) == 0)
				if (t == FOURCC('t', 'h', 'm', 'b'))
					add(c, VOX_AUDIT_THUMBNAILS, "HEIF thumbnail image");
		}
	}
	if (rc < 0) {
		vox_error(DOMAIN, "'%s': damaged HEIF meta box", c->name);
		goto out;
	}
	items = g_array_new(FALSE, FALSE, sizeof(struct heif_item));
	if (have_iinf && heif_iinf(&iinf, items) < 0) {
		vox_error(DOMAIN, "'%s': damaged HEIF item list", c->name);
		goto out;
	}
	for (guint i = 0; i < items->len; i++) {
		struct heif_item *it = &g_array_index(items, struct heif_item, i);
		GByteArray *b;

		if (it->type == FOURCC('m', 'i', 'm', 'e') && !it->xmp) {
			/* Other metadata items: C2PA manifests, vendor blocks. */
			add(c, VOX_AUDIT_HISTORY, "HEIF metadata item '%s'", it->content_type);
			continue;
		}
		if (it->type != FOURCC('E', 'x', 'i', 'f') && !it->xmp)
			continue;
		b = g_byte_array_new();
		if (!have_iloc || heif_item_data(d, len, iloc, idat, it->id, 4u << 20, b) < 0) {
			add(c, it->xmp ? VOX_AUDIT_HISTORY : VOX_AUDIT_DEVICE,
			    "HEIF %s item that could not be read", it->xmp ? "XMP" : "Exif");
		} else if (it->xmp) {
			xmp_scan(c, "HEIF XMP packet", b->data, b->len);
		} else {
			/* Exif item: a 4-byte offset to the TIFF header, then the block. */
			struct rd e = { b->data, b->data + b->len };
			uint32_t skip;

			if (rd_be32(&e, &skip) < 0 || rd_skip(&e, skip) < 0)
				add(c, VOX_AUDIT_DEVICE, "HEIF Exif item that could not be read");
			else
				exif_walk_tiff(c, "EXIF", e.p, rd_left(&e));
		}
		g_byte_array_unref(b);
	}
	ret = 0;
out:
	if (items)
		g_array_unref(items);
	return ret;
}

/* ---- Entry points ---- */

enum kind { K_NONE, K_JPEG, K_PNG, K_WEBP, K_HEIF };

static enum kind
detect(const uint8_t *d, size_t len)
{
	static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const char *const brands[] = {
		"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "mif2", "avif",
		"avis",
	};

	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return K_JPEG;
	if (len >= 8 && memcmp(d, png_sig, 8) == 0)
		return K_PNG;
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return K_WEBP;
	if (len >= 16 && memcmp(d + 4, "ftyp", 4) == 0) {
		uint32_t size = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 |
		    d[3];
		size_t end = MIN((size_t)size, len);

		/* The major brand, then the compatible brands after the minor version. */
		for (size_t off = 8; off + 4 <= end; off += off == 8 ? 8 : 4)
			for (size_t i = 0; i < G_N_ELEMENTS(brands); i++)
				if (memcmp(d + off, brands[i], 4) == 0)
					return K_HEIF;
	}
	return K_NONE;
}

int
vox_audit_is_image(const uint8_t *data, size_t len)
{
	return data && detect(data, len) != K_NONE;
}

int
vox_audit_is_archive(const uint8_t *d, size_t len)
{
	if (!d)
		return 0;
	if (len >= 4 && d[0] == 'P' && d[1] == 'K' &&
	    ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6)))
		return 1;
	if (len >= 3 && d[0] == 0x1f && d[1] == 0x8b && d[2] == 8)
		return 1;
	if (len >= 262 && memcmp(d + 257, "ustar", 5) == 0)
		return 1;
	return 0;
}

int
vox_audit_buffer(const char *name, const uint8_t *data, size_t len, GPtrArray *findings)
{
	struct ctx c = { 0 };
	int rc;

	c.name = name ? name : "-";
	c.findings = findings;
	c.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	switch (data ? detect(data, len) : K_NONE) {
	case K_JPEG:
		rc = audit_jpeg(&c, data, len);
		break;
	case K_PNG:
		rc = audit_png(&c, data, len);
		break;
	case K_WEBP:
		rc = audit_webp(&c, data, len);
		break;
	case K_HEIF:
		rc = audit_heif(&c, data, len);
		break;
	default:
		rc = vox_error(DOMAIN, "'%s': not an image audit reads (JPEG, PNG, WebP, HEIF)",
		    c.name);
		break;
	}
	g_hash_table_destroy(c.seen);
	return rc < 0 ? -1 : c.added;
}
