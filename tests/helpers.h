/*
 * helpers.h — what the cmocka tests share: running the binary, reading
 * files, looking into JSON output (through yajl's tree parser, which is
 * independent of ttftstat's own writer).
 */
#ifndef TTFT_TEST_HELPERS_H
#define TTFT_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <yajl/yajl_tree.h>

struct run {
	int status;             /* exit code, or 128 + signal */
	char *out;              /* stdout, NUL-terminated */
	size_t out_len;
	char *err;              /* stderr, NUL-terminated */
	size_t err_len;
};

/*
 * Run the ttftstat under test ($TTFTSTAT, default ./ttftstat) with the
 * NULL-terminated argument list, stdin from stdin_path (NULL: /dev/null).
 */
void run_tool(struct run *r, const char *stdin_path, ...);
void run_toolv(struct run *r, const char *stdin_path, const char *const *argv);
void run_free(struct run *r);

/* Whole file into a NUL-terminated buffer (fails the test if unreadable). */
char *slurp(const char *path, size_t *len);

/* Write len bytes to a fresh temporary file; returns its path (static). */
const char *write_temp(const char *name, const void *data, size_t len);

/* Parse JSON; fails the test with yajl's message when it is not JSON. */
yajl_val jparse(const char *text);
yajl_val jget(yajl_val v, const char *const *path, yajl_type type);
double jget_num(yajl_val v, const char *key);

/* |got - want| <= rel * |want| (or <= rel when want is 0). */
void assert_close(double got, double want, double rel, const char *what);

/* Does haystack contain needle? */
int contains(const char *haystack, const char *needle);

#endif
