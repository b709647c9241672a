#ifndef VOX_SUGGEST_H
#define VOX_SUGGEST_H

/*
 * "Did you mean …?": the one edit distance of the library, used wherever a word someone
 * typed (a site, a theme, a sheet's column) matches nothing and the message names the
 * closest known one.
 */

/* The Levenshtein distance between a and b (UTF-8), counted in characters, ignoring
 * case. */
unsigned vox_edit_distance(const char *a, const char *b);

/*
 * The candidate (NULL-terminated list) closest to word, when it is close enough to be a
 * typo of it: within a third of the word's length and at least two edits, or a candidate
 * that starts with a word of three characters or more ("truro" for "truro-foodbank").
 * Ties go to the earlier candidate. Returns a pointer into candidates, or NULL (always for
 * a word of more than VOX_SUGGEST_MAX characters, or when no candidate is close).
 */
#define VOX_SUGGEST_MAX 100

const char *vox_suggest(const char *word, const char *const *candidates);

#endif
