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

static int
blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!g_ascii_isspace(*s))
			return 0;
	return 1;
}

/* Whether the caption has something to show: a title, a story or a prompt answer. */
static int
captioned(const struct vox_caption *c)
{
	if (!blank(c->title) || !blank(c->story))
		return 1;
	for (guint i = 0; i < c->prompt_answers->len; i++)
		if (!blank(c->prompt_answers->pdata[i]))
			return 1;
	return 0;
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

GPtrArray *
vox_todo_list(vox_catalog *cat, const struct vox_filter *filter, int outputs)
{
	GPtrArray *photos = vox_catalog_select(cat, filter);
	GPtrArray *list, *outs;

	if (!photos)
		return NULL;
	list = g_ptr_array_new_with_free_func((GDestroyNotify)vox_todo_free);
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		const struct vox_caption *c = p->caption;

		/*
		 * Each fix is a command that can be pasted as it is: a choice that is someone
		 * else's (the participant's consent, a theme) is a placeholder in capitals that
		 * the tool refuses until it is replaced, explained after a shell comment.
		 */
		if (p->audience == VOX_AUDIENCE_PRIVATE)
			add(list, p, VOX_TODO_PRIVATE, "still private",
			    g_strdup_printf("vox consent --audience LEVEL %s  "
			    "# LEVEL: group, report or public, as the participant chooses", p->ref));
		if (p->people == VOX_PEOPLE_UNKNOWN)
			add(list, p, VOX_TODO_PEOPLE, "people unknown",
			    g_strdup_printf("vox consent --people VALUE %s  "
			    "# VALUE: none, consented or unconsented", p->ref));
		if (blank(c->alt))
			add(list, p, VOX_TODO_ALT, "no alt text",
			    g_strdup_printf("vox caption --edit %s  # an Alt: line saying what the photo shows", p->ref));
		if (!captioned(c))
			add(list, p, VOX_TODO_CAPTION, "no title or story",
			    g_strdup_printf("vox caption --edit %s", p->ref));
		if (c->themes->len == 0)
			add(list, p, VOX_TODO_THEME, "no theme",
			    g_strdup_printf("vox tag +THEME %s  # THEME: one of vox theme ls",
			    p->ref));
	}
	g_ptr_array_unref(photos);
	if (!outputs)
		return list;
	outs = vox_catalog_outputs(cat, 0);
	if (!outs) {
		g_ptr_array_unref(list);
		return NULL;
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
	return list;
}
