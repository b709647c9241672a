#ifndef VOX_PICTOGRAM_H
#define VOX_PICTOGRAM_H

/*
 * The pictograms of the consent choices, drawn for the project once and used wherever a
 * choice is shown: the participant's booklet and consent sheet, and the gallery's statement
 * of who may see it. Simple black line drawings on a 48-unit square, always beside their
 * words (never instead of them), so hidden from screen readers.
 */

#include <glib.h>

#include "vox/consent.h"

enum vox_pict {
	VOX_PICT_ME,         /* only me: one person */
	VOX_PICT_GROUP,      /* the workshop group: three people */
	VOX_PICT_REPORT,     /* reports: a page of writing */
	VOX_PICT_EVERYONE,   /* everyone: the world */
	VOX_PICT_WITHDRAW,   /* take it back: a bin */
	VOX_PICT_PEOPLE_YES, /* the people in the photo said yes: a person and a tick */
};

/* Appends the pictogram as inline <svg class="pict pict-N" aria-hidden="true">. */
void vox_pict(GString *out, enum vox_pict which);

/* The pictogram of a consent choice (private: only me; withdrawn: the bin). */
enum vox_pict vox_pict_audience(enum vox_audience a);

#endif
