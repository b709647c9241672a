/* Sidecar and manifest parsing: what a facilitator writes by hand or saves from a spreadsheet. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "vox/caption.h"
#include "vox/error.h"
#include "vox/suggest.h"

/* The prompts of a collection that chose the CDC's set (SHOWeD and "empowered"). */
static const char *const cdc[] = {
	"see", "happening", "our-lives", "why", "empowered", "do", NULL,
};

/* A collection's own prompt set, as `vox prompts set feel … change …` makes. */
static const char *const own[] = { "feel", "change", NULL };

static struct vox_caption *
sidecar(const char *text)
{
	return vox_sidecar_parse("IMG_1.txt", text, strlen(text), cdc);
}

static void
assert_same_caption(const struct vox_caption *a, const struct vox_caption *b)
{
	cr_assert_str_eq(a->title ? a->title : "(null)", b->title ? b->title : "(null)");
	cr_assert_str_eq(a->story ? a->story : "(null)", b->story ? b->story : "(null)");
	cr_assert_str_eq(a->alt ? a->alt : "(null)", b->alt ? b->alt : "(null)");
	cr_assert_str_eq(a->lang ? a->lang : "(null)", b->lang ? b->lang : "(null)");
	cr_assert_str_eq(a->consent ? a->consent : "(null)", b->consent ? b->consent : "(null)");
	cr_assert_str_eq(a->people ? a->people : "(null)", b->people ? b->people : "(null)");
	cr_assert_eq(a->sensitive, b->sensitive);
	cr_assert_eq(a->minor, b->minor);
	cr_assert_eq(a->themes->len, b->themes->len);
	for (guint i = 0; i < a->themes->len; i++)
		cr_assert_str_eq(g_ptr_array_index(a->themes, i), g_ptr_array_index(b->themes, i));
	cr_assert_eq(a->prompt_keys->len, b->prompt_keys->len);
	for (guint i = 0; i < a->prompt_keys->len; i++) {
		cr_assert_str_eq(g_ptr_array_index(a->prompt_keys, i),
		    g_ptr_array_index(b->prompt_keys, i));
		cr_assert_str_eq(g_ptr_array_index(a->prompt_answers, i),
		    g_ptr_array_index(b->prompt_answers, i));
	}
}

Test(sidecar, themes_are_split_on_commas_and_semicolons_only_and_remember_their_line)
{
	g_autoptr(vox_caption) c = sidecar(
	    "Title: Home\n"
	    "Themes: Home and belonging;NATURE and the outdoors ,  community\n");

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_eq(c->themes->len, 3);
	cr_assert_str_eq(g_ptr_array_index(c->themes, 0), "Home and belonging");
	cr_assert_str_eq(g_ptr_array_index(c->themes, 1), "NATURE and the outdoors");
	cr_assert_str_eq(g_ptr_array_index(c->themes, 2), "community");
	cr_assert_str_eq(c->themes_at, "'IMG_1.txt': line 2");
}

Test(suggest, names_the_closest_word_within_a_typo_and_nothing_further)
{
	static const char *const words[] = {
		"Home and belonging", "community", "Feeling welcome", NULL,
	};

	cr_assert_eq(vox_edit_distance("Caf\xc3\xa9", "CAFE"), 1);
	cr_assert_eq(vox_edit_distance("", "abc"), 3);
	cr_assert_str_eq(vox_suggest("home and belongin", words), "Home and belonging");
	cr_assert_str_eq(vox_suggest("Comunity", words), "community");
	cr_assert_str_eq(vox_suggest("feel", words), "Feeling welcome");
	cr_assert_null(vox_suggest("gardening", words));
}

