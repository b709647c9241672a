/*
 * ICC colour profiles: the one parser that scrub (rebuilding) and audit (reporting) share.
 * See include/vox/icc.h for what a clean profile holds and why.
 *
 * Everything is read through a bounds check against the profile's size: a tag table entry
 * is used only when its offset and size lie inside the profile, and a kept tag only when its
 * type's own counts fit inside the tag. Kept tags are copied up to the end of their
 * structure, not to the size the table gives, so bytes hidden after the numbers are left
 * behind, and so are the bytes of other tags that a stretched size covers.
 */
#include <string.h>

#include <zlib.h>

#include "vox/bytes.h"
#include "vox/error.h"
#include "vox/icc.h"

#define DOMAIN "icc"
#define HEADER 128u
#define MAX_TAGS 4096u
#define MAX_STRING 200u

static void
put32(GByteArray *a, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	g_byte_array_append(a, b, 4);
}

static void
set32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The tags a clean profile keeps, each with the types ICC.1:2010 (and ICC.1:2001-04 for
 * version 2) allows for it: colour data that every colour-managed reader needs. A tag is kept
 * only in one of its own types, and only the bytes its type defines are copied, so a tag
 * cannot carry text in a type that holds free bytes (ui08, a text type) nor in bytes after
 * its structure (an XYZ tag is one XYZNumber, 20 bytes; chad and arts are a 3x3 matrix of
 * s15Fixed16, 44 bytes: numeric_size()). Tags of other signatures are dropped, and so is a
 * listed tag in another type or with values its type does not allow (values_allowed()).
 * Not kept: 'clro' (a printer's colorant order, nothing a photo needs, whose bytes are free),
 * and every text tag (rebuilt neutral).
 *
 * The numbers themselves are colour data and are kept as they are: the entries of a curve,
 * an XYZ or a table could spell a few bytes chosen by whoever made the file, and changing
 * them would change the colours (CONTRIBUTING.md, privacy rule 2, "still open").
 */
static const struct colour_tag {
	char sig[5];
	char types[4][5];
} colour_tags[] = {
	{ "A2B0", { "mft1", "mft2", "mAB " } }, { "A2B1", { "mft1", "mft2", "mAB " } },
	{ "A2B2", { "mft1", "mft2", "mAB " } }, { "B2A0", { "mft1", "mft2", "mBA " } },
	{ "B2A1", { "mft1", "mft2", "mBA " } }, { "B2A2", { "mft1", "mft2", "mBA " } },
	{ "gamt", { "mft1", "mft2", "mBA " } }, { "pre0", { "mft1", "mft2", "mAB ", "mBA " } },
	{ "pre1", { "mft1", "mft2", "mBA " } }, { "pre2", { "mft1", "mft2", "mBA " } },
	{ "rXYZ", { "XYZ " } }, { "gXYZ", { "XYZ " } }, { "bXYZ", { "XYZ " } },
	{ "wtpt", { "XYZ " } }, { "bkpt", { "XYZ " } }, { "lumi", { "XYZ " } },
	{ "rTRC", { "curv", "para" } }, { "gTRC", { "curv", "para" } },
	{ "bTRC", { "curv", "para" } }, { "kTRC", { "curv", "para" } },
	{ "chad", { "sf32" } }, { "arts", { "sf32" } }, { "chrm", { "chrm" } },
	{ "ciis", { "sig " } }, { "tech", { "sig " } }, { "rig0", { "sig " } },
	{ "rig2", { "sig " } }, { "cicp", { "cicp" } }, { "meas", { "meas" } },
	{ "view", { "view" } },
};

/* The entry of colour_tags for a tag signature, or NULL. */
static const struct colour_tag *
colour_tag(const uint8_t *sig)
{
	for (size_t i = 0; i < G_N_ELEMENTS(colour_tags); i++)
		if (memcmp(sig, colour_tags[i].sig, 4) == 0)
			return &colour_tags[i];
	return NULL;
}

static int
allows_type(const struct colour_tag *c, const uint8_t *type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(c->types) && c->types[i][0]; i++)
		if (memcmp(type, c->types[i], 4) == 0)
			return 1;
	return 0;
}

static int
sig_in(const uint8_t *p, const char *list)
{
	for (; *list; list += 4)
		if (memcmp(p, list, 4) == 0)
			return 1;
	return 0;
}

