#ifndef VOX_REVIEW_H
#define VOX_REVIEW_H

/*
 * The participant's own booklet (vox review): every photo of theirs at any consent level
 * (withdrawn ones listed as withdrawn), every word and private field kept about them, the
 * consent of each photo in plain words, and a consent sheet to print and tick. Static,
 * accessible HTML (no JavaScript, relative links, works from a USB stick) that prints one
 * photo per page. Privacy rule 5: this booklet is the only output that shows the
 * participant's name and the original file names.
 *
 * A booklet folder holds:
 *   index.html    the whole booklet: a cover page, one page per photo, the consent sheet
 *   sheet.html    the consent sheet alone, to print again
 *   booklet.css   large text on screen, one photo per page in print
 *   img/REF.jpg   each photo, resized (960 pixels at most), upright, with no metadata
 *   consent.tsv   the current consent of each photo, in the form vox consent --from reads
 *   .vox-booklet  marks the folder as a booklet that a later run may replace
 */

#include <glib.h>

#include "vox/catalog.h"

struct vox_review_options {
	const char *ui_lang; /* the booklet's own words, "en" or "cy"; NULL: the first of the
	                      * collection's interface languages with booklet words */
	int zip;             /* also write the folder as FOLDER.zip beside it */
	int standard;        /* the denser layout for facilitators (vox review --format
	                      * standard); 0 is Easy Read: print text of 16 pt or more, a
	                      * pictogram beside each consent choice, photos on the sheet
	                      * 40 mm wide with 10 mm tick boxes, a cover with the
	                      * participant's name, site and one photo */
	int max_size;        /* longest side of the photos in pixels; 0 means 960 */
	GPtrArray *warnings; /* when not NULL, gets "'REF': left out: why" (newly allocated)
	                      * for each photo whose stored file is missing or does not match
	                      * its name: it is left out of every page of the booklet; and
	                      * "'DIR': not recorded, …" when the collection cannot be written */
	int *n_left_out;     /* when not NULL, counts the photos left out */
};

/*
 * Every photo of participant code, of every consent including withdrawn, in running
 * order, as struct vox_photo * (the array frees them). A withdrawn photo has no caption
 * text and no stored file. NULL with an error for an unknown participant.
 */
GPtrArray *vox_review_photos(vox_catalog *cat, const char *code);

/*
 * Builds the booklet of participant code in folder dir, atomically: it is made in a
 * temporary folder beside dir and renamed into place, replacing an earlier booklet there.
 * An existing dir that is neither empty nor a booklet nobody added to or changed is
 * refused, and so is, with opt->zip, an existing dir.zip that is not a booklet's zip
 * nobody added to or changed (vox_output_file_replaceable()), or either path among the
 * collection's own files; nothing is written then, and the error is of kind VOX_ERR_IO.
 * The booklet is then recorded in the catalog (privacy rule 9; vox/outputs.h).
 * Returns the number of photos in the booklet, or -1 with an error.
 */
int vox_review_build(vox_catalog *cat, const char *code, const char *dir,
    const struct vox_review_options *opt);

/* The pages of a booklet. */
enum vox_review_page {
	VOX_REVIEW_INDEX = 0,  /* index.html: the photos and the consent sheet */
	VOX_REVIEW_SHEET,      /* sheet.html: the consent sheet alone, to print again */
};

/*
 * Writes the booklet's page for code into out without touching any file: for tests and
 * previews. photos as from vox_review_photos(); image names as the booklet uses them.
 */
int vox_review_html(vox_catalog *cat, const char *code, GPtrArray *photos,
    const struct vox_review_options *opt, enum vox_review_page page, GString *out);

#endif
