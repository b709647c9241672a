#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "vox/html.h"

static char *
text(const char *s)
{
	GString *out = g_string_new(NULL);

	vox_html_text(out, s);
	return g_string_free(out, FALSE);
}

Test(html, escapes_markup_in_captions_as_text)
{
	g_autofree char *s = text("<script>alert(1)</script> & \"q\" 'a'");

	cr_assert_str_eq(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
}

Test(html, drops_control_characters_and_repairs_bad_utf8)
{
	g_autofree char *s = text("a\x01" "b\x7f" "c\xff" "d");

	cr_assert_str_eq(s, "abc\xef\xbf\xbd" "d");
}

Test(html, printf_escapes_string_arguments_only)
{
	GString *out = g_string_new(NULL);

	vox_html_printf(out, "<a href=\"%s\">%s</a> %d of %zu", "x\"y.html", "<b>", 3, (size_t)12);
	cr_assert_str_eq(out->str, "<a href=\"x&quot;y.html\">&lt;b&gt;</a> 3 of 12");
	g_string_free(out, TRUE);
}

Test(html, paragraphs_split_on_blank_lines)
{
	GString *out = g_string_new(NULL);

	vox_html_paragraphs(out, "one\r\ntwo\r\n\r\nthree <i>");
	cr_assert_str_eq(out->str, "<p>one<br>\ntwo</p>\n<p>three &lt;i&gt;</p>\n");
	g_string_free(out, TRUE);
}

Test(html, paragraphs_of_invalid_utf8_are_repaired_not_dropped)
{
	GString *out = g_string_new(NULL);

	/* Found by tests/fuzz/fuzz_html.c: GRegex refused the text and the story vanished. */
	vox_html_paragraphs(out, "caf\xe9 <b>\n\nnext");
	cr_assert_str_eq(out->str, "<p>caf\xef\xbf\xbd &lt;b&gt;</p>\n<p>next</p>\n");
	g_string_free(out, TRUE);
}

Test(html, lang_tags_are_checked)
{
	cr_assert(vox_html_lang_ok("cy"));
	cr_assert(vox_html_lang_ok("en-GB"));
	cr_assert_not(vox_html_lang_ok("\"><script>"));
	cr_assert_not(vox_html_lang_ok(""));
	cr_assert_not(vox_html_lang_ok(NULL));
}

Test(html, page_shell_has_lang_skip_link_landmarks_and_audience)
{
	struct vox_html_page pg = {
		.lang = "en", .title = "Truro <Food> Bank", .site_title = "Cornwall",
		.home_href = "index.html", .css_href = "style.css",
		.audience = "Shared with the workshop group only",
		.nav_html = "<ul><li><a href=\"index.html\">Home</a></li></ul>",
	};
	GString *out = g_string_new(NULL);

	vox_html_page_begin(out, &pg);
	g_string_append(out, "<h1>x</h1>\n");
	vox_html_page_end(out, &pg);
	cr_assert(g_str_has_prefix(out->str, "<!DOCTYPE html>\n<html lang=\"en\">"));
	cr_assert(strstr(out->str, "<title>Truro &lt;Food&gt; Bank — Cornwall</title>"));
	cr_assert(strstr(out->str, "<link rel=\"stylesheet\" href=\"style.css\">"));
	cr_assert(strstr(out->str, "href=\"#main\""));
	cr_assert(strstr(out->str, "<main id=\"main\""));
	cr_assert(strstr(out->str, "<nav aria-label=\"Site\">"));
	cr_assert(strstr(out->str, "<footer"));
	cr_assert(strstr(out->str, "Shared with the workshop group only"));
	cr_assert(g_str_has_suffix(out->str, "</html>\n"));
	g_string_free(out, TRUE);
}

/* Galleries built from photos held in memory (the catalog is not needed for these):
 * corpus JPEGs stand in for stored photos; they still carry their camera metadata, which
 * proves that derivatives drop it. */

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vox/catalog.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/gallery.h"
#include "vox/store.h"
#include "vox/hash.h"

#include "helpers/collection.h"
#include "helpers/corpus.h"
#include "helpers/gallery_fixture.h"
#include "helpers/jpeg_fixtures.h"

static struct vox_photo *
photo(const char *file, const char *ref, const char *site, enum vox_audience a,
    enum vox_people people, const char *title, const char *alt)
{
	return gallery_fixture_photo(corpus_file, file, ref, site, a, people, title, alt);
}

static void
fixture_init(struct gallery_fixture *f, const char *out)
{
	gallery_fixture_init(f, out, corpus_file);
}

static int
rm_rf(const char *path)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", path);

	return system(cmd);
}

