/*
 * test_plots.c — the figures: rendered by gnuplot without a warning, data
 * files that hold the statistics, and hostile names that can neither run
 * code nor write outside the output folder.
 */
#include "helpers.h"

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static bool
have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

static char *
temp_dir(void)
{
	static char path[64];

	snprintf(path, sizeof path, "/tmp/ttftstat-plots-XXXXXX");
	assert_non_null(mkdtemp(path));
	return path;
}

static void
remove_tree(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* PNG signature, then IHDR width and height (big-endian). */
static void
png_size(const char *path, unsigned *w, unsigned *h)
{
	unsigned char b[24];
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		fail_msg("no %s", path);
	assert_int_equal(fread(b, 1, 24, fp), 24);
	fclose(fp);
	assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(b + 12, "IHDR", 4);
	*w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | b[22] << 8 | b[23];
}

/* Every NAME.gp has a NAME.png of the size its script asks for. */
static size_t
check_rendered(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char gp[512], png[512], *text, *size;
		size_t len = strlen(de->d_name);
		unsigned w, h, want_w = 0, want_h = 0;
		if (len < 4 || strcmp(de->d_name + len - 3, ".gp") != 0)
			continue;
		snprintf(gp, sizeof gp, "%s/%s", dir, de->d_name);
		snprintf(png, sizeof png, "%s/%.*s.png", dir, (int)(len - 3),
		         de->d_name);
		text = slurp(gp, NULL);
		size = strstr(text, " size ");
		assert_non_null(size);
		assert_int_equal(sscanf(size, " size %u,%u", &want_w, &want_h), 2);
		png_size(png, &w, &h);
		assert_int_equal(w, want_w);
		assert_int_equal(h, want_h);
		free(text);
		n++;
	}
	closedir(d);
	return n;
}

