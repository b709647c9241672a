/*
 * JPEG scrubbing at marker level (CONTRIBUTING.md privacy rule 2). Every marker of the file is
 * walked, including those after SOF and between the scans of a progressive image: tables,
 * frame and scan headers and the entropy-coded data are copied byte for byte, so decoded
 * pixels are identical; JFIF (without its thumbnail), the ICC profile (rebuilt without its
 * text, see vox/icc.h) and the fixed form of Adobe APP14 are kept; Orientation survives in a
 * fresh EXIF block; everything else, and every byte after EOI, is dropped.
 */
#include <string.h>

#include "vox/error.h"
#include "vox/exif.h"
#include "vox/icc.h"
#include "scrub_io.h"

enum {
	M_SOF0 = 0xc0, M_DHT = 0xc4, M_JPG = 0xc8, M_DAC = 0xcc,
	M_RST0 = 0xd0, M_RST7 = 0xd7, M_SOI = 0xd8, M_EOI = 0xd9, M_SOS = 0xda,
	M_DQT = 0xdb, M_DNL = 0xdc, M_DRI = 0xdd, M_DHP = 0xde, M_EXP = 0xdf,
	M_APP0 = 0xe0, M_APP1 = 0xe1, M_APP2 = 0xe2, M_APP14 = 0xee, M_APP15 = 0xef,
	M_COM = 0xfe, M_TEM = 0x01,
};

struct walk {
	struct scrub_src *s;
	struct scrub_sink *k;
	const char *name;
	int frames, scans, dhp, jfif, exif;
	int after_scan;         /* the marker being read ends entropy-coded data */
	int width, height, orientation;
	struct vox_icc_chunks *icc; /* the profile's APP2 chunks gathered so far */
	int icc_done;           /* the profile was written or dropped: later chunks are dropped */
};

static int
is_sof(int m)
{
	return m >= M_SOF0 && m <= 0xcf && m != M_DHT && m != M_JPG && m != M_DAC;
}

/* "SOF2", "APP13", "COM" … for messages. */
static const char *
marker_name(int m, char buf[16])
{
	static const char *const fixed[] = {
		[M_DHT] = "DHT", [M_JPG] = "JPG", [M_DAC] = "DAC", [M_SOI] = "SOI",
		[M_EOI] = "EOI", [M_SOS] = "SOS", [M_DQT] = "DQT", [M_DNL] = "DNL",
		[M_DRI] = "DRI", [M_DHP] = "DHP", [M_EXP] = "EXP", [M_COM] = "COM",
	};

	if (m < (int)G_N_ELEMENTS(fixed) && fixed[m])
		return fixed[m];
	if (is_sof(m))
		g_snprintf(buf, 16, "SOF%d", m - M_SOF0);
	else if (m >= M_APP0 && m <= M_APP15)
		g_snprintf(buf, 16, "APP%d", m - M_APP0);
	else if (m >= M_RST0 && m <= M_RST7)
		g_snprintf(buf, 16, "RST%d", m - M_RST0);
	else
		g_snprintf(buf, 16, "0xFF%02X", (unsigned)m);
	return buf;
}

static void
advance(struct scrub_src *s, size_t n)
{
	s->p += n;
	s->pos += n;
}

static int
put_marker(struct walk *w, int m)
{
	uint8_t b[2] = { 0xff, (uint8_t)m };

	return scrub_put(w->k, b, 2);
}

/* Whether the segment payload (after the length) starts with id (len bytes, NULs included). */
static int
has_id(const uint8_t *payload, size_t plen, const char *id, size_t len)
{
	return plen >= len && memcmp(payload, id, len) == 0;
}

static int
truncated(struct walk *w, const char *what, uint64_t at)
{
	if (w->s->failed)
		return -1;
	return vox_error("scrub", "'%s': truncated inside %s at byte %llu", w->name, what,
	    (unsigned long long)at);
}

/*
 * Copies the entropy-coded data of a scan up to the next marker that is not RSTn, honouring
 * the 0xFF00 stuffing. The cursor is left on the 0xFF of that marker.
 */
