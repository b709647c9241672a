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

/* Levenshtein over a and b (characters, folded already), row a work row of lb + 1. */
static unsigned
distance(const gunichar *a, size_t la, const gunichar *b, size_t lb, unsigned *row)
{
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned best = MIN(up + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

/* s lowercased into u when it is short ASCII, what names, keys and headers almost always
 * are, so that comparing them allocates nothing; *n its length. */
static int
short_ascii(const char *s, gunichar *u, size_t *n)
{
	size_t i = 0;

	for (; s[i]; i++) {
		if ((unsigned char)s[i] >= 0x80 || i >= VOX_SUGGEST_MAX)
			return 0;
		u[i] = (gunichar)g_ascii_tolower(s[i]);
	}
	*n = i;
	return 1;
}

unsigned
vox_edit_distance(const char *a, const char *b)
{
	gunichar sa[VOX_SUGGEST_MAX], sb[VOX_SUGGEST_MAX];
	unsigned srow[VOX_SUGGEST_MAX + 1];
	size_t na, nb;
	glong la, lb;
	gunichar *ua, *ub;
	unsigned *row;
	unsigned d;

	if (short_ascii(a, sa, &na) && short_ascii(b, sb, &nb))
		return distance(sa, na, sb, nb, srow);
	ua = chars(a, &la);
	ub = chars(b, &lb);
	row = g_new(unsigned, (gsize)lb + 1);
	d = distance(ua, (size_t)la, ub, (size_t)lb, row);
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
