#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "vox/caption.h"
#include "vox/error.h"
#include "vox/scrub.h"

#include "collection.h"
#include "corpus.h"

void
tc_die(const char *what)
{
	fprintf(stderr, "fixture: %s: %s\n", what, vox_error_message());
	abort();
}

char *
tc_env_corpus(const char *rel)
{
	/* The photos a fixture names are in the repository's tests/corpus. */
	return corpus_file(rel);
}

vox_catalog *
tc_create(const char *dir, const char *title)
{
	vox_catalog *cat;

	if (vox_catalog_create(dir) != 0)
		tc_die(dir);
	cat = vox_catalog_open(dir);
	if (!cat)
		tc_die(dir);
	if (title && vox_catalog_set_title(cat, title) != 0)
		tc_die(title);
	return cat;
}

void
tc_pair(vox_catalog *cat, const char *slug, const char *name)
{
	if (vox_catalog_pair_add(cat, slug, name) != 0)
		tc_die(slug);
}

void
tc_site(vox_catalog *cat, const char *slug, const char *name, const char *pair,
    const char *setting)
{
	if (vox_catalog_site_add(cat, slug, name, pair, setting) != 0)
		tc_die(slug);
}

void
tc_participant(vox_catalog *cat, const char *code, const char *site, const char *name,
    int minor)
{
	if (vox_catalog_participant_add(cat, code, site, name, minor) != 0)
		tc_die(code);
}

void
tc_session(vox_catalog *cat, const char *slug, const char *site, const char *date)
{
	if (vox_catalog_session_add(cat, slug, site, date) != 0)
		tc_die(slug);
}

void
tc_add(vox_catalog *cat, const void *bytes, size_t len, struct vox_photo *p)
{
	int existed = 0;

	if (vox_catalog_add_photo(cat, bytes, len, p, VOX_KEEP_REF, &existed) != 0)
		tc_die(p->source_name ? p->source_name : "add photo");
	if (existed) {
		vox_error("fixture", "the same bytes are in the collection already");
		tc_die(p->source_name ? p->source_name : "add photo");
	}
}

static void
measure(const char *path, struct vox_photo *p)
{
	VipsImage *im;
	int o;

	if (VIPS_INIT("vox-test") != 0) {
		vox_error("fixture", "%s", vips_error_buffer());
		tc_die("vips_init");
	}
	im = vips_image_new_from_file(path, NULL);
	if (!im) {
		vox_error("fixture", "%s", vips_error_buffer());
		tc_die(path);
	}
	o = vips_image_get_orientation(im);
	p->orientation = o;
	p->width = o >= 5 ? im->Ysize : im->Xsize;
	p->height = o >= 5 ? im->Xsize : im->Ysize;
	g_object_unref(im);
}

void
tc_add_file(vox_catalog *cat, const char *path, struct vox_photo *p, int flags)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) err = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		vox_error("fixture", "%s", err->message);
		tc_die(path);
	}
	if (flags & TC_MEASURE)
		measure(path, p);
	if (flags & TC_SCRUB) {
		GByteArray *clean = g_byte_array_new();
		struct vox_scrub_info info;

		if (vox_scrub_buffer(path, (const uint8_t *)data, len, clean, &info) != 0)
			tc_die(path);
		tc_add(cat, clean->data, clean->len, p);
		g_byte_array_unref(clean);
	} else {
		tc_add(cat, data, len, p);
	}
}

static void
gallery_photo(vox_catalog *cat, tc_path_fn corpus, const char *file, const char *code,
    const char *site, int audience, int people, const char *title, const char *alt,
    const char *theme)
{
	g_autofree char *path = corpus(file);
	struct vox_photo *p = vox_photo_new();

	p->participant = g_strdup(code);
	p->site = g_strdup(site);
	p->session = g_strdup("2026-05-12-truro");
	p->source_name = g_strdup("IMG_SECRETFILE_4242.JPG");
	p->ext = g_strdup("jpg");
	p->audience = audience;
	p->people = people;
	p->caption->title = g_strdup(title);
	p->caption->alt = g_strdup(alt);
	p->caption->lang = g_strdup("en");
	p->caption->story = g_strdup_printf("Story of %s at %s.", title, site);
	vox_caption_set_prompt(p->caption, "see", "A path through the beds.");
	if (theme)
		g_ptr_array_add(p->caption->themes, g_strdup(theme));
	tc_add_file(cat, path, p, TC_SCRUB);
	vox_photo_free(p);
}

void
tc_gallery_collection(const char *dir, tc_path_fn corpus)
{
	vox_catalog *cat = tc_create(dir, "Cornwall photovoice");

	tc_pair(cat, "cornwall", "Cornwall twinning");
	tc_site(cat, "truro-foodbank", "Truro Food Bank", "cornwall", "urban");
	tc_site(cat, "cornwall-farm", "Cornwall Community Farm", "cornwall", "rural");
	tc_participant(cat, "P01", "truro-foodbank", "Jane Secretname", 0);
	tc_participant(cat, "P02", "cornwall-farm", "Ann Hiddenname", 0);
	tc_session(cat, "2026-05-12-truro", "truro-foodbank", "2026-05-12");
	gallery_photo(cat, corpus, "jpg/gps/DSCN0010.jpg", "P01", "truro-foodbank",
	    VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "The shed", "A green shed.", "food-and-growing");
	gallery_photo(cat, corpus, "jpg/orientation/portrait_6.jpg", "P01", "truro-foodbank",
	    VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_CONSENTED, "<script>alert(1)</script>", "Waterfall.",
	    "feeling-welcome");
	gallery_photo(cat, corpus, "jpg/gps/DSCN0012.jpg", "P02", "cornwall-farm",
	    VOX_AUDIENCE_REPORT, VOX_PEOPLE_UNCONSENTED, "Faces at the gate", "Two people.", NULL);
	gallery_photo(cat, corpus, "jpg/gps/DSCN0021.jpg", "P02", "cornwall-farm",
	    VOX_AUDIENCE_PRIVATE, VOX_PEOPLE_NONE, "Kept private", "Private.", NULL);
	gallery_photo(cat, corpus, "jpg/gps/DSCN0025.jpg", "P02", "cornwall-farm",
	    VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "No description", NULL, "food-and-growing");
	vox_catalog_close(cat);
}