static char *
slurp(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;

	cr_assert(g_file_get_contents(path, &data, NULL, NULL), "cannot read %s", path);
	return data;
}

static int
has_file(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);

	return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* Every file in the gallery, concatenated: for "appears nowhere" checks. */
static GString *
everything(const char *dir)
{
	GString *all = g_string_new(NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	cr_assert(d);
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autofree char *data = NULL;
		gsize len;

		g_string_append(all, name);
		g_string_append_c(all, '\n');
		if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
			GString *sub = everything(path);

			g_string_append_len(all, sub->str, (gssize)sub->len);
			g_string_free(sub, TRUE);
		} else if (g_file_get_contents(path, &data, &len, NULL)) {
			g_string_append_len(all, data, (gssize)len);
		}
	}
	g_dir_close(d);
	return all;
}

static void
build(struct gallery_fixture *f, enum vox_audience a, struct vox_gallery_result *res)
{
	struct vox_gallery_opts o;

	vox_gallery_opts_init(&o);
	o.audience = a;
	cr_assert_eq(vox_gallery_build(&f->data, f->cache, f->out, &o, res), 0, "%s",
	    vox_error_message());
}

Test(derive, widths_never_upscale)
{
	struct vox_derive_opts o;
	int w[VOX_DERIVE_MAX_WIDTHS];

	vox_derive_opts_init(&o);
	cr_assert_eq(vox_derive_widths(&o, 4000, w), 3);
	cr_assert(w[0] == 480 && w[1] == 960 && w[2] == 1600);
	cr_assert_eq(vox_derive_widths(&o, 1200, w), 3);
	cr_assert(w[0] == 480 && w[1] == 960 && w[2] == 1200);
	cr_assert_eq(vox_derive_widths(&o, 960, w), 2);
	cr_assert_eq(vox_derive_widths(&o, 300, w), 1);
	cr_assert_eq(w[0], 300);
	cr_assert_eq(vox_derive_height(600, 450, 480), 360);
}