Test(sidecar, reads_header_fields_and_story)
{
	g_autoptr(vox_caption) c = sidecar(
	    "Title: The gate\n"
	    "alt: A wooden gate in a hedge\n"
	    "LANG: en\n"
	    "Themes: feeling-welcome, new-places,food-and-growing\n"
	    "Consent: Group\n"
	    "People: none\n"
	    "Sensitive: yes\n"
	    "Minor: no\n"
	    "See: A gate\n"
	    "Our-lives: We walked here\n"
	    "\n"
	    "We came through this gate on the first day.\n"
	    "Nobody had told us about the mud.\n");

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(c->title, "The gate");
	cr_assert_str_eq(c->alt, "A wooden gate in a hedge");
	cr_assert_str_eq(c->lang, "en");
	cr_assert_eq(c->themes->len, 3);
	cr_assert_str_eq(g_ptr_array_index(c->themes, 2), "food-and-growing");
	cr_assert_str_eq(c->consent, "group");
	cr_assert_str_eq(c->people, "none");
	cr_assert_eq(c->sensitive, VOX_FLAG_ON);
	cr_assert_eq(c->minor, VOX_FLAG_OFF);
	cr_assert_str_eq(vox_caption_prompt(c, "see"), "A gate");
	cr_assert_str_eq(vox_caption_prompt(c, "our-lives"), "We walked here");
	cr_assert_str_eq(c->story, "We came through this gate on the first day.\n"
	    "Nobody had told us about the mud.");
	cr_assert_null(c->translation);
}

Test(sidecar, file_without_header_is_all_story)
{
	g_autoptr(vox_caption) c = sidecar("My nan grew beans: runner beans.\n\nShe said so.\n");

	cr_assert_not_null(c);
	cr_assert_null(c->title);
	cr_assert_str_eq(c->story, "My nan grew beans: runner beans.\n\nShe said so.");
	cr_assert_eq(c->sensitive, VOX_FLAG_UNSET);
}

Test(sidecar, unknown_first_key_is_story_not_header)
{
	g_autoptr(vox_caption) c = sidecar("Note: this is where we ate.\nIt rained.\n");

	cr_assert_not_null(c);
	cr_assert_null(c->title);
	cr_assert_eq(c->prompt_keys->len, 0);
	cr_assert_str_eq(c->story, "Note: this is where we ate.\nIt rained.");
}

Test(sidecar, accepts_bom_and_crlf)
{
	g_autoptr(vox_caption) c = sidecar("\xef\xbb\xbfTitle: Te\r\nLang: cy\r\n\r\n"
	    "Roedd hi'n braf.\r\nDiolch.\r\n");

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(c->title, "Te");
	cr_assert_str_eq(c->lang, "cy");
	cr_assert_str_eq(c->story, "Roedd hi'n braf.\nDiolch.");
}

Test(sidecar, refuses_latin1_naming_the_line)
{
	struct vox_caption *c = sidecar("Title: Caf\xe9\n\nGood.\n");

	cr_assert_null(c);
	cr_assert(strstr(vox_error_message(), "'IMG_1.txt': line 1:"), "%s", vox_error_message());
	cr_assert(strstr(vox_error_message(), "UTF-8"), "%s", vox_error_message());

	c = sidecar("Title: ok\n\nfine\nsecond \xff line\n");
	cr_assert_null(c);
	cr_assert(strstr(vox_error_message(), "line 4:"), "%s", vox_error_message());
}

Test(sidecar, refuses_nul_bytes)
{
	static const char text[] = "Title: a\n\nst\0ory\n";
	struct vox_caption *c = vox_sidecar_parse("x.txt", text, sizeof(text) - 1, cdc);

	cr_assert_null(c);
	cr_assert(strstr(vox_error_message(), "line 3"), "%s", vox_error_message());
}

Test(sidecar, refuses_bad_values_naming_the_line)
{
	cr_assert_null(sidecar("Title: a\nConsent: everyone\n\nx\n"));
	cr_assert(strstr(vox_error_message(), "line 2: consent 'everyone'"), "%s",
	    vox_error_message());
	cr_assert_null(sidecar("Title: a\nConsent: withdrawn\n"));
	cr_assert_null(sidecar("People: some\n"));
	cr_assert_null(sidecar("Sensitive: maybe\n"));
	cr_assert_null(sidecar("Lang: english please\n"));
	cr_assert_null(sidecar("Title: a\nTitle: b\n"));
	cr_assert(strstr(vox_error_message(), "given twice"), "%s", vox_error_message());
}

Test(sidecar, header_without_empty_line_before_story_is_an_error)
{
	cr_assert_null(sidecar("Title: The gate\nWe came through the gate.\n"));
	cr_assert(strstr(vox_error_message(), "line 2"), "%s", vox_error_message());
	cr_assert(strstr(vox_error_message(), "empty line"), "%s", vox_error_message());
}

