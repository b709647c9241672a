/*
 * The participant's booklet: its words in English and Welsh, the typed consent sheet that
 * comes back from it, and the booklet itself built from a collection.
 */
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