Test(gallery, builds_every_page_with_consented_photos_only)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	g_autofree char *index = NULL;
	g_autofree char *stories = NULL;
	GString *all;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	cr_assert_eq(res.photos, 4);
	cr_assert_eq(res.left_out, 2);
	index = slurp(f.out, "index.html");
	cr_assert(strstr(index, "<html lang=\"en\">"));
	cr_assert(strstr(index, "Cornwall photovoice"));
	cr_assert(strstr(index, "Shared with the workshop group only"));
	cr_assert(strstr(index, "href=\"pair-cornwall.html\""));
	cr_assert(strstr(index, "href=\"site-truro-foodbank.html\""));
	cr_assert(strstr(index, "(rural)"));
	cr_assert(strstr(index, "href=\"theme-feeling-welcome.html\""));
	for (const char *const *n = (const char *const[]){ "stories.html", "style.css",
	    "pair-cornwall.html", "site-cornwall-farm.html", "theme-food-and-growing.html",
	    "photo-P01-01.html", "photo-P02-02.html", "img/P02-01-1600.webp",
	    "img/P02-01-480.jpg", NULL }; *n; n++)
		cr_assert(has_file(f.out, *n), "missing %s", *n);
	cr_assert_not(has_file(f.out, "photo-P03-01.html"));
	cr_assert_not(has_file(f.out, "img/P03-02-480.jpg"));
	stories = slurp(f.out, "stories.html");
	cr_assert(strstr(stories, "The story of P01-01."));

	all = everything(f.out);
	cr_assert_not(strstr(all->str, "Secretname"), "a participant's name was published");
	cr_assert_not(strstr(all->str, "SECRETFILE"), "a source file name was published");
	cr_assert_not(strstr(all->str, "Secret private title"));
	cr_assert_not(strstr(all->str, "Secret withdrawn title"));
	cr_assert_not(strstr(all->str, "P03-0"));
	cr_assert_not(strstr(all->str, "<script"), "a caption's markup reached a page");
	cr_assert_not(strstr(all->str, "DSCN"));
	g_string_free(all, TRUE);
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, report_gallery_leaves_out_unconsented_people)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	GString *all;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_REPORT, &res);
	cr_assert_eq(res.photos, 1);
	cr_assert_not(has_file(f.out, "photo-P02-01.html"));
	cr_assert_not(has_file(f.out, "img/P02-01-480.jpg"));
	all = everything(f.out);
	cr_assert_not(strstr(all->str, "Y fferm"));
	cr_assert(strstr(all->str, "Shared in reports to funders and evaluators"));
	g_string_free(all, TRUE);
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, public_gallery_leaves_out_sensitive_photos)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	struct vox_gallery_opts o;
	struct vox_photo *p;

	fixture_init(&f, NULL);
	/* P01-02 is public with consented people: shown, until it is marked sensitive. */
	build(&f, VOX_AUDIENCE_PUBLIC, &res);
	cr_assert_eq(res.photos, 1);
	cr_assert(has_file(f.out, "photo-P01-02.html"));
	vox_gallery_result_release(&res);
	p = f.photos->pdata[1];
	p->sensitive = 1;
	build(&f, VOX_AUDIENCE_PUBLIC, &res);
	cr_assert_eq(res.photos, 0);
	cr_assert_not(has_file(f.out, "photo-P01-02.html"));
	cr_assert_not(has_file(f.out, "img/P01-02-480.jpg"));
	vox_gallery_result_release(&res);
	/* Only the explicit override lets it through. */
	vox_gallery_opts_init(&o);
	o.audience = VOX_AUDIENCE_PUBLIC;
	o.allow_sensitive_public = 1;
	cr_assert_eq(vox_gallery_build(&f.data, f.cache, f.out, &o, &res), 0);
	cr_assert_eq(res.photos, 1);
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, photo_page_has_figure_picture_captions_and_links)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	g_autofree char *p1 = NULL;
	g_autofree char *p2 = NULL;
	g_autofree char *p3 = NULL;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	p2 = slurp(f.out, "photo-P01-02.html");
	cr_assert(strstr(p2, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	cr_assert(strstr(p2, "Photo 2 of 4"));
	cr_assert(strstr(p2, "rel=\"prev\" href=\"photo-P01-01.html\""));
	cr_assert(strstr(p2, "rel=\"next\" href=\"photo-P02-01.html\""));
	cr_assert(strstr(p2, "rel=\"up\" href=\"site-truro-foodbank.html\""));
	cr_assert(strstr(p2, "<figure>"));
	cr_assert(strstr(p2, "<figcaption>"));
	cr_assert(strstr(p2, "<source type=\"image/webp\" srcset=\"img/P01-02-480.webp 480w, "
	    "img/P01-02-600.webp 600w\""));
	/* Stored sideways with orientation 6: shown upright, 600 x 450. */
	cr_assert(strstr(p2, "width=\"600\" height=\"450\""), "%s", p2);
	cr_assert_not(strstr(p2, "loading=\"lazy\""), "the first image is not lazy");
	cr_assert(strstr(p2, "<dt>What do you See here?</dt>"));
	cr_assert(strstr(p2, "<time datetime=\"2026-05-12\">12 May 2026</time>"));
	cr_assert(strstr(p2, "href=\"theme-feeling-welcome.html\""));
	cr_assert(strstr(p2, "<dd class=\"ref\">P01-02</dd>"));

	p3 = slurp(f.out, "photo-P02-01.html");
	cr_assert(strstr(p3, "<div class=\"caption\" lang=\"cy\">"));
	cr_assert(strstr(p3, "<div class=\"caption translation\" lang=\"en\">"));
	cr_assert(strstr(p3, "<h1 lang=\"cy\">Y fferm</h1>"));
	cr_assert(strstr(p3, "img/P02-01-1600.jpg 1600w"));

	p1 = slurp(f.out, "photo-P02-02.html");
	cr_assert(strstr(p1, "alt=\"Photo P02-02 (no description yet)\""));
	cr_assert_eq(res.warnings->len, 1);
	cr_assert(strstr(res.warnings->pdata[0], "P02-02"));
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, strict_refuses_photos_without_alt_and_writes_nothing)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	struct vox_gallery_opts o;

	fixture_init(&f, NULL);
	vox_gallery_opts_init(&o);
	o.strict = 1;
	cr_assert_eq(vox_gallery_build(&f.data, f.cache, f.out, &o, &res), -1);
	cr_assert(strstr(vox_error_message(), "without alt text"));
	cr_assert_not(has_file(f.out, "index.html"));
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, rebuild_encodes_only_what_changed)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	struct vox_photo *extra;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	/* 3 sizes of jolla, 2 of DSCN0010 (640 px) and landscape_6 (600 px), 1 of the 450 px
	 * portrait; each in 2 formats. */
	cr_assert_eq(res.encodes, 2 * (3 + 2 + 2 + 1));
	vox_gallery_result_release(&res);

	build(&f, VOX_AUDIENCE_GROUP, &res);
	cr_assert_eq(res.encodes, 0, "a rebuild with no change encoded %llu images",
	    (unsigned long long)res.encodes);
	vox_gallery_result_release(&res);

	extra = photo("jpg/orientation/landscape_1.jpg", "P02-03", "cornwall-farm",
	    VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "New", "A new photo.");
	g_ptr_array_insert(f.photos, 4, extra);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	cr_assert_eq(res.encodes, 4, "one new 600 px photo is 2 sizes x 2 formats");
	cr_assert(has_file(f.out, "photo-P02-03.html"));
	vox_gallery_result_release(&res);

	/* Dropped from the selection: its files leave the gallery. */
	g_ptr_array_remove_index(f.photos, 4);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	cr_assert_eq(res.encodes, 0);
	cr_assert_not(has_file(f.out, "photo-P02-03.html"));
	cr_assert_not(has_file(f.out, "img/P02-03-480.jpg"));
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, refuses_to_replace_a_folder_that_is_not_a_gallery)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	struct vox_gallery_opts o;
	g_autofree char *keep = NULL;

	fixture_init(&f, NULL);
	cr_assert_eq(g_mkdir(f.out, 0755), 0);
	keep = g_build_filename(f.out, "thesis.odt", NULL);
	cr_assert(g_file_set_contents(keep, "mine", -1, NULL));
	vox_gallery_opts_init(&o);
	cr_assert_eq(vox_gallery_build(&f.data, f.cache, f.out, &o, &res), -1);
	cr_assert(strstr(vox_error_message(), "not a gallery"));
	cr_assert(g_file_test(keep, G_FILE_TEST_EXISTS));
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, an_unreadable_photo_is_left_out_with_a_warning)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;

	fixture_init(&f, NULL);
	g_ptr_array_insert(f.photos, 1, photo("jpg/corrupted.jpg", "P01-09", "truro-foodbank",
	    VOX_AUDIENCE_GROUP, VOX_PEOPLE_NONE, "Broken", "Broken."));
	build(&f, VOX_AUDIENCE_GROUP, &res);
	cr_assert_eq(res.refused, 1);
	cr_assert_eq(res.photos, 4);
	cr_assert_not(has_file(f.out, "photo-P01-09.html"));
	cr_assert(has_file(f.out, "photo-P01-02.html"));
	{
		int found = 0;

		for (guint i = 0; i < res.warnings->len; i++)
			found |= strstr(res.warnings->pdata[i], "'P01-09': left out") != NULL;
		cr_assert(found, "no warning names the unreadable photo");
	}
	{
		g_autofree char *p1 = slurp(f.out, "photo-P01-01.html");

		cr_assert(strstr(p1, "rel=\"next\" href=\"photo-P01-02.html\""));
		cr_assert(strstr(p1, "Photo 1 of 4"));
	}
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(gallery, failed_build_leaves_the_old_gallery)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	struct vox_gallery_opts o;
	g_autofree char *blocked = NULL;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	vox_gallery_result_release(&res);
	/* A cache that cannot be made: nothing new can be written. */
	blocked = g_build_filename(f.dir, "not-a-folder", NULL);
	cr_assert(g_file_set_contents(blocked, "", 0, NULL));
	g_ptr_array_remove_index(f.photos, 0);
	vox_gallery_opts_init(&o);
	cr_assert_eq(vox_gallery_build(&f.data, blocked, f.out, &o, &res), -1);
	cr_assert(has_file(f.out, "photo-P01-01.html"), "the old gallery is gone");
	cr_assert(has_file(f.out, "img/P01-01-480.jpg"));
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

