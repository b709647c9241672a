/*
 * ICC colour profiles: the one parser that scrub (rebuilding) and audit (reporting) share.
 * See include/vox/icc.h for what a clean profile holds and why.
 *
 * Everything is read through a bounds check against the profile's size: a tag table entry
 * is used only when its offset and size lie inside the profile, and a kept tag only when its
 * type's own counts fit inside the tag. Kept tags are copied up to the end of their
 * structure, not to the size the table gives, so bytes hidden after the numbers are left
 * behind.
 */
#include <string.h>

#include <zlib.h>

#include "vox/error.h"
#include "vox/icc.h"

#define DOMAIN "icc"
#define HEADER 128u
#define MAX_TAGS 4096u
#define MAX_STRING 200u

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

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

/* The tags a clean profile keeps: colour data that every colour-managed reader needs. */
static const char *const colour_sigs[] = {
	"A2B0", "A2B1", "A2B2", "B2A0", "B2A1", "B2A2", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC",
	"kTRC", "wtpt", "bkpt", "lumi", "chad", "chrm", "clro", "ciis", "cicp", "gamt",
	"pre0", "pre1", "pre2", "meas", "view", "tech", "rig0", "rig2", "arts",
};

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
 * or -1 when one does not fit. Between and after them there is only padding, which clean
 * profiles hold as zeros, so nothing can be hidden there.
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

		off = be32(t + 12 + 4 * e);
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
		sp[k].off = off;
		sp[k].len = len;
		sp[k].curves = e == 0 ? b_count : e == 2 ? m_count : e == 4 ? a_count : 0;
		k++;
	}
	return k;
}

/* Zeroes the padding of a look-up table copied to t (its header and elements are kept). */
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
 * The bytes a numeric tag of n bytes at t really uses, by its type; 0 when the type is not
 * numeric colour data or the counts it gives do not fit in n.
 */
