#include <stdlib.h>

#include "corpus.h"

char *
corpus_file(const char *rel)
{
	const char *top = getenv("VOX_TOP");

	return g_build_filename(top && *top ? top : ".", "tests", "corpus", rel, NULL);
}

char **
corpus_dirs(void)
{
	const char *list = getenv("CORPUS");
	g_auto(GStrv) parts = g_strsplit(list ? list : "", ":", -1);
	GPtrArray *a = g_ptr_array_new();

	for (char **p = parts; *p; p++)
		if (**p)        /* a stray colon names nothing */
			g_ptr_array_add(a, g_strdup(*p));
	if (a->len == 0)
		g_ptr_array_add(a, corpus_file(NULL));
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}