Test(derive, derivatives_carry_no_metadata_and_start_with_the_hash)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_result res;
	const struct vox_photo *p;
	g_autofree char *cmd = NULL;
	g_autofree char *purged = NULL;
	GPtrArray *found;
	int n;

	fixture_init(&f, NULL);
	build(&f, VOX_AUDIENCE_GROUP, &res);
	p = f.photos->pdata[0];
	/* The source has GPS; exiftool finds no EXIF, XMP, IPTC or ICC in any derivative. */
	cmd = g_strdup_printf("exiftool -q -a -G1 -s '%s'/img/*.jpg '%s'/img/*.webp "
	    "| grep -E '^\\[(EXIF|IFD|GPS|XMP|IPTC|ICC|Photoshop|MakerNotes|Composite:GPS)' "
	    ">/dev/null", f.out, f.out);
	cr_assert_neq(system(cmd), 0, "metadata found in a derivative");
	purged = g_strdup_printf("%s/%s-480.jpg", f.cache, p->sha256);
	cr_assert(g_file_test(purged, G_FILE_TEST_EXISTS));
	/* Named by the hash, so withdrawal and redaction find every one of them. */
	found = g_ptr_array_new_with_free_func(g_free);
	cr_assert_eq(vox_store_cache_files(f.dir, p->sha256, found), 0, "%s", vox_error_message());
	n = (int)found->len;
	cr_assert_eq(n, 4);
	for (guint i = 0; i < found->len; i++)
		cr_assert_eq(g_unlink(g_ptr_array_index(found, i)), 0);
	cr_assert_not(g_file_test(purged, G_FILE_TEST_EXISTS));
	cr_assert_eq(vox_store_cache_files(f.dir, "", found), -1);
	g_ptr_array_unref(found);
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
}

