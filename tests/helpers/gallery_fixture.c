#include <stdio.h>
#include <stdlib.h>

#include "vox/caption.h"
#include "vox/error.h"
#include "vox/file.h"

#include "gallery_fixture.h"

struct vox_photo *
gallery_fixture_photo(tc_path_fn corpus, const char *file, const char *ref, const char *site,
    enum vox_audience a, enum vox_people people, const char *title, const char *alt)
{
	struct vox_photo *p = g_new0(struct vox_photo, 1);
	g_autofree char *data = NULL;
	gsize len = 0;

	p->path = corpus(file);
	if (!g_file_get_contents(p->path, &data, &len, NULL)) {
		vox_error("fixture", "cannot read '%s'", p->path);
		tc_die(file);
	}
	vox_sha256_hex(data, len, p->sha256);
	p->ref = g_strdup(ref);
	p->ext = g_strdup("jpg");
	p->pair = g_strdup("cornwall");
	p->site = g_strdup(site);
	p->participant = g_strndup(ref, 3);
	p->session = g_strdup("2026-05-12-truro");
	p->session_date = g_strdup("2026-05-12");
	p->audience = a;
	p->people = people;
	p->participant_name = g_strdup("Jane Secretname");
	p->source_name = g_strdup("IMG_SECRETFILE_4242.JPG");
	p->caption = vox_caption_new();
	p->caption->title = g_strdup(title);
	p->caption->alt = g_strdup(alt);
	p->caption->lang = g_strdup("en");
	p->caption->story = g_strdup_printf("The story of %s.\n\nA second paragraph.", ref);
	vox_caption_set_prompt(p->caption, "see", "Rows of leeks and a wheelbarrow.");
	vox_caption_set_prompt(p->caption, "happening", "We were planting together.");
	g_ptr_array_add(p->caption->themes, g_strdup("food-and-growing"));
	return p;
}

static void
add_site(GPtrArray *a, const char *slug, const char *name, const char *setting)
{
	struct vox_site *s = g_new0(struct vox_site, 1);

	s->slug = g_strdup(slug);
	s->name = g_strdup(name);
	s->pair = g_strdup("cornwall");
	s->setting = g_strdup(setting);
	g_ptr_array_add(a, s);
}

static void
add_theme(GPtrArray *a, const char *slug, const char *name)
{
	struct vox_theme *t = g_new0(struct vox_theme, 1);

	t->slug = g_strdup(slug);
	t->name = g_strdup(name);
	g_ptr_array_add(a, t);
}

static void
add_prompt(GPtrArray *a, const char *key, const char *question)
{
	struct vox_prompt *q = g_new0(struct vox_prompt, 1);

	q->key = g_strdup(key);
	q->question = g_strdup(question);
	g_ptr_array_add(a, q);
}

void
gallery_fixture_init(struct gallery_fixture *f, const char *out, tc_path_fn corpus)
{
	struct vox_photo *p;
	struct vox_pair *pair;

	f->dir = g_dir_make_tmp("vox-gallery-XXXXXX", NULL);
	if (!f->dir) {
		vox_error("fixture", "cannot make a temporary folder");
		tc_die("gallery");
	}
	f->cache = g_build_filename(f->dir, "cache", NULL);
	f->out = out ? g_strdup(out) : g_build_filename(f->dir, "gallery", NULL);
	f->photos = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	f->pairs = g_ptr_array_new_with_free_func((GDestroyNotify)vox_pair_free);
	f->sites = g_ptr_array_new_with_free_func((GDestroyNotify)vox_site_free);
	f->themes = g_ptr_array_new_with_free_func((GDestroyNotify)vox_theme_free);
	f->prompts = g_ptr_array_new_with_free_func((GDestroyNotify)vox_prompt_free);

	pair = g_new0(struct vox_pair, 1);
	pair->slug = g_strdup("cornwall");
	pair->name = g_strdup("Cornwall twinning");
	g_ptr_array_add(f->pairs, pair);
	add_site(f->sites, "truro-foodbank", "Truro Food Bank", "urban");
	add_site(f->sites, "cornwall-farm", "Cornwall Community Farm", "rural");
	add_theme(f->themes, "food-and-growing", "Food and growing");
	add_theme(f->themes, "feeling-welcome", "Feeling welcome");
	add_prompt(f->prompts, "see", "What do you See here?");
	add_prompt(f->prompts, "happening", "What is really Happening here?");

	/* Shown to the group. */
	g_ptr_array_add(f->photos, gallery_fixture_photo(corpus, "jpg/gps/DSCN0010.jpg",
	    "P01-01", "truro-foodbank", VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "The shed",
	    "A green shed beside a path."));
	p = gallery_fixture_photo(corpus, "jpg/orientation/landscape_6.jpg", "P01-02",
	    "truro-foodbank", VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_CONSENTED,
	    "<script>alert(1)</script>", "A landscape photo stored sideways.");
	g_ptr_array_add(p->caption->themes, g_strdup("feeling-welcome"));
	g_ptr_array_add(f->photos, p);
	p = gallery_fixture_photo(corpus, "jpg/mobile/jolla.jpg", "P02-01", "cornwall-farm",
	    VOX_AUDIENCE_REPORT, VOX_PEOPLE_UNCONSENTED, "Y fferm", "Two people at a gate.");
	g_free(p->caption->lang);
	p->caption->lang = g_strdup("cy");
	g_free(p->caption->story);
	p->caption->story = g_strdup("Roedden ni'n teimlo'n groesawgar.");
	p->caption->translation = vox_caption_new();
	p->caption->translation->lang = g_strdup("en");
	p->caption->translation->title = g_strdup("The farm");
	p->caption->translation->story = g_strdup("We felt welcome.");
	g_ptr_array_add(f->photos, p);
	/* No alt text: a warning, and never a file name as alt. */
	g_ptr_array_add(f->photos, gallery_fixture_photo(corpus, "jpg/orientation/portrait_1.jpg",
	    "P02-02", "cornwall-farm", VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "Boots", NULL));
	/* Kept out of every gallery: private, withdrawn. */
	g_ptr_array_add(f->photos, gallery_fixture_photo(corpus, "jpg/gps/DSCN0012.jpg", "P03-01",
	    "cornwall-farm", VOX_AUDIENCE_PRIVATE, VOX_PEOPLE_NONE, "Secret private title",
	    "Private."));
	g_ptr_array_add(f->photos, gallery_fixture_photo(corpus, "jpg/gps/DSCN0021.jpg", "P03-02",
	    "cornwall-farm", VOX_AUDIENCE_WITHDRAWN, VOX_PEOPLE_NONE, "Secret withdrawn title",
	    "Withdrawn."));

	f->names.title = g_strdup("Cornwall photovoice");
	f->names.pairs = f->pairs;
	f->names.sites = f->sites;
	f->names.themes = f->themes;
	f->names.prompts = f->prompts;
	f->data.photos = f->photos;
	f->data.names = &f->names;
}

void
gallery_fixture_fini(struct gallery_fixture *f)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);

	if (system(cmd) != 0)
		fprintf(stderr, "fixture: cannot remove '%s'\n", f->dir);
	g_free(f->dir);
	g_free(f->cache);
	g_free(f->out);
	g_ptr_array_unref(f->photos);
	g_ptr_array_unref(f->pairs);
	g_ptr_array_unref(f->sites);
	g_ptr_array_unref(f->themes);
	g_ptr_array_unref(f->prompts);
	g_free(f->names.title);
}