static int
one_of(unsigned v, const unsigned *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/*
 * Whether the enumerated values of a kept tag of type t (need bytes, checked to fit) are
 * ones its type defines: a signature tag holds one of the signatures listed for it, a
 * measurement or viewing condition its numbered choices, cicp the code points ITU-T H.273
 * defines. Anything else would be four free bytes.
 */
static int
values_allowed(const uint8_t *sig, const uint8_t *t)
{
	static const unsigned primaries[] = { 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 22 };
	static const unsigned transfer[] = { 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		16, 17, 18 };
	static const unsigned matrix[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

	if (!memcmp(sig, "tech", 4))
		return sig_in(t + 8, "fscndcamrscnijettwaxephoestadsubrphofprnvidmvidcpjtv"
		    "CRT PMD AMD KPCDimgsgravoffssilkflexmpfsmpfrdmpcdcpj");
	if (!memcmp(sig, "ciis", 4))
		return sig_in(t + 8, "scoesapefpcerhocrpoc");
	if (!memcmp(sig, "rig0", 4) || !memcmp(sig, "rig2", 4))
		return sig_in(t + 8, "prmg");
	if (!memcmp(t, "meas", 4))
		return vox_be32(t + 8) <= 2 && vox_be32(t + 24) <= 2 && vox_be32(t + 28) <= 0x10000 &&
		    vox_be32(t + 32) <= 8;
	if (!memcmp(t, "view", 4))
		return vox_be32(t + 32) <= 8;
	if (!memcmp(t, "chrm", 4))
		return vox_be16(t + 8) > 0 && vox_be16(t + 10) <= 4;
	if (!memcmp(t, "cicp", 4))
		return one_of(t[8], primaries, G_N_ELEMENTS(primaries)) &&
		    one_of(t[9], transfer, G_N_ELEMENTS(transfer)) &&
		    one_of(t[10], matrix, G_N_ELEMENTS(matrix)) && t[11] <= 1;
	return 1;
}

/* Types that hold text by definition; other dropped types are searched for text runs. */
static const char *const text_types[] = { "desc", "mluc", "text", "utf8", "ut16", "zut8" };

static int
in_list(const uint8_t *sig, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(sig, list[i], 4) == 0)
			return 1;
	return 0;
}

/* b^e, or 0 when it exceeds limit. */
static uint64_t
bounded_pow(uint64_t b, unsigned e, uint64_t limit)
{
	uint64_t r = 1;

	while (e--) {
		if (b && r > limit / b)
			return 0;
		r *= b;
	}
	return r;
}

static size_t numeric_size(const uint8_t *t, size_t n);

struct span {
	size_t off, len;
	unsigned curves;        /* a run of this many curves; 0 for a matrix or a CLUT */
	unsigned clut;          /* a CLUT of this many inputs; 0 for curves or a matrix */
};

/* A run of count curves (curv or para, each on a 4-byte boundary) at off; 0 when it does
 * not fit. */
static size_t
curves_size(const uint8_t *t, size_t n, size_t off, unsigned count)
{
	size_t pos = off;

	for (unsigned i = 0; i < count; i++) {
		size_t c;

		if (pos > n || n - pos < 12 || (memcmp(t + pos, "curv", 4) &&
		    memcmp(t + pos, "para", 4)))
			return 0;
		c = numeric_size(t + pos, n - pos);
		if (c == 0)
			return 0;
		pos += c;
		if (i + 1 < count)
			pos += (4 - pos % 4) % 4;
	}
	return pos > n ? 0 : pos - off;
}

/*
 * The elements of a v4 look-up table (lutAtoBType 'mAB ', lutBtoAType 'mBA '): curves,
 * matrix and CLUT at the offsets its header gives. Returns how many were found, filling sp,
 * or -1 when one does not fit or two overlap (the zeroing of one's reserved bytes must not
 * reach into another). Between and after them there is only padding, which clean profiles
 * hold as zeros, so nothing can be hidden there.
 */
static int
lut_spans(const uint8_t *t, size_t n, struct span sp[5])
{
	unsigned in, out, a_count, m_count, b_count;
	uint32_t off;
	int k = 0;
	const uint64_t lim = VOX_ICC_MAX_SIZE;

	if (n < 32)
		return -1;
	in = t[8];
	out = t[9];
	if (in == 0 || out == 0 || in > 15 || out > 15)
		return -1;
	/* A to B: A curves on the inputs, B and M curves on the outputs; B to A the reverse. */
	if (t[1] == 'A') {
		a_count = in;
		b_count = m_count = out;
	} else {
		a_count = out;
		b_count = m_count = in;
	}
	for (int e = 0; e < 5; e++) {
		size_t len = 0;

		off = vox_be32(t + 12 + 4 * e);
		if (off == 0)
			continue;
		if (off < 32 || off >= n)
			return -1;
		switch (e) {
		case 0: /* B curves */
			len = curves_size(t, n, off, b_count);
			break;
		case 1: /* matrix: 3x3 and 3 offsets, s15Fixed16 */
			len = 48;
			break;
		case 2: /* M curves */
			len = curves_size(t, n, off, m_count);
			break;
		case 3: { /* CLUT: 16 grid sizes, precision, 3 reserved, the points */
			uint64_t points = 1;
			unsigned prec;

			if (n - off < 20)
				return -1;
			for (unsigned i = 0; i < in; i++) {
				points *= t[off + i];
				if (points > lim)
					return -1;
			}
			prec = t[off + 16];
			if (prec != 1 && prec != 2)
				return -1;
			points *= (uint64_t)out * prec;
			if (points > lim)
				return -1;
			len = 20 + (size_t)points;
			break;
		}
		case 4: /* A curves */
			len = curves_size(t, n, off, a_count);
			break;
		}
		if (len == 0 || len > n - off)
			return -1;
		for (int j = 0; j < k; j++)
			if (off < sp[j].off + sp[j].len && sp[j].off < off + len)
				return -1;
		sp[k].off = off;
		sp[k].len = len;
		sp[k].curves = e == 0 ? b_count : e == 2 ? m_count : e == 4 ? a_count : 0;
		sp[k].clut = e == 3 ? in : 0;
		k++;
	}
	return k;
}

/* Zeroes the padding of a look-up table copied to t (its header and elements are kept), and
 * inside its elements what is not a number: each curve's reserved bytes, the CLUT's grid
 * sizes past its inputs and the three reserved bytes after its precision. */
static void
lut_zero_padding(uint8_t *t, size_t n)
{
	struct span sp[5];
	int k = lut_spans(t, n, sp);

	t[10] = t[11] = 0;
	if (k < 0)
		return;
	for (size_t i = 32; i < n; i++) {
		int inside = 0;

		for (int j = 0; j < k && !inside; j++)
			inside = i >= sp[j].off && i < sp[j].off + sp[j].len;
		if (!inside)
			t[i] = 0;
	}
	/* Inside a run of curves: each curve's reserved bytes and the padding between them. */
	for (int j = 0; j < k; j++) {
		size_t pos = sp[j].off;

		if (sp[j].clut) {
			memset(t + pos + sp[j].clut, 0, 16 - sp[j].clut);
			memset(t + pos + 17, 0, 3);
			continue;
		}

		for (unsigned c = 0; c < sp[j].curves; c++) {
			size_t len = numeric_size(t + pos, n - pos), pad;

			memset(t + pos + 4, 0, 4);
			if (!memcmp(t + pos, "para", 4))
				t[pos + 10] = t[pos + 11] = 0;
			pos += len;
			pad = c + 1 < sp[j].curves ? (4 - pos % 4) % 4 : 0;
			memset(t + pos, 0, pad);
			pos += pad;
		}
	}
}

/* Zeroes what a kept tag copied to t holds besides its numbers: reserved fields, padding. */
static void
zero_reserved(uint8_t *t, size_t n)
{
	memset(t + 4, 0, 4);
	if (!memcmp(t, "para", 4))
		t[10] = t[11] = 0;
	else if (!memcmp(t, "mft1", 4) || !memcmp(t, "mft2", 4))
		t[11] = 0;
	else if (!memcmp(t, "mAB ", 4) || !memcmp(t, "mBA ", 4))
		lut_zero_padding(t, n);
}

/*
 * The bytes a kept tag of n bytes at t really uses, by its type; 0 when the type is not
 * one of the colour types or the counts it gives do not fit in n.
 */
static size_t
numeric_size(const uint8_t *t, size_t n)
{
	const uint64_t lim = VOX_ICC_MAX_SIZE;

	if (n < 8)
		return 0;
	/* The kept tags of these types hold one XYZNumber, or nine numbers (colour_tags). */
	if (!memcmp(t, "XYZ ", 4))
		return n >= 20 ? 20 : 0;
	if (!memcmp(t, "sf32", 4))
		return n >= 44 ? 44 : 0;
	if (!memcmp(t, "sig ", 4))
		return n >= 12 ? 12 : 0;
	if (!memcmp(t, "meas", 4) || !memcmp(t, "view", 4))
		return n >= 36 ? 36 : 0;
	if (!memcmp(t, "cicp", 4))
		return n >= 12 ? 12 : 0;
	if (!memcmp(t, "curv", 4)) {
		uint64_t need;

		if (n < 12)
			return 0;
		need = 12 + 2 * (uint64_t)vox_be32(t + 8);
		return need <= n ? (size_t)need : 0;
	}
	if (!memcmp(t, "para", 4)) {
		static const unsigned params[] = { 1, 3, 4, 5, 7 };
		unsigned f;

		if (n < 12)
			return 0;
		f = vox_be16(t + 8);
		if (f >= G_N_ELEMENTS(params) || 12 + 4 * (size_t)params[f] > n)
			return 0;
		return 12 + 4 * (size_t)params[f];
	}
	if (!memcmp(t, "chrm", 4)) {
		size_t need;

		if (n < 12)
			return 0;
		need = 12 + 8 * (size_t)vox_be16(t + 8);
		return need <= n ? need : 0;
	}
	if (!memcmp(t, "mft1", 4) || !memcmp(t, "mft2", 4)) {
		int two = t[3] == '2';
		unsigned in, out, grid;
		uint64_t ine = 256, oute = 256, clut, need, w = two ? 2 : 1;

		if (n < (two ? 52u : 48u))
			return 0;
		in = t[8];
		out = t[9];
		grid = t[10];
		if (two) {
			ine = vox_be16(t + 48);
			oute = vox_be16(t + 50);
		}
		clut = bounded_pow(grid, in, lim);
		if ((grid && in && !clut) || clut > lim / (out ? out : 1))
			return 0;
		need = (two ? 52 : 48) + w * (ine * in + clut * out + oute * out);
		return need <= n ? (size_t)need : 0;
	}
	if (!memcmp(t, "mAB ", 4) || !memcmp(t, "mBA ", 4)) {
		struct span sp[5];
		int k = lut_spans(t, n, sp);
		size_t end = 32;

		for (int i = 0; i < k; i++)
			end = MAX(end, sp[i].off + sp[i].len);
		return k < 0 ? 0 : end;
	}
	return 0;
}

/* ---- text ---- */

static void
add_string(GPtrArray *a, GString *s)
{
	if (s->len)
		g_ptr_array_add(a, g_string_free(s, FALSE));
	else
		g_string_free(s, TRUE);
}

static GString *
ascii_string(const uint8_t *p, size_t n)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < n && p[i] && s->len < MAX_STRING; i++)
		g_string_append_c(s, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?');
	return s;
}

