#ifndef VOX_UI_H
#define VOX_UI_H

/*
 * Every interface word of booklets (vox review), consent sheets and galleries, kept in one
 * table keyed by message id so that every language says the same things: English ("en")
 * and Welsh ("cy"). Each message is a whole sentence or phrase in its language: nothing is
 * made by putting words together (no article before a word put in). Captions are never
 * translated here; only the interface is.
 *
 * Strings are static and UTF-8; never free them. Some hold numbered placeholders {1}, {2}
 * that vox_ui_format() fills in (not printf: translations may reorder them).
 */

#include <glib.h>

enum vox_ui_msg {
	VOX_UI_BOOKLET_TITLE,     /* "Your photos" */
	VOX_UI_BOOKLET_FOR,       /* "This booklet is for {1}." */
	VOX_UI_PHOTOS_BY,         /* "Photos by {1}": an Easy Read cover with the name */
	VOX_UI_INTRO_KEEP,
	VOX_UI_INTRO_DECIDE,
	VOX_UI_INTRO_HOW,
	VOX_UI_INTRO_CHANGE,
	VOX_UI_PRIVATE_NOTE,
	VOX_UI_ABOUT_YOU,
	VOX_UI_YOUR_CODE,
	VOX_UI_YOUR_NAME,
	VOX_UI_NAME_NOT_KEPT,
	VOX_UI_YOUR_GROUP,
	VOX_UI_MINOR_NOTE,
	VOX_UI_CONTENTS,
	VOX_UI_PHOTO_COUNT,       /* "Number of photos: {1}" */
	VOX_UI_NO_PHOTOS,
	VOX_UI_GO_TO_SHEET,
	VOX_UI_PHOTO_N_OF,        /* "Photo {1} of {2}" */
	VOX_UI_PHOTO_CODE,
	VOX_UI_NO_TITLE,
	VOX_UI_STORY,
	VOX_UI_NO_STORY,
	VOX_UI_ALT,
	VOX_UI_NOT_WRITTEN,
	VOX_UI_IMAGE_ALT_MISSING, /* "Photo {1}. It has no description yet." */
	VOX_UI_LANGUAGE,          /* "Language: {1}" */
	VOX_UI_TRANSLATION,       /* "Translation ({1})" */
	VOX_UI_ANSWERS,
	VOX_UI_THEMES,
	VOX_UI_NONE_YET,
	VOX_UI_PLACE,
	VOX_UI_WORKSHOP_DAY,
	VOX_UI_FILE_NAME,
	VOX_UI_ADDED,
	VOX_UI_DETAILS,
	VOX_UI_WHO_CAN_SEE,
	VOX_UI_CONSENT_WITHDRAWN,
	VOX_UI_CONSENT_PRIVATE,
	VOX_UI_CONSENT_GROUP,
	VOX_UI_CONSENT_REPORT,
	VOX_UI_CONSENT_PUBLIC,
	VOX_UI_PEOPLE_NONE,
	VOX_UI_PEOPLE_CONSENTED,
	VOX_UI_PEOPLE_UNCONSENTED,
	VOX_UI_PEOPLE_UNKNOWN,
	VOX_UI_PEOPLE_LIMIT,
	VOX_UI_SENSITIVE,
	VOX_UI_WITHDRAWN_HEADING,
	VOX_UI_WITHDRAWN_ITEM,    /* "{1}: deleted." */
	VOX_UI_SHEET_TITLE,
	VOX_UI_SHEET_QUESTION,
	VOX_UI_SHEET_HOW_AUDIENCE,
	VOX_UI_SHEET_HOW_PEOPLE,
	VOX_UI_SHEET_HOW_WITHDRAW,
	VOX_UI_COL_PHOTO,
	VOX_UI_COL_PRIVATE,
	VOX_UI_COL_GROUP,
	VOX_UI_COL_REPORT,
	VOX_UI_COL_PUBLIC,
	VOX_UI_COL_PEOPLE,
	VOX_UI_COL_WITHDRAW,
	VOX_UI_TICK_BOX,          /* for screen readers: an empty square to tick on paper */
	VOX_UI_NOW,               /* "Now: {1}" */
	VOX_UI_SIGNED,
	VOX_UI_SIGNED_GUARDIAN,
	VOX_UI_DATE,
	VOX_UI_BACK_TO_START,
	VOX_UI_PROMPT_SEE,
	VOX_UI_PROMPT_HAPPENING,
	VOX_UI_PROMPT_OUR_LIVES,
	VOX_UI_PROMPT_WHY,
	VOX_UI_PROMPT_DO,
	VOX_UI_PROMPT_EMPOWERED,
	VOX_UI_LANG_EN,
	VOX_UI_LANG_CY,
	VOX_UI_MONTH_1,           /* January; VOX_UI_MONTH_1 + 11 is December */
	VOX_UI_MONTH_2,
	VOX_UI_MONTH_3,
	VOX_UI_MONTH_4,
	VOX_UI_MONTH_5,
	VOX_UI_MONTH_6,
	VOX_UI_MONTH_7,
	VOX_UI_MONTH_8,
	VOX_UI_MONTH_9,
	VOX_UI_MONTH_10,
	VOX_UI_MONTH_11,
	VOX_UI_MONTH_12,
	/* The gallery's words. */
	VOX_UI_G_HOME,            /* "Home" */
	VOX_UI_G_ALL_STORIES,
	VOX_UI_G_NAV,             /* the accessible name of the gallery's navigation */
	VOX_UI_G_SKIP,
	VOX_UI_G_DEFAULT_TITLE,
	VOX_UI_G_PAGES,
	VOX_UI_G_PREV_PAGE,
	VOX_UI_G_NEXT_PAGE,
	VOX_UI_G_PAGE_N,          /* "Page {1}" */
	VOX_UI_G_TITLE_PAGE,      /* "{1} (page {2} of {3})" */
	VOX_UI_G_PHOTOS_1,        /* "1 photo" */
	VOX_UI_G_PHOTOS_N,        /* "{1} photos" */
	VOX_UI_G_PAIRS_1,
	VOX_UI_G_PAIRS_N,
	VOX_UI_G_LEAD,            /* "{1} from {2}." ({1}, {2}: the two counts above) */
	VOX_UI_G_READ_ALL,
	VOX_UI_G_PAIRS_HEADING,
	VOX_UI_G_NONE_SHARED,
	VOX_UI_G_COUNT,           /* "{1}." (a count above as a sentence) */
	VOX_UI_G_URBAN,           /* "urban", a site's setting */
	VOX_UI_G_RURAL,
	VOX_UI_G_OTHER,
	VOX_UI_G_SITE_URBAN_IN,   /* "An urban site in the {1} pair." */
	VOX_UI_G_SITE_RURAL_IN,
	VOX_UI_G_SITE_OTHER_IN,
	VOX_UI_G_SITE_URBAN,      /* "An urban site." */
	VOX_UI_G_SITE_RURAL,
	VOX_UI_G_SITE_OTHER,
	VOX_UI_G_THEME_INTRO,     /* "Theme: {1}." */
	VOX_UI_G_PHOTO_REF,       /* "Photo {1}" */
	VOX_UI_G_ALT_MISSING,     /* "Photo {1} (no description yet)" */
	VOX_UI_G_PHOTOS_NAV,
	VOX_UI_G_PREV_PHOTO,
	VOX_UI_G_NEXT_PHOTO,
	VOX_UI_G_ALL_AT,          /* "All photos at {1}" */
	VOX_UI_G_STORIES_INTRO,
	VOX_UI_G_SITE,
	VOX_UI_G_SESSION,
	VOX_UI_G_THEME,
	VOX_UI_G_AUDIENCE_GROUP,
	VOX_UI_G_AUDIENCE_REPORT,
	VOX_UI_G_AUDIENCE_PUBLIC,
	VOX_UI_G_CONTACT_SHEET,   /* what a printed listing is, said on paper only */
	/* The evaluator's report (vox report); VOX_UI_CAT_LOCATION + c names audit category c. */
	VOX_UI_REPORT_TITLE,
	VOX_UI_REPORT_CONSENT,
	VOX_UI_REPORT_NO_NAMES,
	VOX_UI_CONTENTS_LABEL,
	VOX_UI_FIGURES,
	VOX_UI_FIGURES_NOTE,
	VOX_UI_PAIRS,
	VOX_UI_PAIR,
	VOX_UI_SITES,
	VOX_UI_SITE,
	VOX_UI_SETTING,
	VOX_UI_SETTING_URBAN,
	VOX_UI_SETTING_RURAL,
	VOX_UI_SETTING_OTHER,
	VOX_UI_NONE,
	VOX_UI_THEME,
	VOX_UI_TOTAL,
	VOX_UI_PARTICIPANTS,
	VOX_UI_SESSIONS,
	VOX_UI_PHOTOS,
	VOX_UI_CAPTIONED,
	VOX_UI_WITH_ALT,
	VOX_UI_WITH_STORY,
	VOX_UI_SITES_BY_SETTING,
	VOX_UI_PHOTOS_BY_SETTING,
	VOX_UI_PHOTOS_BY_SITE,
	VOX_UI_PHOTOS_BY_THEME,
	VOX_UI_THEMES_BY_SETTING,
	VOX_UI_THEMES_BY_SITE,
	VOX_UI_PAIRS_SIDE,
	VOX_UI_CONSENT_LEVELS,
	VOX_UI_CONSENT_LEVELS_NOTE,
	VOX_UI_LEVEL,
	VOX_UI_LEVEL_PRIVATE,
	VOX_UI_LEVEL_GROUP,
	VOX_UI_LEVEL_REPORT,
	VOX_UI_LEVEL_PUBLIC,
	VOX_UI_LEVEL_WITHDRAWN,
	VOX_UI_CHART_LARGEST,
	VOX_UI_CHART_EMPTY,
	VOX_UI_STORIES,
	VOX_UI_STORIES_NOTE,
	VOX_UI_NO_STORIES,
	VOX_UI_NO_THEME,
	VOX_UI_CONSENT_TIME,
	VOX_UI_CONSENT_TIME_NOTE,
	VOX_UI_MONTH,
	VOX_UI_GIVEN,
	VOX_UI_CHANGED,
	VOX_UI_METHOD,
	VOX_UI_METHOD_SCRUB,
	VOX_UI_METHOD_KIND,
	VOX_UI_METHOD_NOT_RECORDED,
	VOX_UI_METHOD_REDACTED,
	VOX_UI_METHOD_CONVERTED,
	VOX_UI_LEFT_OUT,
	VOX_UI_REASON,
	VOX_UI_LEFT_WITHDRAWN,
	VOX_UI_LEFT_LEVEL,
	VOX_UI_LEFT_PEOPLE,
	VOX_UI_LEFT_SENSITIVE,
	VOX_UI_LEFT_UNREADABLE,
	VOX_UI_CAT_LOCATION,
	VOX_UI_CAT_DEVICE,
	VOX_UI_CAT_PEOPLE,
	VOX_UI_CAT_DATES,
	VOX_UI_CAT_THUMBNAILS,
	VOX_UI_CAT_HISTORY,
	VOX_UI_CAT_COMMENTS,
	VOX_UI_CAT_TRAILING,
	/* A voice story, in the gallery and the booklet; {1} a length (VOX_UI_LEN_*). */
	VOX_UI_LEN_MIN_S,         /* "{1} min {2} s" */
	VOX_UI_LEN_S,             /* "{1} s" */
	VOX_UI_VOICE_STORY,       /* "Voice story ({1})": the gallery's heading */
	VOX_UI_TRANSCRIPT,        /* "Transcript" */
	VOX_UI_NO_TRANSCRIPT,     /* "No transcript yet." */
	VOX_UI_RECORDED,          /* "You recorded a story, {1}." */
	VOX_UI_WHAT_YOU_SAID,     /* "What you said" */
	VOX_UI_NOT_WRITTEN_DOWN,  /* "It has not been written down yet." */
	VOX_UI_N_MSGS
};