static struct vox_photo *
review_photo(vox_catalog *cat, tc_path_fn corpus, const char *rel, const char *participant,
    const char *session, const char *title, const char *story, const char *alt,
    const char *lang)
{
	g_autofree char *path = corpus(rel);
	struct vox_photo *p = vox_photo_new();

	p->ext = g_strdup("jpg");
	p->participant = g_strdup(participant);
	p->site = g_strdup("cornwall-farm");
	p->session = g_strdup(session);
	p->source_name = g_path_get_basename(rel);
	p->caption->title = g_strdup(title);
	p->caption->story = g_strdup(story);
	p->caption->alt = g_strdup(alt);
	p->caption->lang = g_strdup(lang);
	/* Stored as the camera wrote them: the booklet must drop the metadata itself. */
	tc_add_file(cat, path, p, TC_MEASURE);
	return p;
}

vox_catalog *
tc_review_collection(const char *dir, tc_path_fn corpus, struct vox_photo *photos[4])
{
	vox_catalog *cat = tc_create(dir, "Cornwall photovoice");
	g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
	struct vox_caption *tr;
	struct vox_photo *p1;

	tc_pair(cat, "cornwall", "Cornwall twins");
	tc_site(cat, "truro-foodbank", "Truro Food Bank", "cornwall", "urban");
	tc_site(cat, "cornwall-farm", "Community farm", "cornwall", "rural");
	tc_session(cat, "2026-06-02-farm", "cornwall-farm", "2026-06-02");
	tc_participant(cat, "P07", "truro-foodbank", "Dafydd Jones", 0);
	tc_participant(cat, "P08", "truro-foodbank", "Other Person", 0);
	p1 = photos[0] = review_photo(cat, corpus, "jpg/orientation/portrait_6.jpg", "P07",
	    "2026-06-02-farm", "Y sied wair",
	    "Dyma'r sied lle mae'r gwair yn sychu.\n\nRoedd hi'n braf.",
	    "Sied bren goch gyda gwair", "cy");
	tr = vox_caption_new();
	tr->lang = g_strdup("en");
	tr->title = g_strdup("The hay barn");
	tr->story = g_strdup("This is the barn where the hay dries.");
	vox_caption_set_prompt(p1->caption, "see", "Gwair");
	tr->alt = g_strdup("A red wooden barn with hay");
	p1->caption->translation = tr;
	if (vox_catalog_set_caption(cat, p1->sha256, p1->caption) != 0)
		tc_die(p1->ref);
	g_ptr_array_add(add, g_strdup("food-and-growing"));
	if (vox_catalog_tag(cat, p1->sha256, add, NULL) != 1)
		tc_die(p1->ref);
	photos[1] = review_photo(cat, corpus, "jpg/orientation/landscape_1.jpg", "P07",
	    "2026-06-02-farm", "Hens <b>&</b> \"eggs\"", "We <script>alert(1)</script> fed the hens.",
	    NULL, "en");
	photos[2] = review_photo(cat, corpus, "jpg/gps/DSCN0010.jpg", "P07", NULL, "Gone soon",
	    "A story to forget.", "A road", "en");
	photos[3] = review_photo(cat, corpus, "jpg/gps/DSCN0012.jpg", "P08", "2026-06-02-farm",
	    "OTHER-TITLE-8431", "OTHER-STORY-5502", "OTHER-ALT-7713", "en");
	if (vox_catalog_withdraw(cat, photos[2]->sha256, VOX_APPLY, removed) != 0)
		tc_die(photos[2]->ref);
	if (g_file_test(photos[2]->path, G_FILE_TEST_EXISTS)) {
		vox_error("fixture", "'%s': still stored after withdrawal", photos[2]->path);
		tc_die(photos[2]->ref);
	}
	return cat;
}

static int
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
tc_folder_collection(const char *dir, const char *folder)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	vox_catalog *cat = tc_create(dir, NULL);
	GDir *d;
	const char *name;

	tc_pair(cat, "bench", "Bench");
	tc_site(cat, "bench-site", "Bench site", "bench", "urban");
	tc_participant(cat, "P01", "bench-site", NULL, 0);
	d = g_dir_open(folder, 0, &err);
	if (!d) {
		vox_error("fixture", "%s", err->message);
		tc_die(folder);
	}
	while ((name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".jpg"))
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(folder, names->pdata[i], NULL);
		struct vox_photo *p = vox_photo_new();

		p->participant = g_strdup("P01");
		p->site = g_strdup("bench-site");
		p->ext = g_strdup("jpg");
		p->audience = VOX_AUDIENCE_GROUP;
		p->people = VOX_PEOPLE_NONE;
		p->caption->title = g_strdup(names->pdata[i]);
		p->caption->alt = g_strdup("A bench photo.");
		tc_add_file(cat, path, p, TC_SCRUB);
		vox_photo_free(p);
	}
	vox_catalog_close(cat);
}