Test(sidecar, continuation_lines_make_multiline_answers)
{
	g_autoptr(vox_caption) c = sidecar("Title: Bread\nWhy: Because\n the bus\n\tis late\n"
	    "Empowered: yes\n\nstory\n");

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(vox_caption_prompt(c, "why"), "Because\nthe bus\nis late");
	cr_assert_str_eq(vox_caption_prompt(c, "empowered"), "yes");
}

Test(sidecar, a_prompt_key_is_read_only_when_the_collection_has_that_prompt)
{
	const char *text = "Title: x\nFeel_Safe: mostly\n";
	static const char *const safe[] = { "feel-safe", NULL };
	g_autoptr(vox_caption) c = vox_sidecar_parse("IMG_1.txt", text, strlen(text), safe);

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(vox_caption_prompt(c, "feel-safe"), "mostly");
	cr_assert_null(c->story);
	cr_assert_null(sidecar(text));
	cr_assert(strstr(vox_error_message(), "'IMG_1.txt': line 2: 'feel-safe' is neither"),
	    "%s", vox_error_message());
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND);
}

Test(sidecar, a_first_line_answering_the_collections_own_prompt_starts_a_header)
{
	const char *text = "Feel: welcome\nChange: more benches\n\nOur first day.\n";
	g_autoptr(vox_caption) c = vox_sidecar_parse("IMG_1.txt", text, strlen(text), own);
	g_autoptr(vox_caption) showed = sidecar(text);

	cr_assert_not_null(c, "%s", vox_error_message());
	cr_assert_str_eq(vox_caption_prompt(c, "feel"), "welcome");
	cr_assert_str_eq(vox_caption_prompt(c, "change"), "more benches");
	cr_assert_str_eq(c->story, "Our first day.");
	/* Where the collection has no such prompt, the line is story, as any "Word: …". */
	cr_assert_not_null(showed);
	cr_assert_eq(showed->prompt_keys->len, 0);
}

static void
roundtrip(struct vox_caption *c)
{
	g_autofree char *text = vox_sidecar_format(c, cdc);
	g_autoptr(vox_caption) back = vox_sidecar_parse("x.txt", text, strlen(text), cdc);

	cr_assert_not_null(back, "%s\n---\n%s", vox_error_message(), text);
	assert_same_caption(c, back);
	vox_caption_free(c);
}

Test(sidecar, format_then_parse_gives_the_same_caption)
{
	static const char *const stories[] = {
		"one line",
		"two\nlines",
		"Title: not a title, a story that starts like a header",
		"See: also a story",
		"\n\nleading empty lines",
		"trailing empty lines\n\n",
		"colons: everywhere: here",
		"  indented first line\n\tand a tab",
		"<script>alert(\"x\")</script> & 'quotes'\t\ttabs",
		("emoji \xf0\x9f\x8c\xbb and right-to-left \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
		"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"),
		"paragraph one\n\nparagraph two\n\n\nthree",
	};
	struct vox_caption *c;

	for (size_t i = 0; i < G_N_ELEMENTS(stories); i++) {
		/* A story alone, then the same story under a full header. */
		c = vox_caption_new();
		c->story = g_strdup(stories[i]);
		roundtrip(c);

		c = vox_caption_new();
		c->story = g_strdup(stories[i]);
		c->title = g_strdup("A title: with a colon");
		c->alt = g_strdup("Two people \"smiling\" by a <table>");
		c->lang = g_strdup("cy");
		c->consent = g_strdup("report");
		c->people = g_strdup("consented");
		c->sensitive = VOX_FLAG_OFF;
		c->minor = VOX_FLAG_ON;
		g_ptr_array_add(c->themes, g_strdup("feeling-welcome"));
		g_ptr_array_add(c->themes, g_strdup("food-and-growing"));
		vox_caption_set_prompt(c, "see", "Line one\nline two\n\nafter an empty line");
		vox_caption_set_prompt(c, "our-lives", "  kept   inner   spaces");
		vox_caption_set_prompt(c, "do", "Ask: the council");
		g_free(c->prompt_answers->pdata[1]);
		c->prompt_answers->pdata[1] = g_strdup("kept   inner   spaces");
		roundtrip(c);
	}
	/* Header only, no story. */
	c = vox_caption_new();
	c->title = g_strdup("Only a title");
	roundtrip(c);
	/* Nothing at all. */
	roundtrip(vox_caption_new());
}

