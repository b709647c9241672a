/*
 * Adopting lost+found/: what vox check --repair moved out of the store comes back as
 * photos, each scrubbed and audited again first (privacy rule 10).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "vox/adopt.h"
#include "vox/audit.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/scrub.h"
#include "vox/store.h"

struct adopt {
	vox_catalog *cat;
	const char *dir;      /* the collection */
	enum vox_dry_run dry_run;
	int refused;
	GPtrArray *findings;
};

static void
say(struct adopt *a, const char *path, int done, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
say(struct adopt *a, const char *path, int done, const char *fmt, ...)
{
	struct vox_check_finding *f = g_new0(struct vox_check_finding, 1);
	va_list ap;

	f->path = g_strdup(path + strlen(a->dir) + 1);
	va_start(ap, fmt);
	f->problem = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f->repairable = 1;
	f->repaired = done;
	if (!done)
		a->refused++;
	g_ptr_array_add(a->findings, f);
}

/* Removes a file of lost+found/ whose bytes are now safe in the store. */
static int
forget(const char *path)
{
	char *folder;

	if (unlink(path) != 0 && errno != ENOENT)
		return vox_error_system("adopt", "'%s'", path);
	folder = g_path_get_dirname(path);
	if (vox_fsync_dir(folder) != 0)
		vox_error_clear(); /* removed all the same; durability is best effort */
	g_free(folder);
	return 0;
}

/* Whether the stored file at path holds exactly the bytes named sha256. */
static int
stored_whole(const char *path, const char *sha256)
{
	gchar *data = NULL;
	gsize len;
	char hex[VOX_SHA256_HEX];

	if (!g_file_get_contents(path, &data, &len, NULL))
		return 0;
	vox_sha256_hex(data, len, hex);
	g_free(data);
	return strcmp(hex, sha256) == 0;
}

/* Bytes of a photo the catalog lists: back into the store, or a duplicate. 0, or -1 with
 * an error when the collection cannot be written. */
static int
restore(struct adopt *a, const char *path, const struct vox_photo *p, const gchar *data,
    gsize len)
{
	int ret;

	if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
		say(a, path, 0, "holds the bytes of %s, withdrawn: vox check --repair purges it",
		    p->ref);
		return 0;
	}
	if (stored_whole(p->path, p->sha256)) {
		if (!a->dry_run && forget(path) != 0)
			return -1;
		say(a, path, 1, "%s a copy of %s, which is whole in the store",
		    a->dry_run ? "would remove" : "removed", p->ref);
		return 0;
	}
	if (a->dry_run) {
		say(a, path, 1, "would restore the stored file of %s", p->ref);
		return 0;
	}
	/* Shared, as every writer of the store: vox check --repair is not looking meanwhile. */
	if (vox_catalog_store_lock(a->cat, VOX_LOCK_SHARED) != 0)
		return -1;
	ret = vox_store_put(a->dir, p->sha256, p->ext, data, len);
	vox_catalog_store_unlock(a->cat);
	if (ret != 0 || forget(path) != 0)
		return -1;
	say(a, path, 1, "restored the stored file of %s", p->ref);
	return 0;
}