static int
entropy(struct walk *w, uint64_t at)
{
	struct scrub_src *s = w->s;
	const uint8_t *q = s->p;

	for (;;) {
		const uint8_t *ff = memchr(q, 0xff, (size_t)(s->end - q));

		if (!ff || ff + 1 == s->end) {
			/* Pass on what is at hand (all but a lone 0xFF at the end), read more. */
			size_t n = (size_t)((ff ? ff : s->end) - s->p);

			if (scrub_put(w->k, s->p, n) != 0)
				return -1;
			advance(s, n);
			if (scrub_fill(s) <= 0)
				return truncated(w, "the entropy-coded data of the scan", at);
			q = s->p;
			continue;
		}
		if (ff[1] == 0x00 || (ff[1] >= M_RST0 && ff[1] <= M_RST7)) {
			q = ff + 2;
			continue;
		}
		if (scrub_put(w->k, s->p, (size_t)(ff - s->p)) != 0)
			return -1;
		advance(s, (size_t)(ff - s->p));
		return 0;
	}
}

static int
frame_header(struct walk *w, const uint8_t *seg, size_t len, uint64_t at, const char *mn)
{
	unsigned nf, x, y;

	if (w->frames > 0 && !w->dhp)
		return vox_error("scrub", "'%s': a second frame header (%s) at byte %llu", w->name,
		    mn, (unsigned long long)at);
	if (len < 8)
		return vox_error("scrub", "'%s': %s segment too short at byte %llu", w->name, mn,
		    (unsigned long long)at);
	y = (unsigned)seg[3] << 8 | seg[4];
	x = (unsigned)seg[5] << 8 | seg[6];
	nf = seg[7];
	if (nf < 1 || nf > 10 || len != 8 + 3 * (size_t)nf)
		return vox_error("scrub", "'%s': bad %s segment (%u components, length %zu) at "
		    "byte %llu", w->name, mn, nf, len, (unsigned long long)at);
	if (x == 0 || y == 0 || x > SCRUB_MAX_SIDE || y > SCRUB_MAX_SIDE ||
	    (unsigned long long)x * y > SCRUB_MAX_PIXELS)
		return vox_error("scrub", "'%s': absurd dimensions %ux%u in %s at byte %llu",
		    w->name, x, y, mn, (unsigned long long)at);
	if (w->frames == 0) {
		w->width = (int)x;
		w->height = (int)y;
	}
	w->frames++;
	return 0;
}

static int
scan_header(struct walk *w, const uint8_t *seg, size_t len, uint64_t at)
{
	unsigned ns;

	if (w->frames == 0)
		return vox_error("scrub", "'%s': a scan (SOS) before the frame header "
		    "at byte %llu", w->name, (unsigned long long)at);
	ns = len >= 3 ? seg[2] : 0;
	if (ns < 1 || ns > 4 || len != 6 + 2 * (size_t)ns)
		return vox_error("scrub", "'%s': bad SOS segment (%u components, length %zu) at "
		    "byte %llu", w->name, ns, len, (unsigned long long)at);
	w->scans++;
	return 0;
}

/* APP0 JFIF without its thumbnail: the 14 bytes of the header with Xthumbnail = Ythumbnail = 0. */
static int
put_jfif(struct walk *w, const uint8_t *payload)
{
	uint8_t b[18] = { 0xff, M_APP0, 0, 16 };

	memcpy(b + 4, payload, 14);
	b[16] = b[17] = 0;
	return scrub_put(w->k, b, sizeof b);
}

static int
put_orientation(struct walk *w, const uint8_t *payload, size_t plen)
{
	GByteArray *a;
	int ret;

	w->orientation = vox_exif_orientation(payload, plen);
	if (w->orientation == 1)
		return 0;
	a = g_byte_array_sized_new(64);
	ret = vox_exif_orientation_app1(w->orientation, a);
	if (ret == 0)
		ret = scrub_put(w->k, a->data, a->len);
	g_byte_array_unref(a);
	return ret;
}

/*
 * One APP2 chunk of the ICC profile. Chunks are gathered until the profile is whole, which
 * is then rebuilt without its text (vox_icc_clean()) and written, split again into chunks,
 * where its last chunk was. A profile that is malformed, inconsistent (a chunk twice, counts
 * that disagree) or still incomplete at the first scan is dropped whole: the pixels do not
 * change, and readers then show the colours as sRGB. Chunks after the first scan, or after
 * the profile was written, are dropped too: decoders read the profile before the first scan,
 * and only one.
 */
