#ifndef VOX_OUTPUTS_H
#define VOX_OUTPUTS_H

/*
 * Rebuilding the outputs the catalog records (privacy rule 9; the records and their state
 * are vox_catalog_outputs() in vox/catalog.h). Each builder records what it built with
 * the options that rebuild it, a JSON object written by the helpers below:
 *   gallery  {"pair", "site", "theme", "participant", "session" (absent: no filter),
 *             "strict", "lang"}
 *   booklet  {"participant", "ui_lang", "zip", "max_size"}
 *   archive  the gallery's filters and {"format", "top", "with_gallery", "with_report"}
 *   report   the gallery's filters and {"people", "untagged", "uncaptioned", "no_alt",
 *            "lang"}
 * Names only (slugs, codes, a language, a format): never caption text or a person's name.
 */

#include <glib.h>

#include "vox/catalog.h"
#include "vox/json.h"

/* Writes the filter's names (those set) as members of j's open object. */
void vox_output_json_filter(struct vox_json *j, const struct vox_filter *f);

/*
 * Rebuilds output o in place with its recorded options, by the functions the tools call
 * (vox_gallery_build_catalog(), vox_review_build(), vox_archive_write(),
 * vox_report_build()), which record it
 * again. Appends the build's warnings to warnings (newly allocated strings; NULL: dropped)
 * and sets *n_left_out (when not NULL) to the number of photos left out because their
 * stored file is missing or does not match its name, as the tools count them for their exit
 * status. Returns the number of photos it now holds, or -1 with an error (a record whose
 * options cannot be read, a build that failed).
 */
int vox_output_rebuild(vox_catalog *cat, const struct vox_output *o, int *n_left_out,
    GPtrArray *warnings);

#endif