/* n bytes of UTF-16BE as UTF-8, unpaired surrogates and controls as '?'. */
static GString *
utf16_string(const uint8_t *p, size_t n)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i + 1 < n && s->len < MAX_STRING; i += 2) {
		gunichar c = vox_be16(p + i);

		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < n) {
			gunichar lo = vox_be16(p + i + 2);

			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if ((c >= 0xd800 && c < 0xe000) || c < 0x20 || (c >= 0x7f && c < 0xa0))
			c = '?';
		g_string_append_unichar(s, c);
	}
	return s;
}

/* Runs of at least four printable ASCII characters, as strings(1) finds them. */
static void
text_runs(GPtrArray *a, const uint8_t *p, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n && a->len < 64; i++) {
		if (i < n && p[i] >= 0x20 && p[i] < 0x7f)
			continue;
		if (i - start >= 4)
			add_string(a, ascii_string(p + start, i - start));
		start = i + 1;
	}
}

/* The length of the string of at most n bytes at p, up to its NUL. */
static size_t
nul_len(const uint8_t *p, size_t n)
{
	const uint8_t *z = memchr(p, 0, n);

	return z ? (size_t)(z - p) : n;
}

/* The length in bytes of the UTF-16 string of at most n bytes at p, up to its NUL. */
static size_t
utf16_len(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i + 1 < n && (p[i] || p[i + 1]))
		i += 2;
	return i;
}

