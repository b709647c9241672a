/*
 * The consent rule has two copies: vox_consent_allows() in C, which galleries, archives and
 * booklets ask, and the WHERE clause vox_catalog_select() builds for a filter's audience,
 * which vox ls and the catalog's outputs use. A catalog holding one photo for every
 * consent level × people × sensitive × minor must give, for every audience (with and
 * without the sensitive-public override), exactly the photos the C function allows.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"

#include "helpers/collection.h"

#define N_AUDIENCE (VOX_AUDIENCE_PUBLIC + 1)
#define N_PEOPLE (VOX_PEOPLE_UNKNOWN + 1)

struct combo {
	enum vox_audience consent;
	enum vox_people people;
	int sensitive, minor;
	char *ref;
};

static char *tmp;
static vox_catalog *cat;
static struct combo combos[N_AUDIENCE * N_PEOPLE * 2 * 2];
static size_t n_combos;

static void
add(enum vox_audience consent, enum vox_people people, int sensitive, int minor)
{
	struct combo *c = &combos[n_combos++];
	struct vox_photo *p = vox_photo_new();
	g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
	/* Distinct bytes for each photo: the store keeps one copy of equal bytes. */
	g_autofree char *bytes = g_strdup_printf("consent %d people %d sensitive %d minor %d",
	    consent, people, sensitive, minor);

	p->participant = g_strdup(minor ? "P02" : "P01");
	p->site = g_strdup("truro-foodbank");
	p->ext = g_strdup("jpg");
	/* A new photo cannot be withdrawn: it comes in private and is withdrawn after. */
	p->audience = consent == VOX_AUDIENCE_WITHDRAWN ? VOX_AUDIENCE_PRIVATE : consent;
	p->people = people;
	p->sensitive = sensitive;
	p->minor = minor;
	tc_add(cat, bytes, strlen(bytes), p);
	if (consent == VOX_AUDIENCE_WITHDRAWN)
		cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_APPLY, removed), 0, "%s",
		    vox_error_message());
	c->consent = consent;
	c->people = people;
	c->sensitive = sensitive;
	c->minor = minor;
	c->ref = g_strdup(p->ref);
	vox_photo_free(p);
}

static void
setup(void)
{
	g_autofree char *coll = NULL;

	tmp = g_dir_make_tmp("vox-consent-XXXXXX", NULL);
	cr_assert_not_null(tmp);
	coll = g_build_filename(tmp, "c", NULL);
	cat = tc_create(coll, NULL);
	tc_pair(cat, "cornwall", NULL);
	tc_site(cat, "truro-foodbank", NULL, "cornwall", "urban");
	tc_participant(cat, "P01", "truro-foodbank", NULL, 0);
	tc_participant(cat, "P02", "truro-foodbank", NULL, 1);
	n_combos = 0;
	for (int a = 0; a < N_AUDIENCE; a++)
		for (int pe = 0; pe < N_PEOPLE; pe++)
			for (int s = 0; s < 2; s++)
				for (int m = 0; m < 2; m++)
					add((enum vox_audience)a, (enum vox_people)pe, s, m);
}

static void
teardown(void)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp);

	vox_catalog_close(cat);
	for (size_t i = 0; i < n_combos; i++)
		g_free(combos[i].ref);
	cr_assert_eq(system(cmd), 0);
	g_free(tmp);
}

TestSuite(consent, .init = setup, .fini = teardown);

Test(consent, catalog_holds_one_photo_per_combination)
{
	struct vox_filter f = VOX_FILTER_INIT;
	g_autoptr(GPtrArray) all = vox_catalog_select(cat, &f);

	cr_assert_eq(n_combos, G_N_ELEMENTS(combos));
	cr_assert_not_null(all, "%s", vox_error_message());
	/* Every photo but the withdrawn ones: no audience asked, no consent rule applied. */
	cr_assert_eq(all->len, G_N_ELEMENTS(combos) - N_PEOPLE * 2 * 2);
}

Test(consent, audience_filter_in_sql_agrees_with_vox_consent_allows)
{
	int wrong = 0, allowed = 0;

	for (int a = 0; a < N_AUDIENCE; a++) {
		for (int over = 0; over < 2; over++) {
			struct vox_filter f = VOX_FILTER_INIT;
			g_autoptr(GHashTable) got = g_hash_table_new(g_str_hash, g_str_equal);
			g_autoptr(GPtrArray) sel = NULL;

			f.audience = a;
			f.allow_sensitive_public = over;
			sel = vox_catalog_select(cat, &f);
			cr_assert_not_null(sel, "%s", vox_error_message());
			for (guint i = 0; i < sel->len; i++)
				g_hash_table_add(got, ((struct vox_photo *)sel->pdata[i])->ref);
			for (size_t i = 0; i < n_combos; i++) {
				const struct combo *c = &combos[i];
				int want = vox_consent_allows(c->consent, c->people, c->sensitive,
				    (enum vox_audience)a, over) != 0;
				int have = g_hash_table_contains(got, c->ref);

				allowed += want;
				if (want == have)
					continue;
				wrong++;
				cr_log_error("audience %s%s: consent %s, people %s%s%s: the C rule "
				    "says %s, the catalog's filter %s", vox_audience_name(a),
				    over ? " (sensitive allowed)" : "",
				    vox_audience_name(c->consent), vox_people_name(c->people),
				    c->sensitive ? ", sensitive" : "", c->minor ? ", minor" : "",
				    want ? "yes" : "no", have ? "selects it" : "leaves it out");
			}
			cr_expect_eq(sel->len, (guint)g_hash_table_size(got), "a photo selected twice");
		}
	}
	cr_assert_eq(wrong, 0, "%d of %zu cases disagree", wrong,
	    (size_t)N_AUDIENCE * 2 * n_combos);
	/* The table is not trivially agreeing on "nothing": some photos reach each side. */
	cr_assert_gt(allowed, 0);
}
