/*
 * Verifying an open bag per RFC 8493: every file read and hashed, then bagit.txt, every
 * manifest and the Payload-Oxum checked against what was read.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "vox/bag.h"
#include "vox/error.h"
#include "vox/hash.h"
#include "bag_int.h"

enum { H_MD5, H_SHA1, H_SHA256, H_SHA512, H_N };
static const enum vox_hash_type htype[H_N] = {
	VOX_HASH_MD5, VOX_HASH_SHA1, VOX_HASH_SHA256, VOX_HASH_SHA512,
};
static const char *const hname[H_N] = { "md5", "sha1", "sha256", "sha512" };
#define ALL_HASHES ((1u << H_N) - 1)

struct seen {
	int64_t size;
	char *hex[H_N];
	GByteArray *content;  /* bagit.txt, bag-info.txt and manifests */
	int payload;
};

static void
seen_free(struct seen *s)
{
	for (int i = 0; i < H_N; i++)
		g_free(s->hex[i]);
	if (s->content)
		g_byte_array_unref(s->content);
	g_free(s);
}

void
vox_bag_file_free(struct vox_bag_file *f)
{
	if (!f)
		return;
	g_free(f->name);
	g_free(f);
}

static int
alg_index(const char *alg)
{
	for (int i = 0; i < H_N; i++)
		if (strcmp(alg, hname[i]) == 0)
			return i;
	return -1;
}

/* Reads the current entry, computing the hashes in mask; keeps the bytes when asked. */
static int
hash_current(vox_bag_reader *r, unsigned mask, struct seen *s, int keep, guchar *buf)
{
	vox_hash *h[H_N] = { 0 };
	int64_t total = 0;
	int ret = -1;

	for (int i = 0; i < H_N; i++)
		if (mask & (1u << i))
			h[i] = vox_hash_new(htype[i]);
	if (keep && !s->content)
		s->content = g_byte_array_new();
	for (;;) {
		gssize n = vox_bag_read(r, buf, BAG_CHUNK);

		if (n < 0)
			goto out;
		if (n == 0)
			break;
		for (int i = 0; i < H_N; i++)
			if (h[i])
				vox_hash_update(h[i], buf, n);
		total += n;
		if (keep) {
			if (total > VOX_BAG_MAX_TAGFILE) {
				vox_error("bag", "'%s': '%s' is too large for a tag file", r->path,
				    r->name);
				goto out;
			}
			g_byte_array_append(s->content, buf, (guint)n);
		}
	}
	s->size = total;
	for (int i = 0; i < H_N; i++) {
		if (h[i]) {
			g_free(s->hex[i]);
			s->hex[i] = g_strdup(vox_hash_hex(h[i]));
		}
	}
	ret = 0;
out:
	for (int i = 0; i < H_N; i++)
		if (h[i])
			vox_hash_free(h[i]);
	return ret;
}

static int
is_tag_kept(const char *name)
{
	return strcmp(name, "bagit.txt") == 0 || strcmp(name, "bag-info.txt") == 0 ||
	    ((g_str_has_prefix(name, "manifest-") || g_str_has_prefix(name, "tagmanifest-")) &&
	    g_str_has_suffix(name, ".txt") && !strchr(name, '/'));
}

/* One pass over the bag. The first records every file; later ones add hashes. */
static int
verify_pass(vox_bag_reader *r, GHashTable *seen, unsigned payload_mask, int first,
    GPtrArray *problems, guchar *buf)
{
	const char *name;
	int64_t size;
	int rc;

	if (!first && vox_bag_rewind(r) != 0)
		return -1;
	while ((rc = vox_bag_next(r, &name, &size)) == 1) {
		struct seen *s = g_hash_table_lookup(seen, name);
		int payload = g_str_has_prefix(name, "data/");

		if (first && s) {
			g_ptr_array_add(problems, g_strdup_printf("%s: appears twice in the bag",
			    name));
			continue;
		}
		if (first) {
			s = g_new0(struct seen, 1);
			s->payload = payload;
			g_hash_table_insert(seen, g_strdup(name), s);
			if (hash_current(r, payload ? payload_mask : ALL_HASHES, s,
			    !payload && is_tag_kept(name), buf) != 0)
				return -1;
		} else if (payload && s) {
			if (hash_current(r, payload_mask, s, 0, buf) != 0)
				return -1;
		}
	}
	return rc;
}

