/*
 * The closest known word to one that matches nothing (include/vox/suggest.h).
 */
#include <string.h>

#include <glib.h>

#include "vox/suggest.h"

/* word casefolded as an array of characters; *n its length. */
static gunichar *
chars(const char *word, glong *n)
{
	char *fold = g_utf8_validate(word, -1, NULL) ? g_utf8_casefold(word, -1) :
	    g_ascii_strdown(word, -1);
	gunichar *u = g_utf8_to_ucs4_fast(fold, -1, n);

	g_free(fold);
	return u;
}

/* The distance between two short ASCII words, without allocating: what suggestions for
 * names, keys and headers almost always compare. */
static unsigned
ascii_distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned row[VOX_SUGGEST_MAX + 2];

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
			unsigned best = MIN(up + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

static int
short_ascii(const char *s, size_t *len)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((unsigned char)s[n] >= 0x80 || n > VOX_SUGGEST_MAX)
			return 0;
	*len = n;
	return 1;
}

unsigned
vox_edit_distance(const char *a, const char *b)
{
	size_t sa, sb;
	glong la, lb;
	gunichar *ua, *ub;
	unsigned *row;
	unsigned d;

	if (short_ascii(a, &sa) && short_ascii(b, &sb))
		return ascii_distance(a, sa, b, sb);
	ua = chars(a, &la);
	ub = chars(b, &lb);
	row = g_new(unsigned, (gsize)lb + 1);

	for (glong j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (glong i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (glong j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = ua[i - 1] == ub[j - 1] ? 0 : 1;
			unsigned best = MIN(up + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + cost);
			diag = up;
		}
	}
	d = row[lb];
	g_free(row);
	g_free(ua);
	g_free(ub);
	return d;
}

const char *
vox_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	unsigned best_d = G_MAXUINT;
	size_t wl = g_utf8_validate(word, -1, NULL) ? (size_t)g_utf8_strlen(word, -1) :
	    strlen(word);
	/* Close enough to be a typo: a third of the word, at least two edits. */
	unsigned limit = (unsigned)MAX(2, wl / 3);

	/* Nothing that long is a typo of a name; and the distance costs its length squared. */
	if (wl > VOX_SUGGEST_MAX)
		return NULL;
	for (size_t i = 0; candidates && candidates[i]; i++) {
		const char *s = candidates[i];
		size_t sl = g_utf8_validate(s, -1, NULL) ? (size_t)g_utf8_strlen(s, -1) : strlen(s);
		int prefix = wl >= 3 && g_ascii_strncasecmp(s, word, strlen(word)) == 0;
		unsigned d;

		/* The lengths alone put it further than a typo: no need to count. */
		if (!prefix && (sl > wl ? sl - wl : wl - sl) > limit)
			continue;
		d = vox_edit_distance(word, s);
		if (d > limit && prefix)
			d = limit;
		if (d <= limit && d < best_d) {
			best = s;
			best_d = d;
		}
	}
	return best;
}
