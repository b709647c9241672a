/*
 * The metadata blocks that several image formats embed: EXIF blocks, read tag by tag with
 * libexif (maker notes included), and XMP packets, searched for the properties that identify.
 */
#include <string.h>

#include <glib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-mnote-data.h>
#include <libexif/exif-tag.h>

#include "vox/audit.h"
#include "audit_int.h"

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

void
audit_xmp_scan(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n)
{
	audit_add(c, VOX_AUDIT_HISTORY, "%s (%zu bytes)", label, n);
	for (size_t i = 0; n > 0 && i < G_N_ELEMENTS(xmp_patterns); i++) {
		const struct pattern *x = &xmp_patterns[i];

		if (memmem(p, n, x->needle, strlen(x->needle)))
			audit_add(c, x->cat, "%s", x->what);
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

/* Maker notes libexif can interpret (Canon, Olympus, Fuji, Pentax, Apple): the tags that
 * name owners, serials and previews. The maker note itself is already a device finding. */
static void
makernote_walk(struct audit_ctx *c, const char *label, ExifData *ed)
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
		g_autofree char *name = audit_printable((const uint8_t *)n, strlen(n), 64);
		audit_add(c, cat, "%s maker note %s", label, name);
	}
}

/*
 * Walks an EXIF block that starts with "Exif\0\0". libexif is told neither to drop unknown
 * tags nor to "fix" the block by adding the mandatory ones: we want what is there.
 */
void
audit_exif_walk(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n)
{
	ExifData *ed;
	size_t entries = 0, previews;
	int thumb = 0;

	if (n > 0xffffffu)
		n = 0xffffffu;
	ed = exif_data_new();
	if (!ed) {
		audit_add(c, VOX_AUDIT_DEVICE, "%s block that could not be read (%zu bytes)", label,
		    n);
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
					audit_add(c, VOX_AUDIT_LOCATION, "%s %s", label, tn);
				else
					audit_add(c, VOX_AUDIT_LOCATION, "%s GPS tag 0x%04x", label,
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
				audit_add(c, rule->cat, "%s %s (%u bytes)", label, rule->name,
				    e->size);
			else
				audit_add(c, rule->cat, "%s %s", label, rule->name);
		}
	}
	makernote_walk(c, label, ed);
	if (ed->data && ed->size)
		audit_add(c, VOX_AUDIT_THUMBNAILS, "%s thumbnail (%u bytes)", label, ed->size);
	else if (thumb)
		audit_add(c, VOX_AUDIT_THUMBNAILS, "%s thumbnail", label);

	/* Previews that maker notes carry (Olympus, Casio, Samsung, Minolta …) are JPEG
	 * images somewhere inside the block: count every JPEG start beyond the thumbnail. */
	previews = audit_count_jpeg_starts(p, n);
	if (ed->data && ed->size && previews)
		previews--;
	if (previews)
		audit_add(c, VOX_AUDIT_THUMBNAILS, "%s preview image", label);

	/* A block libexif could not read at all may hold anything; an empty one (header and
	 * an empty IFD0) is clean. */
	if (!entries && !(ed->data && ed->size) && n > 26)
		audit_add(c, VOX_AUDIT_DEVICE, "%s block that could not be read (%zu bytes)", label,
		    n);
	exif_data_unref(ed);
}

/* EXIF as TIFF bytes without the "Exif\0\0" header (PNG eXIf, WebP, HEIF): prefixed. */
void
audit_exif_walk_tiff(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n)
{
	GByteArray *b;

	if (has_prefix(p, n, "Exif")) {
		audit_exif_walk(c, label, p, n);
		return;
	}
	b = g_byte_array_sized_new((guint)MIN(n, 0xfffffu) + 6);
	g_byte_array_append(b, (const guint8 *)"Exif\0\0", 6);
	g_byte_array_append(b, p, (guint)MIN(n, 0xfffffu));
	audit_exif_walk(c, label, b->data, b->len);
	g_byte_array_unref(b);
}