/* Anything else: scrubbed, audited and added as a private photo of nobody known. */
static int
adopt_new(struct adopt *a, const char *path, const char *name, const gchar *data,
    gsize len)
{
	GByteArray *out = g_byte_array_new();
	GPtrArray *audit = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	struct vox_scrub_info info = { 0 };
	struct vox_photo *p = NULL;
	int existed = 0, n, ret = -1;

	if (vox_scrub_buffer(name, (const uint8_t *)data, len, out, &info) != 0) {
		say(a, path, 0, "not a photo photovox accepts, left where it is: %s",
		    vox_error_message());
		vox_error_clear();
		ret = 0;
		goto out;
	}
	/* A voice story belongs to a photo, which a file alone cannot say. */
	if (vox_format_is_audio(info.format)) {
		say(a, path, 0, "a voice story, whose photo cannot be told: left where it is "
		    "(vox caption ID --audio FILE gives it back to its photo)");
		ret = 0;
		goto out;
	}
	/* Privacy rule 4 on what enters the store, whatever the scrubber let through. */
	n = vox_audit_buffer(name, out->data, out->len, audit);
	if (n != 0) {
		say(a, path, 0, "still holds identifying metadata once scrubbed, left where it "
		    "is%s%s", n < 0 ? ": " : "", n < 0 ? vox_error_message() : "");
		vox_error_clear();
		ret = 0;
		goto out;
	}
	p = vox_photo_new();
	p->participant = g_strdup(VOX_ADOPT_PARTICIPANT);
	p->ext = g_strdup(vox_format_ext(info.format));
	p->source_name = g_strdup(name);
	p->orientation = info.orientation >= 1 && info.orientation <= 8 ? info.orientation : 1;
	p->width = p->orientation >= 5 ? info.height : info.width;
	p->height = p->orientation >= 5 ? info.width : info.height;
	if (a->dry_run) {
		vox_sha256_hex(out->data, out->len, p->sha256);
		n = vox_catalog_knows_bytes(a->cat, p->sha256);
		if (n < 0)
			goto out;
		if (n > 0)
			say(a, path, 0, "its scrubbed bytes are already known to the catalog");
		else
			say(a, path, 1, "would adopt as a private photo of participant %s",
			    VOX_ADOPT_PARTICIPANT);
		ret = 0;
		goto out;
	}
	if (vox_catalog_add_photo(a->cat, out->data, out->len, p, VOX_KEEP_REF, &existed) != 0) {
		/* Refused (withdrawn bytes): the file stays; anything else is the collection's. */
		if (vox_catalog_is_tombstoned(a->cat, p->sha256) != 1)
			goto out;
		say(a, path, 0, "%s", vox_error_message());
		vox_error_clear();
		ret = 0;
		goto out;
	}
	if (forget(path) != 0)
		goto out;
	if (existed)
		say(a, path, 1, "removed: once scrubbed, the same bytes as %s", p->ref);
	else
		say(a, path, 1, "adopted as %s, private", p->ref);
	ret = 0;
out:
	vox_photo_free(p);
	g_byte_array_unref(out);
	g_ptr_array_unref(audit);
	return ret;
}

static int
adopt_file(struct adopt *a, const char *path, const char *name)
{
	gchar *data = NULL;
	gsize len;
	char hex[VOX_SHA256_HEX];
	struct vox_photo *p;
	int t, ret = -1;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return vox_error_system("adopt", "'%s'", path);
	vox_sha256_hex(data, len, hex);
	t = vox_catalog_is_tombstoned(a->cat, hex);
	if (t < 0)
		goto out;
	if (t > 0) {
		say(a, path, 0, "holds the bytes of a withdrawn photo: vox check --repair "
		    "purges it");
		ret = 0;
		goto out;
	}
	p = vox_catalog_photo(a->cat, hex);
	if (p) {
		ret = restore(a, path, p, data, len);
		vox_photo_free(p);
		goto out;
	}
	vox_error_clear();
	ret = adopt_new(a, path, name, data, len);
out:
	g_free(data);
	return ret;
}

static int
walk(struct adopt *a, const char *dir, int depth)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names;
	int ret = 0;

	if (!d)
		return errno == ENOENT ? 0 : vox_error_system("adopt", "'%s'", dir);
	/* Sorted, so refs are given in the same order whatever the file system. */
	names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(d));)
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	for (guint i = 0; i < names->len && ret == 0; i++) {
		const char *name = *(const char **)&names->pdata[i];
		char *path = g_build_filename(dir, name, NULL);
		struct stat sb;

		if (lstat(path, &sb) != 0)
			ret = vox_error_system("adopt", "'%s'", path);
		else if (S_ISDIR(sb.st_mode) && depth < 32)
			ret = walk(a, path, depth + 1);
		else if (S_ISREG(sb.st_mode))
			ret = adopt_file(a, path, name);
		else
			say(a, path, 0, "not a regular file, left where it is");
		g_free(path);
	}
	g_ptr_array_unref(names);
	return ret;
}

int
vox_adopt_lost(vox_catalog *cat, enum vox_dry_run dry_run, GPtrArray *findings)
{
	struct adopt a = {
		.cat = cat, .dir = vox_catalog_dir(cat), .dry_run = dry_run,
		.findings = findings,
	};
	char *lost = g_build_filename(a.dir, VOX_LOST_FOUND, NULL);
	int ret = walk(&a, lost, 0);

	g_free(lost);
	return ret == 0 ? a.refused : -1;
}
