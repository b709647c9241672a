#ifndef VOX_STATS_H
#define VOX_STATS_H

/*
 * The figures an evaluator quotes (vox stats, the report): photos, participants, sessions,
 * captions, alt text and consent, overall or split by one or two groupings (a cross-table
 * such as theme by setting). Counting works on a selection of photos, so every filter of
 * vox ls applies; what an audience's column counts is decided by vox_consent_allows(), the
 * rule every output asks, so "report" counts what a report archive would hold.
 */

#include <stdint.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/json.h"

enum vox_stats_by {
	VOX_BY_PAIR,
	VOX_BY_SITE,
	VOX_BY_SETTING,
	VOX_BY_PARTICIPANT,
	VOX_BY_SESSION,
	VOX_BY_THEME,
};

/* "pair", "site", "setting", "participant", "session", "theme". */
const char *vox_stats_by_name(enum vox_stats_by by);

/*
 * Parses "theme" or "theme,setting" (one or two groupings, not the same twice) into by[]
 * and returns how many (1 or 2); -1 with a usage error naming the word otherwise.
 */
int vox_stats_by_parse(const char *words, enum vox_stats_by by[2]);

/* The group a photo has no value for (no site, no session, no theme). */
#define VOX_STATS_NONE "(none)"

/* One group's figures. A photo with several themes counts once in each. */
struct vox_stats_row {
	char *key[2];            /* the group's values; NULL beyond the groupings asked */
	int64_t photos;          /* not withdrawn */
	int64_t participants;    /* distinct participants of those photos */
	int64_t sessions;        /* distinct sessions of those photos (a photo may have none) */
	int64_t captioned;       /* a title, a story or an answer to a prompt */
	int64_t with_alt;
	int64_t stories;         /* with a voice story */
	int64_t reaches[5];      /* what an output for audience a would hold (a public photo
	                          * counts in report); [0] is unused */
	int64_t recorded[5];     /* photos by recorded consent level; [0] counts withdrawn */
	int64_t people_unknown;
};

void vox_stats_row_free(struct vox_stats_row *r);

/* The columns every form of the figures shows, in order, and a row's value of each. */
enum {
	VOX_STATS_PHOTOS, VOX_STATS_PARTICIPANTS, VOX_STATS_SESSIONS, VOX_STATS_CAPTIONED,
	VOX_STATS_WITH_ALT, VOX_STATS_STORIES, VOX_STATS_GROUP, VOX_STATS_REPORT, VOX_STATS_PUBLIC,
	VOX_STATS_RECORDED_PRIVATE, VOX_STATS_RECORDED_GROUP, VOX_STATS_RECORDED_REPORT,
	VOX_STATS_RECORDED_PUBLIC, VOX_STATS_PEOPLE_UNKNOWN, VOX_STATS_WITHDRAWN,
	VOX_STATS_NCOLUMNS
};
/* "photos", "participants", … "with_alt", "stories", "group", "report", "public", "recorded_private", …
 * "people_unknown", "withdrawn". */
const char *vox_stats_column(int column);
int64_t vox_stats_value(const struct vox_stats_row *r, int column);

/* Writes row r of nby groupings as one JSON object into j, as vox stats --json prints it:
 * "all" (no grouping) or each grouping's value by its name, then every column by name. */
void vox_stats_row_json(struct vox_json *j, const struct vox_stats_row *r,
    const enum vox_stats_by *by, int nby);

/*
 * The photos statistics count for filter (NULL: all): vox_catalog_select(), with the
 * withdrawn photos' rows too unless the filter asks about consent, people, captions,
 * alt text or themes being absent (which a withdrawn photo no longer has). A new array.
 */
GPtrArray *vox_stats_select(vox_catalog *cat, const struct vox_filter *filter);

/*
 * Counts photos (struct vox_photo *) by nby groupings (0, 1 or 2): one row per group
 * that holds a photo, sorted by its values with VOX_STATS_NONE last; stories (a set of
 * photos, vox_stats_stories(), or NULL) says which have a voice story; with nby 0, one row
 * whose keys are NULL (also when photos is empty). A new array of struct vox_stats_row *.
 */
GPtrArray *vox_stats_count(GPtrArray *photos, GHashTable *stories, const enum vox_stats_by *by,
    int nby);

/*
 * The photos of photos (struct vox_photo *) that have a voice story, as a set for
 * vox_stats_count() (NULL there: none has one). A new table; NULL with an error.
 */
GHashTable *vox_stats_stories(vox_catalog *cat, GPtrArray *photos);

#endif
