#ifndef VOX_BAG_INT_H
#define VOX_BAG_INT_H

/*
 * What the bag's source files share and nothing else sees: bag.c (names and formats),
 * bag_write.c, bag_read.c, bag_tagfile.c (parsing bagit.txt, bag-info.txt and manifests)
 * and bag_verify.c.
 */

#include <locale.h>
#include <stdint.h>

#include <archive.h>
#include <glib.h>

#include "vox/bag.h"

/* Bytes read or written at a time. */
#define BAG_CHUNK (256 * 1024)

/*
 * A C.UTF-8 locale for libarchive's name conversions (LC_GLOBAL_LOCALE when the system has
 * none); made once, never freed.
 */
locale_t bag_utf8_locale(void);

/* Relative, no empty/"."/".." component, no backslash, no control character. */
int bag_path_shape_ok(const char *name);

struct vox_bag_reader {
	char *path;
	int is_dir;
	struct archive *a;
	char *top;          /* an archive's first entry's folder, or the folder's name */
	guint count;
	int64_t total;
	/* the current entry */
	char *name;
	int64_t cur_read;
	int failed;
	/* folders */
	GPtrArray *files;   /* relative paths, sorted */
	guint idx;
	int fd;
};

#endif
