/*
 * JPEG scrubbing at marker level (CONTRIBUTING.md privacy rule 2). Every marker of the file is
 * walked, including those after SOF and between the scans of a progressive image: tables,
 * frame and scan headers and the entropy-coded data are copied byte for byte, in place, so
 * decoded pixels are identical and an ordinary JPEG keeps its layout; a quantisation or
 * Huffman table no scan uses can carry any bytes at all (text as Huffman symbols, say) and is
 * dropped (see flush_held()), and a table segment that is not exactly whole tables is refused;
 * JFIF and Adobe APP14 in their fixed forms, every field checked (put_jfif(), put_adobe()),
 * DAC with one value per table (put_dac()) and the ICC profile (rebuilt without its text, see
 * vox/icc.h) are kept; Orientation survives in a fresh EXIF block; everything else, and every
 * byte after EOI, is dropped. The entropy-coded data is the pixels, kept exact: bytes a
 * decoder would skip in it cannot be told from image data without decoding every scan
 * (CONTRIBUTING.md, rule 2).
 */
#include <string.h>

#include "vox/audit.h"
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
	unsigned quant_used;    /* the quantisation tables the frames' components name */
	/*
	 * From the first DQT or DHT segment to the next SOS, everything the walker writes is
	 * held here (see w_put()), with where each table sits, so that at the SOS the tables
	 * that scan does not use can be taken out of the bytes.
	 */
	GByteArray *held;
	GArray *tables;         /* struct held_table, in the order of held */
	guint latest[3][4];     /* 1 + the index in tables of the latest DQT, DC, AC per slot */
	/* Tables unused by the scan after them but still the latest of their slot: written, as
	 * a segment of their own just before a later scan that uses them, or never. */
	uint8_t dqt[4][1 + 128];
	size_t dqt_len[4];
	uint8_t dht[2][4][1 + 16 + 256];
	size_t dht_len[2][4];
};

/* One table in the held bytes. */
struct held_table {
	size_t seg;             /* where its segment starts (the 0xFF of the marker) in held */
	size_t seg_end;         /* where that segment ends */
	size_t at, len;         /* the table, its one-byte header first */
	int m;                  /* M_DQT or M_DHT */
	unsigned cls, slot;     /* class (0 for DQT, 0 DC or 1 AC for DHT) and slot */
	int superseded;         /* defined again later in held */
};

/* At most this much is held between two scans: the ICC profile and some tables. */
#define HELD_MAX (VOX_ICC_MAX_SIZE + 2u * 1024 * 1024)

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

/* Every byte the walker writes goes through here: to the sink, or held until the next scan. */
static int
w_put(struct walk *w, const void *data, size_t n)
{
	if (!w->held)
		return scrub_put(w->k, data, n);
	if (n > HELD_MAX - w->held->len)
		return vox_error("scrub", "'%s': more than %u bytes of tables and profile "
		    "before a scan", w->name, (unsigned)HELD_MAX);
	g_byte_array_append(w->held, data, (guint)n);
	return 0;
}