static size_t
numeric_size(const uint8_t *t, size_t n)
{
	const uint64_t lim = VOX_ICC_MAX_SIZE;

	if (n < 8)
		return 0;
	if (!memcmp(t, "XYZ ", 4))
		return n >= 20 ? 8 + (n - 8) / 12 * 12 : 0;
	if (!memcmp(t, "sf32", 4) || !memcmp(t, "uf32", 4) || !memcmp(t, "ui32", 4))
		return n >= 12 ? 8 + (n - 8) / 4 * 4 : 0;
	if (!memcmp(t, "ui16", 4))
		return 8 + (n - 8) / 2 * 2;
	if (!memcmp(t, "ui08", 4))
		return n;
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
		need = 12 + 2 * (uint64_t)be32(t + 8);
		return need <= n ? (size_t)need : 0;
	}
	if (!memcmp(t, "para", 4)) {
		static const unsigned params[] = { 1, 3, 4, 5, 7 };
		unsigned f;

		if (n < 12)
			return 0;
		f = be16(t + 8);
		if (f >= G_N_ELEMENTS(params) || 12 + 4 * (size_t)params[f] > n)
			return 0;
		return 12 + 4 * (size_t)params[f];
	}
	if (!memcmp(t, "chrm", 4)) {
		size_t need;

		if (n < 12)
			return 0;
		need = 12 + 8 * (size_t)be16(t + 8);
		return need <= n ? need : 0;
	}
	if (!memcmp(t, "clro", 4)) {
		uint64_t need;

		if (n < 12)
			return 0;
		need = 12 + (uint64_t)be32(t + 8);
		return need <= n ? (size_t)need : 0;
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
			ine = be16(t + 48);
			oute = be16(t + 50);
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
		gunichar c = be16(p + i);

		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < n) {
			gunichar lo = be16(p + i + 2);

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

/* The strings of a text tag of n bytes at t, into a (type checked by the caller). */
static void
tag_strings(GPtrArray *a, const uint8_t *t, size_t n)
{
	if (!memcmp(t, "text", 4) || !memcmp(t, "utf8", 4)) {
		add_string(a, ascii_string(t + 8, n - 8));
	} else if (!memcmp(t, "ut16", 4)) {
		add_string(a, utf16_string(t + 8, n - 8));
	} else if (!memcmp(t, "desc", 4)) {
		/* ASCII count and text, then Unicode (language, count of characters, text),
		 * then ScriptCode (code, count, 67 bytes): each part is read while it fits. */
		uint64_t ac, uc, pos;

		if (n < 12)
			return;
		ac = be32(t + 8);
		if (ac > n - 12) {
			text_runs(a, t + 12, n - 12);
			return;
		}
		add_string(a, ascii_string(t + 12, (size_t)ac));
		pos = 12 + ac;
		if (pos + 8 > n)
			return;
		uc = be32(t + pos + 4);
		pos += 8;
		if (uc > (n - pos) / 2) {
			text_runs(a, t + pos, n - pos);
			return;
		}
		add_string(a, utf16_string(t + pos, (size_t)uc * 2));
		pos += uc * 2;
		if (pos + 3 <= n)
			add_string(a, ascii_string(t + pos + 3, MIN((size_t)t[pos + 2],
			    n - pos - 3)));
	} else if (!memcmp(t, "mluc", 4)) {
		uint32_t count, rsize;
		GPtrArray *rest = g_ptr_array_new();

		if (n < 16)
			goto mluc_out;
		count = be32(t + 8);
		rsize = be32(t + 12);
		if (rsize < 12 || count > (n - 16) / rsize) {
			text_runs(a, t + 16, n - 16);
			goto mluc_out;
		}
		for (uint32_t i = 0; i < count && i < 256; i++) {
			const uint8_t *r = t + 16 + (size_t)i * rsize;
			uint32_t len = be32(r + 4), off = be32(r + 8);
			GString *s;

			if (off > n || len > n - off)
				continue;
			s = utf16_string(t + off, len);
			/* The English record first: audit judges a description by it. */
			if (!memcmp(r, "en", 2) && a->len == 0 && s->len)
				add_string(a, s);
			else
				add_string(rest, s);
		}
		for (guint i = 0; i < rest->len; i++)
			g_ptr_array_add(a, rest->pdata[i]);
mluc_out:
		g_ptr_array_unref(rest);
	} else {
		text_runs(a, t + 8, n - 8);
	}
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
	p->size = be32(d);
	if (p->size < HEADER + 4 || p->size > len || p->size > VOX_ICC_MAX_SIZE)
		return vox_error(DOMAIN, "profile size %u does not fit its %zu bytes", p->size,
		    len);
	if (memcmp(d + 36, "acsp", 4) != 0)
		return vox_error(DOMAIN, "no profile signature 'acsp'");
	p->version = d[8];
	p->count = be32(d + HEADER);
	if (p->count > MAX_TAGS || p->count > (p->size - HEADER - 4) / 12)
		return vox_error(DOMAIN, "%u tags do not fit the profile", p->count);
	p->e = g_new0(struct entry, p->count ? p->count : 1);
	for (uint32_t i = 0; i < p->count; i++) {
		const uint8_t *t = d + HEADER + 4 + 12 * (size_t)i;
		struct entry *e = &p->e[i];
		struct vox_icc_tag *tag;
		const uint8_t *data;

		e->off = be32(t + 4);
		e->size = be32(t + 8);
		if (e->off > p->size || e->size > p->size - e->off || e->size < 8)
			return vox_error(DOMAIN, "tag '%.4s' lies outside the profile",
			    (const char *)t);
		data = d + e->off;
		if (in_list(t, colour_sigs, G_N_ELEMENTS(colour_sigs))) {
			e->need = numeric_size(data, e->size);
			if (e->need == 0)
				return vox_error(DOMAIN, "colour tag '%.4s' of type '%.4s' cannot "
				    "be read", (const char *)t, (const char *)data);
			for (uint32_t j = 0; j < i; j++)
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
			tag_strings(tag->strings, data, e->size);
			tag->text = in_list(data, text_types, G_N_ELEMENTS(text_types)) ||
			    tag->strings->len > 0;
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
		info->manufacturer = be32(data + 48);
		info->model = be32(data + 52);
		info->creator = be32(data + 80);
		for (int i = 84; i < 100; i++)
			info->has_id |= data[i] != 0;
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
	uint8_t *h;

	if (parse(data, len, &p, NULL) != 0) {
		g_free(p.e);
		return -1;
	}
	for (uint32_t i = 0; i < p.count; i++)
		kept += p.e[i].need != 0;

	/* The header, keeping what says how to read the colours and nothing about who made
	 * the profile, for which device, on which platform, or when. */
	g_byte_array_append(out, data, HEADER);
	h = out->data + base;
	memset(h + 4, 0, 4);            /* preferred CMM */
	memset(h + 24, 0, 12);          /* creation date and time */
	memset(h + 40, 0, 4);           /* primary platform */
	h[44] = h[45] = h[46] = 0;      /* flags: only embedded and independent are kept */
	h[47] &= 3;
	memset(h + 48, 0, 8);           /* device manufacturer and model */
	memset(h + 56, 0, 4);           /* the vendor's half of the device attributes */
	memset(h + 80, 0, 20);          /* creator; profile id 0 means "not computed" */
	memset(h + 100, 0, 28);         /* reserved */
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
