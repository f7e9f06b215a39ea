/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dpsctl_json.h"

#define MAX_DEPTH 32

struct parser {
	const char *p, *end;
	char *arena;
	size_t used, cap;
	int depth;
};

static void *
alloc(struct parser *ps, size_t n)
{
	void *r;

	n = (n + 7) & ~(size_t)7;
	if (ps->cap - ps->used < n)
		return NULL;
	r = ps->arena + ps->used;
	ps->used += n;
	memset(r, 0, n);
	return r;
}

static void
blanks(struct parser *ps)
{
	while (ps->p < ps->end &&
		(*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A string at ps->p (on its '"'): unescaped into the arena. */
static const char *
string(struct parser *ps)
{
	const char *s = ++ps->p;
	char *out, *o;

	while (ps->p < ps->end && *ps->p != '"') {
		if (*ps->p == '\\')
			ps->p++;
		ps->p++;
	}
	if (ps->p >= ps->end)
		return NULL;
	out = alloc(ps, (size_t)(ps->p - s) + 1);
	if (out == NULL)
		return NULL;
	for (o = out; s < ps->p; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'u': {
			int v = 0;

			for (int i = 1; i <= 4; i++) {
				int h = s + i < ps->p ? hexval(s[i]) : -1;

				if (h < 0)
					return NULL;
				v = v * 16 + h;
			}
			s += 4;
			*o++ = v < 0x80 ? (char)v : '?'; /* telemetry writes ASCII */
			break;
		}
		default:
			*o++ = *s;
			break;
		}
	}
	*o = '\0';
	ps->p++;
	return out;
}

static struct dpsctl_json *value(struct parser *ps);

static struct dpsctl_json *
container(struct parser *ps, struct dpsctl_json *v, char close)
{
	struct dpsctl_json **tail = &v->kids;

	if (++ps->depth > MAX_DEPTH)
		return NULL;
	ps->p++;
	blanks(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		const char *key = NULL;
		struct dpsctl_json *k;

		blanks(ps);
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"')
				return NULL;
			key = string(ps);
			blanks(ps);
			if (key == NULL || ps->p >= ps->end || *ps->p != ':')
				return NULL;
			ps->p++;
		}
		k = value(ps);
		if (k == NULL)
			return NULL;
		k->key = key;
		*tail = k;
		tail = &k->next;
		v->n++;
		blanks(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return v;
		}
		return NULL;
	}
}

static struct dpsctl_json *
value(struct parser *ps)
{
	struct dpsctl_json *v;

	blanks(ps);
	if (ps->p >= ps->end)
		return NULL;
	v = alloc(ps, sizeof(*v));
	if (v == NULL)
		return NULL;
	switch (*ps->p) {
	case '{':
		v->type = DPSCTL_JSON_OBJECT;
		return container(ps, v, '}');
	case '[':
		v->type = DPSCTL_JSON_ARRAY;
		return container(ps, v, ']');
	case '"':
		v->type = DPSCTL_JSON_STRING;
		v->str = string(ps);
		return v->str != NULL ? v : NULL;
	default:
		break;
	}
	if (ps->end - ps->p >= 4 && strncmp(ps->p, "true", 4) == 0) {
		v->type = DPSCTL_JSON_BOOL;
		v->num = 1;
		v->str = "true";
		ps->p += 4;
		return v;
	}
	if (ps->end - ps->p >= 5 && strncmp(ps->p, "false", 5) == 0) {
		v->type = DPSCTL_JSON_BOOL;
		v->str = "false";
		ps->p += 5;
		return v;
	}
	if (ps->end - ps->p >= 4 && strncmp(ps->p, "null", 4) == 0) {
		v->type = DPSCTL_JSON_NULL;
		v->str = "null";
		ps->p += 4;
		return v;
	}
	{
		const char *s = ps->p;
		char *t;

		while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p) != NULL)
			ps->p++;
		if (ps->p == s)
			return NULL;
		t = alloc(ps, (size_t)(ps->p - s) + 1);
		if (t == NULL)
			return NULL;
		memcpy(t, s, (size_t)(ps->p - s));
		v->type = DPSCTL_JSON_NUMBER;
		v->str = t;
		v->num = strtod(t, NULL);
		return v;
	}
}

struct dpsctl_json *
dpsctl_json_parse(const char *text, size_t len, void *arena, size_t arena_len)
{
	struct parser ps = {text, text + len, arena, 0, arena_len, 0};
	struct dpsctl_json *v = value(&ps);

	blanks(&ps);
	return v != NULL && ps.p == ps.end ? v : NULL;
}

const struct dpsctl_json *
dpsctl_json_get(const struct dpsctl_json *o, const char *key)
{
	if (o == NULL || o->type != DPSCTL_JSON_OBJECT)
		return NULL;
	for (const struct dpsctl_json *k = o->kids; k != NULL; k = k->next)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

const char *
dpsctl_json_text(const struct dpsctl_json *o, const char *key)
{
	const struct dpsctl_json *v = dpsctl_json_get(o, key);

	return v != NULL && v->str != NULL ? v->str : "";
}

void
dpsctl_json_write_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void
dpsctl_json_write(FILE *f, const struct dpsctl_json *v)
{
	switch (v->type) {
	case DPSCTL_JSON_STRING:
		dpsctl_json_write_string(f, v->str);
		return;
	case DPSCTL_JSON_ARRAY:
	case DPSCTL_JSON_OBJECT:
		fputc(v->type == DPSCTL_JSON_ARRAY ? '[' : '{', f);
		for (const struct dpsctl_json *k = v->kids; k != NULL; k = k->next) {
			if (k != v->kids)
				fputs(", ", f);
			if (v->type == DPSCTL_JSON_OBJECT) {
				dpsctl_json_write_string(f, k->key);
				fputs(": ", f);
			}
			dpsctl_json_write(f, k);
		}
		fputc(v->type == DPSCTL_JSON_ARRAY ? ']' : '}', f);
		return;
	default:
		fputs(v->str, f);
		return;
	}
}