/* A recording's length in lang, rounded to the second: "1 min 32 s", "45 s" in English.
 * Newly allocated (g_free). */
char *vox_ui_length(const char *lang, gint64 ms);

/* The languages the table holds, NULL-terminated: { "en", "cy", NULL }. */
extern const char *const vox_ui_langs[];

/* Whether lang ("en", "cy") is one the table holds. */
int vox_ui_lang_valid(const char *lang);

/* The message's words in lang; English when lang is not held. Never NULL. */
const char *vox_ui(const char *lang, enum vox_ui_msg id);

/* The message's identifier as written in the table ("booklet-title"), for tests. */
const char *vox_ui_id_name(enum vox_ui_msg id);

/* Whether the message's words in lang wait to be checked by a speaker of lang (the table
 * marks each Welsh string a Welsh speaker has not yet read). */
int vox_ui_unchecked(const char *lang, enum vox_ui_msg id);

/*
 * The message in lang with {1}..{n} replaced by args[0..n-1] (n at most 9; a missing or
 * NULL argument is empty). With html set, the message's own words are escaped for HTML
 * and the arguments are put in as they are (trusted markup). Returns a newly allocated
 * string (g_free).
 */
char *vox_ui_fill(const char *lang, enum vox_ui_msg id, const char *const *args, int n,
    int html);

/*
 * The message with {1} and {2} replaced by a1 and a2 (either may be NULL when the message
 * has no such placeholder). Returns a newly allocated string (g_free).
 */
char *vox_ui_format(const char *lang, enum vox_ui_msg id, const char *a1, const char *a2);

/*
 * The words for the prompt key ("see", "happening", "our-lives", "why", "do", "empowered"),
 * or NULL when the key is not one the table knows (the collection's own question is used).
 */
const char *vox_ui_prompt(const char *lang, const char *key);

/* The name of a language tag in lang ("cy" in English: "Welsh"), or NULL when unknown. */
const char *vox_ui_lang_name(const char *lang, const char *tag);

/*
 * A date "2026-05-12" (anything after the day is ignored) in words: "12 May 2026",
 * "12 Mai 2026". Returns a newly allocated string; a string that is not such a date is
 * returned as it is.
 */
char *vox_ui_date(const char *lang, const char *iso);

#endif
