/*
 * The participant's booklet: its words in English and Welsh, the typed consent sheet that
 * comes back from it, and the booklet itself built from a collection.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "vox/consent.h"
#include "vox/consent_sheet.h"
#include "vox/error.h"
#include "vox/ui.h"

Test(review, ui_table_has_every_message_in_every_language)
{
	for (int id = 0; id < VOX_UI_N_MSGS; id++) {
		const char *name = vox_ui_id_name((enum vox_ui_msg)id);

		cr_assert(name && *name, "message %d has no id", id);
		for (int l = 0; vox_ui_langs[l]; l++) {
			const char *s = vox_ui(vox_ui_langs[l], (enum vox_ui_msg)id);

			cr_assert(s && *s, "'%s' has no %s words", name, vox_ui_langs[l]);
			cr_assert(g_utf8_validate(s, -1, NULL));
			/* No markup: the booklet escapes the table like any other text. */
			cr_assert_null(strpbrk(s, "<>&"), "'%s' (%s) holds markup", name,
			    vox_ui_langs[l]);
		}
		for (int j = 0; j < id; j++)
			cr_assert_str_neq(name, vox_ui_id_name((enum vox_ui_msg)j));
	}
}

Test(review, a_recording_length_is_said_in_each_language_rounded_to_the_second)
{
	static const struct {
		gint64 ms;
		const char *en, *cy;
	} cases[] = {
		{ 0, "0 s", "0 eil" },
		{ 44600, "45 s", "45 eil" },
		{ 59499, "59 s", "59 eil" },
		{ 59500, "1 min 0 s", "1 mun 0 eil" },
		{ 92000, "1 min 32 s", "1 mun 32 eil" },
		{ 3725000, "62 min 5 s", "62 mun 5 eil" },
		{ -5, "0 s", "0 eil" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *en = vox_ui_length("en", cases[i].ms);
		g_autofree char *cy = vox_ui_length("cy", cases[i].ms);

		cr_assert_str_eq(en, cases[i].en);
		cr_assert_str_eq(cy, cases[i].cy);
	}
}

Test(review, welsh_differs_from_english_and_keeps_placeholders)
{
	for (int id = 0; id < VOX_UI_N_MSGS; id++) {
		const char *en = vox_ui("en", (enum vox_ui_msg)id);
		const char *cy = vox_ui("cy", (enum vox_ui_msg)id);

		for (int k = 1; k <= 2; k++) {
			char ph[4] = { '{', (char)('0' + k), '}', 0 };

			cr_assert_eq(strstr(en, ph) != NULL, strstr(cy, ph) != NULL,
			    "'%s': placeholder %s in one language only",
			    vox_ui_id_name((enum vox_ui_msg)id), ph);
		}
	}
	cr_assert_str_eq(vox_ui("cy", VOX_UI_CONSENT_GROUP),
	    "Dim ond y grŵp gweithdy sy\u2019n gallu gweld y llun hwn.");
	cr_assert_str_eq(vox_ui("en", VOX_UI_CONSENT_GROUP),
	    "Only the workshop group can see this photo.");
	cr_assert_str_eq(vox_ui("fr", VOX_UI_BOOKLET_TITLE), "Your photos");
	cr_assert(vox_ui_lang_valid("cy"));
	cr_assert(!vox_ui_lang_valid("fr"));
}

Test(review, ui_format_fills_placeholders_and_dates_read_as_words)
{
	g_autofree char *a = vox_ui_format("en", VOX_UI_PHOTO_N_OF, "3", "12");
	g_autofree char *b = vox_ui_format("cy", VOX_UI_PHOTO_N_OF, "3", "12");
	g_autofree char *c = vox_ui_format("en", VOX_UI_NOW, "{2}", NULL);
	g_autofree char *d = vox_ui_date("cy", "2026-05-12");
	g_autofree char *e = vox_ui_date("en", "2026-12-01T10:00:00Z");
	g_autofree char *f = vox_ui_date("en", "spring");

	cr_assert_str_eq(a, "Photo 3 of 12");
	cr_assert_str_eq(b, "Llun 3 o 12");
	cr_assert_str_eq(c, "Now: {2}", "arguments are not expanded again");
	cr_assert_str_eq(d, "12 Mai 2026");
	cr_assert_str_eq(e, "1 December 2026");
	cr_assert_str_eq(f, "spring");
	cr_assert_str_eq(vox_ui_prompt("cy", "see"), "Beth ydych chi\u2019n ei weld yma?");
	cr_assert_null(vox_ui_prompt("en", "our-own-question"));
	cr_assert_str_eq(vox_ui_lang_name("en", "cy-GB"), "Welsh");
	cr_assert_str_eq(vox_ui_lang_name("cy", "en"), "Saesneg");
	cr_assert_null(vox_ui_lang_name("en", "fr"));
}

static GPtrArray *
sheet(const char *text)
{
	return vox_consent_sheet_parse("sheet.tsv", text, strlen(text));
}

static struct vox_consent_row *
row(GPtrArray *a, guint i)
{
	return g_ptr_array_index(a, i);
}

Test(review, consent_sheet_reads_rows_with_and_without_header)
{
	g_autoptr(GPtrArray) a = sheet("ref\taudience\tpeople\nP07-01\treport\tconsented\n"
	    "P07-02\tgroup\n\n# a note\nP07-03\t\tUnconsented\n");
	g_autoptr(GPtrArray) b = sheet("\xEF\xBB\xBFP07-04\tpublic\tnone\r\nP07-05\tprivate\r\n");
	g_autoptr(GPtrArray) c = sheet("people\tref\nunknown\tab12cd\n");

	cr_assert_not_null(a, "%s", vox_error_message());
	cr_assert_eq(a->len, 3);
	cr_assert_str_eq(row(a, 0)->ref, "P07-01");
	cr_assert_eq(row(a, 0)->audience, VOX_AUDIENCE_REPORT);
	cr_assert_eq(row(a, 0)->people, VOX_PEOPLE_CONSENTED);
	cr_assert_eq(row(a, 1)->people, -1, "no people field leaves people as it is");
	cr_assert_eq(row(a, 2)->audience, -1);
	cr_assert_eq(row(a, 2)->people, VOX_PEOPLE_UNCONSENTED);
	cr_assert_eq(row(a, 2)->line, 6);
	cr_assert_not_null(b, "%s", vox_error_message());
	cr_assert_eq(b->len, 2);
	cr_assert_str_eq(row(b, 0)->ref, "P07-04");
	cr_assert_eq(row(b, 0)->audience, VOX_AUDIENCE_PUBLIC);
	cr_assert_eq(row(b, 1)->audience, VOX_AUDIENCE_PRIVATE);
	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(row(c, 0)->ref, "ab12cd");
	cr_assert_eq(row(c, 0)->people, VOX_PEOPLE_UNKNOWN);
	cr_assert_eq(row(c, 0)->audience, -1);
}

Test(review, consent_sheet_errors_name_the_line)
{
	struct {
		const char *text, *want;
	} bad[] = {
		{ "P07-01\tgroup\nP07-02\teveryone\n", "line 2: 'everyone': not an audience" },
		{ "ref\taudience\nP07-01\twithdrawn\n", "line 2: 'withdrawn': withdraw a photo" },
		{ "P07-01\tgroup\tmaybe\n", "line 1: 'maybe': not a people value" },
		{ "P07-01\n", "line 1: 'P07-01': neither audience nor people" },
		{ "\tgroup\n", "line 1: no photo ref" },
		{ "P07 01\tgroup\n", "line 1: 'P07 01': not a photo ref" },
		{ "P07-01\tgroup\tnone\textra\n", "line 1: 4 fields" },
		{ "ref\twho\n", "line 1: 'who': unknown column" },
		{ "ref\tref\n", "line 1: 'ref': column given twice" },
		{ "# sheet\nP07-01\tgr\xFFup\n", "line 2: not UTF-8" },
		{ "P07-01\tgroup\n\0\n", "NUL" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		size_t len = strlen(bad[i].text);
		GPtrArray *a;

		if (strcmp(bad[i].want, "NUL") == 0)
			len += 2;
		a = vox_consent_sheet_parse("sheet.tsv", bad[i].text, len);
		cr_assert_null(a, "accepted case %zu", i);
		cr_assert(strstr(vox_error_message(), "'sheet.tsv': "), "%s",
		    vox_error_message());
		cr_assert(strstr(vox_error_message(), bad[i].want), "case %zu: '%s' lacks '%s'",
		    i, vox_error_message(), bad[i].want);
	}
}

Test(review, consent_sheet_empty_file_has_no_rows)
{
	g_autoptr(GPtrArray) a = sheet("");
	g_autoptr(GPtrArray) b = sheet("ref\taudience\tpeople\n");

	cr_assert_not_null(a);
	cr_assert_eq(a->len, 0);
	cr_assert_not_null(b);
	cr_assert_eq(b->len, 0);
}

/* The booklet built from a small collection: P07 (named, three photos, one Welsh with an
 * English translation, one withdrawn) and P08 (someone else, whose words must not leak). */

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <vips/vips.h>

#include "vox/catalog.h"
#include "vox/review.h"

#include "helpers/collection.h"
#include "helpers/corpus.h"

static char *tmp, *coll;
static vox_catalog *cat;

static void
rm_rf(const char *path)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", path);

	cr_assert_eq(system(cmd), 0);
}

static struct vox_photo *p1, *p2, *p3, *q1;

static void
setup(void)
{
	struct vox_photo *photos[4];

	cr_assert_eq(VIPS_INIT("test"), 0);
	tmp = g_dir_make_tmp("vox-review-XXXXXX", NULL);
	coll = g_build_filename(tmp, "c", NULL);
	cat = tc_review_collection(coll, corpus_file, photos);
	p1 = photos[0];
	p2 = photos[1];
	p3 = photos[2];
	q1 = photos[3];
}

static void
teardown(void)
{
	vox_photo_free(p1);
	vox_photo_free(p2);
	vox_photo_free(p3);
	vox_photo_free(q1);
	vox_catalog_close(cat);
	rm_rf(tmp);
	g_free(tmp);
	g_free(coll);
}

static char *
slurp(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	char *s = NULL;

	cr_assert(g_file_get_contents(path, &s, NULL, NULL), "no %s", path);
	return s;
}

static char *
build(const char *name, const char *lang, int zip)
{
	struct vox_review_options o = { .ui_lang = lang, .zip = zip };
	char *out = g_build_filename(tmp, name, NULL);

	cr_assert_eq(vox_review_build(cat, "P07", out, &o), 2, "%s", vox_error_message());
	return out;
}

TestSuite(booklet, .init = setup, .fini = teardown);

Test(booklet, lists_every_photo_of_the_participant_including_withdrawn)
{
	g_autoptr(GPtrArray) a = vox_review_photos(cat, "P07");

	cr_assert_not_null(a, "%s", vox_error_message());
	cr_assert_eq(a->len, 3);
	cr_assert_str_eq(((struct vox_photo *)g_ptr_array_index(a, 0))->ref, p1->ref);
	cr_assert_eq(((struct vox_photo *)g_ptr_array_index(a, 2))->audience,
	    VOX_AUDIENCE_WITHDRAWN);
	cr_assert_null(vox_review_photos(cat, "P99"));
}

Test(booklet, holds_all_of_the_participants_photos_and_nothing_of_anyone_else)
{
	g_autofree char *out = build("P07", "en", 0);
	g_autofree char *html = slurp(out, "index.html");
	g_autofree char *sheet = slurp(out, "sheet.html");
	g_autofree char *img1 = g_strdup_printf("img/%s.jpg", p1->ref);
	g_autofree char *img3 = g_strdup_printf("img/%s.jpg", p3->ref);
	g_autofree char *i1 = g_build_filename(out, img1, NULL);
	g_autofree char *i3 = g_build_filename(out, img3, NULL);

	cr_assert(strstr(html, p1->ref) && strstr(html, p2->ref) && strstr(html, p3->ref));
	cr_assert(strstr(html, "Dafydd Jones"), "the participant's name is shown to them");
	cr_assert(strstr(html, "portrait_6.jpg"), "the source file name is shown");
	cr_assert(strstr(html, "The hay barn"), "translation shown");
	cr_assert(strstr(html, "Food and growing"), "theme by name");
	cr_assert(strstr(html, "2 June 2026"), "session date");
	cr_assert(strstr(html, "Community farm"), "site by name");
	cr_assert(strstr(html, "Only you and the facilitator can see this photo."));
	cr_assert_null(strstr(html, "A story to forget."), "withdrawn caption is gone");
	cr_assert_null(strstr(html, "P08"), "another participant's code appears");
	cr_assert_null(strstr(html, q1->ref));
	cr_assert_null(strstr(html, "OTHER-"), "another participant's words appear");
	cr_assert_null(strstr(html, "Other Person"));
	cr_assert_null(strstr(sheet, "OTHER-"));
	cr_assert(strstr(sheet, p1->ref) && strstr(sheet, p2->ref));
	cr_assert_null(strstr(sheet, p3->ref), "no row for a withdrawn photo");
	cr_assert(g_file_test(i1, G_FILE_TEST_IS_REGULAR));
	cr_assert(!g_file_test(i3, G_FILE_TEST_EXISTS), "no image of a withdrawn photo");
}

Test(booklet, escapes_caption_text_and_marks_caption_languages)
{
	g_autofree char *out = build("P07", "en", 0);
	g_autofree char *html = slurp(out, "index.html");

	cr_assert_null(strstr(html, "<script>"));
	cr_assert(strstr(html, "&lt;script&gt;"));
	cr_assert(strstr(html, "Hens &lt;b&gt;&amp;&lt;/b&gt; &quot;eggs&quot;"));
	cr_assert(strstr(html, "<html lang=\"en\">"));
	cr_assert(strstr(html, "<span lang=\"cy\">Y sied wair</span>"));
	cr_assert(strstr(html, "class=\"translation\" lang=\"en\""));
	cr_assert(strstr(html, "alt=\"Sied bren goch gyda gwair\" lang=\"cy\""));
}

Test(booklet, welsh_booklet_has_welsh_words_and_lang_cy)
{
	g_autofree char *out = build("P07-cy", "cy", 0);
	g_autofree char *html = slurp(out, "index.html");

	cr_assert(strstr(html, "<html lang=\"cy\">"));
	cr_assert(strstr(html, "Eich lluniau"));
	cr_assert(strstr(html, "Dim ond chi a\u2019r hwylusydd sy\u2019n gallu gweld y llun hwn."));
	cr_assert(strstr(html, "Taflen ganiatâd"));
	cr_assert(strstr(html, "2 Mehefin 2026"));
	cr_assert(strstr(html, "Beth ydych chi\u2019n ei weld yma?"), "prompt in Welsh");
	cr_assert(strstr(html, "<span lang=\"en\">Hens"), "an English caption keeps lang=en");
	cr_assert_null(strstr(html, "Only you and the facilitator"));
	cr_assert_null(strstr(html, "Your photos"));
}

Test(booklet, photos_are_upright_resized_and_carry_no_metadata)
{
	g_autofree char *out = build("P07", "en", 0);
	g_autofree char *name = g_strdup_printf("img/%s.jpg", p1->ref);
	g_autofree char *path = g_build_filename(out, name, NULL);
	g_autofree char *bytes = NULL;
	gsize len;
	VipsImage *im = vips_image_new_from_file(path, NULL);

	cr_assert_not_null(im);
	/* portrait_6 is stored 600 x 450 with orientation 6: shown 450 x 600. */
	cr_assert_eq(im->Xsize, 450);
	cr_assert_eq(im->Ysize, 600);
	cr_assert_eq(vips_image_get_orientation(im), 1);
	g_object_unref(im);
	cr_assert(g_file_get_contents(path, &bytes, &len, NULL));
	cr_assert_null(memmem(bytes, len, "Exif", 4));
	cr_assert_null(memmem(bytes, len, "http://ns.adobe.com/xap", 23));
}

Test(booklet, replaces_an_earlier_booklet_but_not_another_folder)
{
	g_autofree char *out = build("P07", "en", 0);
	g_autofree char *again = build("P07", "cy", 0);
	g_autofree char *html = slurp(again, "index.html");
	g_autofree char *other = g_build_filename(tmp, "mine", NULL);
	g_autofree char *keep = g_build_filename(other, "keep.txt", NULL);
	struct vox_review_options o = { .ui_lang = "en" };
	GDir *d;
	const char *n;

	cr_assert_str_eq(out, again, "the same folder, built twice");
	cr_assert(strstr(html, "lang=\"cy\""));
	cr_assert_eq(g_mkdir(other, 0755), 0);
	cr_assert(g_file_set_contents(keep, "mine", -1, NULL));
	cr_assert_eq(vox_review_build(cat, "P07", other, &o), -1);
	cr_assert(strstr(vox_error_message(), "not a booklet"), "%s", vox_error_message());
	cr_assert(g_file_test(keep, G_FILE_TEST_IS_REGULAR));
	d = g_dir_open(tmp, 0, NULL);
	while ((n = g_dir_read_name(d)))
		cr_assert(n[0] != '.', "temporary folder '%s' left behind", n);
	g_dir_close(d);
}

Test(booklet, zip_holds_the_booklet_folder_and_its_marker_last)
{
	g_autofree char *out = build("P07", "en", 1);
	g_autofree char *zip = g_strconcat(out, ".zip", NULL);
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	GString *lines = g_string_new("photovox booklet\n");
	g_autofree char *marker = NULL;
	int n = 0, index = 0, images = 0;

	archive_read_support_format_zip(a);
	cr_assert_eq(archive_read_open_filename(a, zip, 10240), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		GByteArray *data = g_byte_array_new();
		char buf[4096];
		la_ssize_t got;

		cr_assert(g_str_has_prefix(name, "P07/"), "%s", name);
		while ((got = archive_read_data(a, buf, sizeof buf)) > 0)
			g_byte_array_append(data, (guint8 *)buf, (guint)got);
		if (strcmp(name, "P07/.vox-output") == 0) {
			marker = g_strndup((char *)data->data, data->len);
		} else {
			/* Written in sorted order, so the marker's lines come in the same. */
			g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
			    data->data, data->len);

			cr_assert_null(marker, "'%s' after the marker", name);
			g_string_append_printf(lines, "%s  %s\n", hex, name + 4);
		}
		g_byte_array_unref(data);
		index += strcmp(name, "P07/index.html") == 0;
		images += g_str_has_prefix(name, "P07/img/");
		n++;
	}
	archive_read_free(a);
	cr_assert_eq(index, 1);
	cr_assert_eq(images, 2);
	cr_assert_eq(n, 7, "index, sheet, css, consent.tsv, two photos and the marker");
	cr_assert_str_eq(marker, lines->str, "the marker lists every file with its SHA-256");
	g_string_free(lines, TRUE);
}

