#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *
tool_path(void)
{
	const char *p = getenv("TTFTSTAT");

	return p != NULL && *p != '\0' ? p : "./ttftstat";
}

char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (fp == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

void
run_toolv(struct run *r, const char *stdin_path, const char *const *argv)
{
	char out_path[] = "/tmp/ttftstat-test-out-XXXXXX";
	char err_path[] = "/tmp/ttftstat-test-err-XXXXXX";
	int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path), st;
	size_t argc = 0;
	const char *args[64];
	pid_t pid;

	assert_true(out_fd >= 0 && err_fd >= 0);
	args[argc++] = tool_path();
	for (size_t i = 0; argv[i] != NULL && argc < 63; i++)
		args[argc++] = argv[i];
	args[argc] = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
		if (in < 0)
			_exit(127);
		dup2(in, 0);
		dup2(out_fd, 1);
		dup2(err_fd, 2);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(out_fd);
	close(err_fd);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = slurp(out_path, &r->out_len);
	r->err = slurp(err_path, &r->err_len);
	unlink(out_path);
	unlink(err_path);
	/* A sanitizer report is a failure whatever the exit code says. */
	if (contains(r->err, "runtime error:") || contains(r->err, "Sanitizer"))
		fail_msg("sanitizer report:\n%s", r->err);
}

void
run_tool(struct run *r, const char *stdin_path, ...)
{
	const char *argv[64];
	size_t n = 0;
	va_list ap;

	va_start(ap, stdin_path);
	while (n < 63 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	run_toolv(r, stdin_path, argv);
}

void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

const char *
write_temp(const char *name, const void *data, size_t len)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "/tmp/ttftstat-test-%ld-%s", (long)getpid(),
	         name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

yajl_val
jparse(const char *text)
{
	char errbuf[512];
	yajl_val v = yajl_tree_parse(text, errbuf, sizeof errbuf);

	if (v == NULL)
		fail_msg("not JSON: %s\n%.400s", errbuf, text);
	return v;
}

yajl_val
jget(yajl_val v, const char *const *path, yajl_type type)
{
	yajl_val got = yajl_tree_get(v, (const char **)path, type);

	if (got == NULL)
		fail_msg("JSON has no %s%s%s of the expected type", path[0],
		         path[1] ? "." : "", path[1] ? path[1] : "");
	return got;
}

double
jget_num(yajl_val v, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val n = yajl_tree_get(v, path, yajl_t_any);

	if (n == NULL)
		fail_msg("JSON has no key %s", key);
	if (YAJL_IS_NULL(n))
		return NAN;
	if (!YAJL_IS_NUMBER(n))
		fail_msg("JSON key %s is not a number", key);
	return YAJL_GET_DOUBLE(n);
}

void
assert_close(double got, double want, double rel, const char *what)
{
	double tol = want == 0 ? rel : rel * fabs(want);

	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.17g, want %.17g (relative tolerance %g)", what,
		         got, want, rel);
}

int
contains(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}