static int
put_marker(struct walk *w, int m)
{
	uint8_t b[2] = { 0xff, (uint8_t)m };

	return w_put(w, b, 2);
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

			if (w_put(w, s->p, n) != 0)
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
		if (w_put(w, s->p, (size_t)(ff - s->p)) != 0)
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
	for (unsigned i = 0; i < nf; i++) {
		unsigned tq = seg[8 + 3 * i + 2];

		if (tq > 3)
			return vox_error("scrub", "'%s': bad %s segment (quantisation table %u) at "
			    "byte %llu", w->name, mn, tq, (unsigned long long)at);
		w->quant_used |= 1u << tq;
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

/*
 * APP0 JFIF in its fixed form, without a thumbnail, each field either as a camera writes it or
 * replaced (vox_audit_jfif_ordinary()): version 1.00 to 1.02, units 0 to 2 with the same
 * density both ways, else version 1.01, units 0, density 1:1. What stays is a value every
 * ordinary file has, so photos scrubbed before keep their bytes (vox import relies on it),
 * and no field is left for text: at most one 16-bit density, written twice.
 */
static int
put_jfif(struct walk *w, const uint8_t *payload)
{
	uint8_t b[18] = { 0xff, M_APP0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };

	if (vox_audit_jfif_ordinary(payload))
		memcpy(b + 9, payload + 5, 7);
	return w_put(w, b, sizeof b);
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
		ret = w_put(w, a->data, a->len);
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
		ret = w_put(w, segs->data, segs->len);
	else
		vox_error_clear(); /* a dropped profile is not an error of the photo */
	if (whole)
		g_byte_array_unref(whole);
	g_byte_array_unref(clean);
	g_byte_array_unref(segs);
	return ret;
}

/*
 * Adobe APP14 in its fixed form: "Adobe", version, flags0, flags1, colour transform. The
 * version (100 or 101) and flags (flags0 only in its top two bits, 0x8000 "blended" and
 * 0x4000, as found in photos; flags1 0) stay only as Adobe's software writes them
 * (vox_audit_adobe_ordinary()), else they become 100 and 0: decoders do not read them, and a
 * photo scrubbed before keeps its bytes. The colour transform is the field decoders read (the
 * colour space of the components) and is kept whatever its value: libjpeg reads one above 2
 * as its default for the component count, so changing it could change the pixels.
 */
#define ADOBE_FIXED 12u

static int
put_adobe(struct walk *w, const uint8_t *payload)
{
	uint8_t b[4 + ADOBE_FIXED] = { 0xff, M_APP14, 0, 2 + ADOBE_FIXED,
		'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 };
	if (vox_audit_adobe_ordinary(payload))
		memcpy(b + 9, payload + 5, 6);
	b[4 + ADOBE_FIXED - 1] = payload[ADOBE_FIXED - 1];
	return w_put(w, b, sizeof b);
}

/*
 * DAC (arithmetic-coding conditioning): each entry names a table (DC 0-3, AC 16-19) and its
 * value. The segment is written again with the last value given for each table, in table
 * order: a table named twice or out of order cannot make room for other bytes. A DC value
 * must have its lower bound at most its upper (libjpeg refuses the file otherwise); an AC
 * value above 63 is read as 63 (no coefficient index is larger), so it is written as 63.
 */
static int
put_dac(struct walk *w, const uint8_t *seg, size_t len, uint64_t at)
{
	int val[32];
	uint8_t b[4 + 2 * 8] = { 0xff, M_DAC };
	size_t n = 4;

	for (int i = 0; i < 32; i++)
		val[i] = -1;
	for (size_t i = 2; i + 1 < len; i += 2) {
		unsigned index = seg[i], v = seg[i + 1];

		if ((index & 0x0f) > 3 || index > 0x13 || (index < 0x10 && (v & 0x0f) > v >> 4))
			return vox_error("scrub", "'%s': bad DAC segment (table %u, value %u) at "
			    "byte %llu", w->name, index, v, (unsigned long long)at);
		val[index] = index >= 0x10 && v > 63 ? 63 : (int)v;
	}
	for (int i = 0; i < 32; i++)
		if (val[i] >= 0) {
			b[n++] = (uint8_t)i;
			b[n++] = (uint8_t)val[i];
		}
	b[2] = (uint8_t)((n - 2) >> 8);
	b[3] = (uint8_t)(n - 2);
	return w_put(w, b, n);
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

static int
bad_tables(struct walk *w, const char *mn, const char *why, uint64_t at)
{
	return vox_error("scrub", "'%s': bad %s segment (%s) at byte %llu", w->name, mn, why,
	    (unsigned long long)at);
}

/* Forgets a pending table of the slot and marks the held one it replaces superseded. */
static void
supersede(struct walk *w, int m, unsigned cls, unsigned slot)
{
	guint *latest = &w->latest[m == M_DQT ? 0 : 1 + cls][slot];

	if (*latest)
		g_array_index(w->tables, struct held_table, *latest - 1).superseded = 1;
	*latest = w->tables->len + 1; /* the table about to be appended */
	if (m == M_DQT)
		w->dqt_len[slot] = 0;
	else
		w->dht_len[cls][slot] = 0;
}

/*
 * The size of the table at seg + i in a DQT or DHT segment of len bytes (length bytes
 * first), its one-byte header included; 0 with *why set when it is not a whole table.
 */
static size_t
table_size(int m, const uint8_t *seg, size_t i, size_t len, const char **why)
{
	unsigned cls = seg[i] >> 4, slot = seg[i] & 15;
	size_t n = m == M_DQT ? 1 + (cls ? 128 : 64) : 17;

	*why = "a table cut short";
	if (cls > 1 || slot > 3) {
		*why = m == M_DQT ? "no such quantisation table" : "no such Huffman table";
		return 0;
	}
	if (len - i < n)
		return 0;
	if (m == M_DHT)
		for (unsigned c = 1; c <= 16; c++)
			n += seg[i + c];
	if (n > 17 + 256) {
		*why = "more than 256 Huffman codes";
		return 0;
	}
	return len - i < n ? 0 : n;
}

/*
 * Holds a DQT or DHT segment, whole at seg (length bytes first), noting where each of its
 * tables sits. The segment must be exactly whole tables, as libjpeg requires: one that is
 * not is refused, for it cannot be decoded and its spare bytes could hold anything.
 */
static int
hold_tables(struct walk *w, int m, const uint8_t *seg, size_t len, uint64_t at,
    const char *mn)
{
	const char *why = "no table";
	size_t i, base;

	if (len == 2)
		return bad_tables(w, mn, why, at);
	for (i = 2; i < len;) {
		size_t n = table_size(m, seg, i, len, &why);

		if (n == 0)
			return bad_tables(w, mn, why, at);
		i += n;
	}
	if (!w->held) {
		w->held = g_byte_array_new();
		w->tables = g_array_new(FALSE, FALSE, sizeof(struct held_table));
		memset(w->latest, 0, sizeof w->latest);
	}
	base = w->held->len;
	if (put_marker(w, m) != 0 || w_put(w, seg, len) != 0)
		return -1;
	for (i = 2; i < len; i += g_array_index(w->tables, struct held_table,
	    w->tables->len - 1).len) {
		struct held_table t = {
			.seg = base, .seg_end = base + 2 + len, .at = base + 2 + i, .m = m,
			.len = table_size(m, seg, i, len, &why),
			.cls = m == M_DQT ? 0 : seg[i] >> 4, .slot = seg[i] & 15,
		};

		supersede(w, m, t.cls, t.slot);
		g_array_append_val(w->tables, t);
	}
	return 0;
}

/* Writes a table segment of marker m holding the n bytes of tables at b + 4. */
static int
put_table_segment(struct walk *w, int m, uint8_t *b, size_t n)
{
	if (n == 0)
		return 0;
	b[0] = 0xff;
	b[1] = (uint8_t)m;
	b[2] = (uint8_t)((n + 2) >> 8);
	b[3] = (uint8_t)(n + 2);
	return w_put(w, b, n + 4);
}

/*
 * Writes the pending tables the scan uses (dc and ac: the Huffman slots it names), as one DQT
 * and one DHT segment, and forgets them.
 */
static int
put_pending(struct walk *w, unsigned dc, unsigned ac)
{
	uint8_t b[4 + 8 * (1 + 16 + 256)];
	size_t n = 0;

	for (unsigned slot = 0; slot < 4; slot++)
		if ((w->quant_used & 1u << slot) && w->dqt_len[slot]) {
			memcpy(b + 4 + n, w->dqt[slot], w->dqt_len[slot]);
			n += w->dqt_len[slot];
			w->dqt_len[slot] = 0;
		}
	if (put_table_segment(w, M_DQT, b, n) != 0)
		return -1;
	n = 0;
	for (unsigned cls = 0; cls < 2; cls++)
		for (unsigned slot = 0; slot < 4; slot++)
			if (((cls ? ac : dc) & 1u << slot) && w->dht_len[cls][slot]) {
				memcpy(b + 4 + n, w->dht[cls][slot], w->dht_len[cls][slot]);
				n += w->dht_len[cls][slot];
				w->dht_len[cls][slot] = 0;
			}
	return put_table_segment(w, M_DHT, b, n);
}

/*
 * Writes what was held, at a scan (its SOS segment whole at seg) or, with seg NULL, at EOI.
 * A table is used when it is the latest definition of its slot and a frame component names
 * its slot (DQT) or this scan's components name it (DHT, as DC or AC table). Segments whose
 * tables are all used are written as they are, so an ordinary JPEG keeps its bytes; the
 * others are written without the unused tables, or not at all. An unused table still the
 * latest of its slot waits for a later scan (put_pending()); at EOI none is used.
 */
static int
flush_held(struct walk *w, const uint8_t *seg)
{
	GByteArray *held = w->held;
	GArray *tables = w->tables;
	unsigned dc = 0, ac = 0;
	size_t pos = 0;
	int ret = 0;

	if (seg)
		for (unsigned i = 0; i < seg[2]; i++) {
			dc |= 1u << (seg[4 + 2 * i] >> 4 & 3);
			ac |= 1u << (seg[4 + 2 * i] & 3);
		}
	if (!held)
		return seg ? put_pending(w, dc, ac) : 0;
	w->held = NULL; /* from here on, writes go to the sink */
	w->tables = NULL;
	for (guint i = 0; i < tables->len && ret == 0;) {
		struct held_table *first = &g_array_index(tables, struct held_table, i);
		uint8_t b[4 + 65535];
		size_t n = 0;
		int all = 1;
		guint j;

		for (j = i; j < tables->len; j++) {
			struct held_table *t = &g_array_index(tables, struct held_table, j);
			unsigned mask = t->m == M_DQT ? w->quant_used : t->cls ? ac : dc;
			/* A camera's unused quantisation table of plain numbers stays, as audit
			 * leaves it: stores and bags made before keep their bytes. */
			int used = seg && !t->superseded && ((mask & 1u << t->slot) ||
			    (t->m == M_DQT && !vox_audit_reads_as_text(held->data + t->at + 1,
			    t->len - 1)));

			if (t->seg != first->seg)
				break;
			if (used) {
				memcpy(b + 4 + n, held->data + t->at, t->len);
				n += t->len;
				continue;
			}
			all = 0;
			if (seg && !t->superseded) {
				if (t->m == M_DQT) {
					memcpy(w->dqt[t->slot], held->data + t->at, t->len);
					w->dqt_len[t->slot] = t->len;
				} else {
					memcpy(w->dht[t->cls][t->slot], held->data + t->at, t->len);
					w->dht_len[t->cls][t->slot] = t->len;
				}
			}
		}
		ret = w_put(w, held->data + pos, first->seg - pos);
		if (ret == 0)
			ret = all ? w_put(w, held->data + first->seg, first->seg_end - first->seg) :
			    put_table_segment(w, first->m, b, n);
		pos = first->seg_end;
		i = j;
	}
	if (ret == 0)
		ret = w_put(w, held->data + pos, held->len - pos);
	g_byte_array_unref(held);
	g_array_unref(tables);
	if (ret == 0 && seg)
		ret = put_pending(w, dc, ac);
	return ret;
}

static int
walk_jpeg(struct walk *w, struct vox_scrub_info *info)
{
	struct scrub_src *s = w->s;
	char mbuf[16], what[48];

	if (scrub_need(s, 3) != 0 || s->p[0] != 0xff || s->p[1] != M_SOI || s->p[2] != 0xff) {
		if (s->failed)
			return -1;
		return vox_error("scrub", "'%s': not a JPEG (no SOI marker)", w->name);
	}
	if (put_marker(w, M_SOI) != 0)
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
			    "at byte %llu", w->name, (unsigned long long)at);
		if (*s->p != 0xff)
			return vox_error("scrub", "'%s': expected a marker at byte %llu, "
			    "found 0x%02x", w->name, (unsigned long long)at, *s->p);
		/* Any number of 0xFF fill bytes may precede a marker; they are not kept. */
		do {
			advance(s, 1);
			if (scrub_need(s, 1) != 0)
				return truncated(w, "a marker", at);
		} while (*s->p == 0xff);
		m = *s->p;
		advance(s, 1);
		at = s->pos - 2;
		mn = marker_name(m, mbuf);

		if (m == M_EOI) {
			if (w->frames == 0 || w->scans == 0)
				return vox_error("scrub", "'%s': no image data (%s) before EOI at "
				    "byte %llu", w->name, w->frames ? "no SOS segment" :
				    "no SOF segment", (unsigned long long)at);
			/* Tables after the last scan are used by none. */
			if (flush_held(w, NULL) != 0 || put_marker(w, M_EOI) != 0)
				return -1;
			break; /* every byte after EOI is dropped */
		}
		if ((m >= M_RST0 && m <= M_RST7) || m == M_TEM) {
			if (put_marker(w, m) != 0)
				return -1;
			continue;
		}
		if ((m >= 0x02 && m < M_SOF0) && w->after_scan)
			return vox_error("scrub", "'%s': corrupt image data: bad marker %s in the "
			    "entropy-coded data at byte %llu", w->name, mn, (unsigned long long)at);
		w->after_scan = 0;
		if (m == M_SOI || m == 0x00 || (m >= 0x02 && m < M_SOF0) || m == M_JPG ||
		    (m >= 0xf0 && m <= 0xfd))
			return vox_error("scrub", "'%s': %s marker %s at byte %llu", w->name,
			    m == M_SOI ? "a second" : "unsupported", mn, (unsigned long long)at);

		g_snprintf(what, sizeof what, "a%s %s segment",
		    (m >= M_APP0 && m <= M_APP15) || m == M_EXP || m == M_SOS ? "n" : "", mn);
		if (scrub_need(s, 2) != 0)
			return truncated(w, what, at);
		len = (size_t)s->p[0] << 8 | s->p[1];
		if (len < 2)
			return vox_error("scrub", "'%s': bad %s segment length %zu at byte %llu",
			    w->name, mn, len, (unsigned long long)at);

		/* Every segment is looked at whole; its length is at most 65535. */
		if (scrub_need(s, len) != 0)
			return truncated(w, what, at);
		if (m == M_DHT || m == M_DQT) {
			if (hold_tables(w, m, s->p, len, at, mn) != 0)
				return -1;
			advance(s, len);
			continue;
		}
		/* The others of fixed size are refused with spare bytes: nothing rides along. */
		if ((m == M_DRI && len != 4) || (m == M_DNL && len != 4) ||
		    (m == M_EXP && len != 3) || (m == M_DAC && len % 2 != 0))
			return vox_error("scrub", "'%s': bad %s segment length %zu at byte %llu",
			    w->name, mn, len, (unsigned long long)at);
		if (m == M_DAC) {
			if (put_dac(w, s->p, len, at) != 0)
				return -1;
			advance(s, len);
			continue;
		}
		if (m == M_DHP)
			w->dhp = 1;
		if (is_sof(m) && frame_header(w, s->p, len, at, mn) != 0)
			return -1;
		if (m == M_SOS && (scan_header(w, s->p, len, at) != 0 ||
		    flush_held(w, s->p) != 0))
			return -1;
		if ((m >= M_APP0 && m <= M_APP15) || m == M_COM) {
			if (app_segment(w, m, s->p, len) != 0)
				return -1;
			advance(s, len);
			continue;
		}
		if (put_marker(w, m) != 0 || w_put(w, s->p, len) != 0)
			return -1;
		advance(s, len);
		if (m == M_SOS) {
			if (entropy(w, at) != 0)
				return -1;
			w->after_scan = 1;
		}
	}
	if (info) {
		info->format = VOX_FORMAT_JPEG;
		info->width = w->width;
		info->height = w->height;
		info->orientation = w->orientation;
		info->lossy = 0;
	}
	return 0;
}

int
scrub_jpeg(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info)
{
	struct vox_icc_chunks icc;
	int ret;

	struct walk w = { .s = s, .k = k, .name = s->name, .orientation = 1, .icc = &icc };

	vox_icc_chunks_init(&icc);
	ret = walk_jpeg(&w, info);
	vox_icc_chunks_release(&icc);
	if (w.held) /* refused before the next scan */
		g_byte_array_unref(w.held);
	if (w.tables)
		g_array_unref(w.tables);
	return ret;
}