/* Makes a stored file of a small JPEG in dir, named by its hash; fills src. */
static void
stored_jpeg(const char *dir, char sha[VOX_SHA256_HEX], char **path, struct vox_derive_src *src)
{
	g_autoptr(GByteArray) j = fx_jpeg(640, 480, 0);
	vox_hash *h = vox_hash_new(VOX_HASH_SHA256);

	vox_hash_update(h, j->data, j->len);
	g_strlcpy(sha, vox_hash_hex(h), VOX_SHA256_HEX);
	vox_hash_free(h);
	*path = g_strdup_printf("%s/%s.jpg", dir, sha);
	fx_write(*path, j);
	src->sha256 = sha;
	src->path = *path;
	src->width = 640;
	src->height = 480;
}

static int
derive_ok(const char *cache, const struct vox_derive_src *src)
{
	GPtrArray *r = vox_derive_run(cache, src, 1, NULL);
	const struct vox_derived *d;
	int ok;

	cr_assert(r, "%s", vox_error_message());
	d = r->pdata[0];
	ok = !d->error && d->nsizes == 2;
	g_ptr_array_unref(r);
	return ok;
}

Test(derive, a_cached_photo_is_read_again_only_when_its_stored_file_changed)
{
	g_autofree char *dir = g_dir_make_tmp("vox-derive-XXXXXX", NULL);
	g_autofree char *cache = g_build_filename(dir, "cache", NULL);
	g_autofree char *path = NULL;
	g_autofree char *memo = NULL;
	g_autofree char *text = NULL;
	char sha[VOX_SHA256_HEX];
	struct vox_derive_src src;
	uint64_t r0;
	FILE *f;

	stored_jpeg(dir, sha, &path, &src);
	/* A file changed within two seconds is not trusted unread: let it age. */
	g_usleep(2100 * 1000);
	r0 = vox_derive_reads();
	cr_assert(derive_ok(cache, &src));
	cr_assert_eq(vox_derive_reads() - r0, 1, "the first run reads the stored file");
	memo = g_build_filename(cache, ".verified", NULL);
	cr_assert(g_file_get_contents(memo, &text, NULL, NULL));
	cr_assert(g_str_has_prefix(text, sha), "the record names the file by its hash: %s", text);

	r0 = vox_derive_reads();
	cr_assert(derive_ok(cache, &src));
	cr_assert_eq(vox_derive_reads() - r0, 0, "all cached, the same file: not read again");

	/* The same size, its first byte rewritten in place: the change time moves, so it is
	 * read again and refused, although every derivative is still cached. */
	f = fopen(path, "r+b");
	cr_assert(f);
	fputc(0, f);
	fclose(f);
	r0 = vox_derive_reads();
	cr_assert_not(derive_ok(cache, &src), "a changed stored file makes nothing");
	cr_assert_eq(vox_derive_reads() - r0, 1);
	cr_assert_eq(vox_remove_tree(dir), 0);
}