Test(sidecar, reads_a_file_and_names_it_in_errors)
{
	char path[] = "/tmp/vox-sidecar-XXXXXX";
	int fd = mkstemp(path);
	struct vox_caption *c;

	cr_assert(fd >= 0);
	cr_assert(write(fd, "Title: ok\n\n\x80\n", 13) == 13);
	close(fd);
	c = vox_sidecar_read(path, cdc);
	cr_assert_null(c);
	cr_assert(strstr(vox_error_message(), path), "%s", vox_error_message());
	cr_assert(strstr(vox_error_message(), "line 3"), "%s", vox_error_message());
	unlink(path);
	cr_assert_null(vox_sidecar_read(path, cdc));
	cr_assert(strstr(vox_error_message(), path), "%s", vox_error_message());
}

static GPtrArray *
manifest(const char *name, const char *text)
{
	return vox_manifest_parse(name, text, strlen(text), cdc);
}

#define ROW(rows, i) ((struct vox_manifest_row *)g_ptr_array_index(rows, i))

Test(manifest, reads_rfc4180_quoting_and_crlf)
{
	g_autoptr(GPtrArray) rows = manifest("captions.csv",
	    "\xef\xbb\xbf" "File,Participant,SITE,session,Title,Story,Alt,Themes,Our_Lives,"
	    "translation-lang,Translation\r\n"
	    "P07/IMG_1.jpg,P07,cornwall-farm,2026-06-02-farm,\"Gate, muddy\","
	    "\"She said \"\"come in\"\"\r\nand we did.\",A gate,\"feeling-welcome, new-places\","
	    "We walk,,\r\n"
	    "IMG_2.jpg,P08,,,,,,,,cy,Diolch\r\n"
	    "\r\n");

	cr_assert_not_null(rows, "%s", vox_error_message());
	cr_assert_eq(rows->len, 2);
	cr_assert_null(ROW(rows, 0)->error);
	cr_assert_eq(ROW(rows, 0)->line, 2);
	cr_assert_str_eq(ROW(rows, 0)->file, "P07/IMG_1.jpg");
	cr_assert_str_eq(ROW(rows, 0)->participant, "P07");
	cr_assert_str_eq(ROW(rows, 0)->site, "cornwall-farm");
	cr_assert_str_eq(ROW(rows, 0)->session, "2026-06-02-farm");
	cr_assert_str_eq(ROW(rows, 0)->caption->title, "Gate, muddy");
	cr_assert_str_eq(ROW(rows, 0)->caption->story, "She said \"come in\"\nand we did.");
	cr_assert_str_eq(ROW(rows, 0)->caption->alt, "A gate");
	cr_assert_eq(ROW(rows, 0)->caption->themes->len, 2);
	cr_assert_str_eq(vox_caption_prompt(ROW(rows, 0)->caption, "our-lives"), "We walk");
	cr_assert_null(ROW(rows, 0)->caption->translation);
	/* The second record starts on line 4: the quoted story spans lines 2 and 3. */
	cr_assert_eq(ROW(rows, 1)->line, 4);
	cr_assert_null(ROW(rows, 1)->site);
	cr_assert_null(ROW(rows, 1)->caption->title);
	cr_assert_not_null(ROW(rows, 1)->caption->translation);
	cr_assert_str_eq(ROW(rows, 1)->caption->translation->lang, "cy");
	cr_assert_str_eq(ROW(rows, 1)->caption->translation->story, "Diolch");
}

Test(manifest, reads_tsv)
{
	g_autoptr(GPtrArray) rows = manifest("captions.tsv",
	    "file\tstory\tconsent\nIMG_1.jpg\tcommas, stay\tgroup\n");

	cr_assert_not_null(rows, "%s", vox_error_message());
	cr_assert_eq(rows->len, 1);
	cr_assert_str_eq(ROW(rows, 0)->caption->story, "commas, stay");
	cr_assert_str_eq(ROW(rows, 0)->caption->consent, "group");
}