/* A language and country code as ICC.1 writes them: two lowercase letters, then two
 * uppercase letters or two zeros; or all zeros. */
static int
lang_code(const uint8_t *p)
{
	if (!p[0] && !p[1] && !p[2] && !p[3])
		return 1;
	return g_ascii_islower(p[0]) && g_ascii_islower(p[1]) &&
	    ((g_ascii_isupper(p[2]) && g_ascii_isupper(p[3])) || (!p[2] && !p[3]));
}

/* The string of at most n bytes at off in the text tag t, added to a; the bytes up to its
 * NUL are marked as read in used. */
static void
ascii_at(GPtrArray *a, uint8_t *used, const uint8_t *t, size_t off, size_t n)
{
	size_t len = nul_len(t + off, n);

	memset(used + off, 1, len);
	add_string(a, ascii_string(t + off, len));
}

static void
utf16_at(GPtrArray *a, uint8_t *used, const uint8_t *t, size_t off, size_t n)
{
	size_t len = utf16_len(t + off, n);

	memset(used + off, 1, len);
	add_string(a, utf16_string(t + off, len));
}

/*
 * The strings of a dropped tag of n bytes at t, into a. For a text type (text_types), returns
 * how many of its bytes are neither zero nor part of its structure or its strings: bytes
 * after a string's NUL, after the structure, in reserved fields, a language code that is not
 * one, a mluc record past the 256th. A description that reads as a well-known one with such
 * bytes is not neutral: every byte of the tag must be. For other types, the runs of text in
 * it, and 0.
 */
