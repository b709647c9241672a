#include <string.h>

#include "vox/caption.h"

struct vox_caption *
vox_caption_new(void)
{
	struct vox_caption *c = g_new0(struct vox_caption, 1);

	c->prompt_keys = g_ptr_array_new_with_free_func(g_free);
	c->prompt_answers = g_ptr_array_new_with_free_func(g_free);
	c->themes = g_ptr_array_new_with_free_func(g_free);
	c->sensitive = VOX_FLAG_UNSET;
	c->minor = VOX_FLAG_UNSET;
	return c;
}

void
vox_caption_free(struct vox_caption *c)
{
	if (!c)
		return;
	g_free(c->title);
	g_free(c->story);
	g_free(c->alt);
	g_free(c->lang);
	g_ptr_array_unref(c->prompt_keys);
	g_ptr_array_unref(c->prompt_answers);
	g_ptr_array_unref(c->themes);
	g_free(c->themes_at);
	g_free(c->consent);
	g_free(c->people);
	vox_caption_free(c->translation);
	g_free(c->transcript);
	g_free(c);
}

const char *
vox_caption_prompt(const struct vox_caption *c, const char *key)
{
	for (guint i = 0; i < c->prompt_keys->len; i++)
		if (g_ascii_strcasecmp(g_ptr_array_index(c->prompt_keys, i), key) == 0)
			return g_ptr_array_index(c->prompt_answers, i);
	return NULL;
}

void
vox_caption_set_prompt(struct vox_caption *c, const char *key, const char *answer)
{
	for (guint i = 0; i < c->prompt_keys->len; i++) {
		if (g_ascii_strcasecmp(g_ptr_array_index(c->prompt_keys, i), key) == 0) {
			g_free(c->prompt_answers->pdata[i]);
			c->prompt_answers->pdata[i] = g_strdup(answer);
			return;
		}
	}
	g_ptr_array_add(c->prompt_keys, g_ascii_strdown(key, -1));
	g_ptr_array_add(c->prompt_answers, g_strdup(answer));
}