static int
icc_chunk(struct walk *w, const uint8_t *pl, size_t plen)
{
	GByteArray *whole, *clean, *segs;
	int ret = 0;

	if (w->icc_done || w->scans > 0)
		return 0;
	switch (vox_icc_chunks_add(w->icc, pl, plen)) {
	case 0:
		return 0;
	case -1:
		w->icc_done = 1;
		vox_icc_chunks_release(w->icc);
		return 0;
	default:
		break;
	}
	w->icc_done = 1;
	whole = vox_icc_chunks_join(w->icc);
	vox_icc_chunks_release(w->icc);
	clean = g_byte_array_new();
	segs = g_byte_array_new();
	if (whole && vox_icc_clean(whole->data, whole->len, clean) == 0 &&
	    vox_icc_jpeg_segments(clean->data, clean->len, segs) == 0)
		ret = scrub_put(w->k, segs->data, segs->len);
	else
		vox_error_clear(); /* a dropped profile is not an error of the photo */
	if (whole)
		g_byte_array_unref(whole);
	g_byte_array_unref(clean);
	g_byte_array_unref(segs);
	return ret;
}

/* Adobe APP14 in its fixed form: "Adobe", version, flags0, flags1, colour transform. */
#define ADOBE_FIXED 12u

static int
put_adobe(struct walk *w, const uint8_t *payload)
{
	uint8_t b[4 + ADOBE_FIXED] = { 0xff, M_APP14, 0, 2 + ADOBE_FIXED };

	memcpy(b + 4, payload, ADOBE_FIXED);
	return scrub_put(w->k, b, sizeof b);
}

/* Decides about one APPn or COM segment held whole at seg (length bytes first). */
static int
app_segment(struct walk *w, int m, const uint8_t *seg, size_t len)
{
	const uint8_t *pl = seg + 2;
	size_t plen = len - 2;

	switch (m) {
	case M_APP0:
		if (!w->jfif && has_id(pl, plen, "JFIF", 5) && plen >= 14) {
			w->jfif = 1;
			return put_jfif(w, pl);
		}
		return 0; /* JFXX thumbnails, Canon CIFF, a second JFIF … */
	case M_APP1:
		if (!w->exif && has_id(pl, plen, "Exif\0", 6)) {
			w->exif = 1;
			return put_orientation(w, pl, plen);
		}
		return 0; /* more EXIF, XMP, extended XMP */
	case M_APP2:
		if (has_id(pl, plen, "ICC_PROFILE", 12))
			return icc_chunk(w, pl, plen);
		return 0; /* MPF, FlashPix */
	case M_APP14:
		if (has_id(pl, plen, "Adobe", 5) && plen >= ADOBE_FIXED)
			return put_adobe(w, pl);
		return 0;
	default:
		return 0; /* every other APPn and COM */
	}
}

/* Copies n bytes of the input through, across refills of the window. */
static int
copy_through(struct walk *w, size_t n, const char *what, uint64_t at)
{
	struct scrub_src *s = w->s;

	while (n > 0) {
		size_t take = scrub_avail(s);

		if (take == 0) {
			if (scrub_fill(s) <= 0)
				return truncated(w, what, at);
			continue;
		}
		if (take > n)
			take = n;
		if (scrub_put(w->k, s->p, take) != 0)
			return -1;
		advance(s, take);
		n -= take;
	}
	return 0;
}

static int
walk_jpeg(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info,
    struct vox_icc_chunks *icc)
{
	struct walk w = { .s = s, .k = k, .name = s->name, .orientation = 1, .icc = icc };
	char mbuf[16], what[48];

	if (scrub_need(s, 3) != 0 || s->p[0] != 0xff || s->p[1] != M_SOI || s->p[2] != 0xff) {
		if (s->failed)
			return -1;
		return vox_error("scrub", "'%s': not a JPEG (no SOI marker)", w.name);
	}
	if (put_marker(&w, M_SOI) != 0)
		return -1;
	advance(s, 2);

