#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/stats.h"

/* A photo as the catalog would return it; themes is a comma-separated list or "". */
static struct vox_photo *
photo(const char *participant, const char *site, const char *setting, const char *session,
    const char *themes, enum vox_audience a, enum vox_people people, int sensitive)
{
	struct vox_photo *p = vox_photo_new();
	char **v = g_strsplit(themes, ",", -1);

	p->participant = g_strdup(participant);
	p->site = g_strdup(site);
	p->setting = g_strdup(setting);
	p->session = g_strdup(session);
	for (char **t = v; *t; t++)
		if (**t)
			g_ptr_array_add(p->caption->themes, g_strdup(*t));
	g_strfreev(v);
	p->audience = a;
	p->people = people;
	p->sensitive = sensitive;
	return p;
}

static GPtrArray *
sample(void)
{
	GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);

	g_ptr_array_add(a, photo("P01", "truro", "urban", "s1", "food,welcome",
	    VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_NONE, 0));
	g_ptr_array_add(a, photo("P01", "truro", "urban", "s2", "food",
	    VOX_AUDIENCE_REPORT, VOX_PEOPLE_CONSENTED, 0));
	g_ptr_array_add(a, photo("P02", "farm", "rural", "s1", "welcome",
	    VOX_AUDIENCE_PUBLIC, VOX_PEOPLE_NONE, 1));
	g_ptr_array_add(a, photo("P02", "farm", "rural", NULL, "",
	    VOX_AUDIENCE_REPORT, VOX_PEOPLE_UNKNOWN, 0));
	g_ptr_array_add(a, photo("P03", "farm", "rural", "s3", "food",
	    VOX_AUDIENCE_WITHDRAWN, VOX_PEOPLE_NONE, 0));
	((struct vox_photo *)a->pdata[0])->caption->alt = g_strdup("A field");
	((struct vox_photo *)a->pdata[1])->caption->story = g_strdup("S");
	return a;
}

static const struct vox_stats_row *
row(GPtrArray *rows, const char *k0, const char *k1)
{
	for (guint i = 0; i < rows->len; i++) {
		const struct vox_stats_row *r = rows->pdata[i];

		if (g_strcmp0(r->key[0], k0) == 0 && g_strcmp0(r->key[1], k1) == 0)
			return r;
	}
	cr_assert_fail("no row %s/%s", k0, k1 ? k1 : "");
	return NULL;
}

Test(stats, audience_columns_count_what_an_output_would_hold_not_the_recorded_level)
{
	GPtrArray *photos = sample(), *rows = vox_stats_count(photos, NULL, NULL, 0);
	const struct vox_stats_row *r = rows->pdata[0];

	cr_assert_eq(rows->len, 1);
	cr_assert_eq(r->photos, 4);
	cr_assert_eq(r->recorded[VOX_AUDIENCE_REPORT], 2);
	cr_assert_eq(r->recorded[VOX_AUDIENCE_PUBLIC], 2);
	/* Two public photos reach report too; the report photo of unknown people does not. */
	cr_assert_eq(vox_stats_value(r, VOX_STATS_REPORT), 3);
	cr_assert_eq(vox_stats_value(r, VOX_STATS_GROUP), 4);
	/* The sensitive public photo is not public. */
	cr_assert_eq(vox_stats_value(r, VOX_STATS_PUBLIC), 1);
	cr_assert_eq(vox_stats_value(r, VOX_STATS_WITHDRAWN), 1);
	cr_assert_eq(r->participants, 2, "the withdrawn photo's participant is not counted");
	cr_assert_eq(r->sessions, 2);
	cr_assert_eq(r->captioned, 1);
	cr_assert_eq(r->with_alt, 1);
	cr_assert_eq(r->people_unknown, 1);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(photos);
}