Test(booklet, refuses_an_unknown_participant_with_a_suggestion)
{
	struct vox_review_options o = { .ui_lang = "en" };
	g_autofree char *out = g_build_filename(tmp, "x", NULL);

	cr_assert_eq(vox_review_build(cat, "P7", out, &o), -1);
	cr_assert(strstr(vox_error_message(), "P7"), "%s", vox_error_message());
	cr_assert(!g_file_test(out, G_FILE_TEST_EXISTS));
}

static int
apply(const char *text, GPtrArray *problems)
{
	g_autoptr(GPtrArray) rows = vox_consent_sheet_parse("P07.tsv", text, strlen(text));

	cr_assert_not_null(rows, "%s", vox_error_message());
	return vox_consent_sheet_apply(cat, "P07.tsv", rows, problems);
}

Test(booklet, consent_sheet_sets_every_line)
{
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *text = g_strdup_printf("ref\taudience\tpeople\n%s\treport\tconsented\n"
	    "%s\tgroup\n", p1->ref, p2->ref);
	struct vox_photo *a, *b;

	cr_assert_eq(apply(text, problems), 2, "%s", problems->len ?
	    (char *)problems->pdata[0] : "");
	a = vox_catalog_photo(cat, p1->ref);
	b = vox_catalog_photo(cat, p2->ref);
	cr_assert_eq(a->audience, VOX_AUDIENCE_REPORT);
	cr_assert_eq(a->people, VOX_PEOPLE_CONSENTED);
	cr_assert_eq(b->audience, VOX_AUDIENCE_GROUP);
	cr_assert_eq(b->people, p2->people, "an empty people field leaves it as it was");
	vox_photo_free(a);
	vox_photo_free(b);
}

