/*
 * A test fixture for the end-to-end catalog tests: records files (already scrubbed) as
 * photos through vox_catalog_add_photo(), the call vox ingest makes, so the curation
 * tools can be tested on their own. Prints "sha256 ref" for each.
 *
 *   catalog-add DIR PARTICIPANT SITE|- FILE [KEY=VALUE...]
 *   keys: theme (repeatable), title, story, alt, lang, consent, people, session, name
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"

int
main(int argc, char **argv)
{
	struct vox_photo *p = NULL;
	vox_catalog *cat;
	gchar *data = NULL;
	gsize len;
	int existed = 0, status = 2;

	if (argc < 5) {
		fputs("usage: catalog-add DIR PARTICIPANT SITE|- FILE [KEY=VALUE...]\n", stderr);
		return 2;
	}
	cat = vox_catalog_open(argv[1]);
	if (!cat || !g_file_get_contents(argv[4], &data, &len, NULL)) {
		fprintf(stderr, "catalog-add: %s\n", vox_error_message());
		status = 3;
		goto out;
	}
	p = vox_photo_new();
	p->participant = g_strdup(argv[2]);
	p->site = strcmp(argv[3], "-") ? g_strdup(argv[3]) : NULL;
	p->ext = g_strdup("jpg");
	p->source_name = g_path_get_basename(argv[4]);
	p->width = 640;
	p->height = 480;
	for (int i = 5; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *v = eq ? eq + 1 : "";
		struct vox_caption *c = p->caption;

		if (!eq)
			goto out;
		*eq = 0;
		if (!strcmp(argv[i], "theme"))
			g_ptr_array_add(c->themes, g_strdup(v));
		else if (!strcmp(argv[i], "title"))
			c->title = g_strdup(v);
		else if (!strcmp(argv[i], "story"))
			c->story = g_strdup(v);
		else if (!strcmp(argv[i], "alt"))
			c->alt = g_strdup(v);
		else if (!strcmp(argv[i], "lang"))
			c->lang = g_strdup(v);
		else if (!strcmp(argv[i], "consent"))
			c->consent = g_strdup(v);
		else if (!strcmp(argv[i], "people"))
			c->people = g_strdup(v);
		else if (!strcmp(argv[i], "session"))
			p->session = g_strdup(v);
		else if (!strcmp(argv[i], "name"))
			p->source_name = (g_free(p->source_name), g_strdup(v));
		else
			goto out;
	}
	if (vox_catalog_add_photo(cat, data, len, p, VOX_KEEP_REF, &existed) != 0) {
		fprintf(stderr, "catalog-add: %s\n", vox_error_message());
		status = 1;
		goto out;
	}
	printf("%s %s%s\n", p->sha256, p->ref, existed ? " existed" : "");
	status = 0;
out:
	if (p)
		vox_photo_free(p);
	if (cat)
		vox_catalog_close(cat);
	g_free(data);
	return status;
}