Test(stats, audience_columns_agree_with_the_consent_rule_for_every_combination)
{
	GPtrArray *photos = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	int64_t want[5] = { 0 };
	GPtrArray *rows;

	for (int a = 1; a <= 4; a++)
		for (int pe = 0; pe <= 3; pe++)
			for (int s = 0; s <= 1; s++) {
				g_ptr_array_add(photos, photo("P01", NULL, NULL, NULL, "",
				    (enum vox_audience)a, (enum vox_people)pe, s));
				for (int to = 2; to <= 4; to++)
					want[to] += vox_consent_allows((enum vox_audience)a,
					    (enum vox_people)pe, s, (enum vox_audience)to, 0);
			}
	rows = vox_stats_count(photos, NULL, NULL, 0);
	cr_assert_eq(vox_stats_value(rows->pdata[0], VOX_STATS_GROUP), want[2]);
	cr_assert_eq(vox_stats_value(rows->pdata[0], VOX_STATS_REPORT), want[3]);
	cr_assert_eq(vox_stats_value(rows->pdata[0], VOX_STATS_PUBLIC), want[4]);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(photos);
}

Test(stats, theme_by_setting_counts_a_photo_once_in_each_of_its_themes)
{
	GPtrArray *photos = sample();
	enum vox_stats_by by[2] = { VOX_BY_THEME, VOX_BY_SETTING };
	GPtrArray *rows = vox_stats_count(photos, NULL, by, 2);

	cr_assert_eq(row(rows, "food", "urban")->photos, 2);
	cr_assert_eq(row(rows, "welcome", "urban")->photos, 1);
	cr_assert_eq(row(rows, "welcome", "rural")->photos, 1);
	cr_assert_eq(row(rows, "food", "rural")->photos, 0, "only withdrawn there");
	cr_assert_eq(row(rows, "food", "rural")->recorded[VOX_AUDIENCE_WITHDRAWN], 1);
	cr_assert_eq(row(rows, VOX_STATS_NONE, "rural")->photos, 1, "an untagged photo");
	cr_assert_eq(row(rows, "food", "urban")->sessions, 2);
	cr_assert_eq(row(rows, "food", "urban")->participants, 1);
	/* Sorted by the first key then the second, (none) last. */
	cr_assert_str_eq(((struct vox_stats_row *)rows->pdata[0])->key[0], "food");
	cr_assert_str_eq(((struct vox_stats_row *)rows->pdata[0])->key[1], "rural");
	cr_assert_str_eq(((struct vox_stats_row *)g_ptr_array_index(rows, rows->len - 1))->key[0],
	    VOX_STATS_NONE);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(photos);
}

Test(stats, a_photo_without_a_session_counts_under_none)
{
	GPtrArray *photos = sample();
	enum vox_stats_by by = VOX_BY_SESSION;
	GPtrArray *rows = vox_stats_count(photos, NULL, &by, 1);

	cr_assert_eq(row(rows, VOX_STATS_NONE, NULL)->photos, 1);
	cr_assert_eq(row(rows, "s1", NULL)->photos, 2);
	cr_assert_eq(row(rows, "s1", NULL)->participants, 2);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(photos);
}

Test(stats, an_empty_selection_is_one_row_of_zeros)
{
	GPtrArray *photos = g_ptr_array_new();
	GPtrArray *rows = vox_stats_count(photos, NULL, NULL, 0);

	cr_assert_eq(rows->len, 1);
	for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
		cr_assert_eq(vox_stats_value(rows->pdata[0], c), 0);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(photos);
}

Test(stats, by_parses_one_or_two_distinct_groupings)
{
	enum vox_stats_by by[2];

	cr_assert_eq(vox_stats_by_parse("theme,setting", by), 2);
	cr_assert_eq(by[0], VOX_BY_THEME);
	cr_assert_eq(by[1], VOX_BY_SETTING);
	cr_assert_eq(vox_stats_by_parse("participant", by), 1);
	cr_assert_eq(vox_stats_by_parse("theme,theme", by), -1);
	cr_assert_eq(vox_stats_by_parse("site,pair,theme", by), -1);
	cr_assert_eq(vox_stats_by_parse("colour", by), -1);
	cr_assert(strstr(vox_error_message(), "'colour'"));
	cr_assert_eq(vox_error_kind(), VOX_ERR_USAGE);
	cr_assert_eq(vox_stats_by_parse("", by), -1);
}
