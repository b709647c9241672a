/*
 * Adopting lost+found/: what vox check --repair moved out of the store comes back as
 * photos, each scrubbed and audited again first (privacy rule 10).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "vox/adopt.h"
#include "vox/audit.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/ingest.h"
#include "vox/scrub.h"
#include "vox/store.h"

struct adopt {
	vox_catalog *cat;
	const char *dir;      /* the collection */
	enum vox_dry_run dry_run;
	int refused;
	GPtrArray *findings;
};

/* One file of lost+found/: its folder (opened without following links), its name there,
 * and its path relative to the collection, for messages. */
struct lost_file {
	int dirfd;
	const char *name;
	const char *rel;
	int fd;         /* the file, open for reading */
	gint64 size;
};

static void
say(struct adopt *a, const char *rel, int done, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
say(struct adopt *a, const char *rel, int done, const char *fmt, ...)
{
	struct vox_check_finding *f = g_new0(struct vox_check_finding, 1);
	va_list ap;

	f->path = g_strdup(rel);
	va_start(ap, fmt);
	f->problem = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f->repairable = 1;
	f->repaired = done;
	if (!done)
		a->refused++;
	g_ptr_array_add(a->findings, f);
}

/* Removes a file of lost+found/ whose bytes are now safe in the store; its folder was
 * opened without following a link, so nothing outside the collection is removed. */
static int
forget(const struct lost_file *l)
{
	if (unlinkat(l->dirfd, l->name, 0) != 0 && errno != ENOENT)
		return vox_error_system("adopt", "'%s'", l->rel);
	fsync(l->dirfd); /* removed all the same; durability is best effort */
	return 0;
}

/* The SHA-256 of the open file, read from its start as it streams. 0 or -1. */
static int
hash_fd(const struct lost_file *l, char hex[VOX_SHA256_HEX])
{
	vox_hash *sum = vox_hash_new(VOX_HASH_SHA256);
	guint8 buf[65536];
	off_t at = 0;
	ssize_t n;

	while ((n = pread(l->fd, buf, sizeof(buf), at)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vox_hash_free(sum);
			return vox_error_system("adopt", "'%s'", l->rel);
		}
		vox_hash_update(sum, buf, (size_t)n);
		at += n;
	}
	g_strlcpy(hex, vox_hash_hex(sum), VOX_SHA256_HEX);
	vox_hash_free(sum);
	return 0;
}

/* Copies the open file into a new file of store/tmp/. 0 or -1. */
static int
copy_to_tmp(struct adopt *a, const struct lost_file *l, struct vox_store_tmp *tmp)
{
	guint8 buf[65536];
	off_t at = 0;
	ssize_t n;

	if (vox_store_tmp_open(a->dir, tmp) != 0)
		return -1;
	while ((n = pread(l->fd, buf, sizeof(buf), at)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || vox_write_all(tmp->fd, buf, (size_t)n) != 0) {
			vox_error_system("adopt", "'%s'", n < 0 ? l->rel : tmp->path);
			vox_store_tmp_discard(tmp);
			return -1;
		}
		at += n;
	}
	return 0;
}

/* Bytes of a photo the catalog lists: back into the store, or a duplicate. 0, or -1 with
 * an error when the collection cannot be written. */
static int
restore(struct adopt *a, const struct lost_file *l, const struct vox_photo *p)
{
	struct vox_store_tmp tmp = { .fd = -1 };
	int ret;

	if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
		say(a, l->rel, 0, "holds the bytes of %s, withdrawn: vox check --repair purges "
		    "it", p->ref);
		return 0;
	}
	if (vox_store_verify(p->path, p->sha256) == 0) {
		if (!a->dry_run && forget(l) != 0)
			return -1;
		say(a, l->rel, 1, "%s a copy of %s, which is whole in the store",
		    a->dry_run ? "would remove" : "removed", p->ref);
		return 0;
	}
	vox_error_clear();
	if (a->dry_run) {
		say(a, l->rel, 1, "would restore the stored file of %s", p->ref);
		return 0;
	}
	/* Shared, as every writer of the store: vox check --repair is not looking meanwhile. */
	if (vox_catalog_store_lock(a->cat, VOX_LOCK_SHARED) != 0)
		return -1;
	ret = copy_to_tmp(a, l, &tmp);
	if (ret == 0)
		ret = vox_store_tmp_commit(a->dir, &tmp, p->sha256, p->ext);
	vox_catalog_store_unlock(a->cat);
	if (ret != 0 || forget(l) != 0)
		return -1;
	say(a, l->rel, 1, "restored the stored file of %s", p->ref);
	return 0;
}

/* Whether the scrubbed photo in tmp audits clean: 0 clean, else the findings' count, or
 * -1 with an error. */