static size_t
tag_strings(GPtrArray *a, const uint8_t *t, size_t n)
{
	uint8_t *used;
	size_t hidden = 0;

	if (!in_list(t, text_types, G_N_ELEMENTS(text_types))) {
		text_runs(a, t + 8, n - 8);
		return 0;
	}
	used = g_malloc0(n);
	memset(used, 1, 4);
	if (!memcmp(t, "text", 4) || !memcmp(t, "utf8", 4) || !memcmp(t, "zut8", 4)) {
		ascii_at(a, used, t, 8, n - 8);
	} else if (!memcmp(t, "ut16", 4)) {
		utf16_at(a, used, t, 8, n - 8);
	} else if (!memcmp(t, "desc", 4)) {
		/* ASCII count and text, then Unicode (language, count of characters, text),
		 * then ScriptCode (code, count, 67 bytes): each part is read while it fits. */
		uint64_t ac, uc, pos;

		if (n < 12)
			goto out;
		memset(used + 8, 1, 4);
		ac = vox_be32(t + 8);
		if (ac > n - 12) {
			text_runs(a, t + 12, n - 12);
			goto out;
		}
		ascii_at(a, used, t, 12, (size_t)ac);
		pos = 12 + ac;
		if (pos + 8 > n)
			goto out;
		if (lang_code(t + pos))
			memset(used + pos, 1, 4);
		memset(used + pos + 4, 1, 4);
		uc = vox_be32(t + pos + 4);
		pos += 8;
		if (uc > (n - pos) / 2) {
			text_runs(a, t + pos, n - pos);
			goto out;
		}
		utf16_at(a, used, t, (size_t)pos, (size_t)uc * 2);
		pos += uc * 2;
		if (pos + 3 <= n) {
			/* A Macintosh script code (0-32) and at most 67 bytes of its text. */
			if (vox_be16(t + pos) <= 32)
				memset(used + pos, 1, 2);
			if (t[pos + 2] <= 67)
				used[pos + 2] = 1;
			ascii_at(a, used, t, (size_t)pos + 3, MIN((size_t)t[pos + 2],
			    (size_t)(n - pos - 3)));
		}
	} else if (!memcmp(t, "mluc", 4)) {
		uint32_t count, rsize;

		if (n < 16)
			goto out;
		count = vox_be32(t + 8);
		rsize = vox_be32(t + 12);
		if (rsize != 12 || count > (n - 16) / rsize) {
			text_runs(a, t + 16, n - 16);
			goto out;
		}
		memset(used + 8, 1, 8);
		/* Every record is read: a description is judged by all its languages. */
		for (uint32_t i = 0; i < count && i < 256; i++) {
			size_t r = 16 + (size_t)i * rsize;
			uint32_t len = vox_be32(t + r + 4), off = vox_be32(t + r + 8);

			if (lang_code(t + r))
				memset(used + r, 1, 4);
			if (off > n || len > n - off)
				continue;
			memset(used + r + 4, 1, 8);
			utf16_at(a, used, t, off, len);
		}
	}
out:
	for (size_t i = 4; i < n; i++)
		hidden += !used[i] && t[i];
	g_free(used);
	return hidden;
}

/* How many bytes of a kept tag of n bytes at t are not zero where only zeros belong: its
 * reserved fields and padding, and after the end (need) of its structure. */
static size_t
hidden_bytes(const uint8_t *t, size_t n, size_t need)
{
	uint8_t *copy = g_memdup2(t, need);
	size_t count = 0;

	zero_reserved(copy, need);
	for (size_t i = 0; i < need; i++)
		count += copy[i] != t[i];
	for (size_t i = need; i < n; i++)
		count += t[i] != 0;
	g_free(copy);
	return count;
}

/* ---- the header ---- */

/* The colour space signatures of ICC.1:2010 table 19. */
static const char colour_spaces[] = "XYZ Lab Luv YCbrYxy RGB GRAYHSV HLS CMYKCMY 2CLR3CLR4CLR"
    "5CLR6CLR7CLR8CLR9CLRACLRBCLRCCLRDCLRECLRFCLR";

/* Whether the header's version, device class, colour space and PCS are ones the ICC
 * defines: each is kept in a clean profile, so none may be free bytes. */
static int
header_valid(const uint8_t *d)
{
	if (d[8] < 2 || d[8] > 5)
		return vox_error(DOMAIN, "profile version %u is not an ICC version", d[8]);
	if (!sig_in(d + 12, "scnrmntrprtrlinkspacabstnmcl"))
		return vox_error(DOMAIN, "unknown profile class 0x%08x", vox_be32(d + 12));
	if (!sig_in(d + 16, colour_spaces))
		return vox_error(DOMAIN, "unknown colour space 0x%08x", vox_be32(d + 16));
	/* A device link's PCS field holds its output colour space. */
	if (!sig_in(d + 20, memcmp(d + 12, "link", 4) ? "XYZ Lab " : colour_spaces))
		return vox_error(DOMAIN, "unknown connection space 0x%08x", vox_be32(d + 20));
	return 0;
}

/*
 * The header of a clean profile (its size still to be set), rebuilt from the fields that say
 * how to read the colours, each as the ICC defines it: the version (its minor and bug-fix
 * digits only as a pair of decimal digits), the device class, colour space and PCS (checked
 * by header_valid()), the two flags and four device attributes the ICC defines, a rendering
 * intent of 0-3, the D50 illuminant the ICC requires, and 'acsp'. Everything else is zero:
 * the CMM, date, platform, device maker and model, creator, profile id (0: "not computed"),
 * the vendors' halves of flags and attributes, and the reserved bytes, so that no byte of the
 * header is free for text.
 */
static void
clean_header(const uint8_t *d, uint8_t *h)
{
	uint32_t intent = vox_be32(d + 64);

	memset(h, 0, HEADER);
	h[8] = d[8];
	if ((d[9] >> 4) <= 9 && (d[9] & 15) <= 9)
		h[9] = d[9];
	memcpy(h + 12, d + 12, 12);
	memcpy(h + 36, "acsp", 4);
	h[47] = d[47] & 3;              /* embedded, cannot be used independently */
	h[63] = d[63] & 15;             /* transparency, matte, negative, black and white */
	set32(h + 64, intent <= 3 ? intent : 0);
	set32(h + 68, 0x0000f6d6);      /* D50 in s15Fixed16: X 0.9642, Y 1.0, Z 0.8249 */
	set32(h + 72, 0x00010000);
	set32(h + 76, 0x0000d32d);
}

