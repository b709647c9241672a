/*
 * What still needs doing before the next output (vox todo): read from the catalog, one
 * entry for each thing missing, each with the command that fixes it.
 */
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/todo.h"

const char *
vox_todo_kind_name(enum vox_todo_kind k)
{
	static const char *const names[] = {
		"private", "people", "alt", "caption", "theme", "stale",
	};

	return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "";
}

void
vox_todo_free(struct vox_todo *t)
{
	if (!t)
		return;
	g_free(t->participant);
	g_free(t->session);
	g_free(t->ref);
	g_free(t->sha256);
	g_free(t->output);
	g_free(t->what);
	g_free(t->fix);
	g_free(t);
}

static void
add(GPtrArray *list, const struct vox_photo *p, enum vox_todo_kind kind, const char *what,
    char *fix)
{
	struct vox_todo *t = g_new0(struct vox_todo, 1);

	t->kind = kind;
	t->participant = g_strdup(p->participant);
	t->session = g_strdup(p->session);
	t->ref = g_strdup(p->ref);
	t->sha256 = g_strdup(p->sha256);
	t->what = g_strdup(what);
	t->fix = fix;
	g_ptr_array_add(list, t);
}

/*
 * The ids of the photos of filter f that also match what sets one more condition: the
 * catalog's own filters (vox ls --no-alt, --untagged, ...), so that vox todo and vox ls
 * never disagree on what is missing. NULL with an error.
 */
static GHashTable *
matching(vox_catalog *cat, const struct vox_filter *f, void (*what)(struct vox_filter *))
{
	struct vox_filter g = *f;
	GPtrArray *a;
	GHashTable *ids;

	what(&g);
	a = vox_catalog_select(cat, &g);
	if (!a)
		return NULL;
	ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < a->len; i++)
		g_hash_table_add(ids, g_strdup(((struct vox_photo *)a->pdata[i])->sha256));
	g_ptr_array_unref(a);
	return ids;
}

static void
still_private(struct vox_filter *f)
{
	f->consent = VOX_AUDIENCE_PRIVATE;
}

static void
people_unknown(struct vox_filter *f)
{
	f->people = VOX_PEOPLE_UNKNOWN;
}

static void
no_alt(struct vox_filter *f)
{
	f->no_alt = 1;
}

static void
uncaptioned(struct vox_filter *f)
{
	f->uncaptioned = 1;
}

static void
untagged(struct vox_filter *f)
{
	f->untagged = 1;
}

GPtrArray *
vox_todo_list(vox_catalog *cat, const struct vox_filter *filter, int outputs)
{
	/* In the order of enum vox_todo_kind, each with what it says and how to fix it. Each
	 * fix is a command that can be pasted as it is: a choice that is someone else's (the
	 * participant's consent, a theme) is a placeholder in capitals that the tool refuses
	 * until it is replaced, explained after a shell comment. */
	static const struct {
		void (*condition)(struct vox_filter *);
		const char *what, *fix, *why; /* the fix is fix, the ref, then why */
	} kinds[] = {
		[VOX_TODO_PRIVATE] = { still_private, "still private", "vox consent --audience "
		    "LEVEL ", "  # LEVEL: group, report or public, as the participant chooses" },
		[VOX_TODO_PEOPLE] = { people_unknown, "people unknown", "vox consent --people "
		    "VALUE ", "  # VALUE: none, consented or unconsented" },
		[VOX_TODO_ALT] = { no_alt, "no alt text", "vox caption --edit ",
		    "  # an Alt: line saying what the photo shows" },
		[VOX_TODO_CAPTION] = { uncaptioned, "no title or story", "vox caption --edit ",
		    "" },
		[VOX_TODO_THEME] = { untagged, "no theme", "vox tag +THEME ",
		    "  # THEME: one of vox theme ls" },
	};
	struct vox_filter none = VOX_FILTER_INIT;
	GHashTable *sets[G_N_ELEMENTS(kinds)] = { NULL };
	GPtrArray *photos = NULL, *list = NULL, *outs;

	if (!filter)
		filter = &none;
	photos = vox_catalog_select(cat, filter);
	if (!photos)
		goto out;
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
		if (!(sets[k] = matching(cat, filter, kinds[k].condition)))
			goto out;
	list = g_ptr_array_new_with_free_func((GDestroyNotify)vox_todo_free);
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];

		for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
			if (g_hash_table_contains(sets[k], p->sha256))
				add(list, p, (enum vox_todo_kind)k, kinds[k].what,
				    g_strconcat(kinds[k].fix, p->ref, kinds[k].why, NULL));
	}
	if (!outputs)
		goto out;
	outs = vox_catalog_outputs(cat, 0);
	if (!outs) {
		g_ptr_array_unref(list);
		list = NULL;
		goto out;
	}
	for (guint i = 0; i < outs->len; i++) {
		const struct vox_output *o = outs->pdata[i];
		struct vox_todo *t;

		if (o->state != VOX_OUTPUT_STALE)
			continue;
		t = g_new0(struct vox_todo, 1);
		t->kind = VOX_TODO_STALE;
		t->output = g_strdup_printf("%s %s", vox_output_kind_name(o->kind), o->path);
		t->what = g_strdup_printf("stale: %s", o->reason ? o->reason : "");
		t->fix = g_strdup("vox outputs --rebuild");
		g_ptr_array_add(list, t);
	}
	g_ptr_array_unref(outs);
out:
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
		if (sets[k])
			g_hash_table_unref(sets[k]);
	if (photos)
		g_ptr_array_unref(photos);
	return list;
}