static int
audit_tmp(const struct vox_store_tmp *tmp, const char *name)
{
	GPtrArray *audit = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	GMappedFile *map = g_mapped_file_new(tmp->path, FALSE, NULL);
	int n = -1;

	/* Mapped, as ingest audits what it scrubs: never held whole in memory. */
	if (!map)
		vox_error_system("adopt", "'%s'", tmp->path);
	else if (g_mapped_file_get_length(map) == 0)
		n = vox_error("adopt", "'%s': scrubbed to nothing", name);
	else
		n = vox_audit_buffer(name, (const uint8_t *)g_mapped_file_get_contents(map),
		    g_mapped_file_get_length(map), audit);
	if (map)
		g_mapped_file_unref(map);
	g_ptr_array_unref(audit);
	return n;
}

/* Anything else: scrubbed as ingest scrubs (streamed into store/tmp/), audited and added
 * as a private photo of nobody known. */
static int
adopt_new(struct adopt *a, const struct lost_file *l)
{
	struct vox_store_tmp tmp = { .fd = -1 };
	struct vox_scrub_info info = { 0 };
	struct vox_photo *p = NULL;
	guint8 head[16];
	ssize_t got = pread(l->fd, head, sizeof(head), 0);
	char sha[VOX_SHA256_HEX];
	int existed = 0, n, locked = 0, ret = -1;

	/* A voice story belongs to a photo, which a file alone cannot say. */
	if (got > 0 && vox_format_is_audio(vox_scrub_detect(head, (size_t)got))) {
		say(a, l->rel, 0, "a voice story, whose photo cannot be told: left where it is "
		    "(vox caption ID --audio FILE gives it back to its photo)");
		return 0;
	}
	/* Shared, as ingest holds it while it writes into store/tmp/: vox check --repair does
	 * not take the file for a leftover meanwhile. */
	if (vox_catalog_store_lock(a->cat, VOX_LOCK_SHARED) != 0)
		return -1;
	locked = 1;
	if (vox_store_tmp_open(a->dir, &tmp) != 0)
		goto out;
	if (vox_scrub_to_fd(l->name, l->fd, NULL, 0, tmp.fd, sha, &info) != 0) {
		if (g_strcmp0(vox_error_domain(), "io") == 0)
			goto out;
		say(a, l->rel, 0, "not a photo photovox accepts, left where it is: %s",
		    vox_error_message());
		vox_error_clear();
		ret = 0;
		goto out;
	}
	if (vox_format_is_audio(info.format)) {
		say(a, l->rel, 0, "a voice story, whose photo cannot be told: left where it is "
		    "(vox caption ID --audio FILE gives it back to its photo)");
		ret = 0;
		goto out;
	}
	/* Privacy rule 4 on what enters the store, whatever the scrubber let through. */
	n = audit_tmp(&tmp, l->name);
	if (n != 0) {
		say(a, l->rel, 0, "still holds identifying metadata once scrubbed, left where it "
		    "is%s%s", n < 0 ? ": " : "", n < 0 ? vox_error_message() : "");
		vox_error_clear();
		ret = 0;
		goto out;
	}
	p = vox_photo_new();
	p->participant = g_strdup(VOX_ADOPT_PARTICIPANT);
	p->ext = g_strdup(vox_format_ext(info.format));
	p->source_name = g_strdup(l->name);
	p->orientation = info.orientation >= 1 && info.orientation <= 8 ? info.orientation : 1;
	p->width = p->orientation >= 5 ? info.height : info.width;
	p->height = p->orientation >= 5 ? info.width : info.height;
	g_strlcpy(p->sha256, sha, sizeof(p->sha256));
	if (a->dry_run) {
		n = vox_catalog_knows_bytes(a->cat, p->sha256);
		if (n < 0)
			goto out;
		if (n > 0)
			say(a, l->rel, 0, "its scrubbed bytes are already known to the catalog");
		else
			say(a, l->rel, 1, "would adopt as a private photo of participant %s",
			    VOX_ADOPT_PARTICIPANT);
		ret = 0;
		goto out;
	}
	if (vox_catalog_add_tmp(a->cat, &tmp, p, VOX_KEEP_REF, &existed) != 0) {
		/* Refused (withdrawn bytes): the file stays; anything else is the collection's. */
		if (vox_catalog_is_tombstoned(a->cat, p->sha256) != 1)
			goto out;
		say(a, l->rel, 0, "%s", vox_error_message());
		vox_error_clear();
		ret = 0;
		goto out;
	}
	if (forget(l) != 0)
		goto out;
	if (existed)
		say(a, l->rel, 1, "removed: once scrubbed, the same bytes as %s", p->ref);
	else
		say(a, l->rel, 1, "adopted as %s, private", p->ref);
	ret = 0;
out:
	vox_store_tmp_discard(&tmp);
	if (locked)
		vox_catalog_store_unlock(a->cat);
	vox_photo_free(p);
	return ret;
}