/* The names of cache's files that start with prefix, in a string, or "". */
static char *
cache_names(const char *cache, const char *prefix)
{
	GDir *d = g_dir_open(cache, 0, NULL);
	GString *s = g_string_new(NULL);
	const char *n;

	cr_assert(d);
	while ((n = g_dir_read_name(d)))
		if (g_str_has_prefix(n, prefix))
			g_string_append_printf(s, "%s ", n);
	g_dir_close(d);
	return g_string_free(s, FALSE);
}

/* Cuts a derivative short, as a crash before the flush could leave it. */
static void
cut_short(const char *path)
{
	cr_assert_eq(truncate(path, 10), 0);
}

Test(derive, derivatives_a_dead_run_left_unflushed_are_made_again)
{
	g_autofree char *dir = g_dir_make_tmp("vox-derive-XXXXXX", NULL);
	g_autofree char *cache = g_build_filename(dir, "cache", NULL);
	g_autofree char *path = NULL, *names = NULL, *marker = NULL;
	g_autofree char *webp = NULL, *jpeg = NULL;
	char sha[VOX_SHA256_HEX];
	struct vox_derive_src src;
	struct stat st;
	uint64_t e0;
	int fd;

	stored_jpeg(dir, sha, &path, &src);
	cr_assert(derive_ok(cache, &src));
	names = cache_names(cache, ".unsynced-");
	cr_assert_str_empty(names, "a run that finished leaves no marker: %s", names);
	webp = g_strdup_printf("%s/%s-640.webp", cache, sha);
	jpeg = g_strdup_printf("%s/%s-640.jpg", cache, sha);
	cr_assert(g_file_test(webp, G_FILE_TEST_IS_REGULAR) && g_file_test(jpeg,
	    G_FILE_TEST_IS_REGULAR));

	/* A run died after its marker and one derivative, cut short, before its flush.
	 * The derivatives made before the marker (more than a second before) are kept. */
	g_usleep(1200 * 1000);
	marker = g_build_filename(cache, ".unsynced-dead01", NULL);
	cr_assert(g_file_set_contents(marker, "", 0, NULL));
	cut_short(webp);
	e0 = vox_derive_encodes();
	cr_assert(derive_ok(cache, &src));
	cr_assert_eq(vox_derive_encodes() - e0, 1, "only the file written since the marker "
	    "is made again");
	cr_assert_eq(stat(webp, &st), 0);
	cr_assert_gt(st.st_size, 10, "the cut-short derivative is whole again");
	cr_assert_not(g_file_test(marker, G_FILE_TEST_EXISTS), "the dead run's marker goes");

	/* A marker of a run still going (it holds the cache folder's lock) is left to it. */
	g_usleep(1200 * 1000);
	cr_assert(g_file_set_contents(marker, "", 0, NULL));
	cut_short(jpeg);
	fd = open(cache, O_RDONLY | O_DIRECTORY);
	cr_assert(fd >= 0 && flock(fd, LOCK_SH) == 0);
	e0 = vox_derive_encodes();
	cr_assert(derive_ok(cache, &src));
	cr_assert_eq(vox_derive_encodes() - e0, 0);
	cr_assert(g_file_test(marker, G_FILE_TEST_EXISTS), "a running run's marker stays");
	close(fd);
	/* Once that run is gone, the next deals with what it left. */
	cr_assert(derive_ok(cache, &src));
	cr_assert_eq(vox_derive_encodes() - e0, 1);
	cr_assert_eq(stat(jpeg, &st), 0);
	cr_assert_gt(st.st_size, 10);
	cr_assert_not(g_file_test(marker, G_FILE_TEST_EXISTS));
	cr_assert_eq(vox_remove_tree(dir), 0);
}

