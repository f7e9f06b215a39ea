/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl with no command on a terminal: a prompt (libedit) with history and
 * completion of commands, options and adapter names, like grcli or vppctl.
 * Each line is one dpsctl command line, run with the global options dpsctl
 * was started with; "quit", "exit" or end of input (Ctrl-D) leave.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#include "dpsctl.h"

#ifndef DPS_VERSION
#define DPS_VERSION "unknown"
#endif

#define MAX_WORDS 64
#define MAX_ADAPTERS 64
#define HISTORY_FILE ".dpsctl_history"
#define HISTORY_MAX 1000

static char history_path[512];
static char *adapters[MAX_ADAPTERS + 1];

/*
 * Split a line as a shell would for simple cases: blanks separate words,
 * '...' and "..." quote, a backslash escapes the next character.
 * @return the number of words, or -1 for an unterminated quote.
 */
static int
split(char *line, char **words, int max)
{
	char *in = line, *out = line;
	int n = 0;

	for (;;) {
		char quote = 0;

		while (*in == ' ' || *in == '\t')
			in++;
		if (*in == '\0')
			return n;
		if (n == max)
			return -1;
		words[n++] = out;
		while (*in != '\0' && (quote != 0 || (*in != ' ' && *in != '\t'))) {
			if (quote == 0 && (*in == '\'' || *in == '"')) {
				quote = *in++;
				continue;
			}
			if (quote != 0 && *in == quote) {
				quote = 0;
				in++;
				continue;
			}
			if (*in == '\\' && quote != '\'' && in[1] != '\0')
				in++;
			*out++ = *in++;
		}
		if (quote != 0)
			return -1;
		if (*in != '\0')
			in++;
		*out++ = '\0';
	}
}

/* The adapter names, from "dpsctl adapters" run in a child (its output parsed). */
static void
adapters_load(int argc, char **argv)
{
	char cmd[1024] = "";
	size_t off = 0;
	FILE *p;
	char line[256];
	int n = 0, header = 1;

	for (int i = 0; argv[i] != NULL && i < argc; i++) {
		const char *w = i == 0 ? "/proc/self/exe" : argv[i];
		int k = snprintf(cmd + off, sizeof(cmd) - off, "'%s' ", w);

		if (strchr(w, '\'') != NULL || k < 0 || (size_t)k >= sizeof(cmd) - off)
			return; /* no completion of names rather than a wrong command */
		off += (size_t)k;
	}
	if (snprintf(cmd + off, sizeof(cmd) - off, "adapters 2>/dev/null") >=
		(int)(sizeof(cmd) - off))
		return;
	p = popen(cmd, "r");
	if (p == NULL)
		return;
	while (fgets(line, sizeof(line), p) != NULL && n < MAX_ADAPTERS) {
		char *sp = strchr(line, ' ');

		if (header) { /* NAME MAC MTU ... */
			header = 0;
			continue;
		}
		if (sp != NULL)
			*sp = '\0';
		if (line[0] != '\0' && line[0] != '\n')
			adapters[n++] = strdup(line);
	}
	pclose(p);
}

/* completion state */
static const char *const *cand_list;
static int cand_commands; /* complete from dpsctl_cmds */

static char *
generator(const char *text, int state)
{
	static int i;
	size_t len = strlen(text);

	if (state == 0)
		i = 0;
	if (cand_commands) {
		while (dpsctl_cmds[i].words != NULL) {
			const char *w = dpsctl_cmds[i++].words;

			if (strncmp(w, text, len) == 0)
				return strdup(w);
		}
		return NULL;
	}
	while (cand_list != NULL && cand_list[i] != NULL) {
		const char *w = cand_list[i++];

		if (strncmp(w, text, len) == 0)
			return strdup(w);
	}
	return NULL;
}

static char **
complete(const char *text, int start, int end)
{
	static const char *const oid_words[] = {"query", "set", NULL};
	char *before;
	int first = 1;

	(void)end;
	before = strndup(rl_line_buffer, (size_t)start);
	if (before != NULL) {
		char *words[MAX_WORDS];
		int n = split(before, words, MAX_WORDS);

		first = n <= 0;
		cand_commands = first && text[0] != '-';
		if (text[0] == '-')
			cand_list = dpsctl_long_options;
		else if (n == 1 && strcmp(words[0], "oid") == 0)
			cand_list = oid_words;
		else if (n == 1 && strcmp(words[0], "help") == 0)
			cand_commands = 1;
		else
			cand_list = (const char *const *)adapters;
		free(before);
	}
	rl_attempted_completion_over = 1; /* no file names */
	return rl_completion_matches(text, generator);
}

int
dpsctl_interactive(int argc, char **argv, volatile sig_atomic_t *stopping)
{
	const char *home = getenv("HOME");
	char *line;
	int last = DPSCTL_EXIT_OK;

	using_history();
	stifle_history(HISTORY_MAX);
	if (home != NULL && snprintf(history_path, sizeof(history_path), "%s/%s", home,
				    HISTORY_FILE) < (int)sizeof(history_path))
		read_history(history_path);
	else
		history_path[0] = '\0';
	rl_attempted_completion_function = complete;
	adapters_load(argc, argv);
	printf("dpsctl %s: one command a line (help lists them; Tab completes; quit or Ctrl-D "
	       "leaves)\n",
		DPS_VERSION);

	while ((line = readline("dpsctl> ")) != NULL) {
		char *words[MAX_WORDS], *copy, *xargv[MAX_WORDS * 2 + 2];
		int n, xargc = 0;

		*stopping = 0;
		if (line[0] == '\0') {
			free(line);
			continue;
		}
		add_history(line);
		copy = strdup(line);
		free(line);
		if (copy == NULL)
			break;
		n = split(copy, words, MAX_WORDS);
		if (n < 0) {
			fprintf(stderr, "dpsctl: unterminated quote or too many words\n");
			free(copy);
			last = DPSCTL_EXIT_USAGE;
			continue;
		}
		if (n == 1 && (strcmp(words[0], "quit") == 0 || strcmp(words[0], "exit") == 0)) {
			free(copy);
			break;
		}
		/* argv[0], the global options dpsctl got, then the line */
		for (int i = 0; i < argc && xargc < MAX_WORDS; i++)
			xargv[xargc++] = argv[i];
		for (int i = 0; i < n; i++)
			xargv[xargc++] = words[i];
		xargv[xargc] = NULL;
		last = dpsctl_run(xargc, xargv, NULL);
		fflush(stdout);
		free(copy);
	}
	if (history_path[0] != '\0')
		write_history(history_path);
	for (int i = 0; adapters[i] != NULL; i++)
		free(adapters[i]);
	(void)last;
	return DPSCTL_EXIT_OK;
}
