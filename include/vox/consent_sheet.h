#ifndef VOX_CONSENT_SHEET_H
#define VOX_CONSENT_SHEET_H

/*
 * The consent sheet as a facilitator types it in from the participant's printed booklet:
 * a small sheet, tab-separated or saved from a spreadsheet as CSV (read by vox_sheet_next(),
 * include/vox/sheet.h), one photo a line,
 *
 *	ref	audience	people
 *	P07-01	report	consented
 *	P07-02	group
 *	P07-03		unconsented
 *
 * The header line is optional (a first line whose first field names a column: ref, photo,
 * id, audience, consent, people, as people write them: "Photo ref", "People in the
 * photo"); when present it may name the columns in another order. "ref" is a photo ref or id, "audience"
 * one of private, group, report, public, "people" one of none, consented, unconsented,
 * unknown (words case-insensitive). An empty audience or people field leaves that part of
 * the consent as it is; a line must change at least one of them. Withdrawal is not typed
 * here: it deletes a photo, so it has its own tool (vox withdraw). Blank lines and lines
 * starting with '#' are skipped; a UTF-8 BOM, CRLF line ends and quoted cells are accepted.
 * A name ending in .csv or .tsv says the delimiter; otherwise the first line that is not a
 * comment does (a tab, else a comma, else a semicolon).
 */

#include <stddef.h>

#include <glib.h>

#include "vox/catalog.h"

struct vox_consent_row {
	int line;       /* the line in the file, for messages */
	char *ref;      /* as written (a ref or an id) */
	int audience;   /* enum vox_audience, or -1 to leave it as it is */
	int people;     /* enum vox_people, or -1 to leave it as it is */
};

/*
 * Parses a sheet. name is used in messages only. Returns a new array of
 * struct vox_consent_row * (the array frees them), or NULL with an error recorded that
 * names name and the line: "'P07.tsv': line 3: 'everyone': not an audience (private,
 * group, report, public)". Nothing is returned for a sheet with any bad line.
 */
GPtrArray *vox_consent_sheet_parse(const char *name, const char *data, size_t len);

/* Reads and parses a sheet file; "-" reads stdin. NULL with an error recorded. */
GPtrArray *vox_consent_sheet_read(const char *path);

/*
 * Records a sheet in the catalog (vox consent --from). Every line's photo is looked up
 * first, and nothing changes when any line names an unknown, ambiguous or withdrawn photo,
 * or a photo that an earlier line named: a sheet is typed in whole or fixed and typed
 * again. Then each photo's consent is set (vox_catalog_set_consent, which logs an event).
 * Every problem, one message per bad line ("'P07.tsv': line 4: 'P07-99': no such photo"),
 * is appended to problems (newly allocated strings). Returns the number of photos set,
 * or -1 when there were problems.
 */
int vox_consent_sheet_apply(vox_catalog *cat, const char *name, GPtrArray *rows,
    GPtrArray *problems);

/* vox_consent_sheet_read() then vox_consent_sheet_apply(); a parse error is a problem. */
int vox_consent_sheet_apply_file(vox_catalog *cat, const char *path, GPtrArray *problems);

#endif
