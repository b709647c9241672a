#ifndef VOX_CONSENT_H
#define VOX_CONSENT_H

/*
 * Consent (CONTRIBUTING.md "Vocabulary" and privacy rule 6): the widest audience a photo may
 * reach, whether people in it agreed, and the sensitive and minor flags. Every output asks
 * vox_consent_allows() and nothing else.
 */

/* Ordered: a photo reaches audience A only when its consent is at least A. */
enum vox_audience {
	VOX_AUDIENCE_WITHDRAWN = 0,
	VOX_AUDIENCE_PRIVATE,
	VOX_AUDIENCE_GROUP,
	VOX_AUDIENCE_REPORT,
	VOX_AUDIENCE_PUBLIC,
};

enum vox_people {
	VOX_PEOPLE_NONE = 0,
	VOX_PEOPLE_CONSENTED,
	VOX_PEOPLE_UNCONSENTED,
	VOX_PEOPLE_UNKNOWN,
};

/* "withdrawn", "private", "group", "report", "public". */
const char *vox_audience_name(enum vox_audience a);
/* The audience for a word, or -1 when the word is none of them. */
int vox_audience_parse(const char *word);
/* Plain words for every page and README: "Shared with the workshop group only". */
const char *vox_audience_phrase(enum vox_audience a);

/* "none", "consented", "unconsented", "unknown". */
const char *vox_people_name(enum vox_people p);
int vox_people_parse(const char *word);

/*
 * Whether a photo with this consent may reach audience: its audience is at least the
 * requested one; for report and public, people must be none or consented; sensitive photos
 * never reach public (unless allow_sensitive_public, the explicit override); withdrawn never.
 */
int vox_consent_allows(enum vox_audience consent, enum vox_people people, int sensitive,
    enum vox_audience audience, int allow_sensitive_public);

#endif
