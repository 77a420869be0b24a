/*
 * test_labels.c — a name reads on the figure exactly as its sanitised
 * text, whatever bytes it holds, and never acts.
 *
 * The names and what each must read as come from
 * tests/oracle/labels_oracle.py (tests/expected/labels.txt), which
 * sanitises them on its own (Python's UTF-8 decoder with
 * errors='replace', then the control-character rule of gp.h).  Two
 * readers check them: gnuplot's own parser (print of each quoted literal)
 * and gnuplot's SVG output of a whole plot run (the text of the tic
 * labels and key entries, read with libxml2).
 */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../plots/gp.h"

#define CANARY "/tmp/ttftstat-label-canary"

struct label {
	char role[16];
	char *raw;              /* the name, NUL-terminated */
	char *want;             /* what it must read as */
};

static struct label labels[96];
static size_t nlabels;

static char *
unhex(const char *h, size_t len)
{
	char *s = malloc(len / 2 + 1);

	assert_non_null(s);
	for (size_t i = 0; i + 1 < len; i += 2) {
		unsigned v;
		assert_int_equal(sscanf(h + i, "%2x", &v), 1);
		s[i / 2] = (char)v;
	}
	s[len / 2] = '\0';
	return s;
}

static int
load(void **state)
{
	char *text = slurp("tests/expected/labels.txt", NULL), *save = NULL;

	(void)state;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *a, *b;
		if (line[0] == '#')
			continue;
		a = strchr(line, ' ');
		b = a != NULL ? strchr(a + 1, ' ') : NULL;
		assert_non_null(b);
		assert_true(nlabels < sizeof labels / sizeof labels[0]);
		snprintf(labels[nlabels].role, sizeof labels[nlabels].role, "%.*s",
		         (int)(a - line), line);
		labels[nlabels].raw = unhex(a + 1, (size_t)(b - a - 1));
		labels[nlabels].want = unhex(b + 1, strlen(b + 1));
		nlabels++;
	}
	free(text);
	return nlabels > 30 ? 0 : -1;
}

static int
unload(void **state)
{
	(void)state;
	for (size_t i = 0; i < nlabels; i++) {
		free(labels[i].raw);
		free(labels[i].want);
	}
	return 0;
}

static bool
have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Each name quoted by gp_quote_buf and by gp_quote_tic (read through
 * sprintf, as gnuplot reads a tic label) is printed back by gnuplot as
 * the oracle's text, one line each: nothing ran, nothing was lost. */
static void
gnuplot_reads_every_literal_back_exactly(void **state)
{
	char script[] = "/tmp/ttftstat-labels-XXXXXX";
	char cmd[128], line[4096];
	FILE *fp, *out;
	int fd;

	(void)state;
	if (!have_gnuplot())
		skip();
	unlink(CANARY);
	fd = mkstemp(script);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("set print \"-\"\n", fp);
	for (size_t i = 0; i < nlabels; i++) {
		char q[GP_QUOTED_MAX(GP_LABEL_MAX)];
		char *tic = NULL;
		size_t ticlen = 0;
		FILE *mem = open_memstream(&tic, &ticlen);

		gp_quote_buf(q, sizeof q, labels[i].raw, GP_LABEL_MAX);
		/* only letters, digits, spaces, backslashes and the quotes */
		assert_int_equal(strspn(q, "abcdefghijklmnopqrstuvwxyz"
		                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \\\""),
		                 strlen(q));
		gp_quote_tic(mem, labels[i].raw);
		fclose(mem);
		fprintf(fp, "print %s\nprint sprintf(%s)\n", q, tic);
		free(tic);
	}
	fclose(fp);
	snprintf(cmd, sizeof cmd, "gnuplot %s 2>&1", script);
	out = popen(cmd, "r");
	assert_non_null(out);
	for (size_t i = 0; i < 2 * nlabels; i++) {
		const struct label *l = &labels[i / 2];
		size_t n;
		if (fgets(line, sizeof line, out) == NULL)
			fail_msg("gnuplot stopped before name %zu", i / 2);
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (strcmp(line, l->want) != 0)
			fail_msg("name %zu (%s): gnuplot read '%s', want '%s'", i / 2,
			         i % 2 ? "tic" : "string", line, l->want);
	}
	assert_null(fgets(line, sizeof line, out));     /* and said nothing */
	assert_int_equal(pclose(out), 0);
	unlink(script);
	assert_int_equal(access(CANARY, F_OK), -1);
}

/* The text of every <text> element of an SVG file, concatenated per
 * element (gnuplot writes a label as one text, a tspan inside). */
static void
svg_texts(xmlNode *n, char **texts, size_t *nt, size_t cap)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, (const xmlChar *)"text") == 0) {
			xmlChar *c = xmlNodeGetContent(n);
			assert_true(*nt < cap);
			texts[(*nt)++] = strdup((const char *)c);
			xmlFree(c);
			continue;
		}
		svg_texts(n->children, texts, nt, cap);
	}
}

/* A whole plot run on a capture with the hostile names: the bar chart's
 * row labels ("model / provider") read as the sanitised names, gnuplot
 * said nothing, the canary was never made. */
static void
the_bar_chart_shows_every_name_exactly(void **state)
{
	char dir[] = "/tmp/ttftstat-labels-XXXXXX", path[300], cmd[400];
	char *texts[512];
	size_t nt = 0, checked = 0;
	struct run r;
	xmlDoc *doc;

	(void)state;
	if (!have_gnuplot())
		skip();
	unlink(CANARY);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out", dir);
	run_tool(&r, NULL, "plot", "--render", "--terminal", "svg",
	         "--bootstrap", "0", "-o", path, "tests/data/labels.csv", NULL);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	assert_false(contains(r.err, "gnuplot:"));
	assert_false(contains(r.err, "rejected"));
	run_free(&r);
	assert_int_equal(access(CANARY, F_OK), -1);
	snprintf(path, sizeof path, "%s/out/cv-bars.svg", dir);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	svg_texts(xmlDocGetRootElement(doc), texts, &nt,
	          sizeof texts / sizeof texts[0]);
	xmlFreeDoc(doc);
	for (size_t i = 0; i < nlabels; i++) {
		bool found = false;
		if (strcmp(labels[i].role, "cell") != 0)
			continue;               /* names are in the cells' labels */
		for (size_t k = 0; k < nt && !found; k++)
			found = strcmp(texts[k], labels[i].want) == 0;
		if (!found)
			fail_msg("the %s '%s' is not on the bar chart", labels[i].role,
			         labels[i].want);
		checked++;
	}
	assert_true(checked == 20);     /* every cell */
	for (size_t k = 0; k < nt; k++)
		free(texts[k]);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gnuplot_reads_every_literal_back_exactly),
		cmocka_unit_test(the_bar_chart_shows_every_name_exactly),
	};

	return cmocka_run_group_tests_name("labels", tests, load, unload);
}
