#ifndef VOX_REPORT_H
#define VOX_REPORT_H

/*
 * The evaluator's report (vox report): one accessible static page, index.html (its CSS
 * inside it, no JavaScript, nothing fetched from elsewhere), readable on screen and
 * printed to PDF, with the scaled copies of its photos in img/ and its figures in
 * figures.json. It holds:
 * - figures: pairs, sites by setting, participants, workshop days, photos, captions and
 *   consent levels; theme by setting and theme by site; each pair's sites side by side.
 *   Every number comes from vox_stats_count() over vox_stats_select() for the report's
 *   selection (its filter with its audience), so it equals vox stats --json with the same
 *   options; figures.json holds those rows as vox stats --json prints them, and every
 *   number in the page carries data-by, data-k0, data-k1 and data-col naming its row;
 * - a bar chart (inline SVG, role="img", a title and a description, each bar labelled
 *   with its number) beside the table of the same numbers, with a sentence saying what it
 *   shows;
 * - stories: for each theme, the photos vox_consent_allows() for the audience, as scaled
 *   copies (vox_derive_run()), with their title and story quoted and their ref; never a
 *   participant's name or a source file name;
 * - consent over time: photos whose consent was given, changed or withdrawn, per month,
 *   from the catalog's events (counts only);
 * - a method note: photos by category of identifying metadata removed at ingest, the
 *   photos redacted and converted, and the photos left out and why (counts only).
 * The interface words come from vox/ui.h in the collection's language.
 */

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"

struct vox_report_opts {
	enum vox_audience audience;   /* group, report or public */
	int allow_sensitive_public;   /* the explicit override of vox_consent_allows() */
	const char *lang;             /* interface language ("en", "cy"); NULL: the collection's
	                              * first interface language (vox_catalog_ui_langs()) */
	int unrecorded;               /* a step inside another output (an archive's report):
	                               * not recorded */
};

/* Fills opts with the defaults: audience report, the collection's language. */
void vox_report_opts_init(struct vox_report_opts *opts);

struct vox_report_result {
	GPtrArray *warnings;    /* newly allocated messages: "'P07-03': left out: …" */
	int photos;             /* photos shown in the stories */
	int left_out;           /* photos of the selection that consent kept out */
	int refused;            /* photos left out because their file could not be read */
};

/* Frees what a result holds (not the struct itself). */
void vox_report_result_release(struct vox_report_result *res);

/*
 * Writes the report of the photos filter selects (its audience set from opts) into the
 * existing empty folder dir: index.html, figures.json and img/. Nothing is recorded and
 * no marker written (vox_report_build() does both). Derivatives are made in the
 * collection's cache/, or a temporary one when it cannot be written. Fills res (which the
 * caller releases) also on failure. Returns 0, or -1 with an error.
 */
int vox_report_write(vox_catalog *cat, const struct vox_filter *filter, const char *dir,
    const struct vox_report_opts *opts, struct vox_report_result *res);

/*
 * Builds the report into outdir as galleries are built: in a folder beside it swapped in
 * whole, only over a folder that is missing, empty or a report photovox made and nobody
 * changed (VOX_OUTPUT_MARKER, kind "report"), then records it in the catalog with the
 * photos it shows (privacy rule 9), unless opts->unrecorded or the collection cannot be
 * written (a warning says so). Returns 0, or -1 with an error.
 */
int vox_report_build(vox_catalog *cat, const struct vox_filter *filter, const char *outdir,
    const struct vox_report_opts *opts, struct vox_report_result *res);

#endif
