#include <string.h>

#include <glib.h>

#include "vox/consent.h"

static const char *const audience_names[] = {
	"withdrawn", "private", "group", "report", "public",
};

static const char *const audience_phrases[] = {
	"Withdrawn: not shown to anyone",
	"Private: kept for the participant and facilitator only",
	"Shared with the workshop group only",
	"Shared in reports to funders and evaluators",
	"Shared with the public",
};

static const char *const people_names[] = {
	"none", "consented", "unconsented", "unknown",
};

const char *
vox_audience_name(enum vox_audience a)
{
	return (unsigned)a < G_N_ELEMENTS(audience_names) ? audience_names[a] : "unknown";
}

const char *
vox_audience_phrase(enum vox_audience a)
{
	return (unsigned)a < G_N_ELEMENTS(audience_phrases) ? audience_phrases[a] : "";
}

int
vox_audience_parse(const char *word)
{
	if (!word)
		return -1;
	for (size_t i = 0; i < G_N_ELEMENTS(audience_names); i++)
		if (g_ascii_strcasecmp(word, audience_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
vox_people_name(enum vox_people p)
{
	return (unsigned)p < G_N_ELEMENTS(people_names) ? people_names[p] : "unknown";
}

int
vox_people_parse(const char *word)
{
	if (!word)
		return -1;
	for (size_t i = 0; i < G_N_ELEMENTS(people_names); i++)
		if (g_ascii_strcasecmp(word, people_names[i]) == 0)
			return (int)i;
	return -1;
}

int
vox_consent_allows(enum vox_audience consent, enum vox_people people, int sensitive,
    enum vox_audience audience, int allow_sensitive_public)
{
	if (consent == VOX_AUDIENCE_WITHDRAWN || audience == VOX_AUDIENCE_WITHDRAWN)
		return 0;
	if (consent < audience)
		return 0;
	if (audience >= VOX_AUDIENCE_REPORT &&
	    people != VOX_PEOPLE_NONE && people != VOX_PEOPLE_CONSENTED)
		return 0;
	if (audience == VOX_AUDIENCE_PUBLIC && sensitive && !allow_sensitive_public)
		return 0;
	return 1;
}
