#ifndef VOX_TEST_CORPUS_H
#define VOX_TEST_CORPUS_H

/*
 * Where the suites find real camera files (tests/run.sh says how the corpus works): the
 * photos a test names are in the repository's tests/corpus; a test of the whole corpus
 * walks every folder of $CORPUS, tests/corpus first, then those `make check CORPUS=dir`
 * adds.
 */

#include <glib.h>

/* The path of rel ("jpg/gps/DSCN0010.jpg") in tests/corpus, below $VOX_TOP, or below the
 * current folder when that is not set. Returns a newly allocated path (g_free). */
char *corpus_file(const char *rel);

/* The corpus folders to walk: those of the colon-separated $CORPUS, or tests/corpus alone
 * when it is not set. Returns a NULL-terminated array (g_strfreev), never empty. */
char **corpus_dirs(void);

#endif