Test(manifest, reads_headers_as_people_write_them)
{
	const char *text = "\xef\xbb\xbf Photo file ,Participant code,Story / caption,ALT TEXT,"
	    "Consent,Our lives,Translation language,Translated story\r\n"
	    "IMG_1.jpg,R01,Our garden,Raised beds,group,We grow,en,Ein gardd\r\n";
	g_autoptr(GPtrArray) rows = vox_manifest_parse("c.csv", text, strlen(text), cdc);
	const struct vox_manifest_row *r;

	cr_assert_not_null(rows, "%s", vox_error_message());
	r = ROW(rows, 0);
	cr_assert_null(r->error, "%s", r->error);
	cr_assert_str_eq(r->file, "IMG_1.jpg");
	cr_assert_str_eq(r->participant, "R01");
	cr_assert_str_eq(r->caption->story, "Our garden");
	cr_assert_str_eq(r->caption->alt, "Raised beds");
	cr_assert_str_eq(r->caption->consent, "group");
	cr_assert_str_eq(vox_caption_prompt(r->caption, "our-lives"), "We grow");
	cr_assert_str_eq(r->caption->translation->lang, "en");
	cr_assert_str_eq(r->caption->translation->story, "Ein gardd");
}

Test(manifest, names_an_unknown_header_with_the_closest_known_one)
{
	cr_assert_null(manifest("c.csv", "file,Alt txet\nIMG_1.jpg,a\n"));
	cr_assert(strstr(vox_error_message(), "'c.csv': line 1: unknown column 'Alt txet' "
	    "(did you mean 'alt text'?"), "%s", vox_error_message());
	cr_assert_null(manifest("c.csv", "file,Partcipant\nIMG_1.jpg,a\n"));
	cr_assert(strstr(vox_error_message(), "did you mean 'participant'?"), "%s",
	    vox_error_message());
}

Test(manifest, refuses_unknown_column_by_name)
{
	cr_assert_null(manifest("c.csv", "file,title,caption_text\nIMG_1.jpg,a,b\n"));
	cr_assert(strstr(vox_error_message(), "'c.csv': line 1: unknown column 'caption_text'"),
	    "%s", vox_error_message());
	cr_assert_null(manifest("c.csv", "title,story\na,b\n"));
	cr_assert(strstr(vox_error_message(), "no 'file' column"), "%s", vox_error_message());
	cr_assert_null(manifest("c.csv", "file,Title,title\n"));
	cr_assert(strstr(vox_error_message(), "twice"), "%s", vox_error_message());
}

Test(manifest, takes_a_column_for_each_of_the_collections_own_prompts_as_a_sidecar_does)
{
	const char *text = "file,Feel,change\nIMG_1.jpg,welcome,more benches\n";
	const char *side = "Title: x\nFeel: welcome\nChange: more benches\n";
	g_autoptr(GPtrArray) rows = vox_manifest_parse("c.csv", text, strlen(text), own);
	g_autoptr(vox_caption) c = vox_sidecar_parse("IMG_1.txt", side, strlen(side), own);
	const struct vox_caption *m;

	cr_assert_not_null(rows, "%s", vox_error_message());
	cr_assert_eq(rows->len, 1);
	m = ROW(rows, 0)->caption;
	cr_assert_null(ROW(rows, 0)->error, "%s", ROW(rows, 0)->error);
	cr_assert_not_null(c, "%s", vox_error_message());
	for (size_t i = 0; own[i]; i++)
		cr_assert_str_eq(vox_caption_prompt(m, own[i]), vox_caption_prompt(c, own[i]));
	/* SHOWeD's keys are not this collection's: a column for one is refused by name. */
	cr_assert_null(vox_manifest_parse("c.csv", "file,see\n", 9, own));
	cr_assert(strstr(vox_error_message(), "unknown column 'see' (did you mean 'site'? known: file, participant, "
	    "site, session, title, story, alt, lang, themes, consent, people, sensitive, minor, "
	    "transcript, audio, feel, change, translation_lang, translation)"), "%s", vox_error_message());
}

