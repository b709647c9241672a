#ifndef VOX_TODO_H
#define VOX_TODO_H

/*
 * What still needs doing before the next output: for each photo of a selection, what is
 * missing (consent still private, people unknown, no alt text, no title or story, no theme),
 * and every recorded output that is stale (vox_catalog_outputs()). Each thing comes with the
 * command that fixes it. Photos are in the catalog's order (pair, site, participant,
 * running number), so the list reads by participant and session.
 */

#include <glib.h>

#include "vox/catalog.h"

enum vox_todo_kind {
	VOX_TODO_PRIVATE = 0,   /* consent still private: shown to nobody */
	VOX_TODO_PEOPLE,        /* people unknown: never in a report or public output */
	VOX_TODO_ALT,           /* no alt text: a screen reader says nothing of it */
	VOX_TODO_CAPTION,       /* no title, story or prompt answer */
	VOX_TODO_THEME,         /* no theme: on no theme page */
	VOX_TODO_STALE,         /* an output holds what it should no longer hold */
};

/* "private", "people", "alt", "caption", "theme", "stale": a word for scripts. */
const char *vox_todo_kind_name(enum vox_todo_kind k);

struct vox_todo {
	enum vox_todo_kind kind;
	char *participant;   /* the photo's participant code; NULL for an output */
	char *session;       /* the photo's session, or NULL */
	char *ref;           /* the photo's ref; NULL for an output */
	char *sha256;        /* the photo's id; NULL for an output */
	char *output;        /* a stale output: "gallery /media/usb/cornwall"; else NULL */
	char *what;          /* "no alt text", "stale: P07-03 withdrawn" */
	char *fix;           /* the command that fixes it: "vox caption P07-03 --alt '...'" */
};
void vox_todo_free(struct vox_todo *t);

/*
 * Everything to do for the photos filter selects (NULL: all; withdrawn photos are never
 * in it) and, when outputs is set, for the recorded outputs. Returns an array of struct
 * vox_todo * that frees them, or NULL with an error (an unknown name in the filter: not
 * found, with a suggestion).
 */
GPtrArray *vox_todo_list(vox_catalog *cat, const struct vox_filter *filter, int outputs);

#endif