/* A real collection, made through the catalog's API with scrubbed corpus photos (the one
 * tests/cli/0400-gallery.t gets from tests/cli/gallery-collection): the catalog path. */

Test(gallery, catalog_gallery_honours_consent_and_keeps_private_fields_out)
{
	g_autofree char *dir = g_dir_make_tmp("vox-gallery-cat-XXXXXX", NULL);
	g_autofree char *coll = g_build_filename(dir, "c", NULL);
	g_autofree char *out = g_build_filename(dir, "g", NULL);
	struct vox_gallery_opts o;
	struct vox_gallery_result res;
	struct vox_filter f = VOX_FILTER_INIT;
	vox_catalog *cat;
	GString *all;

	tc_gallery_collection(coll, corpus_file);
	cat = vox_catalog_open(coll);
	vox_gallery_opts_init(&o);
	cr_assert_eq(vox_gallery_build_catalog(cat, &f, out, &o, &res), 0, "%s",
	    vox_error_message());
	cr_assert_eq(res.photos, 4);
	cr_assert_eq(res.warnings->len, 1);
	all = everything(out);
	cr_assert(strstr(all->str, "Cornwall Community Farm"));
	cr_assert(strstr(all->str, "&lt;script&gt;"));
	cr_assert_not(strstr(all->str, "Kept private"));
	cr_assert_not(strstr(all->str, "Secretname"));
	cr_assert_not(strstr(all->str, "Hiddenname"));
	cr_assert_not(strstr(all->str, "SECRETFILE"));
	g_string_free(all, TRUE);
	vox_gallery_result_release(&res);

	o.audience = VOX_AUDIENCE_REPORT;
	cr_assert_eq(vox_gallery_build_catalog(cat, &f, out, &o, &res), 0);
	cr_assert_eq(res.photos, 1, "report: only the public photo with consented people");
	all = everything(out);
	cr_assert_not(strstr(all->str, "Faces at the gate"));
	g_string_free(all, TRUE);
	vox_gallery_result_release(&res);
	vox_catalog_close(cat);
	rm_rf(dir);
}