	for (;;) {
		uint64_t at = s->pos;
		const char *mn;
		size_t len;
		int m;

		if (scrub_need(s, 1) != 0 && s->failed)
			return -1;
		if (scrub_avail(s) == 0)
			return vox_error("scrub", "'%s': truncated: no EOI marker before the end "
			    "at byte %llu", w.name, (unsigned long long)at);
		if (*s->p != 0xff)
			return vox_error("scrub", "'%s': expected a marker at byte %llu, "
			    "found 0x%02x", w.name, (unsigned long long)at, *s->p);
		/* Any number of 0xFF fill bytes may precede a marker; they are not kept. */
		do {
			advance(s, 1);
			if (scrub_need(s, 1) != 0)
				return truncated(&w, "a marker", at);
		} while (*s->p == 0xff);
		m = *s->p;
		advance(s, 1);
		at = s->pos - 2;
		mn = marker_name(m, mbuf);

		if (m == M_EOI) {
			if (w.frames == 0 || w.scans == 0)
				return vox_error("scrub", "'%s': no image data (%s) before EOI at "
				    "byte %llu", w.name, w.frames ? "no SOS segment" :
				    "no SOF segment", (unsigned long long)at);
			if (put_marker(&w, M_EOI) != 0)
				return -1;
			break; /* every byte after EOI is dropped */
		}
		if ((m >= M_RST0 && m <= M_RST7) || m == M_TEM) {
			if (put_marker(&w, m) != 0)
				return -1;
			continue;
		}
		if ((m >= 0x02 && m < M_SOF0) && w.after_scan)
			return vox_error("scrub", "'%s': corrupt image data: bad marker %s in the "
			    "entropy-coded data at byte %llu", w.name, mn, (unsigned long long)at);
		w.after_scan = 0;
		if (m == M_SOI || m == 0x00 || (m >= 0x02 && m < M_SOF0) || m == M_JPG ||
		    (m >= 0xf0 && m <= 0xfd))
			return vox_error("scrub", "'%s': %s marker %s at byte %llu", w.name,
			    m == M_SOI ? "a second" : "unsupported", mn, (unsigned long long)at);

		g_snprintf(what, sizeof what, "a%s %s segment",
		    (m >= M_APP0 && m <= M_APP15) || m == M_EXP || m == M_SOS ? "n" : "", mn);
		if (scrub_need(s, 2) != 0)
			return truncated(&w, what, at);
		len = (size_t)s->p[0] << 8 | s->p[1];
		if (len < 2)
			return vox_error("scrub", "'%s': bad %s segment length %zu at byte %llu",
			    w.name, mn, len, (unsigned long long)at);

		if (m == M_DHT || m == M_DQT || m == M_DRI || m == M_DAC || m == M_DNL ||
		    m == M_EXP) {
			/* Tables and the like: copied through as they are. */
			if (put_marker(&w, m) != 0 || copy_through(&w, len, what, at) != 0)
				return -1;
			continue;
		}
		/* Every other segment is looked at whole; its length is at most 65535. */
		if (scrub_need(s, len) != 0)
			return truncated(&w, what, at);
		if (m == M_DHP)
			w.dhp = 1;
		if (is_sof(m) && frame_header(&w, s->p, len, at, mn) != 0)
			return -1;
		if (m == M_SOS && scan_header(&w, s->p, len, at) != 0)
			return -1;
		if ((m >= M_APP0 && m <= M_APP15) || m == M_COM) {
			if (app_segment(&w, m, s->p, len) != 0)
				return -1;
			advance(s, len);
			continue;
		}
		if (put_marker(&w, m) != 0 || scrub_put(k, s->p, len) != 0)
			return -1;
		advance(s, len);
		if (m == M_SOS) {
			if (entropy(&w, at) != 0)
				return -1;
			w.after_scan = 1;
		}
	}
	if (info) {
		info->format = VOX_FORMAT_JPEG;
		info->width = w.width;
		info->height = w.height;
		info->orientation = w.orientation;
		info->lossy = 0;
	}
	return 0;
}

int
scrub_jpeg(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info)
{
	struct vox_icc_chunks icc;
	int ret;

	vox_icc_chunks_init(&icc);
	ret = walk_jpeg(s, k, info, &icc);
	vox_icc_chunks_release(&icc);
	return ret;
}