static void
problem(GPtrArray *problems, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
problem(GPtrArray *problems, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(problems, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static void
check_bagit_txt(struct seen *s, GPtrArray *problems)
{
	GPtrArray *kv;
	const guint8 *d;

	if (!s) {
		problem(problems, "bagit.txt: missing");
		return;
	}
	d = s->content->data;
	if (s->content->len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
		problem(problems, "bagit.txt: starts with a byte order mark");
		return;
	}
	kv = vox_bag_parse_info("bagit.txt", (const char *)d, s->content->len);
	if (!kv) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	if (kv->len != 4 || strcmp(g_ptr_array_index(kv, 0), "BagIt-Version") != 0 ||
	    strcmp(g_ptr_array_index(kv, 2), "Tag-File-Character-Encoding") != 0)
		problem(problems, "bagit.txt: not the two lines BagIt-Version and "
		    "Tag-File-Character-Encoding");
	else if (!g_regex_match_simple("^[0-9]+\\.[0-9]+$", g_ptr_array_index(kv, 1), 0, 0))
		problem(problems, "bagit.txt: BagIt-Version '%s' is not M.N",
		    (char *)g_ptr_array_index(kv, 1));
	g_ptr_array_unref(kv);
}

static void
check_oxum(GHashTable *seen, GPtrArray *problems)
{
	struct seen *s = g_hash_table_lookup(seen, "bag-info.txt");
	GHashTableIter it;
	gpointer k, v;
	int64_t octets = 0, count = 0;
	GPtrArray *kv;

	if (!s)
		return;
	kv = vox_bag_parse_info("bag-info.txt", (const char *)s->content->data, s->content->len);
	if (!kv) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	g_hash_table_iter_init(&it, seen);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct seen *f = v;

		if (f->payload) {
			octets += f->size;
			count++;
		}
	}
	for (guint i = 0; i + 1 < kv->len; i += 2) {
		const char *val = g_ptr_array_index(kv, i + 1);
		gint64 o, c;
		char *end;

		if (g_ascii_strcasecmp(g_ptr_array_index(kv, i), "Payload-Oxum") != 0)
			continue;
		o = g_ascii_strtoll(val, &end, 10);
		if (*end != '.') {
			problem(problems, "bag-info.txt: Payload-Oxum '%s' is not octets.count", val);
			continue;
		}
		c = g_ascii_strtoll(end + 1, &end, 10);
		if (*end || o != octets || c != count)
			problem(problems, "bag-info.txt: Payload-Oxum says %s but the payload is %"
			    G_GINT64_FORMAT ".%" G_GINT64_FORMAT, val, octets, count);
	}
	g_ptr_array_unref(kv);
}

static int
name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *
sorted_keys(GHashTable *t)
{
	GPtrArray *a = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;

	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(a, k);
	g_ptr_array_sort(a, name_cmp);
	return a;
}

/* Checks one manifest's lines against what was read; every payload file must be listed
 * in a payload manifest. */
static void
check_manifest(GHashTable *seen, const char *mname, int alg, int payload, GPtrArray *problems)
{
	struct seen *ms = g_hash_table_lookup(seen, mname);
	GHashTable *m;
	GPtrArray *names;

	m = vox_bag_parse_manifest(mname, (const char *)ms->content->data, ms->content->len,
	    payload ? VOX_PAYLOAD_MANIFEST : VOX_TAG_MANIFEST);
	if (!m) {
		problem(problems, "%s", vox_error_message());
		return;
	}
	names = sorted_keys(m);
	for (guint i = 0; i < names->len; i++) {
		const char *path = g_ptr_array_index(names, i);
		struct seen *f = g_hash_table_lookup(seen, path);

		if (!f)
			problem(problems, "%s: listed in %s but missing", path, mname);
		else if (!f->hex[alg])
			problem(problems, "%s: %s not computed", path, hname[alg]);
		else if (strcmp(f->hex[alg], g_hash_table_lookup(m, path)) != 0)
			problem(problems, "%s: %s does not match %s", path, hname[alg], mname);
	}
	g_ptr_array_unref(names);
	if (payload) {
		names = sorted_keys(seen);
		for (guint i = 0; i < names->len; i++) {
			const char *path = g_ptr_array_index(names, i);
			struct seen *f = g_hash_table_lookup(seen, path);

			if (f->payload && !g_hash_table_contains(m, path))
				problem(problems, "%s: not listed in %s", path, mname);
		}
		g_ptr_array_unref(names);
	}
	g_hash_table_destroy(m);
}

int
vox_bag_verify(vox_bag_reader *r, GPtrArray *problems, GPtrArray *files)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)seen_free);
	guchar *buf = g_malloc(BAG_CHUNK);
	unsigned payload_mask = (1u << H_SHA256) | (1u << H_SHA512), wanted = 0;
	GPtrArray *names = NULL;
	guint before = problems->len;
	int ret = -1, n_payload_manifests = 0;

	if (vox_bag_rewind(r) != 0 || verify_pass(r, seen, payload_mask, 1, problems, buf) != 0)
		goto out;
	names = sorted_keys(seen);
	/* Which algorithms do the payload manifests use? Hash again for any not done. */
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		int tag = g_str_has_prefix(n, "tagmanifest-");
		g_autofree char *alg = NULL;
		int a;

		if (!is_tag_kept(n) || (!tag && !g_str_has_prefix(n, "manifest-")))
			continue;
		alg = g_strndup(n + (tag ? 12 : 9), strlen(n) - (tag ? 12 : 9) - 4);
		a = alg_index(alg);
		if (a < 0) {
			problem(problems, "%s: checksum algorithm '%s' not supported", n, alg);
			continue;
		}
		if (!tag) {
			wanted |= 1u << a;
			n_payload_manifests++;
		}
	}
	if (wanted & ~payload_mask) {
		if (verify_pass(r, seen, wanted & ~payload_mask, 0, problems, buf) != 0)
			goto out;
	}
	check_bagit_txt(g_hash_table_lookup(seen, "bagit.txt"), problems);
	if (n_payload_manifests == 0)
		problem(problems, "manifest-sha512.txt: no payload manifest in the bag");
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		int tag = g_str_has_prefix(n, "tagmanifest-");
		g_autofree char *alg = NULL;
		int a;

		if (!is_tag_kept(n) || (!tag && !g_str_has_prefix(n, "manifest-")))
			continue;
		alg = g_strndup(n + (tag ? 12 : 9), strlen(n) - (tag ? 12 : 9) - 4);
		a = alg_index(alg);
		if (a >= 0)
			check_manifest(seen, n, a, !tag, problems);
	}
	check_oxum(seen, problems);
	ret = problems->len > before ? 1 : 0;
	if (ret == 0 && files) {
		for (guint i = 0; i < names->len; i++) {
			const char *n = g_ptr_array_index(names, i);
			struct seen *s = g_hash_table_lookup(seen, n);
			struct vox_bag_file *f;

			if (!s->payload)
				continue;
			f = g_new0(struct vox_bag_file, 1);
			f->name = g_strdup(n);
			f->size = s->size;
			g_strlcpy(f->sha256, s->hex[H_SHA256], sizeof(f->sha256));
			g_ptr_array_add(files, f);
		}
	}
out:
	if (names)
		g_ptr_array_unref(names);
	g_hash_table_destroy(seen);
	g_free(buf);
	return ret;
}
