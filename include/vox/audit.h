#ifndef VOX_AUDIT_H
#define VOX_AUDIT_H

/*
 * Audit (DESIGN.md privacy rule 4): finds identifying metadata in image files, folders and
 * zip/tar archives, by category.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

enum vox_audit_category {
	VOX_AUDIT_LOCATION = 0,   /* GPS, location names */
	VOX_AUDIT_DEVICE,         /* serial numbers, maker notes, lens and body ids */
	VOX_AUDIT_PEOPLE,         /* owner, artist, copyright, author, faces/regions */
	VOX_AUDIT_DATES,          /* capture and edit dates */
	VOX_AUDIT_THUMBNAILS,     /* embedded thumbnails and previews */
	VOX_AUDIT_HISTORY,        /* edit history, software, XMP/IPTC/Photoshop blocks */
	VOX_AUDIT_COMMENTS,       /* comments, descriptions, text chunks */
	VOX_AUDIT_TRAILING,       /* bytes after the end of the image */
	VOX_AUDIT_N_CATEGORIES
};

/* "location", "device ids", "people and owners", "dates", "thumbnails and previews",
 * "edit history", "comments", "trailing data". */
const char *vox_audit_category_name(enum vox_audit_category c);

struct vox_finding {
	enum vox_audit_category category;
	char *what;  /* "GPS latitude", "EXIF BodySerialNumber", "312 bytes after EOI" */
};

void vox_finding_free(struct vox_finding *f);

/*
 * Audits one image held in memory. Appends struct vox_finding * to findings (an array
 * made with g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free)).
 * Returns the number of findings added (0: clean), or -1 with an error when the data
 * cannot be read as an image at all.
 */
int vox_audit_buffer(const char *name, const uint8_t *data, size_t len, GPtrArray *findings);

#endif
