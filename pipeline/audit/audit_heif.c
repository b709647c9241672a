/*
 * Audit of HEIF/HEIC files (ISO base media file format): the Exif, XMP and other metadata
 * items of the meta box, thumbnail references, and the ICC profiles of the item properties.
 */
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/error.h"
#include "audit_int.h"

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

/* The most Exif and XMP items read from one file. */
#define MAX_META_ITEMS 32

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
			g_autofree char *ct = audit_printable(infe.p,
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
		/* Each extent takes its bytes from the box: more than it holds, or many of no
		 * bytes at all (every field size 0), is a damaged list, not a loop to spin. */
		if (idx_size + off_size + len_size == 0 ? extents > 1 :
		    extents > rd_left(&iloc) / (idx_size + off_size + len_size))
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
			if (elen > 0)
				g_byte_array_append(out, src + start, (guint)elen);
		}
		if (item == id)
			return 0;
	}
	return -1;
}

/* The ICC profiles of the item properties (iprp, ipco, colr of type 'prof' or 'rICC'). */
static void
heif_colr(struct audit_ctx *c, struct rd iprp)
{
	struct rd ipco, colr;
	uint32_t type, kind;

	while (box_next(&iprp, &type, &ipco) == 0) {
		if (type != FOURCC('i', 'p', 'c', 'o'))
			continue;
		while (box_next(&ipco, &type, &colr) == 0) {
			if (type != FOURCC('c', 'o', 'l', 'r') || rd_be32(&colr, &kind) < 0)
				continue;
			if (kind == FOURCC('p', 'r', 'o', 'f') || kind == FOURCC('r', 'I', 'C', 'C'))
				audit_icc(c, "HEIF ICC profile", colr.p, rd_left(&colr));
		}
	}
}

int
audit_heif(struct audit_ctx *c, const uint8_t *d, size_t len)
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
		} else if (type == FOURCC('i', 'p', 'r', 'p')) {
			heif_colr(c, box);
		} else if (type == FOURCC('i', 'r', 'e', 'f')) {
			struct rd ref, sub;
			uint32_t t;

			if (rd_be32(&box, &vf) < 0)
				continue;
			ref = box;
			while (box_next(&ref, &t, &sub) == 0)
				if (t == FOURCC('t', 'h', 'm', 'b'))
					audit_add(c, VOX_AUDIT_THUMBNAILS, "HEIF thumbnail image");
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
	for (guint i = 0, read = 0; i < items->len; i++) {
		struct heif_item *it = &g_array_index(items, struct heif_item, i);
		GByteArray *b;

		if (it->type == FOURCC('m', 'i', 'm', 'e') && !it->xmp) {
			/* Other metadata items: C2PA manifests, vendor blocks. */
			audit_add(c, VOX_AUDIT_HISTORY, "HEIF metadata item '%s'",
			    it->content_type);
			continue;
		}
		if (it->type != FOURCC('E', 'x', 'i', 'f') && !it->xmp)
			continue;
		/* A photo has one of each; each is looked up through the whole location list,
		 * so thousands of them are not read one by one. */
		if (++read > MAX_META_ITEMS) {
			audit_add(c, VOX_AUDIT_DEVICE, "HEIF file with more than %d Exif and XMP "
			    "items; the rest not read", MAX_META_ITEMS);
			break;
		}
		b = g_byte_array_new();
		if (!have_iloc || heif_item_data(d, len, iloc, idat, it->id, 4u << 20, b) < 0 ||
		    b->len == 0) {
			audit_add(c, it->xmp ? VOX_AUDIT_HISTORY : VOX_AUDIT_DEVICE,
			    "HEIF %s item that could not be read", it->xmp ? "XMP" : "Exif");
		} else if (it->xmp) {
			audit_xmp_scan(c, "HEIF XMP packet", b->data, b->len);
		} else {
			/* Exif item: a 4-byte offset to the TIFF header, then the block. */
			struct rd e = { b->data, b->data + b->len };
			uint32_t skip;

			if (rd_be32(&e, &skip) < 0 || rd_skip(&e, skip) < 0)
				audit_add(c, VOX_AUDIT_DEVICE,
				    "HEIF Exif item that could not be read");
			else
				audit_exif_walk_tiff(c, "EXIF", e.p, rd_left(&e));
		}
		g_byte_array_unref(b);
	}
	ret = 0;
out:
	if (items)
		g_array_unref(items);
	return ret;
}

/* Whether the samples of one codec configuration (hvcC or av1C) are deeper than 8 bits;
 * 1 when the box is too short to say. */
static int
config_deep(uint32_t type, struct rd b)
{
	uint32_t luma, chroma, x;

	/* HEVCDecoderConfigurationRecord: bitDepthLumaMinus8 and bitDepthChromaMinus8 at
	 * 17 and 18. */
	if (type == FOURCC('h', 'v', 'c', 'C'))
		return rd_skip(&b, 17) < 0 || rd_u8(&b, &luma) < 0 || rd_u8(&b, &chroma) < 0 ||
		    (luma & 7) > 0 || (chroma & 7) > 0;
	/* AV1CodecConfigurationRecord: high_bitdepth in its third byte. */
	return rd_skip(&b, 2) < 0 || rd_u8(&b, &x) < 0 || (x & 0x40) != 0;
}

int
vox_heif_deep(const uint8_t *d, size_t len)
{
	struct rd top = { d, d + len }, box, meta = { 0 }, ipco, prop;
	uint32_t type, vf;
	int have_meta = 0, configs = 0, deep = 0;

	while (box_next(&top, &type, &box) == 0)
		if (type == FOURCC('m', 'e', 't', 'a') && !have_meta) {
			meta = box;
			have_meta = 1;
		}
	if (!have_meta || rd_be32(&meta, &vf) < 0)
		return -1;
	while (box_next(&meta, &type, &box) == 0) {
		if (type != FOURCC('i', 'p', 'r', 'p'))
			continue;
		while (box_next(&box, &type, &ipco) == 0) {
			if (type != FOURCC('i', 'p', 'c', 'o'))
				continue;
			while (box_next(&ipco, &type, &prop) == 0)
				if (type == FOURCC('h', 'v', 'c', 'C') ||
				    type == FOURCC('a', 'v', '1', 'C')) {
					configs++;
					deep |= config_deep(type, prop);
				}
		}
	}
	return configs > 0 ? deep : -1;
}