Test(booklet, consent_sheet_with_a_bad_line_changes_nothing)
{
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *text = g_strdup_printf("%s\tpublic\tnone\nP07-99\tgroup\n%s\tgroup\n"
	    "%s\tprivate\n", p1->ref, p3->ref, p1->ref);
	struct vox_photo *a;

	cr_assert_eq(apply(text, problems), -1);
	cr_assert_eq(problems->len, 3);
	cr_assert(strstr(problems->pdata[0], "'P07.tsv': line 2: 'P07-99': no such photo"), "%s",
	    (char *)problems->pdata[0]);
	cr_assert(strstr(problems->pdata[1], "line 3"), "%s", (char *)problems->pdata[1]);
	cr_assert(strstr(problems->pdata[1], "withdrawn"));
	cr_assert(strstr(problems->pdata[2], "line 4"));
	cr_assert(strstr(problems->pdata[2], "same photo as line 1"), "%s",
	    (char *)problems->pdata[2]);
	a = vox_catalog_photo(cat, p1->ref);
	cr_assert_eq(a->audience, p1->audience, "the good line was not applied either");
	vox_photo_free(a);
}

Test(booklet, a_participant_without_photos_gets_a_booklet_that_says_so)
{
	struct vox_review_options o = { .ui_lang = "en" };
	g_autofree char *out = g_build_filename(tmp, "P09", NULL);
	g_autofree char *html = NULL;

	cr_assert_eq(vox_catalog_participant_add(cat, "P09", NULL, NULL, 1), 0);
	cr_assert_eq(vox_review_build(cat, "P09", out, &o), 0, "%s", vox_error_message());
	html = slurp(out, "index.html");
	cr_assert(strstr(html, "We keep no photos of yours."));
	cr_assert(strstr(html, "We do not keep your name."));
	cr_assert(strstr(html, "Signed by a parent or carer"), "a minor's sheet has the line");
	cr_assert_null(strstr(html, "P07"));
}