Test(manifest, refuses_other_encodings_naming_the_line)
{
	cr_assert_null(manifest("c.csv", "file,title\nIMG_1.jpg,ok\nIMG_2.jpg,Caf\xe9\n"));
	cr_assert(strstr(vox_error_message(), "'c.csv': line 3:"), "%s", vox_error_message());
	cr_assert(strstr(vox_error_message(), "UTF-8"), "%s", vox_error_message());
	/* UTF-16, as some spreadsheets save "Unicode text". */
	static const char utf16[] = "\xff\xfe" "f\0i\0l\0e\0\n\0";
	cr_assert_null(vox_manifest_parse("c.csv", utf16, sizeof(utf16) - 1, cdc));
}

Test(manifest, refuses_broken_quoting_naming_the_line)
{
	cr_assert_null(manifest("c.csv", "file,story\nIMG_1.jpg,ok\nIMG_2.jpg,\"never\nclosed\n"));
	cr_assert(strstr(vox_error_message(), "line 3: a quoted field is never closed"), "%s",
	    vox_error_message());
	cr_assert_null(manifest("c.csv", "file,story\nIMG_1.jpg,\"a\"b\n"));
	cr_assert(strstr(vox_error_message(), "line 2:"), "%s", vox_error_message());
}

Test(manifest, bad_value_refuses_only_its_row)
{
	g_autoptr(GPtrArray) rows = manifest("c.csv",
	    "file,consent,people,sensitive\n"
	    "IMG_1.jpg,group,none,no\n"
	    "IMG_2.jpg,evryone,,\n"
	    ",group,,\n"
	    "IMG_4.jpg,,,perhaps\n"
	    "IMG_5.jpg,report,consented,yes,,\n"
	    "IMG_6.jpg,report,consented,yes,extra\n");

	cr_assert_not_null(rows, "%s", vox_error_message());
	cr_assert_eq(rows->len, 6);
	cr_assert_null(ROW(rows, 0)->error);
	cr_assert_str_eq(ROW(rows, 0)->caption->people, "none");
	cr_assert_eq(ROW(rows, 0)->caption->sensitive, VOX_FLAG_OFF);
	cr_assert(strstr(ROW(rows, 1)->error, "line 3: consent 'evryone'"), "%s",
	    ROW(rows, 1)->error);
	cr_assert_str_eq(ROW(rows, 1)->file, "IMG_2.jpg");
	cr_assert(strstr(ROW(rows, 2)->error, "line 4: no file"), "%s", ROW(rows, 2)->error);
	cr_assert(strstr(ROW(rows, 3)->error, "line 5:"), "%s", ROW(rows, 3)->error);
	cr_assert_null(ROW(rows, 4)->error);
	cr_assert_eq(ROW(rows, 4)->caption->sensitive, VOX_FLAG_ON);
	cr_assert(strstr(ROW(rows, 5)->error, "line 7:"), "%s", ROW(rows, 5)->error);
}

Test(manifest, header_only_gives_no_rows_and_empty_file_is_an_error)
{
	g_autoptr(GPtrArray) rows = manifest("c.csv", "file,title\r\n");

	cr_assert_not_null(rows);
	cr_assert_eq(rows->len, 0);
	cr_assert_null(manifest("c.csv", ""));
	cr_assert(strstr(vox_error_message(), "empty manifest"), "%s", vox_error_message());
}

Test(manifest, translation_needs_its_language)
{
	g_autoptr(GPtrArray) rows = manifest("c.csv", "file,translation\nIMG_1.jpg,Thanks\n");

	cr_assert_not_null(rows);
	cr_assert(strstr(ROW(rows, 0)->error, "translation_lang"), "%s", ROW(rows, 0)->error);
}

/* The edit form of vox caption --edit. */

static const char *const cdc_questions[] = {
	"What do you See here?", "What is really Happening here?",
	"How does this relate to Our lives?", "Why does this exist?",
	"How can this image Empower us?", "What can we Do about it?", NULL,
};
static const char *const theme_names[] = { "Home and belonging", "Community", NULL };

static struct vox_caption *
form_round_trip(const struct vox_caption *c, char **form_out)
{
	char *form = vox_caption_form(c, cdc, cdc_questions, theme_names);
	struct vox_caption *back = vox_caption_form_parse("R01-01.txt", form, strlen(form), cdc);

	cr_assert_not_null(back, "%s\n%s", vox_error_message(), form);
	if (form_out)
		*form_out = form;
	else
		g_free(form);
	return back;
}