/* Whether name starts with the hash of a withdrawn photo: 1, 0, or -1 with an error. */
static int
withdrawn_name(struct adopt *a, const char *name)
{
	char hash[65];

	if (strlen(name) < 64)
		return 0;
	memcpy(hash, name, 64);
	hash[64] = 0;
	return vox_sha256_hex_valid(hash) ? vox_catalog_is_tombstoned(a->cat, hash) : 0;
}

/* The collection id of a store moved into lost+found/ with it (vox/catalog.h). */
static int
store_id_file(const struct lost_file *l)
{
	char buf[64];
	ssize_t n;

	if (strcmp(l->name, VOX_STORE_ID) != 0 || l->size >= (gint64)sizeof(buf))
		return 0;
	n = pread(l->fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	g_strchomp(buf);
	return g_uuid_string_is_valid(buf);
}

static int
adopt_file(struct adopt *a, struct lost_file *l)
{
	char hex[VOX_SHA256_HEX];
	struct vox_photo *p;
	int t;

	/* What ingest takes in, and no more: nothing is read whole into memory, and a file
	 * larger than any photo is not read at all. */
	if (l->size > VOX_MAX_PHOTO_BYTES) {
		say(a, l->rel, 0, "larger than %d MB, more than any photo photovox takes in: "
		    "left where it is", (int)(VOX_MAX_PHOTO_BYTES >> 20));
		return 0;
	}
	if (store_id_file(l)) {
		if (!a->dry_run && forget(l) != 0)
			return -1;
		say(a, l->rel, 1, "%s: the collection id of a store moved here, not a photo",
		    a->dry_run ? "would remove" : "removed");
		return 0;
	}
	if (hash_fd(l, hex) != 0)
		return -1;
	t = vox_catalog_is_tombstoned(a->cat, hex);
	if (t < 0)
		return -1;
	if (t > 0) {
		say(a, l->rel, 0, "holds the bytes of a withdrawn photo: vox check --repair "
		    "purges it");
		return 0;
	}
	p = vox_catalog_photo(a->cat, hex);
	if (p) {
		int ret = restore(a, l, p);

		vox_photo_free(p);
		return ret;
	}
	vox_error_clear();
	/* Named after a withdrawn photo, with other bytes: it may be a copy of that photo
	 * (resized, converted), which must not come back; a person looks at it. */
	t = withdrawn_name(a, l->name);
	if (t < 0)
		return -1;
	if (t > 0) {
		say(a, l->rel, 0, "named after a withdrawn photo, with other bytes: left where it "
		    "is (look at it; rename it to adopt it, or remove it)");
		return 0;
	}
	return adopt_new(a, l);
}

/* The folder fd (rel from the collection), its entries in order; each opened from fd
 * without following a link. */
static int
walk(struct adopt *a, int fd, const char *rel, int depth)
{
	int dup_fd = dup(fd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	GPtrArray *names;
	int ret = 0;

	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return vox_error_system("adopt", "'%s'", rel);
	}
	/* Sorted, so refs are given in the same order whatever the file system. */
	names = g_ptr_array_new_with_free_func(g_free);
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			g_ptr_array_add(names, g_strdup(e->d_name));
	closedir(d);
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	for (guint i = 0; i < names->len && ret == 0; i++) {
		const char *name = *(const char **)&names->pdata[i];
		char *path = g_build_filename(rel, name, NULL);
		struct stat sb;

		if (fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			ret = errno == ENOENT ? 0 : vox_error_system("adopt", "'%s'", path);
		} else if (S_ISDIR(sb.st_mode) && depth < 32) {
			int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			ret = sub < 0 ? vox_error_system("adopt", "'%s'", path) :
			    walk(a, sub, path, depth + 1);
			if (sub >= 0)
				close(sub);
		} else if (S_ISREG(sb.st_mode)) {
			struct lost_file l = {
				.dirfd = fd, .name = name, .rel = path,
				.fd = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
				    O_CLOEXEC),
			};

			/* The file opened is the one looked at: a regular file, not a link. */
			if (l.fd < 0 || fstat(l.fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
				say(a, path, 0, "not a regular file, left where it is");
			} else {
				l.size = sb.st_size;
				ret = adopt_file(a, &l);
			}
			if (l.fd >= 0)
				close(l.fd);
		} else {
			say(a, path, 0, "not a regular file, left where it is");
		}
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
	int fd, ret;
	struct stat sb;
	char *lost = g_build_filename(a.dir, VOX_LOST_FOUND, NULL);
	int missing = lstat(lost, &sb) != 0 && errno == ENOENT;

	g_free(lost);
	if (missing)
		return 0;
	/* Opened from the collection without following a link: a lost+found/ that is a link
	 * is refused, never walked (its files are not the collection's to remove). */
	if ((fd = vox_catalog_open_folder(cat, VOX_LOST_FOUND, 0)) < 0)
		return -1;
	ret = walk(&a, fd, VOX_LOST_FOUND, 0);
	close(fd);
	return ret == 0 ? a.refused : -1;
}