/* How many header bytes differ from the clean header where the ICC fixes their value: the
 * version's digits and reserved bytes, its own bits of flags and device attributes, the
 * rendering intent, the illuminant and the reserved bytes at the end. The fields a vendor
 * fills (CMM, platform, maker, model, creator, date, id) are reported on their own. */
static size_t
header_hidden(const uint8_t *d)
{
	static const uint8_t fixed[][2] = { { 9, 12 }, { 46, 48 }, { 60, 80 }, { 100, 128 } };
	uint8_t h[HEADER];
	size_t count = 0;

	clean_header(d, h);
	for (size_t r = 0; r < G_N_ELEMENTS(fixed); r++)
		for (unsigned i = fixed[r][0]; i < fixed[r][1]; i++)
			count += h[i] != d[i];
	return count;
}

/* ---- parsing ---- */

struct entry {
	uint32_t off, size;     /* as the tag table gives them, checked to lie inside */
	size_t need;            /* kept tags: the bytes their structure uses */
	uint32_t new_off;
};

struct parsed {
	const uint8_t *d;
	uint32_t size, count;
	unsigned version;
	struct entry *e;        /* count entries (g_free) */
};

static int
parse(const uint8_t *d, size_t len, struct parsed *p, struct vox_icc_info *info)
{
	memset(p, 0, sizeof *p);
	if (len < HEADER + 4)
		return vox_error(DOMAIN, "profile of %zu bytes is too short", len);
	p->d = d;
	p->size = vox_be32(d);
	if (p->size < HEADER + 4 || p->size > len || p->size > VOX_ICC_MAX_SIZE)
		return vox_error(DOMAIN, "profile size %u does not fit its %zu bytes", p->size,
		    len);
	if (memcmp(d + 36, "acsp", 4) != 0)
		return vox_error(DOMAIN, "no profile signature 'acsp'");
	if (header_valid(d) != 0)
		return -1;
	p->version = d[8];
	p->count = vox_be32(d + HEADER);
	if (p->count > MAX_TAGS || p->count > (p->size - HEADER - 4) / 12)
		return vox_error(DOMAIN, "%u tags do not fit the profile", p->count);
	p->e = g_new0(struct entry, p->count ? p->count : 1);
	for (uint32_t i = 0; i < p->count; i++) {
		const uint8_t *t = d + HEADER + 4 + 12 * (size_t)i;
		struct entry *e = &p->e[i];
		struct vox_icc_tag *tag;
		const struct colour_tag *ct;
		const uint8_t *data;

		e->off = vox_be32(t + 4);
		e->size = vox_be32(t + 8);
		if (e->off > p->size || e->size > p->size - e->off || e->size < 8)
			return vox_error(DOMAIN, "tag '%.4s' lies outside the profile",
			    (const char *)t);
		data = d + e->off;
		ct = colour_tag(t);
		if (ct && allows_type(ct, data)) {
			e->need = numeric_size(data, e->size);
			if (e->need == 0)
				return vox_error(DOMAIN, "colour tag '%.4s' of type '%.4s' cannot "
				    "be read", (const char *)t, (const char *)data);
			if (!values_allowed(t, data))
				e->need = 0;
			for (uint32_t j = 0; j < i && e->need; j++)
				if (p->e[j].need && !memcmp(t, d + HEADER + 4 + 12 * (size_t)j, 4))
					return vox_error(DOMAIN, "tag '%.4s' twice",
					    (const char *)t);
		}
		if (!info)
			continue;
		tag = g_new0(struct vox_icc_tag, 1);
		memcpy(tag->sig, t, 4);
		memcpy(tag->type, data, 4);
		for (int k = 0; k < 4; k++) {
			if (tag->sig[k] < 0x20 || tag->sig[k] > 0x7e)
				tag->sig[k] = '?';
			if (tag->type[k] < 0x20 || tag->type[k] > 0x7e)
				tag->type[k] = '?';
		}
		tag->kept = e->need != 0;
		if (tag->kept)
			tag->hidden = hidden_bytes(data, e->size, e->need);
		tag->strings = g_ptr_array_new_with_free_func(g_free);
		if (!tag->kept) {
			tag->text = in_list(data, text_types, G_N_ELEMENTS(text_types));
			tag->hidden = tag_strings(tag->strings, data, e->size);
			tag->text |= tag->strings->len > 0;
		}
		g_ptr_array_add(info->tags, tag);
	}
	for (uint32_t i = 0; i < p->count; i++)
		if (p->e[i].need)
			return 0;
	return vox_error(DOMAIN, "no colour tags");
}

static void
tag_free(struct vox_icc_tag *t)
{
	if (t->strings)
		g_ptr_array_unref(t->strings);
	g_free(t);
}

int
vox_icc_inspect(const uint8_t *data, size_t len, struct vox_icc_info *info)
{
	struct parsed p;
	int ret;

	memset(info, 0, sizeof *info);
	info->tags = g_ptr_array_new_with_free_func((GDestroyNotify)tag_free);
	ret = parse(data, len, &p, info);
	if (len >= HEADER) {
		info->version = data[8];
		for (int i = 24; i < 36; i++)
			info->dated |= data[i] != 0;
		info->manufacturer = vox_be32(data + 48);
		info->model = vox_be32(data + 52);
		info->creator = vox_be32(data + 80);
		for (int i = 84; i < 100; i++)
			info->has_id |= data[i] != 0;
		info->header_hidden = header_hidden(data);
	}
	g_free(p.e);
	return ret;
}