Test(form, an_empty_caption_shows_every_field_and_the_valid_values)
{
	g_autoptr(vox_caption) c = vox_caption_new();
	g_autoptr(vox_caption) back = NULL;
	g_autofree char *form = NULL;
	static const char *const lines[] = {
		"\nTitle:\n", "\nAlt:\n", "\nLang:\n", "\nThemes:\n", "\nConsent:\n", "\nPeople:\n",
		"\nSensitive:\n", "\nMinor:\n", "\nSee:\n", "\nOur-lives:\n", "\nEmpowered:\n",
		"\nDo:\n", "\nTranslation-lang:\n", "\nTranslation-title:\n",
		"\nTranslation-alt:\n", "\nTranslation-story:\n",
		"Home and belonging, Community", "private, group, report or public",
		"none, consented, unconsented or unknown", "# See: What do you See here?\n",
	};

	back = form_round_trip(c, &form);
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++)
		cr_assert(strstr(form, lines[i]), "'%s' not in:\n%s", lines[i], form);
	for (const char *l = form; *l; l = strchr(l, '\n') + 1)
		cr_assert_lt(strcspn(l, "\n"), 100, "a line of 100 columns or more:\n%s", form);
	assert_same_caption(c, back);
	cr_assert_null(back->translation);
}

Test(form, reads_back_exactly_what_it_shows)
{
	g_autoptr(vox_caption) c = vox_caption_new();
	g_autoptr(vox_caption) back = NULL;
	struct vox_caption *t = vox_caption_new();

	c->title = g_strdup("Y gi\xc3\xa2t <b>\"quoted\"</b>");
	c->alt = g_strdup("A wooden gate,\nand a lane\t behind it");
	c->lang = g_strdup("cy");
	g_ptr_array_add(c->themes, g_strdup("home-and-belonging"));
	g_ptr_array_add(c->themes, g_strdup("community"));
	c->consent = g_strdup("group");
	c->people = g_strdup("none");
	c->sensitive = VOX_FLAG_ON;
	c->minor = VOX_FLAG_OFF;
	vox_caption_set_prompt(c, "see", "Y gi\xc3\xa2t");
	vox_caption_set_prompt(c, "do", "# not a comment\nTitle: not a field");
	/* A story that starts with an empty line, has comment-like and header-like lines,
	 * emoji and right-to-left text. */
	c->story = g_strdup("\n# Not a comment\nTitle: not a field\n\n\xf0\x9f\x8c\xbb "
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n");
	t->lang = g_strdup("en");
	t->title = g_strdup("The gate");
	t->alt = g_strdup("A gate");
	t->story = g_strdup("We walked here.\nTwice.");
	vox_caption_set_prompt(t, "see", "A gate");
	c->translation = t;

	back = form_round_trip(c, NULL);
	assert_same_caption(c, back);
	cr_assert_not_null(back->translation);
	assert_same_caption(c->translation, back->translation);
}

Test(form, a_translation_without_its_language_is_refused)
{
	const char *text = "Title: x\nTranslation-title: The gate\n\nStory\n";

	cr_assert_null(vox_caption_form_parse("R01-01.txt", text, strlen(text), cdc));
	cr_assert(strstr(vox_error_message(), "Translation-lang"), "%s", vox_error_message());
	/* A sidecar is not a form: translation lines there are unknown fields. */
	cr_assert_null(vox_sidecar_parse("IMG_1.txt", text, strlen(text), cdc));
}

Test(form, an_answer_to_a_prompt_no_longer_asked_is_shown_and_named_not_dropped)
{
	g_autoptr(vox_caption) c = vox_caption_new();
	g_autofree char *form = NULL;

	vox_caption_set_prompt(c, "feel", "Safe here");
	form = vox_caption_form(c, cdc, NULL, NULL);
	cr_assert(strstr(form, "\nFeel: Safe here\n"), "%s", form);
	cr_assert_null(vox_caption_form_parse("R01-01.txt", form, strlen(form), cdc));
	cr_assert(strstr(vox_error_message(), "'feel'"), "%s", vox_error_message());
}