static void
every_figure_renders_without_a_warning(void **state)
{
	char *dir = temp_dir();
	struct run r;

	(void)state;
	if (!have_gnuplot())
		skip();
	run_tool(&r, NULL, "plot", "--render", "--warmup", "2", "-o", dir,
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	/* only the closing line: gnuplot said nothing */
	assert_true(contains(r.err, "ttftstat: 17 figures in "));
	assert_false(contains(r.err, "gnuplot"));
	/* 1 cv-bars + 2 ecdf + 6 ttft + 6 timeline + 2 idle (the bimodal
	 * cells with start times) */
	assert_int_equal(check_rendered(dir), 17);
	{
		char idx[300];
		char *html;
		snprintf(idx, sizeof idx, "%s/index.html", dir);
		html = slurp(idx, NULL);
		assert_true(contains(html, "<img src=\"cv-bars.png\""));
		free(html);
	}
	run_free(&r);
	remove_tree(dir);
}

/* cv-bars.dat holds each cell's CV and its interval, as summary prints
 * them (to the 6 significant digits the data file keeps). */
static void
the_bar_chart_data_are_the_statistics(void **state)
{
	char *dir = temp_dir(), path[300], *dat, *line, *save = NULL;
	struct run r;
	yajl_val doc, cells;
	size_t k = 0;

	(void)state;
	run_tool(&r, NULL, "plot", "--warmup", "2", "-o", dir,
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	run_free(&r);
	run_tool(&r, NULL, "summary", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	doc = jparse(r.out);
	cells = jget(doc, (const char *[]){"cells", NULL}, yajl_t_array);
	snprintf(path, sizeof path, "%s/cv-bars.dat", dir);
	dat = slurp(path, NULL);
	/* one row per cell, in the cells' order (model, then provider) */
	static const size_t order[] = {0, 1, 2, 3, 4, 5};
	for (line = strtok_r(dat, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		double x, cv, lo, hi;
		yajl_val c;
		if (line[0] == '#')
			continue;
		assert_int_equal(sscanf(line, "%lf %lf %lf %lf", &x, &cv, &lo, &hi),
		                 4);
		assert_true(k < 6);
		c = YAJL_GET_ARRAY(cells)->values[order[k++]];
		assert_close(cv, jget_num(c, "cv_pct"), 5e-6, "cv");
		{
			yajl_val ci = jget(c, (const char *[]){"ci", "cv_pct", NULL},
			                   yajl_t_any);
			if (YAJL_IS_NULL(ci)) {
				/* a heavy tail: no interval, so no error bar */
				assert_true(jget_num(c, "top_share") > 0.5);
				assert_close(lo, cv, 0, "no bar");
				assert_close(hi, cv, 0, "no bar");
			} else {
				assert_close(lo, YAJL_GET_DOUBLE(YAJL_GET_ARRAY(ci)->values[0]),
				             5e-6, "ci lo");
				assert_close(hi, YAJL_GET_DOUBLE(YAJL_GET_ARRAY(ci)->values[1]),
				             5e-6, "ci hi");
			}
		}
	}
	assert_int_equal(k, 6);
	free(dat);
	yajl_tree_free(doc);
	run_free(&r);
	remove_tree(dir);
}

/* Names a hostile capture could carry (../shared/STYLE.md): none may run
 * a command, break out of a string, or put a file outside the folder. */
static void
hostile_names_cannot_run_or_escape(void **state)
{
	char *base = temp_dir(), out[300], csv[300], canary[300];
	static char text[65536];
	char ls_before[4096];
	struct run r;
	FILE *fp;
	size_t n;

	(void)state;
	if (!have_gnuplot())
		skip();
	snprintf(canary, sizeof canary, "%s/canary", base);
	snprintf(out, sizeof out, "%s/out", base);
	snprintf(csv, sizeof csv, "%s/hostile.csv", base);
	n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_s\n");
	{
		const char *names[] = {
			"`touch @C@`",
			"x'; system('touch @C@'); print '",
			"\"; system(\"touch @C@\"); \"",
			"a\nsystem('touch @C@')",
			"../../../../tmp/escape-@C@",
			"<touch @C@",
			"|touch @C@",
			"EOD\nsystem('touch @C@')\nEOD",
			"_^{@}\\ @C@",
		};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			char nm[600], quoted[1300];
			size_t q = 0;
			/* @C@ stands for the canary's path */
			const char *at = strstr(names[i], "@C@");
			snprintf(nm, sizeof nm, "%.*s%s%s", (int)(at - names[i]),
			         names[i], canary, at + 3);
			quoted[q++] = '"';
			for (char *p = nm; *p; p++) {
				if (*p == '"')
					quoted[q++] = '"';
				quoted[q++] = *p;
			}
			quoted[q++] = '"';
			quoted[q] = '\0';
			for (int k = 0; k < 12; k++)
				n += (size_t)snprintf(text + n, sizeof text - n,
				                      "%s,%s,%.3f\n", quoted,
				                      i % 2 ? quoted : "p",
				                      0.3 + 0.01 * k + (k == 11 ? 9 : 0));
			assert_true(n < sizeof text - 200);
		}
	}
	fp = fopen(csv, "w");
	assert_non_null(fp);
	fwrite(text, 1, n, fp);
	fclose(fp);
	snprintf(ls_before, sizeof ls_before, "%s", "hostile.csv");
	run_tool(&r, NULL, "plot", "--render", "-o", out, csv, NULL);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	assert_false(contains(r.err, "gnuplot:"));
	assert_int_equal(access(canary, F_OK), -1);
	assert_int_equal(access("/tmp/escape-", F_OK), -1);
	{
		/* only the folder and the input beside it; inside, only our
		 * names */
		DIR *d = opendir(base);
		struct dirent *de;
		size_t entries = 0;
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				entries++;
		closedir(d);
		assert_int_equal(entries, 2);
		d = opendir(out);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			assert_true(strspn(de->d_name, "abcdefghijklmnopqrstuvwxyz"
			                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
			            strlen(de->d_name));
			assert_true(de->d_name[0] != '.' && de->d_name[0] != '-');
		}
		closedir(d);
	}
	assert_true(check_rendered(out) > 9);
	run_free(&r);
	remove_tree(base);
}

static void
plot_errors_have_their_exit_codes(void **state)
{
	struct run r;
	char cmd[512];
	const char *tool = getenv("TTFTSTAT") ? getenv("TTFTSTAT") : "./ttftstat";
	int st;

	(void)state;
	run_tool(&r, NULL, "plot", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "plot needs -o DIR"));
	run_free(&r);
	run_tool(&r, NULL, "plot", "-o", "/dev/null/figures",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 73);
	assert_true(contains(r.err, "cannot create the folder '/dev/null/figures'"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--render", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "'--render' is not for summary"));
	run_free(&r);
	/* no gnuplot on PATH: 69, and the scripts are still there */
	snprintf(cmd, sizeof cmd, "d=$(mktemp -d) && PATH=/nonexistent %s plot "
	         "--render -o \"$d/f\" fixtures/capture.csv 2>/dev/null; rc=$?; "
	         "test -f \"$d/f/cv-bars.gp\" || rc=99; rm -rf \"$d\"; exit $rc",
	         tool);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 69);
	/* a report without gnuplot: 69, and the page is written all the
	 * same, saying which figures are missing */
	snprintf(cmd, sizeof cmd, "d=$(mktemp -d) && PATH=/nonexistent %s report "
	         "--bootstrap 50 -q -o \"$d/r\" fixtures/capture.csv 2>/dev/null; "
	         "rc=$?; grep -q 'Not drawn (gnuplot is not installed)' "
	         "\"$d/r/index.html\" || rc=99; rm -rf \"$d\"; exit $rc", tool);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 69);
}

static void
svg_and_compare_figures(void **state)
{
	char *dir = temp_dir(), path[300];
	struct run r;

	(void)state;
	if (!have_gnuplot())
		skip();
	run_tool(&r, NULL, "plot", "--render", "--terminal", "svg", "--compare",
	         "-o", dir, "fixtures/capture.csv", "fixtures/capture.tsv", NULL);
	assert_int_equal(r.status, 0);
	assert_false(contains(r.err, "gnuplot:"));
	snprintf(path, sizeof path, "%s/compare-001-llama-3.1-70b-alpha.svg", dir);
	{
		char *svg = slurp(path, NULL);
		assert_true(contains(svg, "<svg"));
		/* the same capture twice: no change */
		assert_true(contains(svg, "median +0.0 % [") &&
		            contains(svg, "not significant (Mann-Whitney, Holm p = 1)"));
		free(svg);
	}
	run_free(&r);
	remove_tree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_figure_renders_without_a_warning),
		cmocka_unit_test(the_bar_chart_data_are_the_statistics),
		cmocka_unit_test(hostile_names_cannot_run_or_escape),
		cmocka_unit_test(plot_errors_have_their_exit_codes),
		cmocka_unit_test(svg_and_compare_figures),
	};

	return cmocka_run_group_tests_name("plots", tests, NULL, NULL);
}