void
vox_icc_info_release(struct vox_icc_info *info)
{
	if (info->tags)
		g_ptr_array_unref(info->tags);
	info->tags = NULL;
}

char *
vox_icc_sig_text(uint32_t sig)
{
	char s[5] = { (char)(sig >> 24), (char)(sig >> 16), (char)(sig >> 8), (char)sig, 0 };

	for (int i = 0; i < 4; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return g_strdup_printf("0x%08x", sig);
	return g_strdup(s);
}

/* ---- building a clean profile ---- */

static void
pad4(GByteArray *a, guint base)
{
	static const uint8_t zero[4];

	g_byte_array_append(a, zero, (4 - (a->len - base) % 4) % 4);
}

/* A text tag in the type the version uses: v2 textDescriptionType or textType, v4 mluc. */
static void
put_text(GByteArray *a, unsigned version, int desc, const char *s)
{
	static const uint8_t zero[3 + 67];
	uint32_t n = (uint32_t)strlen(s);

	if (version >= 4) {
		g_byte_array_append(a, (const guint8 *)"mluc\0\0\0\0", 8);
		put32(a, 1);
		put32(a, 12);
		g_byte_array_append(a, (const guint8 *)"enUS", 4);
		put32(a, 2 * n);
		put32(a, 28);
		for (uint32_t i = 0; i < n; i++) {
			uint8_t c[2] = { 0, (uint8_t)s[i] };

			g_byte_array_append(a, c, 2);
		}
	} else if (desc) {
		g_byte_array_append(a, (const guint8 *)"desc\0\0\0\0", 8);
		put32(a, n + 1);
		g_byte_array_append(a, (const guint8 *)s, n + 1);
		g_byte_array_append(a, zero, 8);      /* no Unicode description */
		g_byte_array_append(a, zero, 3 + 67); /* no ScriptCode description */
	} else {
		g_byte_array_append(a, (const guint8 *)"text\0\0\0\0", 8);
		g_byte_array_append(a, (const guint8 *)s, n + 1);
	}
}

int
vox_icc_clean(const uint8_t *data, size_t len, GByteArray *out)
{
	struct parsed p;
	guint base = out->len, table;
	uint32_t kept = 0, k = 0;

	if (parse(data, len, &p, NULL) != 0) {
		g_free(p.e);
		return -1;
	}
	for (uint32_t i = 0; i < p.count; i++)
		kept += p.e[i].need != 0;

	/* The header, keeping what says how to read the colours and nothing about who made
	 * the profile, for which device, on which platform, or when. */
	g_byte_array_set_size(out, base + HEADER);
	clean_header(data, out->data + base);
	put32(out, kept + 2);
	table = out->len;
	g_byte_array_set_size(out, table + 12 * (kept + 2));
	memset(out->data + table, 0, 12 * (kept + 2));

	/* Tag data: each kept tag's structure once (tags that shared data still share it),
	 * then the neutral description and copyright, every element on a 4-byte boundary. */
	for (uint32_t i = 0; i < p.count; i++) {
		struct entry *e = &p.e[i];
		uint8_t *row;
		uint32_t j;

		if (!e->need)
			continue;
		for (j = 0; j < i; j++)
			if (p.e[j].need && p.e[j].off == e->off && p.e[j].need == e->need)
				break;
		if (j < i) {
			e->new_off = p.e[j].new_off;
		} else {
			pad4(out, base);
			e->new_off = out->len - base;
			g_byte_array_append(out, data + e->off, (guint)e->need);
			zero_reserved(out->data + out->len - e->need, e->need);
		}
		row = out->data + table + 12 * k++;
		memcpy(row, data + HEADER + 4 + 12 * (size_t)i, 4);
		set32(row + 4, e->new_off);
		set32(row + 8, (uint32_t)e->need);
	}
	for (int t = 0; t < 2; t++) {
		uint32_t off;
		uint8_t *row;

		pad4(out, base);
		off = out->len - base;
		put_text(out, p.version, t == 0, t == 0 ? VOX_ICC_NEUTRAL_NAME : "");
		row = out->data + table + 12 * k++;
		memcpy(row, t == 0 ? "desc" : "cprt", 4);
		set32(row + 4, off);
		set32(row + 8, out->len - base - off);
	}
	pad4(out, base);
	set32(out->data + base, out->len - base);
	g_free(p.e);
	return 0;
}

/* ---- JPEG APP2 chunks ---- */

void
vox_icc_chunks_init(struct vox_icc_chunks *c)
{
	memset(c, 0, sizeof *c);
}

void
vox_icc_chunks_release(struct vox_icc_chunks *c)
{
	for (size_t i = 0; i < G_N_ELEMENTS(c->part); i++)
		if (c->part[i])
			g_byte_array_unref(c->part[i]);
	vox_icc_chunks_init(c);
}

int
vox_icc_is_chunk(const uint8_t *payload, size_t len)
{
	return len >= 14 && memcmp(payload, "ICC_PROFILE", 12) == 0;
}

int
vox_icc_chunks_add(struct vox_icc_chunks *c, const uint8_t *payload, size_t len)
{
	unsigned seq, count;

	if (c->bad || !vox_icc_is_chunk(payload, len))
		return c->bad = 1, -1;
	seq = payload[12];
	count = payload[13];
	/* Numbered from 1, each once, every chunk announcing the same count. */
	if (seq == 0 || count == 0 || seq > count || (c->count && count != c->count) ||
	    c->part[seq])
		return c->bad = 1, -1;
	c->count = count;
	c->part[seq] = g_byte_array_sized_new((guint)(len - 14));
	g_byte_array_append(c->part[seq], payload + 14, (guint)(len - 14));
	c->have++;
	return c->have == c->count ? 1 : 0;
}

GByteArray *
vox_icc_chunks_join(const struct vox_icc_chunks *c)
{
	GByteArray *a;

	if (c->bad || c->count == 0 || c->have != c->count) {
		vox_error(DOMAIN, "the profile's JPEG chunks are incomplete or inconsistent");
		return NULL;
	}
	a = g_byte_array_new();
	for (unsigned i = 1; i <= c->count; i++)
		g_byte_array_append(a, c->part[i]->data, c->part[i]->len);
	return a;
}

int
vox_icc_jpeg_segments(const uint8_t *profile, size_t len, GByteArray *out)
{
	size_t n = (len + VOX_ICC_JPEG_CHUNK - 1) / VOX_ICC_JPEG_CHUNK;

	if (n == 0 || n > 255)
		return vox_error(DOMAIN, "a profile of %zu bytes does not fit in JPEG chunks", len);
	for (size_t i = 0; i < n; i++) {
		size_t take = MIN(len - i * VOX_ICC_JPEG_CHUNK, VOX_ICC_JPEG_CHUNK);
		size_t seglen = 2 + 12 + 2 + take;
		uint8_t h[4] = { 0xff, 0xe2, (uint8_t)(seglen >> 8), (uint8_t)seglen };
		uint8_t num[2] = { (uint8_t)(i + 1), (uint8_t)n };

		g_byte_array_append(out, h, 4);
		g_byte_array_append(out, (const guint8 *)"ICC_PROFILE", 12);
		g_byte_array_append(out, num, 2);
		g_byte_array_append(out, profile + i * VOX_ICC_JPEG_CHUNK, (guint)take);
	}
	return 0;
}

/* ---- PNG iCCP ---- */

int
vox_icc_iccp_read(const uint8_t *body, size_t len, GByteArray *profile, char **name)
{
	const uint8_t *nul = memchr(body, 0, MIN(len, (size_t)80));
	size_t nlen;
	z_stream z;
	uint8_t buf[16384];
	int rc, ret = -1;

	if (name)
		*name = NULL;
	if (!nul || nul == body || (size_t)(nul - body) + 2 > len)
		return vox_error(DOMAIN, "iCCP chunk without a profile name");
	nlen = (size_t)(nul - body);
	if (name)
		*name = g_string_free(ascii_string(body, nlen), FALSE);
	if (body[nlen + 1] != 0)
		return vox_error(DOMAIN, "iCCP chunk with unknown compression %u", body[nlen + 1]);
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return vox_error(DOMAIN, "zlib cannot start");
	z.next_in = (Bytef *)(body + nlen + 2);
	z.avail_in = (uInt)MIN(len - nlen - 2, (size_t)UINT32_MAX);
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			vox_error(DOMAIN, "iCCP profile does not inflate");
			goto out;
		}
		if (profile->len + (sizeof buf - z.avail_out) > VOX_ICC_MAX_SIZE) {
			vox_error(DOMAIN, "iCCP profile larger than %u bytes", VOX_ICC_MAX_SIZE);
			goto out;
		}
		g_byte_array_append(profile, buf, (guint)(sizeof buf - z.avail_out));
		if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
			vox_error(DOMAIN, "iCCP profile is cut short");
			goto out;
		}
	} while (rc != Z_STREAM_END);
	ret = 0;
out:
	inflateEnd(&z);
	return ret;
}

int
vox_icc_iccp_write(const uint8_t *profile, size_t len, GByteArray *out)
{
	uLongf zlen = compressBound((uLong)len);
	guint base = out->len;

	g_byte_array_append(out, (const guint8 *)VOX_ICC_NEUTRAL_NAME, sizeof VOX_ICC_NEUTRAL_NAME);
	g_byte_array_append(out, (const guint8 *)"", 1); /* compression method 0: zlib */
	g_byte_array_set_size(out, out->len + (guint)zlen);
	if (compress2(out->data + out->len - zlen, &zlen, profile, (uLong)len, 9) != Z_OK) {
		g_byte_array_set_size(out, base);
		return vox_error(DOMAIN, "zlib cannot compress the profile");
	}
	g_byte_array_set_size(out, base + (guint)sizeof VOX_ICC_NEUTRAL_NAME + 1 + (guint)zlen);
	return 0;
}
